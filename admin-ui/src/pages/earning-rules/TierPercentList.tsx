import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Space } from 'antd';

/** The multiplier's tier → percent rows (150 = ×1.5). */
export function TierPercentList() {
  return (
    <Form.List name={['formula', 'tiers']}>
      {(fields, { add, remove }) => (
        <Form.Item label="Percent by tier" extra="150 = ×1.5, rounded down">
          {fields.map((field) => (
            <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[field.name, 'tier']} rules={[{ required: true, whitespace: true, message: 'Tier' }]}>
                <Input placeholder="Tier, e.g. gold" style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'percent']} rules={[{ required: true, message: 'Percent' }]}>
                <InputNumber<number> precision={0} min={0} max={100_000} placeholder="200" suffix="%" style={{ width: 130 }} />
              </Form.Item>
              <Button type="text" aria-label="Remove tier" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ percent: 100 })}>
            Add tier
          </Button>
        </Form.Item>
      )}
    </Form.List>
  );
}
