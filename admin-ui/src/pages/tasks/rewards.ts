import type { RewardType, RewardView } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

/** A coupon reward as the form edits it. */
export interface CouponRewardInput {
  templateId?: string;
  amount?: number | null;
}

/** A benefit reward as the form edits it. */
export interface BenefitRewardInput {
  benefitCode?: string;
  amount?: number | null;
  validDays?: number | null;
}

/** The reward types with one amount input each (earned through the ledger). */
export type AmountRewardType = 'points' | 'growth';

/** A form's reward inputs: one amount per ledger type (blank for none), and lists of coupon and benefit rewards. */
export type RewardAmounts = Partial<Record<AmountRewardType, number | null>> & {
  coupons?: CouponRewardInput[];
  benefits?: BenefitRewardInput[];
};

// A record, so the compiler asks for every ledger reward type.
const AMOUNT_TYPE_SET: Record<AmountRewardType, true> = { points: true, growth: true };
export const REWARD_TYPE_LIST = Object.keys(AMOUNT_TYPE_SET) as AmountRewardType[];

const filled = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

/** The filled inputs as the API's reward list (points, growth, then coupons, then benefits). */
export function toRewards(amounts: RewardAmounts | undefined): RewardView[] {
  const ledger = REWARD_TYPE_LIST.flatMap((type) => {
    const amount = amounts?.[type];
    return filled(amount) ? [{ type, amount }] : [];
  });
  const coupons = (amounts?.coupons ?? []).flatMap((c) =>
    c.templateId && filled(c.amount) ? [{ type: 'coupon' as const, templateId: c.templateId, amount: c.amount }] : [],
  );
  const benefits = (amounts?.benefits ?? []).flatMap((b) =>
    b.benefitCode && filled(b.amount) && filled(b.validDays)
      ? [{ type: 'benefit' as const, benefitCode: b.benefitCode, amount: b.amount, validDays: b.validDays }]
      : [],
  );
  return [...ledger, ...coupons, ...benefits];
}

export function toAmounts(rewards: readonly RewardView[]): RewardAmounts {
  const amounts: RewardAmounts = {};
  for (const r of rewards) {
    if (r.type === 'coupon') amounts.coupons = [...(amounts.coupons ?? []), { templateId: r.templateId, amount: r.amount }];
    else if (r.type === 'benefit')
      amounts.benefits = [...(amounts.benefits ?? []), { benefitCode: r.benefitCode, amount: r.amount, validDays: r.validDays }];
    else amounts[r.type] = r.amount;
  }
  return amounts;
}

/**
 * The input (path within the rewards' form value) a server error on item `index` of a sent reward list belongs to:
 * its amount input, or the named input of its row among the coupons or benefits; the points input when it names the list.
 */
export function rewardInputOf(
  sent: readonly RewardView[] | undefined,
  index: string | number | undefined,
  field?: string | number,
): (string | number)[] {
  const reward = typeof index === 'number' ? sent?.[index] : undefined;
  if (!reward) return ['points'];
  if (reward.type !== 'coupon' && reward.type !== 'benefit') return [reward.type];
  const row = sent!.slice(0, index as number).filter((r) => r.type === reward.type).length;
  const first = reward.type === 'coupon' ? 'templateId' : 'benefitCode';
  const input = typeof field === 'string' && field !== 'type' ? field : first;
  return [reward.type === 'coupon' ? 'coupons' : 'benefits', row, input];
}

export const rewardMessages = defineMessages<{
  types: Record<RewardType, string>;
  none: string;
  couponTemplate: string;
  benefit: string;
  coupons: string;
  uses: string;
  validDays: string;
  addCoupon: string;
  addBenefit: string;
  remove: string;
}>({
  en: {
    types: { points: 'points', growth: 'growth', coupon: 'coupons', benefit: 'benefit uses' },
    none: 'none',
    couponTemplate: 'Coupon template',
    benefit: 'Benefit',
    coupons: 'coupons',
    uses: 'uses',
    validDays: 'days valid',
    addCoupon: 'Add a coupon',
    addBenefit: 'Add a benefit',
    remove: 'Remove',
  },
  zh: {
    types: { points: '积分', growth: '成长值', coupon: '张优惠券', benefit: '次权益' },
    none: '无',
    couponTemplate: '优惠券模板',
    benefit: '权益',
    coupons: '张',
    uses: '次',
    validDays: '天有效',
    addCoupon: '添加优惠券',
    addBenefit: '添加权益',
    remove: '移除',
  },
});

type RewardTexts = (typeof rewardMessages)['en'];

/** `50 points + 10 growth + 2 coupons (tpl name)`; `names` gives coupon templates' and benefits' names where known. */
export function describeRewards(rewards: readonly RewardView[], t: RewardTexts, names: ReadonlyMap<string, string> = new Map()): string {
  if (rewards.length === 0) return t.none;
  return rewards
    .map((r) => {
      const text = `${r.amount.toLocaleString('en-US')} ${t.types[r.type] ?? r.type}`;
      const ref = r.type === 'coupon' ? r.templateId : r.type === 'benefit' ? r.benefitCode : undefined;
      return ref === undefined ? text : `${text} (${names.get(ref) ?? ref})`;
    })
    .join(' + ');
}
