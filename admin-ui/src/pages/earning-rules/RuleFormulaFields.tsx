import { Card, Col, Form, InputNumber, Row, Select } from 'antd';
import { BaseFormulaFields } from './BaseFormulaFields';
import type { RuleFormValues } from './formValues';
import { TierPercentList } from './TierPercentList';

const kindOptions = [
  { value: 'fixed', label: 'Fixed amount' },
  { value: 'per_amount', label: 'Per amount (unit × rate)' },
  { value: 'multiplier', label: 'Multiplier by tier' },
];
const baseOptions = kindOptions.slice(0, 2);

/** How much a matching event grants; integers only, always rounded down. */
export function RuleFormulaFields() {
  const form = Form.useFormInstance<RuleFormValues>();
  const kind = Form.useWatch(['formula', 'kind'], form);
  const baseKind = Form.useWatch(['formula', 'base', 'kind'], form);
  return (
    <Card title="Formula" size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name={['formula', 'kind']} label="Formula" rules={[{ required: true }]}>
            <Select options={kindOptions} />
          </Form.Item>
        </Col>
        {kind === 'multiplier' && (
          <Col xs={24} md={8}>
            <Form.Item name={['formula', 'base', 'kind']} label="Base formula" rules={[{ required: true }]}>
              <Select options={baseOptions} />
            </Form.Item>
          </Col>
        )}
      </Row>
      {kind === 'multiplier' ? (
        <>
          <BaseFormulaFields path={['formula', 'base']} kind={baseKind} />
          <TierPercentList />
          <Form.Item name={['formula', 'defaultPercent']} label="Other members (percent)" extra="Tiers not listed, or no tier">
            <InputNumber<number> precision={0} min={0} max={100_000} suffix="%" style={{ width: 160 }} />
          </Form.Item>
        </>
      ) : (
        <BaseFormulaFields path={['formula']} kind={kind} />
      )}
    </Card>
  );
}
