import type { RewardType, RewardView } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

/** A form's reward inputs: one amount per reward type, blank for none. */
export type RewardAmounts = Partial<Record<RewardType, number | null>>;

// A record, so the compiler asks for every reward type.
const REWARD_TYPE_SET: Record<RewardType, true> = { points: true, growth: true };
export const REWARD_TYPE_LIST = Object.keys(REWARD_TYPE_SET) as RewardType[];

/** The filled amounts as the API's reward list (points first). */
export function toRewards(amounts: RewardAmounts | undefined): RewardView[] {
  return REWARD_TYPE_LIST.flatMap((type) => {
    const amount = amounts?.[type];
    return typeof amount === 'number' && amount > 0 ? [{ type, amount }] : [];
  });
}

export function toAmounts(rewards: readonly RewardView[]): RewardAmounts {
  return Object.fromEntries(rewards.map((r) => [r.type, r.amount]));
}

/** The input a server error on item `index` of a sent reward list belongs to (the first type when it names the list). */
export function rewardInputOf(sent: readonly RewardView[] | undefined, index: string | number | undefined): RewardType {
  const reward = typeof index === 'number' ? sent?.[index] : undefined;
  return reward?.type ?? 'points';
}

export const rewardMessages = defineMessages<{ types: Record<RewardType, string>; none: string }>({
  en: { types: { points: 'points', growth: 'growth' }, none: 'none' },
  zh: { types: { points: '积分', growth: '成长值' }, none: '无' },
});

type RewardTexts = (typeof rewardMessages)['en'];

/** `50 points + 10 growth`. */
export function describeRewards(rewards: readonly RewardView[], t: RewardTexts): string {
  if (rewards.length === 0) return t.none;
  return rewards.map((r) => `${r.amount.toLocaleString('en-US')} ${t.types[r.type] ?? r.type}`).join(' + ');
}
