import { MallRewardType, type FieldError } from '@laurel/shared';
import type { MallReward } from './model.js';

/** The fields of a reward an operator sets (the rest — stock, status, version — move by their own operations). */
export type RewardFields = Pick<
  MallReward,
  | 'name'
  | 'description'
  | 'type'
  | 'couponTemplateId'
  | 'benefit'
  | 'pointsPrice'
  | 'cash'
  | 'saleStartsAt'
  | 'saleEndsAt'
  | 'limit'
  | 'tiers'
  | 'revocable'
  | 'displayOrder'
>;

/** Checks that go beyond one field's DTO: what each type needs, a price, a sale window that ends after it starts. */
export function rewardProblems(fields: RewardFields): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reasons: [reason] });
  if (fields.type === MallRewardType.Coupon && fields.couponTemplateId === null)
    problem('couponTemplateId', 'a coupon reward names its coupon template');
  if (fields.type !== MallRewardType.Coupon && fields.couponTemplateId !== null)
    problem('couponTemplateId', 'only coupon rewards name a coupon template');
  if (fields.type === MallRewardType.Benefit && fields.benefit === null) problem('benefit', 'a benefit reward names its benefit');
  if (fields.type !== MallRewardType.Benefit && fields.benefit !== null) problem('benefit', 'only benefit rewards name a benefit');
  if (fields.pointsPrice === 0 && fields.cash === null) problem('pointsPrice', 'a reward costs points, cash or both');
  if (fields.saleStartsAt && fields.saleEndsAt && fields.saleEndsAt <= fields.saleStartsAt) {
    problem('saleEndsAt', 'the sale must end after it starts');
  }
  return problems;
}
