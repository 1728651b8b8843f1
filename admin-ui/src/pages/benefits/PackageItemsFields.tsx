import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, InputNumber, Row, Select, Typography } from 'antd';
import { useMessages } from '../../i18n/language';
import { QUOTA_PERIOD_LIST, STACKING_LIST } from './api';
import type { BenefitType } from './contract';
import { benefitsMessages } from './messages';
import { NEW_ITEM, type PackageItemValues } from './packageFormValues';
import type { PackageChoices } from './usePackageChoices';

const COUPON_TYPES: ReadonlySet<BenefitType> = new Set(['coupon_pack', 'birthday_gift']);

/** One row per benefit of the package: the benefit, its quota (count per period), value, stacking and coupon template. */
export function PackageItemsFields({ choices, readOnly }: { choices: PackageChoices; readOnly: boolean }) {
  const t = useMessages(benefitsMessages);
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
              const type = item?.benefitCode ? typeOf.get(item.benefitCode) : undefined;
              const label = t.itemLabel(index + 1);
              return (
                <Row key={field.key} gutter={12} align="top" data-testid={`package-item-${index + 1}`}>
                  <Col xs={24} md={6}>
                    <Form.Item name={[field.name, 'benefitCode']} label={t.benefit} rules={[{ required: true, message: t.required }]}>
                      <Select
                        aria-label={`${label} ${t.benefit}`}
                        showSearch={{ optionFilterProp: 'label' }}
                        loading={choices.loading}
                        options={choices.benefits.map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[field.name, 'quotaCount']} label={t.quotaCount}>
                      <InputNumber<number>
                        aria-label={`${label} ${t.quotaCount}`}
                        precision={0}
                        min={1}
                        max={1_000_000}
                        disabled={readOnly || item?.quotaPeriod === 'unlimited'}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[field.name, 'quotaPeriod']} label={t.quotaPeriod}>
                      <Select
                        aria-label={`${label} ${t.quotaPeriod}`}
                        options={QUOTA_PERIOD_LIST.map((p) => ({ value: p, label: t.periods[p] }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[field.name, 'value']} label={t.value} tooltip={type ? t.valueHelp[type] : undefined}>
                      <InputNumber<number>
                        aria-label={`${label} ${t.value}`}
                        precision={0}
                        min={0}
                        max={1_000_000_000}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item name={[field.name, 'stacking']} label={t.stackingLabel} tooltip={t.stackingHelp}>
                      <Select
                        aria-label={`${label} ${t.stackingLabel}`}
                        options={STACKING_LIST.map((s) => ({ value: s, label: t.stacking[s] }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={5}>
                    {type && COUPON_TYPES.has(type) && (
                      <Form.Item name={[field.name, 'couponTemplateId']} label={t.couponTemplate} tooltip={t.couponTemplateHelp}>
                        <Select
                          aria-label={`${label} ${t.couponTemplate}`}
                          allowClear
                          loading={choices.loading}
                          options={choices.couponTemplates.map((c) => ({ value: c.id, label: c.name }))}
                        />
                      </Form.Item>
                    )}
                  </Col>
                  {!readOnly && (
                    <Col xs={4} md={1}>
                      <Form.Item label=" ">
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={`${t.removeItem} ${label}`}
                          onClick={() => remove(field.name)}
                        />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
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
