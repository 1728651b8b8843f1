import { CheckInMilestoneKind, ErrorCode } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError } from '../../platform/errors.js';
import { insertNewInBulk } from '../../platform/mongo.js';
import { addDays, businessDayOf } from '../../platform/periods.js';
import type { CheckIn, CheckInProgram, PlannedReward } from './model.js';
import { calendarOf, cycleDayOf, dayRewardsOf, makeUpsOn, milestonesOf, planned } from './rules.js';
import type { CheckInSettler } from './settle.js';
import { counts, streakAfter } from './streaks.js';

/** The member's records a status shows (CheckInStatuses fits): the check-in reads yesterday's among them. */
export interface RecentRecords {
  recentRecords(memberId: string, program: CheckInProgram, today: string): Promise<CheckIn[]>;
}

/** A check-in as made: the settled record, and what the member's status needs besides the month's make-ups. */
export interface MadeCheckIn {
  record: CheckIn;
  program: CheckInProgram;
  known: { today: string; records: CheckIn[]; monthTotal: number };
}

/** The program as check-ins read it (CheckInProgramService fits). */
export interface ProgramSource {
  current(): Promise<CheckInProgram>;
}

export function closedError(): BusinessRuleError {
  return new BusinessRuleError(ErrorCode.CheckInClosed, 'Check-in is closed');
}

/** The streak milestones a check-in whose streak is `streak` reaches on `day`. */
export function streakMilestoneRewards(program: CheckInProgram, streak: number, day: string): PlannedReward[] {
  return milestonesOf(program, CheckInMilestoneKind.Streak)
    .filter((m) => m.days === streak)
    .flatMap((m) => planned(m.rewards, 'streak', { days: m.days, reachedOn: day }));
}

/**
 * Today's check-in. The record's id (`<memberId>:<day>`) is the one-a-day limit: the insert either makes the
 * check-in or fails as a duplicate (ALREADY_CHECKED_IN, nothing granted). Its streak continues yesterday's record,
 * read with the other recent days the answer's status shows.
 */
export class RegularCheckIns {
  constructor(
    private readonly records: Model<CheckIn>,
    private readonly programs: ProgramSource,
    private readonly settler: CheckInSettler,
    private readonly recent: RecentRecords,
    private readonly clock: Clock,
    private readonly zone: string,
    /** How long an unsettled check-in belongs to the request that made it (the resume job's grace). */
    private readonly settlingMs: number,
  ) {}

  async checkIn(memberId: string): Promise<MadeCheckIn> {
    const program = await this.programs.current();
    if (!program.active) throw closedError();
    const now = this.clock.now();
    const today = businessDayOf(now, calendarOf(program, this.zone));
    const yesterdayId = `${memberId}:${addDays(today, -1)}`;
    const recent = await this.recent.recentRecords(memberId, program, today);
    const yesterday = recent.find((r) => r._id === yesterdayId);
    const streak = streakAfter(yesterday);
    const cycleDay = cycleDayOf(streak, program);
    const record: CheckIn = {
      _id: `${memberId}:${today}`,
      memberId,
      date: today,
      kind: 'regular',
      attempt: 1,
      merged: true,
      streak,
      cycleDay,
      rewards: [...planned(dayRewardsOf(program, cycleDay), 'day'), ...streakMilestoneRewards(program, streak, today)],
      costPoints: 0,
      costEntryId: null,
      state: 'pending',
      stage: null,
      makeUpMonth: null,
      monthTotal: null,
      settledAt: null,
      recordedAt: now,
      programVersion: program.version,
    };
    // A plain insert of the record as planned (no document to build): the hot path of check-ins.
    const taken = await insertNewInBulk([record], (docs) => this.records.insertMany(docs, { lean: true }));
    if (taken.size > 0) {
      await this.settleLeftover(
        recent.find((r) => r._id === record._id),
        program,
        now,
      );
      throw new BusinessRuleError(ErrorCode.AlreadyCheckedIn, 'Already checked in today', { date: today });
    }
    const current = mayBeMadeUpUnder(yesterday, program) ? await this.catchUp(record, yesterdayId, program) : record;
    const settled = await this.settler.settleCounting(current, program);
    const records = [...recent.filter((r) => r._id !== record._id), settled.record];
    return { record: settled.record, program, known: { today, records, monthTotal: settled.monthDays } };
  }

  /**
   * Today's check-in a crash left unsettled (its request is long gone): a retry finishes paying it, as the resume job
   * would, and still answers ALREADY_CHECKED_IN. A fresh one is left to the request that is settling it.
   */
  private async settleLeftover(existing: CheckIn | undefined, program: CheckInProgram, now: Date): Promise<void> {
    if (!existing || existing.kind !== 'regular' || existing.settledAt !== null) return;
    if (now.getTime() - existing.recordedAt.getTime() < this.settlingMs) return;
    await this.settler.settle(existing, program);
  }

  /**
   * A make-up of an earlier day may have lengthened yesterday's streak between our read and our insert. Reading it
   * again after the insert closes the race: either this read sees the make-up's new streak, or the make-up's walk
   * (which writes yesterday before it reads today) sees this record and fixes its streak itself.
   */
  private async catchUp(record: CheckIn, yesterdayId: string, program: CheckInProgram): Promise<CheckIn> {
    const streak = streakAfter(await this.records.findOne({ _id: yesterdayId, memberId: record.memberId }).lean());
    if (streak === record.streak) return record;
    const rewards = streak > record.streak ? [...record.rewards, ...streakMilestoneRewards(program, streak, record.date)] : record.rewards;
    const after = await this.records
      .findOneAndUpdate(
        { _id: record._id, memberId: record.memberId, streak: record.streak, state: 'pending' },
        { $set: { streak, rewards } },
        { returnDocument: 'after' },
      )
      .lean();
    return after ?? (await this.records.findOne({ _id: record._id, memberId: record.memberId }).lean()) ?? record;
  }
}

/**
 * Whether a make-up running now may still lengthen the streak that ends yesterday: not when make-ups are off, nor when
 * yesterday's streak covers the whole make-up window and one day more (a make-up that began before midnight counts
 * its window from the day before), since then no day a make-up may fill is missing.
 */
function mayBeMadeUpUnder(yesterday: CheckIn | undefined, program: CheckInProgram): boolean {
  if (!makeUpsOn(program)) return false;
  return !(counts(yesterday) && yesterday.streak >= program.makeUp.windowDays + 1);
}
