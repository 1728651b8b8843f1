import { CouponRefusal, type CouponUseView, type CouponView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { couponMessage } from './messages.js';
import type { Coupon } from './model.js';
import type { TemplateStock } from './stock.js';
import { discountFor, notUsable } from './terms.js';
import { toCouponView } from './views.js';

/** The order a coupon is applied to: amount before the discount, in minor units of `currency`. */
export interface CouponOrder {
  orderId: string;
  amount: number;
  currency: string;
}

export interface CheckoutDeps {
  coupons: Model<Coupon>;
  stock: TemplateStock;
  clock: Clock;
  /** Lock time when the request names none. */
  lockMs: number;
  onChanged: () => void;
}

const ATTEMPTS = 3;

/**
 * The checkout's use of a member's coupon, each a conditional update of the coupon, idempotent by order id: lock
 * (one order at a time; a lock past its time is free to take), redeem (from the order's lock, or directly from a
 * usable coupon), release (only by the locking order), restore (only for the redeeming order's refund; within
 * validity it is usable again, after it expired). Of concurrent orders exactly one wins; the others are refused with
 * the reason they lost to.
 */
export class CouponCheckout {
  constructor(private readonly deps: CheckoutDeps) {}

  async lock(memberId: string, code: string, order: CouponOrder & { lockMs?: number | undefined }): Promise<CouponUseView> {
    const { coupons, clock } = this.deps;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const c = await this.find(memberId, code);
      const now = clock.now();
      const discount = this.check(c, order, now);
      if (c.state === 'locked' && c.orderId === order.orderId) return this.use(c, order, discount);
      const locked = await coupons
        .findOneAndUpdate(
          { _id: c._id, state: c.state, orderId: c.orderId, restoredOrderIds: { $ne: order.orderId } },
          {
            $set: {
              state: 'locked',
              orderId: order.orderId,
              lockedUntil: new Date(now.getTime() + (order.lockMs ?? this.deps.lockMs)),
              updatedAt: now,
            },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (locked) return this.use(locked, order, discount);
    }
    throw busy(code);
  }

  async redeem(memberId: string, code: string, order: CouponOrder): Promise<CouponUseView> {
    const { coupons, clock, stock } = this.deps;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const c = await this.find(memberId, code);
      if (c.state === 'redeemed' && c.orderId === order.orderId) return this.use(c, order, c.discountApplied ?? 0);
      const now = clock.now();
      const discount = this.check(c, order, now);
      const redeemedNow = { ...c, discountApplied: discount };
      const redeemed = await coupons
        .findOneAndUpdate(
          { _id: c._id, state: c.state, orderId: c.orderId, restoredOrderIds: { $ne: order.orderId } },
          {
            $set: {
              state: 'redeemed',
              orderId: order.orderId,
              lockedUntil: null,
              redeemedAt: now,
              discountApplied: discount,
              outboxPending: true,
              updatedAt: now,
            },
            $push: { outbox: couponMessage('coupon.redeemed', redeemedNow, now, order.orderId) },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (redeemed) {
        this.deps.onChanged();
        await stock.count(c.templateId, 'redeemed');
        return this.use(redeemed, order, discount);
      }
    }
    throw busy(code);
  }

  /** Gives the order's lock up: the coupon is usable again. A coupon this order does not hold is answered as it is. */
  async release(memberId: string, code: string, orderId: string): Promise<CouponView> {
    const { coupons, clock } = this.deps;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const c = await this.find(memberId, code);
      const now = clock.now();
      if (c.state !== 'locked' || c.orderId !== orderId) {
        if (c.orderId === orderId && c.state === 'redeemed') throw notUsable(CouponRefusal.Redeemed, 'The order has redeemed the coupon');
        if (c.state === 'locked' && c.lockedUntil && c.lockedUntil > now) {
          throw notUsable(CouponRefusal.NotThisOrder, 'Another order holds the coupon', { orderId });
        }
        return toCouponView(c, now);
      }
      const released = await coupons
        .findOneAndUpdate(
          { _id: c._id, state: 'locked', orderId },
          { $set: { state: 'issued', orderId: null, lockedUntil: null, updatedAt: now } },
          { returnDocument: 'after' },
        )
        .lean();
      if (released) return toCouponView(released, now);
    }
    throw busy(code);
  }

  /** The redeeming order was refunded: restored if still within validity, else expired. Idempotent by order id. */
  async restore(memberId: string, code: string, orderId: string): Promise<CouponView> {
    const { coupons, clock, stock } = this.deps;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const c = await this.find(memberId, code);
      const now = clock.now();
      if (c.restoredOrderIds.includes(orderId)) return toCouponView(c, now);
      if (c.state !== 'redeemed' || c.orderId !== orderId) {
        throw notUsable(CouponRefusal.NotThisOrder, 'The coupon was not redeemed by this order', { orderId, state: c.state });
      }
      const within = now.getTime() <= c.validUntil.getTime();
      const type = within ? 'coupon.restored' : 'coupon.expired';
      const restored = await coupons
        .findOneAndUpdate(
          { _id: c._id, state: 'redeemed', orderId },
          {
            $set: {
              state: within ? 'restored' : 'expired',
              orderId: null,
              redeemedAt: null,
              discountApplied: null,
              outboxPending: true,
              updatedAt: now,
            },
            $addToSet: { restoredOrderIds: orderId },
            $push: { outbox: couponMessage(type, c, now, within ? orderId : null) },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (restored) {
        this.deps.onChanged();
        await stock.count(c.templateId, within ? 'restored' : 'expired');
        return toCouponView(restored, now);
      }
    }
    throw busy(code);
  }

  /** Why this coupon cannot take this order now, thrown; else the discount it gives. */
  private check(c: Coupon, order: CouponOrder, now: Date): number {
    const lockFree = c.state === 'locked' && (c.orderId === order.orderId || (c.lockedUntil !== null && c.lockedUntil <= now));
    if (c.state === 'redeemed') throw notUsable(CouponRefusal.Redeemed, 'The coupon has been redeemed');
    if (c.state === 'voided') throw notUsable(CouponRefusal.Voided, 'The coupon has been voided');
    if (c.state === 'expired' || now.getTime() > c.validUntil.getTime()) throw notUsable(CouponRefusal.Expired, 'The coupon has expired');
    if (c.state === 'locked' && !lockFree) throw notUsable(CouponRefusal.Locked, 'Another order holds the coupon');
    if (c.restoredOrderIds.includes(order.orderId)) {
      throw notUsable(CouponRefusal.Redeemed, 'The coupon was redeemed by this order and given back by its refund');
    }
    if (now.getTime() < c.validFrom.getTime()) {
      throw notUsable(CouponRefusal.NotYetValid, 'The coupon is not valid yet', { validFrom: c.validFrom.toISOString() });
    }
    if (order.currency !== c.currency) {
      throw notUsable(CouponRefusal.CurrencyMismatch, 'The coupon is for another currency', { currency: c.currency });
    }
    if (order.amount < c.minSpend) {
      throw notUsable(CouponRefusal.BelowMinimumSpend, 'The order is below the coupon minimum spend', { minSpend: c.minSpend });
    }
    return discountFor(c.discount, order.amount);
  }

  private use(c: Coupon, order: CouponOrder, discount: number): CouponUseView {
    return { coupon: toCouponView(c, this.deps.clock.now()), orderId: order.orderId, discount, currency: c.currency };
  }

  /** The member's coupon with this code; 404 for any other code (another member's included). */
  private async find(memberId: string, code: string): Promise<Coupon> {
    const c = await this.deps.coupons.findOne({ code: code.toUpperCase(), memberId }).lean();
    if (!c || c.state === 'pending' || c.state === 'cancelled') throw new NotFoundError('Coupon', { code });
    return c;
  }
}

function busy(code: string): ConflictError {
  return new ConflictError('The coupon is changing; retry', 'CONFLICT', { code });
}
