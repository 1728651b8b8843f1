import { toAmounts, toRewards, type RewardAmounts } from '../tasks/rewards';
import type { BenefitType, BenefitValueDto, BenefitValueView } from '@laurel/shared';

/** A benefit's value as inputs: `rewards` one amount per reward type, `data` the custom JSON as text. */
export interface BenefitValueForm {
  percent?: number | null;
  coupons?: { templateId?: string; count?: number | null }[];
  rewards?: RewardAmounts;
  daysBefore?: number | null;
  data?: string;
}

/** The value fields each type uses (the server refuses the others). */
export const VALUE_FIELDS: Record<BenefitType, readonly (keyof BenefitValueForm)[]> = {
  discount: ['percent'],
  points_multiplier: ['percent'],
  coupon_pack: ['coupons'],
  birthday_gift: ['rewards', 'coupons', 'daysBefore'],
  free_shipping: [],
  priority_service: [],
  custom: ['data'],
};

export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text || text.trim() === '') return undefined;
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

export function toValueForm(value: BenefitValueView | null | undefined): BenefitValueForm {
  if (!value) return {};
  return {
    percent: value.percent ?? null,
    coupons: value.coupons?.map((c) => ({ templateId: c.templateId, count: c.count })),
    rewards: value.rewards ? toAmounts(value.rewards) : undefined,
    daysBefore: value.daysBefore ?? null,
    data: value.data ? JSON.stringify(value.data, null, 2) : undefined,
  };
}

/** The value the type uses; undefined when none of its inputs is filled (a package item then keeps the benefit's). */
export function toValueBody(form: BenefitValueForm | undefined, type: BenefitType | undefined): BenefitValueDto | undefined {
  if (!form || !type) return undefined;
  const fields = new Set(VALUE_FIELDS[type]);
  const value: BenefitValueDto = {};
  if (fields.has('percent') && typeof form.percent === 'number') value.percent = form.percent;
  const coupons = (form.coupons ?? []).filter((c) => c.templateId);
  if (fields.has('coupons') && coupons.length > 0)
    value.coupons = coupons.map((c) => ({ templateId: c.templateId ?? '', count: c.count ?? 1 }));
  const rewards = toRewards(form.rewards);
  if (fields.has('rewards') && rewards.length > 0) value.rewards = rewards;
  if (fields.has('daysBefore') && typeof form.daysBefore === 'number') value.daysBefore = form.daysBefore;
  const data = fields.has('data') ? parseJsonObject(form.data) : undefined;
  if (data) value.data = data;
  return Object.keys(value).length > 0 ? value : undefined;
}

/**
 * The input a server error on a value field belongs to (`rest` is the path after `value`): the points input for the
 * rewards, the first coupon's template for the coupon list; the others are the form's own paths.
 */
export function valueInputOf(rest: (string | number)[]): (string | number)[] {
  const [head, index, key] = rest;
  if (head === 'rewards') return ['rewards', 'points'];
  if (head === 'coupons') return ['coupons', typeof index === 'number' ? index : 0, key === 'count' ? 'count' : 'templateId'];
  return rest;
}
