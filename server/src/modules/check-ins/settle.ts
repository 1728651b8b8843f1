import { CheckInMilestoneKind, type GrantedRewardView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { monthOf } from '../../platform/periods.js';
import { grantId } from '../ledger/grants.js';
import type { GrantInput } from '../rewards/service.js';
import type { OutboxMessage } from '../outbox/types.js';
import type { CheckIn, CheckInMonth, CheckInProgram, MilestoneClaim, PlannedReward } from './model.js';
import { milestonesOf, planned } from './rules.js';

/** Grants rewards (RewardGranter fits). */
export interface CheckInRewards {
  grant(input: GrantInput): Promise<GrantedRewardView[]>;
}

/** Names one attempt of a check-in: its id, with the attempt number from the second attempt of a make-up on. */
export function attemptRef(record: Pick<CheckIn, '_id' | 'attempt'>): string {
  return record.attempt === 1 ? record._id : `${record._id}#${record.attempt}`;
}

/** The grant id a check-in attempt's rewards are earned under. */
export function rewardsGrantId(record: Pick<CheckIn, '_id' | 'attempt'>): string {
  return grantId('check-in', attemptRef(record));
}

export function monthId(memberId: string, month: string): string {
  return `${memberId}:${month}`;
}

/**
 * The last part of every check-in, regular or made up, and what the resume job repeats: count the day in its month
 * (a set, so repeating it is harmless; the day's place in the set is the month's total it made), claim each
 * milestone (paid once, whoever reaches it first), grant every reward under idempotent keys, and mark the record
 * `recorded` with its `checkin.recorded` message.
 */
export class CheckInSettler {
  constructor(
    private readonly records: Model<CheckIn>,
    private readonly months: Model<CheckInMonth>,
    private readonly claims: Model<MilestoneClaim>,
    private readonly rewards: CheckInRewards,
    private readonly clock: Clock,
  ) {}

  async settle(record: CheckIn, program: CheckInProgram): Promise<CheckIn> {
    const monthTotal = await this.countInMonth(record);
    const monthly = milestonesOf(program, CheckInMilestoneKind.MonthlyTotal)
      .filter((m) => m.days === monthTotal)
      .flatMap((m) => planned(m.rewards, 'monthly_total', { days: m.days }));
    const plan = [...record.rewards.filter((r) => r.reason !== 'monthly_total'), ...monthly];
    const payable = await this.claimMilestones(record, plan);
    const granted = await this.grant(record, payable);
    const settledAt = this.clock.now();
    const after = await this.records
      .findOneAndUpdate(
        { _id: record._id, memberId: record.memberId, attempt: record.attempt, state: 'pending' },
        {
          $set: {
            state: 'recorded',
            settledAt,
            rewards: granted,
            monthTotal,
            outbox: [recordedMessage(record, granted)],
            outboxPending: true,
          },
        },
        { returnDocument: 'after' },
      )
      .lean();
    // Settled meanwhile (a retry or the resume job): that outcome stands.
    return after ?? (await this.records.findOne({ _id: record._id, memberId: record.memberId }).lean()) ?? record;
  }

  /** Takes the day out of its month again (the undo of a make-up that had begun paying). */
  async uncount(record: CheckIn): Promise<void> {
    await this.months.updateOne({ _id: monthId(record.memberId, monthOf(record.date)) }, { $pull: { days: record.date } });
  }

  /** Gives up the milestones this attempt claimed (the undo of a make-up that had begun paying). */
  async unclaim(record: CheckIn): Promise<void> {
    await this.claims.deleteMany({ memberId: record.memberId, payer: attemptRef(record) });
  }

  private async countInMonth(record: CheckIn): Promise<number> {
    const month = monthOf(record.date);
    const doc = await this.months
      .findOneAndUpdate(
        { _id: monthId(record.memberId, month) },
        { $addToSet: { days: record.date }, $setOnInsert: { memberId: record.memberId, month } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean();
    return (doc?.days ?? []).indexOf(record.date) + 1;
  }

  /** The plan without milestones another check-in claimed first. */
  private async claimMilestones(record: CheckIn, plan: PlannedReward[]): Promise<PlannedReward[]> {
    const won = new Map<string, boolean>();
    for (const reward of plan) {
      const claim = claimIdOf(record, reward);
      if (claim === null || won.has(claim)) continue;
      won.set(claim, await this.claim(claim, record));
    }
    return plan.filter((reward) => {
      const claim = claimIdOf(record, reward);
      return claim === null || won.get(claim) === true;
    });
  }

  private async claim(id: string, record: CheckIn): Promise<boolean> {
    const payer = attemptRef(record);
    try {
      await this.claims.create({ _id: id, memberId: record.memberId, payer });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.claims.findById(id).lean())?.payer === payer;
    }
  }

  private async grant(record: CheckIn, plan: PlannedReward[]): Promise<PlannedReward[]> {
    const groups = new Map<string, PlannedReward[]>();
    for (const reward of plan) {
      const name = typeof reward.days === 'number' ? `${reward.reason}:${reward.days}` : reward.reason;
      groups.set(name, [...(groups.get(name) ?? []), reward]);
    }
    const ref = attemptRef(record);
    const granted: PlannedReward[] = [];
    for (const [name, rewards] of groups) {
      const entries = await this.rewards.grant({
        memberId: record.memberId,
        rewards,
        grantId: rewardsGrantId(record),
        key: `check-in:${ref}:${name}`,
        source: { type: 'check_in', id: record._id },
        reason: reasonText(record, rewards[0]!),
      });
      rewards.forEach((reward, i) => granted.push({ ...reward, entryId: entries[i]?.entryId ?? null }));
    }
    return granted;
  }
}

function claimIdOf(record: CheckIn, reward: PlannedReward): string | null {
  if (reward.reason === 'streak' && reward.reachedOn) return `${record.memberId}:streak:${reward.days}:${reward.reachedOn}`;
  if (reward.reason === 'monthly_total') return `${record.memberId}:monthly_total:${reward.days}:${monthOf(record.date)}`;
  return null;
}

function reasonText(record: CheckIn, reward: PlannedReward): string {
  const made = record.kind === 'make_up' ? 'make-up check-in' : 'check-in';
  if (reward.reason === 'streak') return `${made} of ${record.date}: ${reward.days} days in a row`;
  if (reward.reason === 'monthly_total') return `${made} of ${record.date}: ${reward.days} days this month`;
  return `${made} of ${record.date}: day ${record.cycleDay}`;
}

function recordedMessage(record: CheckIn, rewards: PlannedReward[]): OutboxMessage {
  return {
    id: `checkin.recorded:${record._id}`,
    type: 'checkin.recorded',
    memberId: record.memberId,
    occurredAt: record.recordedAt,
    data: {
      memberId: record.memberId,
      date: record.date,
      kind: record.kind,
      streak: record.streak,
      cycleDay: record.cycleDay,
      rewards: rewards.map((r) => ({
        type: r.type,
        amount: r.amount,
        reason: r.reason,
        ...(typeof r.days === 'number' ? { days: r.days } : {}),
        entryId: r.entryId,
      })),
    },
  };
}
