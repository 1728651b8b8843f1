import type { OutboxMessage } from '../outbox/types.js';
import type { Coupon } from './model.js';

export type CouponMessageType = 'coupon.issued' | 'coupon.redeemed' | 'coupon.restored' | 'coupon.voided' | 'coupon.expired';

/**
 * An outbox message carried by the coupon itself. Ids are deterministic: the coupon id, and for redemptions and
 * restorations the order id (a coupon restored can be redeemed again by another order).
 */
export function couponMessage(type: CouponMessageType, c: Coupon, at: Date, orderId: string | null = null): OutboxMessage {
  const id = c._id.toHexString();
  return {
    id: orderId === null ? `${type}:${id}` : `${type}:${id}:${orderId}`,
    type,
    memberId: c.memberId,
    occurredAt: at,
    data: {
      couponId: id,
      code: c.code,
      memberId: c.memberId,
      templateId: c.templateId,
      templateName: c.templateName,
      ...(orderId === null ? {} : { orderId }),
      ...(type === 'coupon.redeemed' ? { discount: c.discountApplied, currency: c.currency } : {}),
      ...(type === 'coupon.issued' ? { source: c.source, validUntil: c.validUntil.toISOString() } : {}),
    },
  };
}
