import { Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { DefinitionForm, type DefinitionFormInput } from '../../components/DefinitionForm';
import { tierOptions, useTierLadder } from '../tiers/useTierLadder';
import { useMessages } from '../../i18n/language';
import { CURRENCY_CODES } from '../../lib/money';
import { useBenefitChoices } from '../benefits/useBenefitChoices';
import { LIMIT_PERIOD_LIST, REWARD_TYPE_LIST } from './api';
import type { BenefitView, CreateMallRewardDto, MallRewardType, UpdateMallRewardDto } from '@laurel/shared';
import type { RewardFormValues } from './formValues';
import { mallMessages } from './messages';

type RewardBody = CreateMallRewardDto | UpdateMallRewardDto;

export type RewardFormProps = DefinitionFormInput<RewardFormValues, RewardBody>;

const full = { width: '100%' } as const;

/** A points multiplier applies through tier packages only: it cannot be granted to one member. */
const grantable = (b: BenefitView) => b.type !== 'points_multiplier';

export function RewardForm(props: RewardFormProps) {
  const { creating } = props;
  const t = useMessages(mallMessages);
  const [form] = Form.useForm<RewardFormValues>();
  const type = Form.useWatch<MallRewardType | undefined>('type', form);
  const { tiers, loading: tiersLoading } = useTierLadder();
  const choices = useBenefitChoices();
  const fixed = !creating;

  return (
    <DefinitionForm {...props} form={form} texts={t} testId="reward-form">
      <Card title={t.basics} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="displayOrder" label={t.displayOrder} extra={t.displayOrderHelp}>
              <InputNumber<number> precision={0} min={-1_000_000} max={1_000_000} style={full} />
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
        <Form.Item name="description" label={t.description} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Card>
      <Card title={t.gives} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="type" label={t.type} extra={t.typeFixed} rules={[{ required: true, message: t.required }]}>
              <Select disabled={fixed} options={REWARD_TYPE_LIST.map((v) => ({ value: v, label: t.types[v] }))} />
            </Form.Item>
          </Col>
          {type === 'coupon' && (
            <Col xs={24} md={10}>
              <Form.Item name="couponTemplateId" label={t.couponTemplate} rules={[{ required: true, message: t.required }]}>
                <Select
                  disabled={fixed}
                  loading={choices.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={choices.couponTemplates.map((c) => ({ value: c.id, label: c.name }))}
                />
              </Form.Item>
            </Col>
          )}
          {type === 'benefit' && (
            <>
              <Col xs={24} md={8}>
                <Form.Item name={['benefit', 'code']} label={t.benefit} rules={[{ required: true, message: t.required }]}>
                  <Select
                    disabled={fixed}
                    loading={choices.loading}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={choices.benefits.filter(grantable).map((b) => ({ value: b.code, label: `${b.name} (${b.code})` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item
                  name={['benefit', 'count']}
                  label={t.benefitCount}
                  extra={t.benefitCountHelp}
                  rules={[{ required: true, message: t.required }]}
                >
                  <InputNumber<number> disabled={fixed} precision={0} min={1} max={1000} style={full} />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name={['benefit', 'validDays']} label={t.validDays} rules={[{ required: true, message: t.required }]}>
                  <InputNumber<number> disabled={fixed} precision={0} min={1} max={3650} style={full} />
                </Form.Item>
              </Col>
            </>
          )}
          {type === 'virtual_code' && (
            <Col xs={24} md={16}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t.codesHelp}
              </Typography.Paragraph>
            </Col>
          )}
          {type === 'physical' && (
            <Col xs={24} md={16}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t.physicalHelp}
              </Typography.Paragraph>
            </Col>
          )}
        </Row>
      </Card>
      <Card title={t.priceCard} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item name="pointsPrice" label={t.pointsPrice} rules={[{ required: true, message: t.required }]}>
              <InputNumber<number> precision={0} min={0} max={1_000_000_000} suffix={t.pointsUnit} style={full} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name={['cash', 'amount']} label={t.cashAmount} extra={t.cashHelp}>
              <InputNumber<number> precision={0} min={1} max={1_000_000_000} style={full} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name={['cash', 'currency']} label={t.cashCurrency}>
              <Select options={CURRENCY_CODES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t.stockCard} size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="stock"
              label={t.totalStock}
              extra={type === 'virtual_code' ? t.codeStockHelp : t.totalStockHelp}
              rules={type === 'virtual_code' ? [] : [{ required: true, message: t.required }]}
            >
              <InputNumber<number> disabled={type === 'virtual_code'} precision={0} min={0} max={100_000_000} style={full} />
            </Form.Item>
          </Col>
          <Col xs={12} md={9}>
            <Form.Item name="saleStartsAt" label={t.saleStartsAt} extra={t.saleHelp}>
              <DatePicker showTime style={full} />
            </Form.Item>
          </Col>
          <Col xs={12} md={9}>
            <Form.Item name="saleEndsAt" label={t.saleEndsAt} extra={t.saleHelp}>
              <DatePicker showTime style={full} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name={['limit', 'count']} label={t.limitCount} extra={t.limitHelp}>
              <InputNumber<number> precision={0} min={1} max={100_000} style={full} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name={['limit', 'period']} label={t.limitPeriod}>
              <Select aria-label={t.limitPeriod} options={LIMIT_PERIOD_LIST.map((p) => ({ value: p, label: t.periods[p] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item name="tiers" label={t.tiers} extra={t.tiersHelp}>
              <Select mode="multiple" allowClear loading={tiersLoading} placeholder={t.allMembers} options={tierOptions(tiers)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item name="revocable" label={t.revocable} valuePropName="checked" extra={t.revocableHelp}>
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </DefinitionForm>
  );
}
