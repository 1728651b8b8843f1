import { MallRewardStatus, RedeemBlock, type MallItemView, type MallView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { limitPeriodKey, limitSlot, type MemberLimits } from './limits.js';
import type { MallReward } from './model.js';
import type { MallMembers } from './redemptions.js';

/** A member's available points (LedgerService fits: its summary is cached). */
export interface MallBalances {
  summary(memberId: string): Promise<{ available: number }>;
}

/**
 * The mall as one member sees it: every active reward with its price, stock left, the units left under its limit this
 * period, and whether the member may redeem it now — and if not, why (the first reason that applies).
 */
export class Storefront {
  constructor(
    private readonly rewards: Model<MallReward>,
    private readonly limits: MemberLimits,
    private readonly members: MallMembers,
    private readonly balances: MallBalances,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async mall(memberId: string): Promise<MallView> {
    const now = this.clock.now();
    const rewards = await this.rewards.find({ status: MallRewardStatus.Active }).lean();
    const calendar = { zone: this.zone };
    const keys = new Map(rewards.filter((r) => r.limit).map((r) => [r._id.toHexString(), limitPeriodKey(r.limit!, now, calendar)]));
    const [used, tier, balance] = await Promise.all([
      this.limits.usedIn(memberId, [...keys.values()]),
      rewards.some((r) => r.tiers.length > 0) ? this.members.get(memberId).then((m) => m.tier) : Promise.resolve(null),
      this.balances.summary(memberId),
    ]);
    const items = rewards.map((reward): MallItemView => {
      const id = reward._id.toHexString();
      const periodKey = keys.get(id);
      const left = reward.limit && periodKey ? reward.limit.count - (used.get(limitSlot(id, memberId, periodKey).id) ?? 0) : null;
      const onSale =
        (reward.saleStartsAt === null || reward.saleStartsAt <= now) && (reward.saleEndsAt === null || now < reward.saleEndsAt);
      const reason = !onSale
        ? RedeemBlock.NotOnSale
        : reward.tiers.length > 0 && (tier === null || !reward.tiers.includes(tier))
          ? RedeemBlock.NotEligible
          : reward.stock < 1
            ? RedeemBlock.OutOfStock
            : left !== null && left < 1
              ? RedeemBlock.LimitReached
              : balance.available < reward.pointsPrice
                ? RedeemBlock.InsufficientPoints
                : null;
      return {
        rewardId: id,
        name: reward.name,
        description: reward.description,
        type: reward.type,
        pointsPrice: reward.pointsPrice,
        cash: reward.cash ? { ...reward.cash } : null,
        stockLeft: reward.stock,
        saleStartsAt: reward.saleStartsAt?.toISOString() ?? null,
        saleEndsAt: reward.saleEndsAt?.toISOString() ?? null,
        limit: reward.limit && periodKey && left !== null ? { ...reward.limit, left: Math.max(0, left), periodKey } : null,
        revocable: reward.revocable,
        allowed: reason === null,
        reason,
        displayOrder: reward.displayOrder,
      };
    });
    items.sort((a, b) => a.displayOrder - b.displayOrder || a.rewardId.localeCompare(b.rewardId));
    return { points: balance.available, items };
  }
}
