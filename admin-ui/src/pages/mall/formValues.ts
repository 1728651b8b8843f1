import dayjs, { type Dayjs } from 'dayjs';
import type { CreateMallRewardDto, LimitPeriod, MallRewardType, MallRewardView, UpdateMallRewardDto } from '@laurel/shared';

/** The form holds the API's shape (a server error on `benefit.validDays` lands on that input). */
export interface RewardFormValues {
  name?: string;
  description?: string;
  type?: MallRewardType;
  couponTemplateId?: string;
  benefit?: { code?: string; count?: number | null; validDays?: number | null };
  pointsPrice?: number | null;
  cash?: { amount?: number | null; currency?: string };
  stock?: number | null;
  saleStartsAt?: Dayjs | null;
  saleEndsAt?: Dayjs | null;
  limit?: { count?: number | null; period?: LimitPeriod };
  tiers?: string[];
  revocable?: boolean;
  displayOrder?: number | null;
  active?: boolean;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const instant = (v: Dayjs | null | undefined): string | undefined => (v ? v.toISOString() : undefined);

export const NEW_REWARD_VALUES: RewardFormValues = {
  type: 'physical',
  benefit: { count: 1, validDays: 30 },
  cash: { currency: 'CNY' },
  limit: { period: 'lifetime' },
  tiers: [],
  revocable: false,
  displayOrder: 0,
  active: true,
};

export function toFormValues(r: MallRewardView): RewardFormValues {
  return {
    name: r.name,
    description: r.description,
    type: r.type,
    couponTemplateId: r.couponTemplateId ?? undefined,
    benefit: r.benefit ?? undefined,
    pointsPrice: r.pointsPrice,
    cash: r.cash ?? { currency: 'CNY' },
    stock: r.stock.total,
    saleStartsAt: r.saleStartsAt ? dayjs(r.saleStartsAt) : null,
    saleEndsAt: r.saleEndsAt ? dayjs(r.saleEndsAt) : null,
    limit: r.limit ?? { period: 'lifetime' },
    tiers: r.tiers,
    revocable: r.revocable,
    displayOrder: r.displayOrder,
  };
}

/** The cash part when an amount is given. */
function cashOf(v: RewardFormValues): CreateMallRewardDto['cash'] {
  const amount = num(v.cash?.amount);
  return amount !== undefined ? { amount, currency: v.cash?.currency ?? 'CNY' } : undefined;
}

function limitOf(v: RewardFormValues): CreateMallRewardDto['limit'] {
  const count = num(v.limit?.count);
  return count !== undefined ? { count, period: v.limit?.period ?? 'lifetime' } : undefined;
}

/** What the reward gives, by type (fixed once created). */
function givesOf(v: RewardFormValues): Pick<CreateMallRewardDto, 'couponTemplateId' | 'benefit'> {
  if (v.type === 'coupon') return { couponTemplateId: v.couponTemplateId };
  if (v.type === 'benefit') {
    return {
      benefit: { code: v.benefit?.code ?? '', count: num(v.benefit?.count) as number, validDays: num(v.benefit?.validDays) as number },
    };
  }
  return {};
}

export function toCreateBody(v: RewardFormValues): CreateMallRewardDto {
  const cash = cashOf(v);
  const limit = limitOf(v);
  const stock = v.type === 'virtual_code' ? undefined : num(v.stock);
  return {
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    type: v.type ?? 'physical',
    ...givesOf(v),
    pointsPrice: num(v.pointsPrice) as number,
    ...(cash ? { cash } : {}),
    ...(stock !== undefined ? { stock } : {}),
    ...(v.saleStartsAt ? { saleStartsAt: instant(v.saleStartsAt) } : {}),
    ...(v.saleEndsAt ? { saleEndsAt: instant(v.saleEndsAt) } : {}),
    ...(limit ? { limit } : {}),
    tiers: v.tiers ?? [],
    revocable: v.revocable ?? false,
    displayOrder: num(v.displayOrder) ?? 0,
    active: v.active ?? true,
  };
}

/** The whole definition as a change of `version`; a blank cash part, sale bound or limit removes it. */
export function toUpdateBody(v: RewardFormValues, version: number): UpdateMallRewardDto {
  const stock = v.type === 'virtual_code' ? undefined : num(v.stock);
  return {
    version,
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    pointsPrice: num(v.pointsPrice) as number,
    cash: cashOf(v) ?? null,
    ...(stock !== undefined ? { stock } : {}),
    saleStartsAt: instant(v.saleStartsAt) ?? null,
    saleEndsAt: instant(v.saleEndsAt) ?? null,
    limit: limitOf(v) ?? null,
    tiers: v.tiers ?? [],
    revocable: v.revocable ?? false,
    displayOrder: num(v.displayOrder) ?? 0,
  };
}
