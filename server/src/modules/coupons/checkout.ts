import { CouponRefusal, ErrorCode, type CouponUseView, type CouponView } from '@laurel/shared';
import type { Model, UpdateQuery } from 'mongoose';
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
    return this.retrying(memberId, code, async (c, now) => {
      const discount = this.check(c, order, now);
      if (c.state === 'locked' && c.orderId === order.orderId) return this.use(c, order, discount);
      const lockedUntil = new Date(now.getTime() + (order.lockMs ?? this.deps.lockMs));
      const locked = await this.transition(c, order.orderId, {
        $set: { state: 'locked', orderId: order.orderId, lockedUntil, updatedAt: now },
      });
      return locked && this.use(locked, order, discount);
    });
  }

  async redeem(memberId: string, code: string, order: CouponOrder): Promise<CouponUseView> {
    return this.retrying(memberId, code, async (c, now) => {
      if (c.state === 'redeemed' && c.orderId === order.orderId) return this.use(c, order, c.discountApplied ?? 0);
      const discount = this.check(c, order, now);
      const redeemed = await this.transition(c, order.orderId, {
        $set: {
          state: 'redeemed',
          orderId: order.orderId,
          lockedUntil: null,
          redeemedAt: now,
          discountApplied: discount,
          outboxPending: true,
          updatedAt: now,
        },
        $push: { outbox: couponMessage('coupon.redeemed', { ...c, discountApplied: discount }, now, order.orderId) },
      });
      if (!redeemed) return null;
      this.deps.onChanged();
      await this.deps.stock.count(c.templateId, 'redeemed');
      return this.use(redeemed, order, discount);
    });
  }

  /** Gives the order's lock up: the coupon is usable again. A coupon this order does not hold is answered as it is. */
  async release(memberId: string, code: string, orderId: string): Promise<CouponView> {
    return this.retrying(memberId, code, async (c, now) => {
      if (c.state !== 'locked' || c.orderId !== orderId) {
        if (c.orderId === orderId && c.state === 'redeemed') throw notUsable(CouponRefusal.Redeemed, 'The order has redeemed the coupon');
        if (c.state === 'locked' && c.lockedUntil && c.lockedUntil > now) {
          throw notUsable(CouponRefusal.NotThisOrder, 'Another order holds the coupon', { orderId });
        }
        return toCouponView(c, now);
      }
      const released = await this.transition(c, orderId, { $set: { state: 'issued', orderId: null, lockedUntil: null, updatedAt: now } });
      return released && toCouponView(released, now);
    });
  }

  /** The redeeming order was refunded: restored if still within validity, else expired. Idempotent by order id. */
  async restore(memberId: string, code: string, orderId: string): Promise<CouponView> {
    return this.retrying(memberId, code, async (c, now) => {
      if (c.restoredOrderIds.includes(orderId)) return toCouponView(c, now);
      if (c.state !== 'redeemed' || c.orderId !== orderId) {
        throw notUsable(CouponRefusal.NotThisOrder, 'The coupon was not redeemed by this order', { orderId, state: c.state });
      }
      const within = now.getTime() <= c.validUntil.getTime();
      const restored = await this.transition(c, orderId, {
        $set: {
          state: within ? 'restored' : 'expired',
          orderId: null,
          redeemedAt: null,
          discountApplied: null,
          outboxPending: true,
          updatedAt: now,
        },
        $addToSet: { restoredOrderIds: orderId },
        $push: { outbox: couponMessage(within ? 'coupon.restored' : 'coupon.expired', c, now, within ? orderId : null) },
      });
      if (!restored) return null;
      this.deps.onChanged();
      await this.deps.stock.count(c.templateId, within ? 'restored' : 'expired');
      return toCouponView(restored, now);
    });
  }

  /** Reads the coupon and runs `step` on it; a step answering null lost a race and runs again on a fresh read. */
  private async retrying<T>(memberId: string, code: string, step: (c: Coupon, now: Date) => Promise<T | null>): Promise<T> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const result = await step(await this.find(memberId, code), this.deps.clock.now());
      if (result !== null) return result;
    }
    throw new ConflictError('The coupon is changing; retry', ErrorCode.CouponBusy, { code });
  }

  /**
   * Applies `update` only if the coupon is still in the state and with the order it was read in (and `orderId` has
   * not had it restored): of concurrent requests, one matches.
   */
  private transition(c: Coupon, orderId: string, update: UpdateQuery<Coupon>): Promise<Coupon | null> {
    return this.deps.coupons
      .findOneAndUpdate({ _id: c._id, state: c.state, orderId: c.orderId, restoredOrderIds: { $ne: orderId } }, update, {
        returnDocument: 'after',
      })
      .lean<Coupon>()
      .exec();
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
