import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useMessages } from '../../i18n/language';
import type { BenefitType, CouponTemplateView } from '@laurel/shared';
import { REWARD_TYPE_LIST, rewardMessages } from '../tasks/rewards';
import { parseJsonObject, VALUE_FIELDS } from './benefitValue';
import { benefitsMessages } from './messages';

export interface BenefitValueFieldsProps {
  type: BenefitType | undefined;
  /** Form path of the value, e.g. `['value']` or `[2, 'value']` in a package's item list. */
  name: (string | number)[];
  couponTemplates: CouponTemplateView[];
  loading: boolean;
  /** Prefix of the inputs' accessible names (e.g. "Item 2"). */
  label?: string;
  readOnly: boolean;
}

/** The inputs of the value a benefit type uses: a percent, coupons (template × count), points/growth, days before, JSON. */
export function BenefitValueFields({ type, name, couponTemplates, loading, label, readOnly }: BenefitValueFieldsProps) {
  const t = useMessages(benefitsMessages);
  const r = useMessages(rewardMessages);
  if (!type) return null;
  const fields = new Set(VALUE_FIELDS[type]);
  const aria = (text: string) => (label ? `${label} ${text}` : text);
  const jsonRule = {
    validator: (_: unknown, text: string | undefined) => {
      try {
        parseJsonObject(text);
        return Promise.resolve();
      } catch {
        return Promise.reject(new Error(t.invalidJson));
      }
    },
  };
  return (
    <Flex gap={16} wrap align="flex-start">
      {fields.has('percent') && (
        <Form.Item name={[...name, 'percent']} label={t.percentLabel[type] ?? t.value} extra={t.valueHelp[type]}>
          <InputNumber<number>
            aria-label={aria(t.percentLabel[type] ?? t.value)}
            precision={0}
            min={1}
            max={1000}
            suffix="%"
            style={{ width: 140 }}
          />
        </Form.Item>
      )}
      {fields.has('rewards') && (
        <Form.Item label={t.giftRewards}>
          {/* Points and growth only: a gift's coupons are the value's own list. */}
          <Flex gap={8} wrap>
            {REWARD_TYPE_LIST.map((type) => (
              <Form.Item key={type} name={[...name, 'rewards', type]} noStyle>
                <InputNumber<number>
                  precision={0}
                  min={1}
                  max={1_000_000_000}
                  suffix={r.types[type]}
                  aria-label={aria(`${t.giftRewards} ${r.types[type]}`)}
                  style={{ width: 150 }}
                />
              </Form.Item>
            ))}
          </Flex>
        </Form.Item>
      )}
      {fields.has('daysBefore') && (
        <Form.Item name={[...name, 'daysBefore']} label={t.daysBefore} extra={t.daysBeforeHelp}>
          <InputNumber<number> aria-label={aria(t.daysBefore)} precision={0} min={0} max={60} style={{ width: 120 }} />
        </Form.Item>
      )}
      {fields.has('coupons') && (
        <Form.Item label={t.coupons} extra={t.couponsHelp}>
          <Form.List name={[...name, 'coupons']}>
            {(rows, { add, remove }) => (
              <Flex vertical gap={8}>
                {rows.map((row, i) => (
                  <Flex key={row.key} gap={8}>
                    <Form.Item name={[row.name, 'templateId']} noStyle rules={[{ required: true, message: t.required }]}>
                      <Select
                        aria-label={aria(`${t.couponTemplate} ${i + 1}`)}
                        style={{ width: 240 }}
                        loading={loading}
                        options={couponTemplates.map((c) => ({ value: c.id, label: c.name }))}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'count']} noStyle>
                      <InputNumber<number>
                        aria-label={aria(`${t.couponCount} ${i + 1}`)}
                        precision={0}
                        min={1}
                        max={100}
                        suffix="×"
                        style={{ width: 100 }}
                      />
                    </Form.Item>
                    {!readOnly && (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={aria(`${t.removeItem} ${i + 1}`)}
                        onClick={() => remove(row.name)}
                      />
                    )}
                  </Flex>
                ))}
                {!readOnly && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ count: 1 })} style={{ alignSelf: 'flex-start' }}>
                    {t.addCoupon}
                  </Button>
                )}
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      )}
      {fields.has('data') && (
        <Form.Item
          name={[...name, 'data']}
          label={t.customValue}
          extra={t.customValueHelp}
          rules={[jsonRule]}
          style={{ flex: 1, minWidth: 320 }}
        >
          <Input.TextArea
            aria-label={aria(t.customValue)}
            rows={4}
            style={{ fontFamily: 'monospace' }}
            placeholder='{ "lounge": "gold" }'
          />
        </Form.Item>
      )}
    </Flex>
  );
}
