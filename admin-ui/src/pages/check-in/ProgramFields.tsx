import { Card, Col, Form, Input, InputNumber, Radio, Row, Switch } from 'antd';
import type { AfterCycle } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { MAX_CYCLE_DAYS } from './formValues';
import { checkInMessages } from './messages';

const AFTER_CYCLE: AfterCycle[] = ['restart', 'repeat_last'];
const DAY_START_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Active, cycle length, what follows the cycle's last day, and when the program's day begins. */
export function ProgramFields() {
  const t = useMessages(checkInMessages);
  return (
    <Card title={t.program} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={12} md={4}>
          <Form.Item name="active" label={t.active} valuePropName="checked" extra={t.activeHelp}>
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="cycleDays" label={t.cycleDays} extra={t.cycleDaysHelp} rules={[{ required: true, message: t.required }]}>
            <InputNumber<number> precision={0} min={1} max={MAX_CYCLE_DAYS} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="afterCycle" label={t.afterCycle} rules={[{ required: true, message: t.required }]}>
            <Radio.Group optionType="button" options={AFTER_CYCLE.map((m) => ({ value: m, label: t.afterCycleModes[m] }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name="dayStart"
            label={t.dayStart}
            extra={t.dayStartHelp}
            rules={[
              { required: true, message: t.required },
              { pattern: DAY_START_PATTERN, message: t.dayStartPattern },
            ]}
          >
            <Input placeholder="00:00" style={{ width: 120 }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
