import { Card, Col, Form, InputNumber, Radio, Row, Switch } from 'antd';
import type { ClaimMode } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { tasksMessages } from './messages';

const CLAIM_MODES: ClaimMode[] = ['auto', 'manual'];

/** Granted on completion or claimed by the member (within a window); whether a refund takes the reward back. */
export function TaskClaimFields() {
  const t = useMessages(tasksMessages);
  const claimMode = Form.useWatch<ClaimMode | undefined>('claimMode');
  return (
    <Card title={t.claimAndRefunds} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name="claimMode" label={t.claimMode} rules={[{ required: true, message: t.required }]}>
            <Radio.Group optionType="button" options={CLAIM_MODES.map((m) => ({ value: m, label: t.claimModes[m] }))} />
          </Form.Item>
        </Col>
        {claimMode === 'manual' && (
          <Col xs={24} md={7}>
            <Form.Item name="claimWindowDays" label={t.claimWindowDays} extra={t.claimWindowHelp}>
              <InputNumber<number> precision={0} min={1} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={7}>
          <Form.Item name="clawbackOnRefund" label={t.clawback} valuePropName="checked" extra={t.clawbackHelp}>
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
