import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { periodOf, type BusinessCalendar } from '../../platform/periods.js';
import type { RewardLimit, RewardLimitCounter } from './model.js';

export const LIFETIME_KEY = 'lifetime';

/** The key of the period a limit counts in at `at` (platform/periods.ts; `lifetime` never resets). */
export function limitPeriodKey(limit: RewardLimit, at: Date, calendar: BusinessCalendar): string {
  return limit.period === 'lifetime' ? LIFETIME_KEY : periodOf(limit.period, at, calendar).key;
}

/** One member's counter of one reward in one period. */
export interface LimitSlot {
  /** `<rewardId>:<memberId>:<periodKey>`. */
  id: string;
  rewardId: string;
  memberId: string;
  periodKey: string;
}

export function limitSlot(rewardId: string, memberId: string, periodKey: string): LimitSlot {
  return { id: `${rewardId}:${memberId}:${periodKey}`, rewardId, memberId, periodKey };
}

/**
 * Per-member limits: one counter per (reward, member, period), taken by a conditional `$inc` that records the
 * redemption's claim, so of concurrent redemptions only those that fit pass, a retry finds its claim, and an undo
 * gives back exactly what its redemption took.
 */
export class MemberLimits {
  constructor(private readonly counters: Model<RewardLimitCounter>) {}

  /** Takes `quantity` units under the limit `max` for the redemption; false when they do not fit. */
  async take(slot: LimitSlot, redemptionId: string, quantity: number, max: number): Promise<boolean> {
    if (quantity > max) return false;
    const claim = `claims.${redemptionId}`;
    const { id: counterId, rewardId, memberId, periodKey } = slot;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const result = await this.counters.updateOne(
          { _id: counterId, used: { $lte: max - quantity }, [claim]: { $exists: false } },
          { $inc: { used: quantity }, $set: { [claim]: quantity }, $setOnInsert: { rewardId, memberId, periodKey } },
          { upsert: true },
        );
        if (result.modifiedCount + result.upsertedCount === 1) return true;
        break;
      } catch (err) {
        // Either a first insert lost its race (the next attempt updates) or the counter is full or claimed.
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    const counter: Pick<RewardLimitCounter, 'claims'> | null = await this.counters.findById(counterId, { [claim]: 1 }).lean();
    return counter?.claims?.[redemptionId] !== undefined;
  }

  /** Gives back what the redemption took, if it took anything; idempotent. */
  async giveBack(slot: LimitSlot, redemptionId: string): Promise<void> {
    const claim = `claims.${redemptionId}`;
    const counter = await this.counters.findOne({ _id: slot.id }, { [claim]: 1 }).lean<Pick<RewardLimitCounter, 'claims'>>();
    const taken = counter?.claims?.[redemptionId];
    if (taken === undefined) return;
    await this.counters.updateOne({ _id: slot.id, [claim]: taken }, { $inc: { used: -taken }, $unset: { [claim]: 1 } });
  }

  /** Units used in each of the member's counters of these periods, by counter id. */
  async usedIn(memberId: string, periodKeys: readonly string[]): Promise<Map<string, number>> {
    const used = new Map<string, number>();
    const found = await Promise.all(
      [...new Set(periodKeys)].map((periodKey) => this.counters.find({ memberId, periodKey }, { used: 1 }).lean()),
    );
    for (const counter of found.flat()) used.set(counter._id, counter.used);
    return used;
  }
}
