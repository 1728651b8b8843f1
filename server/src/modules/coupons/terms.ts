import { randomInt } from 'node:crypto';
import { CouponDiscountType, type CouponRefusal, CouponValidityType, ErrorCode } from '@laurel/shared';
import { BusinessRuleError } from '../../platform/errors.js';
import { addDays, businessDayOf, dayEndOf, dayStartOf, type BusinessCalendar } from '../../platform/periods.js';
import type { CouponDiscount, CouponValidity } from './model.js';

/** No 0/O, 1/I/L: a code read aloud or typed from a screenshot cannot be mistaken. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** 31^10 ≈ 8·10^14 codes: unguessable, and each is checked against its member besides. */
export const CODE_LENGTH = 10;

export function newCouponCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a coupon takes off an order of `amount` minor units: integer arithmetic, never more than the amount. */
export function discountFor(discount: CouponDiscount, amount: number): number {
  if (discount.type === CouponDiscountType.Amount) return Math.min(discount.amountOff ?? 0, amount);
  // BigInt: amount × percent may pass 2^53 for amounts near the largest allowed.
  const share = Number((BigInt(amount) * BigInt(discount.percentOff ?? 0)) / 100n);
  return Math.min(share, discount.maxDiscount ?? share, amount);
}

/** The instants a coupon issued at `issuedAt` can be used: from–to for fixed validity, else from the issue on. */
export function validityWindow(validity: CouponValidity, issuedAt: Date, calendar: BusinessCalendar): { from: Date; until: Date } {
  if (validity.type === CouponValidityType.Fixed) {
    return { from: dayStartOf(validity.from ?? '', calendar), until: dayEndOf(validity.to ?? '', calendar) };
  }
  const firstDay = businessDayOf(issuedAt, calendar);
  return { from: issuedAt, until: dayEndOf(addDays(firstDay, (validity.days ?? 1) - 1), calendar) };
}

/** A fixed validity whose last day is over: nothing more can be issued from the template. */
export function validityOver(validity: CouponValidity, now: Date, calendar: BusinessCalendar): boolean {
  return validity.type === CouponValidityType.Fixed && now.getTime() > dayEndOf(validity.to ?? '', calendar).getTime();
}

export function notUsable(reason: CouponRefusal, message: string, details: Record<string, unknown> = {}): BusinessRuleError {
  return new BusinessRuleError(ErrorCode.CouponNotUsable, message, { reason, ...details });
}
