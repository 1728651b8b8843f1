import { CheckInMilestoneKind, ErrorCode } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { addDays, businessDayOf } from '../../platform/periods.js';
import type { CheckIn, CheckInProgram, PlannedReward } from './model.js';
import { calendarOf, cycleDayOf, dayRewardsOf, makeUpsOn, milestonesOf, planned } from './rules.js';
import type { CheckInSettler } from './settle.js';
import { streakAfter } from './streaks.js';

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
 * check-in or fails as a duplicate (ALREADY_CHECKED_IN, nothing granted). Its streak continues yesterday's record.
 */
export class RegularCheckIns {
  constructor(
    private readonly records: Model<CheckIn>,
    private readonly programs: ProgramSource,
    private readonly settler: CheckInSettler,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async checkIn(memberId: string): Promise<{ record: CheckIn; program: CheckInProgram }> {
    const program = await this.programs.current();
    if (!program.active) throw closedError();
    const now = this.clock.now();
    const today = businessDayOf(now, calendarOf(program, this.zone));
    const yesterdayId = `${memberId}:${addDays(today, -1)}`;
    const streak = streakAfter(await this.records.findOne({ _id: yesterdayId, memberId }).lean());
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
    try {
      await this.records.create(record);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      throw new BusinessRuleError(ErrorCode.AlreadyCheckedIn, 'Already checked in today', { date: today });
    }
    const current = makeUpsOn(program) ? await this.catchUp(record, yesterdayId, program) : record;
    return { record: await this.settler.settle(current, program), program };
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
