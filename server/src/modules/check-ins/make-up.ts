import { CheckInMilestoneKind, ErrorCode, type RefundPolicy } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError, ValidationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { addDays, businessDayOf, daysBetween, isDayKey, monthOf } from '../../platform/periods.js';
import { grantId } from '../ledger/grants.js';
import type { LedgerResult, RefundResult, SpendInput } from '../ledger/types.js';
import { closedError, type ProgramSource } from './check-in.js';
import { MAKE_UP_STAGES, type CheckIn, type CheckInProgram, type MakeUpCounter, type MakeUpStage } from './model.js';
import { calendarOf, cycleDayOf, dayRewardsOf, makeUpsOn, milestonesOf, planned } from './rules.js';
import { attemptRef, type CheckInSettler } from './settle.js';
import type { Run, StreakChains } from './streaks.js';

/** What a make-up needs of the ledger (LedgerService fits). */
export interface MakeUpLedger {
  spend(input: SpendInput): Promise<LedgerResult>;
  reverseGrant(input: { memberId: string; grantId: string; key: string; policy?: RefundPolicy }): Promise<RefundResult>;
}

export interface MakeUpDeps {
  records: Model<CheckIn>;
  counters: Model<MakeUpCounter>;
  programs: ProgramSource;
  settler: CheckInSettler;
  chains: StreakChains;
  ledger: MakeUpLedger;
  clock: Clock;
  zone: string;
  logger: Logger;
}

const stageIndex = (stage: MakeUpStage | null): number => (stage === null ? -1 : MAKE_UP_STAGES.indexOf(stage));

function notAllowed(date: string, reason: string): BusinessRuleError {
  return new BusinessRuleError(ErrorCode.MakeUpNotAllowed, `The day cannot be made up: ${reason}`, { date, reason });
}

/** The grant id a make-up attempt's cost is spent under (reversing it gives the points back). */
function costGrantId(record: CheckIn): string {
  return grantId('check-in-make-up', attemptRef(record));
}

/**
 * A make-up check-in (补签) of a missed day, as steps that are each idempotent and each have an undo:
 * (1) claim the day's record (`pending`, the unique id), (2) take one of the month's make-ups, (3) spend the cost,
 * (4) merge the day into the streaks around it, (5) plan what the day adds, then settle it (count it in its month,
 * claim milestones, grant, mark `recorded`). A failure undoes what was done and cancels the record, so the day may be
 * tried again; after a crash the resume job finishes a make-up that got to paying and undoes any other.
 */
export class MakeUps {
  constructor(private readonly deps: MakeUpDeps) {}

  async makeUp(memberId: string, date: string): Promise<{ record: CheckIn; program: CheckInProgram }> {
    const { programs, clock, zone, settler } = this.deps;
    const program = await programs.current();
    if (!program.active) throw closedError();
    if (!isDayKey(date)) throw new ValidationError([{ field: 'date', reasons: ['date must be a calendar day'] }]);
    const now = clock.now();
    const today = businessDayOf(now, calendarOf(program, zone));
    this.checkAllowed(program, date, today);
    let record = await this.claim(memberId, date, program, today, now);
    try {
      record = await this.takeMakeUp(record, program);
      record = await this.payCost(record);
      const merged = await this.merge(record, today);
      record = await this.planRewards(merged.record, merged.run, program);
      return { record: await settler.settle(record, program), program };
    } catch (err) {
      await this.undo(record._id, record.attempt).catch((undoErr: unknown) =>
        this.deps.logger.error({ err: undoErr, checkIn: attemptRef(record) }, 'make-up undo failed; left to the resume job'),
      );
      throw err;
    }
  }

  /**
   * Undoes an unfinished make-up attempt, in reverse order of its steps; each undo is idempotent and also covers
   * the step after the recorded stage (which may have happened before a crash).
   */
  async undo(id: string, attempt: number): Promise<void> {
    const { records, counters, settler, chains, ledger, clock, zone, programs } = this.deps;
    const started = await records
      .findOneAndUpdate({ _id: id, attempt, state: 'pending', kind: 'make_up' }, { $set: { undoing: true } }, { returnDocument: 'after' })
      .lean();
    if (!started) return;
    const record = started;
    const ref = attemptRef(record);
    const stage = stageIndex(record.stage);
    if (stage >= stageIndex('rewarding')) {
      const reversal = await settler.reverse(record, await programs.current());
      if (reversal.kept.length > 0) {
        this.deps.logger.warn(
          { checkIn: ref, kept: reversal.kept.map((k) => k.id) },
          'make-up undone; coupons or benefits in use stay with the member',
        );
      }
      await settler.unclaim(record);
      await settler.uncount(record);
    }
    if (stage >= stageIndex('merged')) {
      await records.updateOne({ _id: id, attempt, state: 'pending' }, { $set: { merged: false, streak: 0 } });
      const today = businessDayOf(clock.now(), calendarOf(await programs.current(), zone));
      await chains.restreak(record.memberId, addDays(record.date, 1), today);
    }
    if (stage >= stageIndex('slot_taken') && record.costPoints > 0) {
      await ledger.reverseGrant({ memberId: record.memberId, grantId: costGrantId(record), key: `check-in:${ref}:make-up-cost-back` });
    }
    const claim = `claims.${record.date}`;
    await counters.updateOne(
      { _id: `${record.memberId}:${record.makeUpMonth}`, [claim]: ref },
      { $inc: { used: -1 }, $unset: { [claim]: 1 } },
    );
    await records.updateOne(
      { _id: id, attempt, state: 'pending' },
      { $set: { state: 'cancelled', settledAt: clock.now(), merged: false, streak: 0 } },
    );
  }

