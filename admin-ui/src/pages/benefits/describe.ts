import { describeRewards, type rewardMessages } from '../tasks/rewards';
import type { BenefitValueView, PackageItemView } from '@laurel/shared';
import type { BenefitsTexts } from './messages';

type RewardTexts = (typeof rewardMessages)['en'];

/** `Free shipping: 3 per month (add up)`, `Member discount: 95% (best wins)`. */
export function describeItem(item: PackageItemView, name: string, t: BenefitsTexts): string {
  const { count, period } = item.quota;
  const parts = [period === 'unlimited' || count === null ? t.noQuota : t.quotaLine(count, t.periods[period])];
  if (item.value?.percent !== undefined) parts.push(`${item.value.percent}%`);
  return `${name}: ${parts.join(', ')} (${t.stacking[item.stacking]})`;
}

/** `90%`, `Coupons ×2`, `100 points`, or the custom JSON; `—` for none. */
export function describeValue(value: BenefitValueView | null | undefined, t: BenefitsTexts, rewards: RewardTexts): string {
  if (!value) return '—';
  const parts: string[] = [];
  if (value.percent !== undefined) parts.push(`${value.percent}%`);
  if (value.rewards?.length) parts.push(describeRewards(value.rewards, rewards));
  if (value.coupons?.length) parts.push(`${t.coupons} ×${value.coupons.reduce((n, c) => n + c.count, 0)}`);
  if (value.daysBefore !== undefined) parts.push(`${t.daysBefore} ${value.daysBefore}`);
  if (value.data) parts.push(JSON.stringify(value.data));
  return parts.length > 0 ? parts.join(', ') : '—';
}
