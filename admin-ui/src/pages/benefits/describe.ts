import type { BenefitPackageItemDto, StackingMode } from './contract';
import type { BenefitsTexts } from './messages';

/** `Free shipping: 3 per month (add up)`, `Member discount: 95 (best wins)`. */
export function describeItem(item: BenefitPackageItemDto, name: string, t: BenefitsTexts): string {
  const parts = [item.quota && item.quota.period !== 'unlimited' ? t.quotaLine(item.quota.count, t.periods[item.quota.period]) : t.noQuota];
  if (item.value !== undefined && item.value !== null) parts.push(`${t.value} ${item.value}`);
  const stacking: StackingMode = item.stacking ?? 'add';
  return `${name}: ${parts.join(', ')} (${t.stacking[stacking]})`;
}
