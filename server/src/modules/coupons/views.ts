import { CouponState, type CouponDiscountView, type CouponTemplateView, type CouponView } from '@laurel/shared';
import type { Coupon, CouponDiscount, CouponTemplate } from './model.js';

/** The states the API shows; `pending` and `cancelled` belong to the issue and are never listed. */
export const SHOWN_STATES: readonly string[] = Object.values(CouponState);

function discountView(discount: CouponDiscount): CouponDiscountView {
  return {
    type: discount.type,
    amountOff: discount.amountOff ?? null,
    percentOff: discount.percentOff ?? null,
    maxDiscount: discount.maxDiscount ?? null,
  };
}

export function toTemplateView(t: CouponTemplate): CouponTemplateView {
  return {
    id: t._id.toHexString(),
    name: t.name,
    description: t.description,
    discount: discountView(t.discount),
    minSpend: t.minSpend,
    currency: t.currency,
    validity: { type: t.validity.type, from: t.validity.from ?? null, to: t.validity.to ?? null, days: t.validity.days ?? null },
    totalStock: t.totalStock,
    stockLeft: t.stockLeft,
    perMemberLimit: t.perMemberLimit,
    audience: { tiers: [...t.audience.tiers] },
    status: t.status,
    counts: { issued: t.issued ?? 0, redeemed: t.redeemed ?? 0, restored: t.restored ?? 0, expired: t.expired ?? 0, voided: t.voided ?? 0 },
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/**
 * A coupon as the API shows it. A usable coupon past its validity is shown `expired` before the job has written it
 * (lock and redeem refuse it either way).
 */
export function toCouponView(c: Coupon, now: Date): CouponView {
  const usable = c.state === 'issued' || c.state === 'restored';
  const state = usable && c.validUntil.getTime() < now.getTime() ? CouponState.Expired : (c.state as CouponState);
  return {
    id: c._id.toHexString(),
    code: c.code,
    memberId: c.memberId,
    templateId: c.templateId,
    templateName: c.templateName,
    discount: discountView(c.discount),
    minSpend: c.minSpend,
    currency: c.currency,
    validFrom: c.validFrom.toISOString(),
    validUntil: c.validUntil.toISOString(),
    state,
    source: c.source ?? { type: 'operator', id: '' },
    orderId: c.orderId,
    lockedUntil: c.state === 'locked' && c.lockedUntil ? c.lockedUntil.toISOString() : null,
    redeemedAt: c.redeemedAt ? c.redeemedAt.toISOString() : null,
    discountApplied: c.discountApplied,
    issuedAt: (c.issuedAt ?? c.createdAt).toISOString(),
    voidReason: c.voidReason,
    updatedAt: c.updatedAt.toISOString(),
  };
}
