import { formatMoney } from '../../lib/money';
import type { CouponDiscountView, CouponValidityView } from '@laurel/shared';
import type { CouponsTexts } from './messages';

/** `10.00 CNY off`, or `15% off, at most 20.00 CNY`. */
export function describeDiscount(discount: CouponDiscountView, currency: string, t: CouponsTexts): string {
  if (discount.type === 'amount') return t.amountOff(formatMoney(discount.amountOff ?? 0, currency));
  const percent = t.percentOff(discount.percentOff ?? 0);
  return discount.maxDiscount ? `${percent}, ${t.capped(formatMoney(discount.maxDiscount, currency))}` : percent;
}

export function describeMinimum(minSpend: number, currency: string, t: CouponsTexts): string {
  return minSpend > 0 ? t.minSpend(formatMoney(minSpend, currency)) : t.noMinimum;
}

export function describeValidity(validity: CouponValidityView, t: CouponsTexts): string {
  if (validity.type === 'relative') return t.daysValidity(validity.days ?? 0);
  return t.fixedValidity(validity.from ?? '', validity.to ?? '');
}
