import { CheckInMilestoneKind, RefundPolicy, grantedRewardOf, type GrantedRewardView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { monthOf } from '../../platform/periods.js';
import { grantId } from '../ledger/grants.js';
import type { GrantInput, ReverseInput, RewardReversal } from '../rewards/service.js';
import type { OutboxMessage } from '../outbox/types.js';
import type { CheckIn, CheckInMonth, CheckInProgram, MilestoneClaim, PlannedReward } from './model.js';
import { milestonesOf, planned } from './rules.js';

/** Grants rewards and takes them back (RewardGranter fits). */
export interface CheckInRewards {
  grant(input: GrantInput): Promise<GrantedRewardView[]>;
  reverse(input: ReverseInput): Promise<RewardReversal>;
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
    return (await this.settleCounting(record, program)).record;
  }

  /** As `settle`, also telling how many days the record's month holds now (what the member's status shows). */
  async settleCounting(record: CheckIn, program: CheckInProgram): Promise<{ record: CheckIn; monthDays: number }> {
    const { position: monthTotal, days: monthDays } = await this.countInMonth(record);
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
    const settled = after ?? (await this.records.findOne({ _id: record._id, memberId: record.memberId }).lean()) ?? record;
    return { record: settled, monthDays };
  }

  /** Takes the day out of its month again (the undo of a make-up that had begun paying). */
  async uncount(record: CheckIn): Promise<void> {
    await this.months.updateOne({ _id: monthId(record.memberId, monthOf(record.date)) }, { $pull: { days: record.date } });
  }

  /**
   * Takes back what an attempt's settle granted (the undo of a make-up that had begun paying): the ledger rewards of
   * its grant id, and the coupons and benefit grants of its day, its streak milestones and the monthly milestones it
   * claimed (found by its claims, so call this before `unclaim`). Granted moments ago and still available, points go
   * back whatever refund policy the deployment runs.
   */
  async reverse(record: CheckIn, program: CheckInProgram): Promise<RewardReversal> {
    const won = await this.claims.find({ memberId: record.memberId, payer: attemptRef(record) }).lean();
    const monthly = milestonesOf(program, CheckInMilestoneKind.MonthlyTotal)
      .filter((m) => won.some((claim) => claim._id === claimIdOf(record, { reason: 'monthly_total', days: m.days })))
      .flatMap((m) => planned(m.rewards, 'monthly_total', { days: m.days }));
    const plan = [...record.rewards.filter((r) => r.reason !== 'monthly_total'), ...monthly];
    return this.rewards.reverse({
      memberId: record.memberId,
      grantId: rewardsGrantId(record),
      key: `check-in:${attemptRef(record)}:rewards-undone`,
      parts: grantParts(record, plan),
      policy: RefundPolicy.WithinAvailable,
    });
  }

  /** Gives up the milestones this attempt claimed (the undo of a make-up that had begun paying). */
  async unclaim(record: CheckIn): Promise<void> {
    await this.claims.deleteMany({ memberId: record.memberId, payer: attemptRef(record) });
  }

  /** Counts the day in its month: its place in the month's set (the total it made) and the set's size now. */
  private async countInMonth(record: CheckIn): Promise<{ position: number; days: number }> {
    const month = monthOf(record.date);
    const doc = await this.months
      .findOneAndUpdate(
        { _id: monthId(record.memberId, month) },
        { $addToSet: { days: record.date }, $setOnInsert: { memberId: record.memberId, month } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean();
    const days = doc?.days ?? [];
    return { position: days.indexOf(record.date) + 1, days: days.length };
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
    const granted: PlannedReward[] = [];
    for (const { key, rewards } of grantParts(record, plan)) {
      const given = await this.rewards.grant({
        memberId: record.memberId,
        rewards,
        grantId: rewardsGrantId(record),
        key,
        source: { type: 'check_in', id: record._id },
        reason: reasonText(record, rewards[0]!),
      });
      rewards.forEach((reward, i) => {
        const outcome = given[i];
        granted.push(outcome ? { ...reward, ...grantedRewardOf(outcome) } : reward);
      });
    }
    return granted;
  }
}

/** An attempt's plan in the parts it is granted in: the day's rewards, and each milestone's, each under its own key. */
function grantParts(record: CheckIn, plan: readonly PlannedReward[]): { key: string; rewards: PlannedReward[] }[] {
  const groups = new Map<string, PlannedReward[]>();
  for (const reward of plan) {
    const name = typeof reward.days === 'number' ? `${reward.reason}:${reward.days}` : reward.reason;
    groups.set(name, [...(groups.get(name) ?? []), reward]);
  }
  const ref = attemptRef(record);
  return [...groups].map(([name, rewards]) => ({ key: `check-in:${ref}:${name}`, rewards }));
}

function claimIdOf(record: CheckIn, reward: Pick<PlannedReward, 'reason' | 'days' | 'reachedOn'>): string | null {
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
        ...grantedRewardOf(r),
        reason: r.reason,
        ...(typeof r.days === 'number' ? { days: r.days } : {}),
      })),
    },
  };
}
