import { BenefitType, QuotaPeriod, type FieldError } from '@laurel/shared';
import type { Benefit, BenefitValue, PackageItem } from './model.js';

const CUSTOM_DATA_MAX_BYTES = 4096;

/** Which value fields each type takes. */
const FIELDS: Record<BenefitType, readonly (keyof BenefitValue)[]> = {
  [BenefitType.Discount]: ['percent'],
  [BenefitType.PointsMultiplier]: ['percent'],
  [BenefitType.CouponPack]: ['coupons'],
  [BenefitType.BirthdayGift]: ['rewards', 'coupons', 'daysBefore'],
  [BenefitType.FreeShipping]: [],
  [BenefitType.PriorityService]: [],
  [BenefitType.Custom]: ['data'],
};

/**
 * What the DTOs cannot see field by field: whether a value fits its benefit's type. `complete`: the value is the
 * one that applies (a package's, or the benefit's own when the package gives none), so what the type needs must be
 * there; a benefit's default may leave it to its packages.
 */
export function valueProblems(type: BenefitType, value: BenefitValue, field: string, complete: boolean): FieldError[] {
  const problems: FieldError[] = [];
  const add = (name: string, reason: string) => problems.push({ field: `${field}.${name}`, reasons: [reason] });
  for (const name of Object.keys(value) as (keyof BenefitValue)[]) {
    if (value[name] !== undefined && !FIELDS[type].includes(name)) add(name, `a ${type} benefit has no ${name}`);
  }
  const percent = value.percent;
  if (type === BenefitType.Discount && percent !== undefined && percent > 99) add('percent', 'a discount is 1 to 99 percent of the price');
  if (type === BenefitType.PointsMultiplier && percent !== undefined && percent <= 100) add('percent', 'a multiplier is above 100 percent');
  const rewardTypes = (value.rewards ?? []).map((r) => r.type);
  if (new Set(rewardTypes).size !== rewardTypes.length) add('rewards', 'at most one reward of each type');
  const templates = (value.coupons ?? []).map((c) => c.templateId);
  if (new Set(templates).size !== templates.length) add('coupons', 'each coupon template once');
  if (value.data !== undefined && Buffer.byteLength(JSON.stringify(value.data)) > CUSTOM_DATA_MAX_BYTES) {
    add('data', `data is at most ${CUSTOM_DATA_MAX_BYTES} bytes of JSON`);
  }
  if (!complete) return problems;
  if ((type === BenefitType.Discount || type === BenefitType.PointsMultiplier) && percent === undefined)
    add('percent', `a ${type} needs percent`);
  if (type === BenefitType.CouponPack && (value.coupons ?? []).length === 0) add('coupons', 'a coupon pack needs coupons');
  if (type === BenefitType.BirthdayGift && (value.coupons ?? []).length === 0 && (value.rewards ?? []).length === 0) {
    add('rewards', 'a birthday gift needs rewards or coupons');
  }
  return problems;
}

/**
 * How an item's quota fits its benefit's type: gifts are issued once a year, packs a number of times per period,
 * multipliers apply without limit.
 */
export function quotaProblems(type: BenefitType, item: PackageItem, field: string): FieldError[] {
  const problems: FieldError[] = [];
  const { period, count } = item.quota;
  if (period === QuotaPeriod.Unlimited && count !== null)
    problems.push({ field: `${field}.quota.count`, reasons: ['an unlimited quota has no count'] });
  if (period !== QuotaPeriod.Unlimited && count === null)
    problems.push({ field: `${field}.quota.count`, reasons: [`a ${period} quota needs a count`] });
  if (type === BenefitType.BirthdayGift && (period !== QuotaPeriod.Year || count !== 1)) {
    problems.push({ field: `${field}.quota`, reasons: ['a birthday gift is given once a year: { period: year, count: 1 }'] });
  }
  // Earning applies a multiplier to every earn and takes none of its quota, so a counted quota would promise a limit.
  if (type === BenefitType.PointsMultiplier && period !== QuotaPeriod.Unlimited) {
    problems.push({ field: `${field}.quota.period`, reasons: ['a points multiplier applies to every earn: { period: unlimited }'] });
  }
  if (type === BenefitType.CouponPack && (period === QuotaPeriod.Unlimited || period === QuotaPeriod.Term)) {
    problems.push({ field: `${field}.quota.period`, reasons: ['a coupon pack is issued per day, week, month or year'] });
  }
  return problems;
}

/**
 * Why a benefit cannot be granted to one member, or null. A points multiplier applies through packages only: earning
 * reads no member's grants, so a granted one would be shown and never applied.
 */
export function grantProblemOf(code: string, benefit: Pick<Benefit, 'type' | 'status'> | null | undefined): string | null {
  if (!benefit || benefit.status !== 'active') return `no active benefit ${code}`;
  if (benefit.type === BenefitType.PointsMultiplier) return 'a points multiplier applies through packages only and cannot be granted';
  return null;
}
