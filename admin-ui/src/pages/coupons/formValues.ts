import dayjs, { type Dayjs } from 'dayjs';
import type { CouponDiscountType, CouponTemplateView, CreateCouponTemplateDto, UpdateCouponTemplateDto } from './contract';

/** The form holds the API's shape, so a server error on `discount.percentOff` lands on that input. */
export interface CouponTemplateFormValues {
  name?: string;
  description?: string;
  discount?: { type?: CouponDiscountType; amountOff?: number | null; percentOff?: number | null; maxDiscount?: number | null };
  minimumSpend?: number | null;
  currency?: string;
  validity?: { type?: 'fixed' | 'days'; from?: Dayjs | null; to?: Dayjs | null; days?: number | null };
  totalStock?: number | null;
  perMemberLimit?: number | null;
  audience?: { tiers?: string[] };
  active?: boolean;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

export const NEW_TEMPLATE_VALUES: CouponTemplateFormValues = {
  discount: { type: 'amount_off' },
  currency: 'CNY',
  validity: { type: 'days', days: 30 },
  perMemberLimit: 1,
  audience: { tiers: [] },
  active: true,
};

export function toFormValues(t: CouponTemplateView): CouponTemplateFormValues {
  return {
    name: t.name,
    description: t.description,
    discount: { ...t.discount },
    minimumSpend: t.minimumSpend || null,
    currency: t.currency,
    validity: {
      type: t.validity.type,
      from: t.validity.from ? dayjs(t.validity.from) : null,
      to: t.validity.to ? dayjs(t.validity.to) : null,
      days: t.validity.days ?? null,
    },
    totalStock: t.totalStock,
    perMemberLimit: t.perMemberLimit,
    audience: { tiers: t.audience.tiers },
  };
}

/** What create and change share; a missing number is left out, so the server names that field. */
function commonOf(v: CouponTemplateFormValues): Omit<CreateCouponTemplateDto, 'active' | 'totalStock' | 'perMemberLimit'> {
  const type = v.discount?.type ?? 'amount_off';
  const validityType = v.validity?.type ?? 'days';
  return {
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    discount:
      type === 'amount_off'
        ? { type, amountOff: num(v.discount?.amountOff) }
        : {
            type,
            percentOff: num(v.discount?.percentOff),
            ...(num(v.discount?.maxDiscount) ? { maxDiscount: num(v.discount?.maxDiscount) } : {}),
          },
    minimumSpend: num(v.minimumSpend) ?? 0,
    currency: v.currency ?? 'CNY',
    validity:
      validityType === 'days'
        ? { type: 'days', days: num(v.validity?.days) }
        : { type: 'fixed', from: v.validity?.from?.toISOString(), to: v.validity?.to?.toISOString() },
    audience: { tiers: v.audience?.tiers ?? [] },
  };
}

export function toCreateBody(v: CouponTemplateFormValues): CreateCouponTemplateDto {
  return {
    ...commonOf(v),
    ...(num(v.totalStock) !== undefined ? { totalStock: num(v.totalStock) } : {}),
    ...(num(v.perMemberLimit) !== undefined ? { perMemberLimit: num(v.perMemberLimit) } : {}),
    active: v.active ?? true,
  };
}

/** The whole definition as a change of `version`; a blank stock or limit removes it. */
export function toUpdateBody(v: CouponTemplateFormValues, version: number): UpdateCouponTemplateDto {
  return { version, ...commonOf(v), totalStock: num(v.totalStock) ?? null, perMemberLimit: num(v.perMemberLimit) ?? null };
}
