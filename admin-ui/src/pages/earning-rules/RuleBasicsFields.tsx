import { AutoComplete, Card, Col, Form, Input, InputNumber, Radio, Row, Switch } from 'antd';
import { EVENT_TYPE_PATTERN, KNOWN_EVENT_TYPES } from './api';

const eventTypeOptions = KNOWN_EVENT_TYPES.map((t) => ({ value: t }));

export function RuleBasicsFields() {
  return (
    <Card title="Rule" size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="name" label="Name" rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input placeholder="1 point per yuan in the app" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="eventType"
            label="Event type"
            rules={[{ required: true }, { pattern: EVENT_TYPE_PATTERN, message: 'Lower-case letters, digits, . _ -' }]}
            extra="A known type or your own, e.g. review.posted"
          >
            <AutoComplete options={eventTypeOptions} placeholder="order.paid" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label="Description" rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name="currency" label="Currency" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'points', label: 'Points' },
                { value: 'growth', label: 'Growth' },
              ]}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="priority" label="Priority" extra="Higher runs first">
            <InputNumber<number> precision={0} min={-1_000_000} max={1_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="pendingDays" label="Pending days" extra="Not spendable until then">
            <InputNumber<number> precision={0} min={0} max={365} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={6} md={3}>
          <Form.Item name="active" label="Active" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={6} md={3}>
          <Form.Item name="stop" label="Stop" valuePropName="checked" tooltip="When this rule grants, later rules are not evaluated">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
