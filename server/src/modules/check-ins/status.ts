import { CheckInMilestoneKind, rewardOf, type CheckInStatusView, type RewardView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { addDays, businessDayOf, monthOf } from '../../platform/periods.js';
import type { CheckIn, CheckInMonth, CheckInProgram, MakeUpCounter } from './model.js';
import { calendarOf, cycleDayOf, dayRewardsOf, makeUpsOn, milestonesOf, totalled } from './rules.js';
import { monthId } from './settle.js';
import { counts } from './streaks.js';

/**
 * What a member sees of their check-ins: today's state, the streak, the current cycle day by day, what the next
 * check-in pays and which missed days may be made up. Three reads: the days of the cycle and of the make-up window,
 * the month's count and the month's make-ups (one after a check-in, which knows the rest).
 */
export class CheckInStatuses {
  constructor(
    private readonly records: Model<CheckIn>,
    private readonly months: Model<CheckInMonth>,
    private readonly counters: Model<MakeUpCounter>,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  /** The first day of the records a status looks at: the current cycle and the make-up window. */
  firstDayShown(program: CheckInProgram, today: string): string {
    const windowDays = makeUpsOn(program) ? program.makeUp.windowDays : 0;
    return addDays(today, -Math.max(program.cycleDays - 1, windowDays, 1));
  }

  /** The member's records from `firstDayShown` to `today` (one read). */
  async recentRecords(memberId: string, program: CheckInProgram, today: string): Promise<CheckIn[]> {
    return this.records.find({ memberId, date: { $gte: this.firstDayShown(program, today), $lte: today } }).lean();
  }

  /**
   * The member's status. `known`: what a check-in has just read and written — the recent records (with its own)
   * and the month's count — so that only the month's make-ups are read.
   */
  async status(
    memberId: string,
    program: CheckInProgram,
    known?: { today: string; records: CheckIn[]; monthTotal: number },
  ): Promise<CheckInStatusView> {
    const today = known?.today ?? businessDayOf(this.clock.now(), calendarOf(program, this.zone));
    const month = monthOf(today);
    const makeUps = makeUpsOn(program);
    const windowDays = makeUps ? program.makeUp.windowDays : 0;
    const [docs, monthTotal, counter] = await Promise.all([
      known ? known.records : this.recentRecords(memberId, program, today),
      known
        ? known.monthTotal
        : this.months
            .findById(monthId(memberId, month))
            .lean()
            .then((doc) => doc?.days?.length ?? 0),
      makeUps ? this.counters.findById(monthId(memberId, month)).lean() : Promise.resolve(null),
    ]);
    const byDate = new Map(docs.map((d) => [d.date, d]));
    const counted = (day: string): CheckIn | null => {
      const record = byDate.get(day);
      return counts(record) ? record : null;
    };
    const todays = counted(today);
    const streak = todays?.streak ?? counted(addDays(today, -1))?.streak ?? 0;
    const cycleDay = todays?.cycleDay ?? cycleDayOf(streak + 1, program);
    const cycleStart = addDays(today, -(cycleDay - 1));
    const days = Array.from({ length: program.cycleDays }, (_, i) => {
      const date = addDays(cycleStart, i);
      const record = counted(date);
      return {
        date,
        cycleDay: record?.cycleDay ?? i + 1,
        checkedIn: record !== null,
        kind: record?.kind ?? null,
        rewards: record ? dayRewardsPaid(record) : dayRewardsOf(program, i + 1).map((r) => ({ type: r.type, amount: r.amount })),
      };
    });
    const next = todays ? addDays(today, 1) : today;
    const makeUpsLeft = makeUps ? Math.max(0, program.makeUp.perMonth - (counter?.used ?? 0)) : 0;
    return {
      today,
      checkedInToday: todays !== null,
      streak,
      cycleDay,
      cycleDays: program.cycleDays,
      days,
      nextReward: nextReward(program, (todays?.streak ?? streak) + 1, monthOf(next) === month ? monthTotal + 1 : 1),
      monthTotal,
      makeUpsLeft,
      makeUpDays: program.active && makeUpsLeft > 0 ? missedDays(program, today, windowDays, byDate) : [],
      makeUpCostPoints: program.makeUp.costPoints,
      active: program.active,
    };
  }
}

function dayRewardsPaid(record: CheckIn): RewardView[] {
  return record.rewards.filter((r) => r.reason === 'day').map(rewardOf);
}

/** The day reward and the milestones of the next check-in, if it continues the streak. */
function nextReward(program: CheckInProgram, streak: number, monthTotal: number): RewardView[] {
  const reached = (kind: CheckInMilestoneKind, days: number) =>
    milestonesOf(program, kind)
      .filter((m) => m.days === days)
      .flatMap((m) => m.rewards);
  return totalled([
    ...dayRewardsOf(program, cycleDayOf(streak, program)),
    ...reached(CheckInMilestoneKind.Streak, streak),
    ...reached(CheckInMilestoneKind.MonthlyTotal, monthTotal),
  ]);
}

/** Days of the make-up window (newest first) without a check-in, from the program's first day on. */
function missedDays(program: CheckInProgram, today: string, windowDays: number, byDate: Map<string, CheckIn>): string[] {
  const missed: string[] = [];
  for (let back = 1; back <= windowDays; back++) {
    const day = addDays(today, -back);
    if (program.activatedOn !== null && day < program.activatedOn) break;
    const record = byDate.get(day);
    if (!record || record.state === 'cancelled') missed.push(day);
  }
  return missed;
}
