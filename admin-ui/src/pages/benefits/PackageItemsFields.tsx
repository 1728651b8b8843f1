import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import type { BenefitType, QuotaPeriod } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { QUOTA_PERIOD_LIST, STACKING_LIST } from './api';
import { BenefitValueFields } from './BenefitValueFields';
import { benefitsMessages } from './messages';
import { NEW_ITEM, type PackageItemValues } from './packageFormValues';
import type { BenefitChoices } from './useBenefitChoices';

/** The quota a type allows only (the server refuses any other): a multiplier applies always, a gift once a year. */
const FIXED_QUOTA: Partial<Record<BenefitType, { period: QuotaPeriod; count?: number | null }>> = {
  points_multiplier: { period: 'unlimited', count: null },
  birthday_gift: { period: 'year', count: 1 },
};

/** One block per benefit of the package: the benefit, its quota (count per period), stacking, and this tier's value. */
export function PackageItemsFields({ choices, readOnly }: { choices: BenefitChoices; readOnly: boolean }) {
  const t = useMessages(benefitsMessages);
  const form = Form.useFormInstance();
  const items = Form.useWatch<PackageItemValues[] | undefined>('items');
  const typeOf = new Map(choices.benefits.map((b) => [b.code, b.type]));
  return (
    <Card title={t.packageItems} size="small" style={{ marginBottom: 16 }}>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 && <Typography.Paragraph type="secondary">{t.noItems}</Typography.Paragraph>}
            {fields.map((field, index) => {
              const item = items?.[field.name];
              const label = t.itemLabel(index + 1);
              return (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  title={label}
                  style={{ marginBottom: 12 }}
                  data-testid={`package-item-${index + 1}`}
                  extra={
                    !readOnly && (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={`${t.removeItem} ${label}`}
                        onClick={() => remove(field.name)}
                      />
                    )
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={9}>
                      <Form.Item name={[field.name, 'benefitCode']} label={t.benefit} rules={[{ required: true, message: t.required }]}>
                        <Select
                          aria-label={`${label} ${t.benefit}`}
                          showSearch={{ optionFilterProp: 'label' }}
                          loading={choices.loading}
                          options={choices.benefits.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))}
                          onChange={(code: string) => {
                            const fixed = FIXED_QUOTA[typeOf.get(code) ?? 'custom'];
                            if (fixed) form.setFieldValue(['items', field.name, 'quota'], fixed);
                          }}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[field.name, 'quota', 'count']} label={t.quotaCount}>
                        <InputNumber<number>
                          aria-label={`${label} ${t.quotaCount}`}
                          precision={0}
                          min={1}
                          max={100_000}
                          disabled={readOnly || item?.quota?.period === 'unlimited'}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[field.name, 'quota', 'period']} label={t.quotaPeriod}>
                        <Select
                          aria-label={`${label} ${t.quotaPeriod}`}
                          options={QUOTA_PERIOD_LIST.map((p) => ({ value: p, label: t.periods[p] }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[field.name, 'stacking']} label={t.stackingLabel} tooltip={t.stackingHelp}>
                        <Select
                          aria-label={`${label} ${t.stackingLabel}`}
                          options={STACKING_LIST.map((s) => ({ value: s, label: t.stacking[s] }))}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                  {item?.benefitCode && typeOf.get(item.benefitCode) && (
                    <>
                      <Typography.Text type="secondary">{t.itemValueHelp}</Typography.Text>
                      <BenefitValueFields
                        type={typeOf.get(item.benefitCode)}
                        name={[field.name, 'value']}
                        couponTemplates={choices.couponTemplates}
                        loading={choices.loading}
                        label={label}
                        readOnly={readOnly}
                      />
                    </>
                  )}
                </Card>
              );
            })}
            {!readOnly && (
              <Button icon={<PlusOutlined />} onClick={() => add({ ...NEW_ITEM })}>
                {t.addItem}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Card>
  );
}
