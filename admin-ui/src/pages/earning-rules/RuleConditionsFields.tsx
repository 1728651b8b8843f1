import { Card, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { ISO_UTC_PATTERN } from './api';
import { TagsInput } from './TagsInput';

const iso = { pattern: ISO_UTC_PATTERN, message: 'An instant in UTC, e.g. 2026-06-01T00:00:00Z' };

function IncludeExclude({ name, label }: { name: 'skus' | 'categories'; label: string }) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={['conditions', name, 'include']} label={`${label}: include`}>
          <TagsInput placeholder="Any" />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['conditions', name, 'exclude']} label={`${label}: exclude`}>
          <TagsInput placeholder="None" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Every condition filled in must hold; leave all empty for every event of the type. */
export function RuleConditionsFields() {
  return (
    <Card
      title="Conditions"
      size="small"
      style={{ marginBottom: 16 }}
      extra={<Typography.Text type="secondary">Empty means no condition</Typography.Text>}
    >
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name={['conditions', 'amount', 'min']} label="Amount from" extra="Minor units (fen, cents), inclusive">
            <InputNumber<number> precision={0} min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={['conditions', 'amount', 'max']} label="Amount to" extra="Inclusive">
            <InputNumber<number> precision={0} min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['conditions', 'channels']} label="Channels">
            <TagsInput placeholder="e.g. app, store" />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['conditions', 'currencies']} label="Order currencies" extra="order.paid only">
            <TagsInput placeholder="e.g. CNY" />
          </Form.Item>
        </Col>
      </Row>
      <IncludeExclude name="skus" label="SKUs" />
      <IncludeExclude name="categories" label="Categories" />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'memberTiers']} label="Member tiers" extra="The member's tier is one of these">
            <TagsInput placeholder="e.g. gold" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'memberTags']} label="Member tags" extra="The member has any of these">
            <TagsInput placeholder="e.g. newsletter" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'validFrom']} label="Valid from (UTC)" rules={[iso]} extra="Events that occurred at or after">
            <Input placeholder="2026-06-01T00:00:00Z" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'validTo']} label="Valid to (UTC)" rules={[iso]} extra="Events that occurred before">
            <Input placeholder="2026-07-01T00:00:00Z" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
