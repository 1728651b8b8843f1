import dayjs, { type Dayjs } from 'dayjs';
import type {
  CouponDiscountType,
  CouponTemplateView,
  CouponValidityType,
  CreateCouponTemplateDto,
  UpdateCouponTemplateDto,
} from '@laurel/shared';

/** The form holds the API's shape, so a server error on `discount.percentOff` lands on that input. */
export interface CouponTemplateFormValues {
  name?: string;
  description?: string;
  discount?: { type?: CouponDiscountType; amountOff?: number | null; percentOff?: number | null; maxDiscount?: number | null };
  minSpend?: number | null;
  currency?: string;
  validity?: { type?: CouponValidityType; from?: Dayjs | null; to?: Dayjs | null; days?: number | null };
  totalStock?: number | null;
  perMemberLimit?: number | null;
  audience?: { tiers?: string[] };
  active?: boolean;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
/** A business day as the API takes it (the picker's calendar day, whatever the browser's zone). */
const day = (v: Dayjs | null | undefined): string | undefined => (v ? v.format('YYYY-MM-DD') : undefined);

export const NEW_TEMPLATE_VALUES: CouponTemplateFormValues = {
  discount: { type: 'amount' },
  currency: 'CNY',
  validity: { type: 'relative', days: 30 },
  perMemberLimit: 1,
  audience: { tiers: [] },
  active: true,
};

export function toFormValues(t: CouponTemplateView): CouponTemplateFormValues {
  return {
    name: t.name,
    description: t.description,
    discount: { ...t.discount },
    minSpend: t.minSpend || null,
    currency: t.currency,
    validity: {
      type: t.validity.type,
      from: t.validity.from ? dayjs(t.validity.from) : null,
      to: t.validity.to ? dayjs(t.validity.to) : null,
      days: t.validity.days,
    },
    totalStock: t.totalStock,
    perMemberLimit: t.perMemberLimit,
    audience: { tiers: t.audience.tiers },
  };
}

/** What create and change share; a missing number is left out, so the server names that field. */
function commonOf(v: CouponTemplateFormValues) {
  const type = v.discount?.type ?? 'amount';
  const maxDiscount = num(v.discount?.maxDiscount);
  return {
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    discount:
      type === 'amount'
        ? { type, amountOff: num(v.discount?.amountOff) }
        : { type, percentOff: num(v.discount?.percentOff), ...(maxDiscount !== undefined ? { maxDiscount } : {}) },
    minSpend: num(v.minSpend) ?? 0,
    validity:
      (v.validity?.type ?? 'relative') === 'relative'
        ? { type: 'relative' as const, days: num(v.validity?.days) }
        : { type: 'fixed' as const, from: day(v.validity?.from), to: day(v.validity?.to) },
    audience: { tiers: v.audience?.tiers ?? [] },
  };
}

export function toCreateBody(v: CouponTemplateFormValues): CreateCouponTemplateDto {
  return {
    ...commonOf(v),
    currency: v.currency ?? 'CNY',
    ...(num(v.totalStock) !== undefined ? { totalStock: num(v.totalStock) } : {}),
    ...(num(v.perMemberLimit) !== undefined ? { perMemberLimit: num(v.perMemberLimit) } : {}),
    active: v.active ?? true,
  };
}

/** The whole definition as a change of `version` (the currency, and whether there is stock or a limit, stay). */
export function toUpdateBody(v: CouponTemplateFormValues, version: number): UpdateCouponTemplateDto {
  return {
    version,
    ...commonOf(v),
    ...(num(v.totalStock) !== undefined ? { totalStock: num(v.totalStock) } : {}),
    ...(num(v.perMemberLimit) !== undefined ? { perMemberLimit: num(v.perMemberLimit) } : {}),
  };
}
