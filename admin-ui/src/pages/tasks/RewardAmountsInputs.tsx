import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, InputNumber, Select } from 'antd';
import { MAX_BENEFIT_REWARD, MAX_BENEFIT_REWARD_DAYS, MAX_COUPON_REWARD } from '@laurel/shared';
import { useMessages } from '../../i18n/language';
import { useRewardChoices } from './rewardChoices';
import { REWARD_TYPE_LIST, rewardMessages } from './rewards';

/** The most one reward may be (the ledger's grant limit). */
const MAX_REWARD = 1_000_000_000;
/** Coupon and benefit rewards per list (the API takes a handful of rewards per list). */
const MAX_LISTED = 5;

export interface RewardAmountsInputsProps {
  /** Form path of the amounts, e.g. `['milestones', 2, 'rewards']`. */
  name: (string | number)[];
  /** Prefix of the inputs' accessible names, e.g. `Day 3` → "Day 3 points". */
  ariaLabel?: string;
}

/** One whole-number input per ledger reward type (blank gives none), then coupon and benefit rewards to add. */
export function RewardAmountsInputs({ name, ariaLabel }: RewardAmountsInputsProps) {
  const t = useMessages(rewardMessages);
  const label = (text: string) => (ariaLabel ? `${ariaLabel} ${text}` : text);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {REWARD_TYPE_LIST.map((type) => (
          <Form.Item key={type} name={[...name, type]} noStyle>
            <InputNumber<number>
              precision={0}
              min={1}
              max={MAX_REWARD}
              suffix={t.types[type]}
              aria-label={label(t.types[type])}
              style={{ width: 150 }}
            />
          </Form.Item>
        ))}
      </Flex>
      <CouponAndBenefitInputs name={name} ariaLabel={ariaLabel} />
    </Flex>
  );
}

/** The coupon and benefit rewards of one reward list: rows to add, each a template (or benefit) and its amounts. */
export function CouponAndBenefitInputs({ name, ariaLabel }: RewardAmountsInputsProps) {
  const t = useMessages(rewardMessages);
  const { templates, benefits } = useRewardChoices();
  const label = (text: string) => (ariaLabel ? `${ariaLabel} ${text}` : text);
  return (
    <Flex vertical gap={8}>
      <Form.List name={[...name, 'coupons']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Flex key={field.key} gap={8} wrap>
                <Form.Item name={[field.name, 'templateId']} noStyle>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    placeholder={t.couponTemplate}
                    aria-label={label(`${t.couponTemplate} ${i + 1}`)}
                    options={templates.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
                    style={{ width: 220 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'amount']} noStyle initialValue={1}>
                  <InputNumber<number>
                    precision={0}
                    min={1}
                    max={MAX_COUPON_REWARD}
                    suffix={t.coupons}
                    aria-label={label(`${t.types.coupon} ${i + 1}`)}
                    style={{ width: 110 }}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={label(`${t.remove} ${t.couponTemplate} ${i + 1}`)}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            {fields.length < MAX_LISTED && (
              <Button size="small" icon={<PlusOutlined />} style={{ alignSelf: 'flex-start' }} onClick={() => add({ amount: 1 })}>
                {t.addCoupon}
              </Button>
            )}
          </>
        )}
      </Form.List>
      <Form.List name={[...name, 'benefits']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Flex key={field.key} gap={8} wrap>
                <Form.Item name={[field.name, 'benefitCode']} noStyle>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    placeholder={t.benefit}
                    aria-label={label(`${t.benefit} ${i + 1}`)}
                    options={benefits.map((b) => ({ value: b.code, label: b.name }))}
                    style={{ width: 220 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'amount']} noStyle>
                  <InputNumber<number>
                    precision={0}
                    min={1}
                    max={MAX_BENEFIT_REWARD}
                    suffix={t.uses}
                    aria-label={label(`${t.types.benefit} ${i + 1}`)}
                    style={{ width: 110 }}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'validDays']} noStyle>
                  <InputNumber<number>
                    precision={0}
                    min={1}
                    max={MAX_BENEFIT_REWARD_DAYS}
                    suffix={t.validDays}
                    aria-label={label(`${t.validDays} ${i + 1}`)}
                    style={{ width: 130 }}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={label(`${t.remove} ${t.benefit} ${i + 1}`)}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            {fields.length < MAX_LISTED && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                style={{ alignSelf: 'flex-start' }}
                onClick={() => add({ amount: 1, validDays: 30 })}
              >
                {t.addBenefit}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Flex>
  );
}
