import type { PackageItemView } from './contract';
import type { BenefitsTexts } from './messages';

/** `Free shipping: 3 per month (add up)`, `Member discount: 95% (best wins)`. */
export function describeItem(item: PackageItemView, name: string, t: BenefitsTexts): string {
  const { count, period } = item.quota;
  const parts = [period === 'unlimited' || count === null ? t.noQuota : t.quotaLine(count, t.periods[period])];
  if (item.value?.percent !== undefined) parts.push(`${item.value.percent}%`);
  return `${name}: ${parts.join(', ')} (${t.stacking[item.stacking]})`;
}
