import { Card, Col, Form, InputNumber, Row, Switch, Typography } from 'antd';
import { useMessages } from '../../i18n/language';
import { checkInMessages } from './messages';

/** How far back, how often and at what cost a missed day may be made up. */
export function MakeUpFields() {
  const t = useMessages(checkInMessages);
  return (
    <Card title={t.makeUp} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t.makeUpHelp}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item
            name={['makeUp', 'windowDays']}
            label={t.windowDays}
            extra={t.windowDaysHelp}
            rules={[{ required: true, message: t.required }]}
          >
            <InputNumber<number> precision={0} min={0} max={366} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={['makeUp', 'perMonth']}
            label={t.perMonth}
            extra={t.perMonthHelp}
            rules={[{ required: true, message: t.required }]}
          >
            <InputNumber<number> precision={0} min={0} max={31} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={['makeUp', 'costPoints']}
            label={t.costPoints}
            extra={t.costPointsHelp}
            rules={[{ required: true, message: t.required }]}
          >
            <InputNumber<number> precision={0} min={0} max={1_000_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={['makeUp', 'payDayReward']} label={t.payDayReward} valuePropName="checked" extra={t.payDayRewardHelp}>
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
