import { Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { DefinitionForm, type DefinitionFormInput } from '../../components/DefinitionForm';
import { tierOptions, useTierLadder } from '../tiers/useTierLadder';
import { useMessages } from '../../i18n/language';
import { CURRENCY_CODES } from '../../lib/money';
import type { CouponDiscountType, CouponValidityType, CreateCouponTemplateDto, UpdateCouponTemplateDto } from '@laurel/shared';
import type { CouponTemplateFormValues } from './formValues';
import { couponsMessages } from './messages';

type TemplateBody = CreateCouponTemplateDto | UpdateCouponTemplateDto;

export type CouponTemplateFormProps = DefinitionFormInput<CouponTemplateFormValues, TemplateBody>;

const MAX_MINOR = Number.MAX_SAFE_INTEGER;

export function CouponTemplateForm(props: CouponTemplateFormProps) {
  const { creating, initialValues } = props;
  const t = useMessages(couponsMessages);
  const [form] = Form.useForm<CouponTemplateFormValues>();
  const discountType = Form.useWatch<CouponDiscountType | undefined>(['discount', 'type'], form);
  const validityType = Form.useWatch<CouponValidityType | undefined>(['validity', 'type'], form);
  const currency = Form.useWatch<string | undefined>('currency', form) ?? 'CNY';
  const { tiers, loading } = useTierLadder();
  const minor = t.minorUnitsHelp(currency);

  return (
    <DefinitionForm {...props} form={form} texts={t} testId="coupon-template-form">
      <Card title={t.basics} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="currency" label={t.currency} rules={[{ required: true, message: t.required }]}>
              <Select disabled={!creating} options={CURRENCY_CODES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          {creating && (
            <Col xs={12} md={6}>
              <Form.Item name="active" label={t.active} valuePropName="checked" extra={t.activeHelp}>
                <Switch />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="description" label={t.description} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Card>
      <Card title={t.discount} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['discount', 'type']} label={t.discountType}>
          <Radio.Group
            optionType="button"
            options={(['amount', 'percent'] as const).map((v) => ({ value: v, label: t.discountTypes[v] }))}
          />
        </Form.Item>
        <Row gutter={16}>
          {discountType === 'percent' ? (
            <>
              <Col xs={12} md={6}>
                <Form.Item
                  name={['discount', 'percentOff']}
                  label={t.percentOffLabel}
                  extra={t.percentOffHelp}
                  rules={[{ required: true, message: t.required }]}
                >
                  <InputNumber<number> precision={0} min={1} max={100} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={['discount', 'maxDiscount']} label={t.maxDiscount} extra={t.maxDiscountHelp}>
                  <InputNumber<number> precision={0} min={1} max={MAX_MINOR} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col xs={12} md={6}>
              <Form.Item
                name={['discount', 'amountOff']}
                label={t.amountOffLabel}
                extra={minor}
                rules={[{ required: true, message: t.required }]}
              >
                <InputNumber<number> precision={0} min={1} max={MAX_MINOR} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
          <Col xs={12} md={6}>
            <Form.Item name="minSpend" label={t.minimumSpend} extra={t.minimumSpendHelp}>
              <InputNumber<number> precision={0} min={0} max={MAX_MINOR} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t.validity} size="small" style={{ marginBottom: 16 }}>
        <Form.Item name={['validity', 'type']} label={t.validityType}>
          <Radio.Group
            optionType="button"
            options={(['relative', 'fixed'] as const).map((v) => ({ value: v, label: t.validityTypes[v] }))}
          />
        </Form.Item>
        {validityType === 'fixed' ? (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name={['validity', 'from']} label={t.validFrom} rules={[{ required: true, message: t.required }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={['validity', 'to']}
                label={t.validTo}
                extra={t.validToHelp}
                rules={[{ required: true, message: t.required }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Form.Item
            name={['validity', 'days']}
            label={t.validDays}
            extra={t.validDaysHelp}
            rules={[{ required: true, message: t.required }]}
          >
            <InputNumber<number> precision={0} min={1} max={3650} style={{ width: 160 }} />
          </Form.Item>
        )}
      </Card>
      <Card title={t.limits} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="totalStock" label={t.totalStock} extra={t.totalStockHelp}>
              <InputNumber<number>
                precision={0}
                min={1}
                max={100_000_000}
                disabled={!creating && !initialValues.totalStock}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="perMemberLimit" label={t.perMemberLimit} extra={t.perMemberLimitHelp}>
              <InputNumber<number>
                precision={0}
                min={1}
                max={10_000}
                disabled={!creating && !initialValues.perMemberLimit}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['audience', 'tiers']} label={t.tiers} extra={t.tiersHelp}>
              <Select mode="multiple" allowClear loading={loading} placeholder={t.allTiers} options={tierOptions(tiers)} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </DefinitionForm>
  );
}