  private checkAllowed(program: CheckInProgram, date: string, today: string): void {
    if (!makeUpsOn(program)) throw notAllowed(date, 'make-ups are off');
    const back = daysBetween(date, today);
    if (back < 0) throw notAllowed(date, 'the day is in the future');
    if (back === 0) throw notAllowed(date, 'today is checked in, not made up');
    if (back > program.makeUp.windowDays) throw notAllowed(date, `only the last ${program.makeUp.windowDays} days may be made up`);
    if (program.activatedOn !== null && date < program.activatedOn) throw notAllowed(date, 'the day is before the program began');
  }

  /** Step 1: the day's record, new or a cancelled attempt claimed again; a day checked in (or being made up) is refused. */
  private async claim(memberId: string, date: string, program: CheckInProgram, today: string, now: Date): Promise<CheckIn> {
    const { records } = this.deps;
    const fresh = {
      kind: 'make_up' as const,
      merged: false,
      streak: 0,
      cycleDay: 0,
      rewards: [],
      costPoints: program.makeUp.costPoints,
      costEntryId: null,
      state: 'pending' as const,
      stage: 'claimed' as const,
      makeUpMonth: monthOf(today),
      monthTotal: null,
      settledAt: null,
      recordedAt: now,
      programVersion: program.version,
    };
    const record: CheckIn = { _id: `${memberId}:${date}`, memberId, date, attempt: 1, ...fresh };
    try {
      await records.create(record);
      return record;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await records.findOne({ _id: record._id, memberId }).lean();
    if (existing?.state === 'cancelled') {
      const again = await records
        .findOneAndUpdate(
          { _id: record._id, memberId, state: 'cancelled', attempt: existing.attempt },
          { $set: { ...fresh, undoing: false }, $inc: { attempt: 1 } },
          { returnDocument: 'after' },
        )
        .lean();
      if (again) return again;
    }
    throw notAllowed(date, existing?.state === 'pending' ? 'a check-in of the day is in progress' : 'the day is checked in');
  }

  /** Step 2: one of this month's make-ups, by a conditional `$inc` that records the claim (a retry finds it). */
  private async takeMakeUp(record: CheckIn, program: CheckInProgram): Promise<CheckIn> {
    const { counters } = this.deps;
    const id = `${record.memberId}:${record.makeUpMonth}`;
    const claim = `claims.${record.date}`;
    const ref = attemptRef(record);
    let taken = false;
    try {
      const result = await counters.updateOne(
        { _id: id, used: { $lt: program.makeUp.perMonth }, [claim]: { $exists: false } },
        { $inc: { used: 1 }, $set: { [claim]: ref }, $setOnInsert: { memberId: record.memberId, month: record.makeUpMonth } },
        { upsert: true },
      );
      taken = result.modifiedCount + result.upsertedCount === 1;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    if (!taken && (await counters.findById(id).lean())?.claims?.[record.date] !== ref) {
      throw new BusinessRuleError(ErrorCode.MakeUpLimitReached, `All ${program.makeUp.perMonth} make-ups of this month are used`, {
        month: record.makeUpMonth,
        perMonth: program.makeUp.perMonth,
      });
    }
    return this.advance(record, 'slot_taken');
  }

  /** Step 3: the cost, spent under the attempt's grant id (INSUFFICIENT_POINTS when the member has too few). */
  private async payCost(record: CheckIn): Promise<CheckIn> {
    if (record.costPoints === 0) return this.advance(record, 'cost_paid');
    const { entry } = await this.deps.ledger.spend({
      memberId: record.memberId,
      amount: record.costPoints,
      key: `check-in:${attemptRef(record)}:make-up-cost`,
      reason: `make-up check-in of ${record.date}`,
      orderId: costGrantId(record),
      source: { type: 'check_in', id: record._id },
    });
    return this.advance(record, 'cost_paid', { costEntryId: entry.id });
  }

  /** Step 4: the day joins the streaks; the run it starts (with the days after it) gets its streaks. */
  private async merge(record: CheckIn, today: string): Promise<{ record: CheckIn; run: Run }> {
    const merged = await this.advance(record, 'merged', { merged: true });
    return { record: merged, run: await this.deps.chains.restreak(record.memberId, record.date, today) };
  }

  /**
   * Step 5: what the day adds, once: its day reward for its place in the merged streak (if the program pays it),
   * and the streak milestones the merged run reaches that neither run reached alone.
   */
  private async planRewards(record: CheckIn, run: Run, program: CheckInProgram): Promise<CheckIn> {
    const streak = run.before + 1;
    const mergedLength = run.before + run.length;
    const reachedAlone = Math.max(run.before, run.length - 1);
    const cycleDay = cycleDayOf(streak, program);
    const rewards = program.makeUp.payDayReward ? planned(dayRewardsOf(program, cycleDay), 'day') : [];
    for (const milestone of milestonesOf(program, CheckInMilestoneKind.Streak)) {
      if (milestone.days <= reachedAlone || milestone.days > mergedLength) continue;
      rewards.push(
        ...planned(milestone.rewards, 'streak', { days: milestone.days, reachedOn: addDays(record.date, milestone.days - streak) }),
      );
    }
    return this.advance(record, 'rewarding', { cycleDay, rewards });
  }

  /** Records that a step is done; a record settled or cancelled meanwhile stops the make-up. */
  private async advance(record: CheckIn, stage: MakeUpStage, set: Partial<CheckIn> = {}): Promise<CheckIn> {
    const after = await this.deps.records
      .findOneAndUpdate(
        { _id: record._id, memberId: record.memberId, attempt: record.attempt, state: 'pending', undoing: { $ne: true } },
        { $set: { stage, ...set } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!after) throw new Error(`make-up ${attemptRef(record)} was finished or undone meanwhile`);
    return after;
  }
}
