import { Col, Form, InputNumber, Row } from 'antd';
import { MAX_RULE_GRANT } from './api';

/** `fixed` (amount) or `per_amount` (unit, rate) fields under `path` (the formula, or a multiplier's base). */
export function BaseFormulaFields({ path, kind }: { path: string[]; kind: 'fixed' | 'per_amount' | undefined }) {
  if (kind === 'per_amount') {
    return (
      <Row gutter={16}>
        <Col xs={12} md={8}>
          <Form.Item name={[...path, 'unit']} label="Per (amount unit)" rules={[{ required: true }]} extra="Minor units, e.g. 100 = 1 yuan">
            <InputNumber<number> precision={0} min={1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name={[...path, 'rate']} label="Grant (rate)" rules={[{ required: true }]} extra="Units per whole amount unit">
            <InputNumber<number> precision={0} min={1} max={MAX_RULE_GRANT} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={16}>
      <Col xs={12} md={8}>
        <Form.Item name={[...path, 'amount']} label="Fixed amount" rules={[{ required: true }]}>
          <InputNumber<number> precision={0} min={1} max={MAX_RULE_GRANT} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
    </Row>
  );
}
