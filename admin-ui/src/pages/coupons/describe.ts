import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import type { CouponDiscountDto, CouponValidityDto } from './contract';
import type { CouponsTexts } from './messages';

/** `10.00 CNY off`, or `15% off, at most 20.00 CNY`. */
export function describeDiscount(discount: CouponDiscountDto, currency: string, t: CouponsTexts): string {
  if (discount.type === 'amount_off') return t.amountOff(formatMoney(discount.amountOff ?? 0, currency));
  const percent = t.percentOff(discount.percentOff ?? 0);
  return discount.maxDiscount ? `${percent}, ${t.capped(formatMoney(discount.maxDiscount, currency))}` : percent;
}

export function describeMinimum(minimumSpend: number, currency: string, t: CouponsTexts): string {
  return minimumSpend > 0 ? t.minSpend(formatMoney(minimumSpend, currency)) : t.noMinimum;
}

export function describeValidity(validity: CouponValidityDto, t: CouponsTexts): string {
  if (validity.type === 'days') return t.daysValidity(validity.days ?? 0);
  return t.fixedValidity(formatDateTime(validity.from), formatDateTime(validity.to));
}
