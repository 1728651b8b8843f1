import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import type { MallRewardView } from '@laurel/shared';
import type { MallTexts } from './messages';

const n = (v: number) => v.toLocaleString('en-US');

/** `500 points + 9.90 CNY`. */
export function describePrice(pointsPrice: number, cash: MallRewardView['cash'], t: MallTexts): string {
  const points = `${n(pointsPrice)} ${t.pointsUnit}`;
  return cash ? `${points} + ${formatMoney(cash.amount, cash.currency)}` : points;
}

/** `always`, `from …`, `until …`, or both. */
export function describeSale(r: Pick<MallRewardView, 'saleStartsAt' | 'saleEndsAt'>, t: MallTexts): string {
  if (!r.saleStartsAt && !r.saleEndsAt) return t.always;
  const parts = [];
  if (r.saleStartsAt) parts.push(`${t.from} ${formatDateTime(r.saleStartsAt)}`);
  if (r.saleEndsAt) parts.push(`${t.until} ${formatDateTime(r.saleEndsAt)}`);
  return parts.join(' ');
}

export function describeLimit(limit: MallRewardView['limit'], t: MallTexts): string {
  return limit ? t.limitLine(limit.count, t.periods[limit.period]) : t.noLimit;
}

export function describeStock(stock: MallRewardView['stock'], t: MallTexts): string {
  return t.stockLine(n(stock.left), n(stock.total));
}
