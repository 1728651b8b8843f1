import { Card, Col, Form, InputNumber, Row, Typography } from 'antd';
import { MAX_RULE_GRANT } from './api';

const CAPS = [
  ['perEvent', 'Per event'],
  ['perDay', 'Per member per day'],
  ['perWeek', 'Per member per week'],
  ['perMonth', 'Per member per month'],
] as const;

/** Upper bounds on what the rule grants; periods are calendar periods in the business time zone. */
export function RuleCapsFields() {
  return (
    <Card
      title="Caps"
      size="small"
      style={{ marginBottom: 16 }}
      extra={<Typography.Text type="secondary">Empty means no cap</Typography.Text>}
    >
      <Row gutter={16}>
        {CAPS.map(([key, label]) => (
          <Col key={key} xs={12} md={6}>
            <Form.Item name={['caps', key]} label={label}>
              <InputNumber<number> precision={0} min={1} max={MAX_RULE_GRANT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
