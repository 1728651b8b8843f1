import { AfterCycle, CheckInMilestoneKind, rewardName, rewardOf, type FieldError, type RewardView } from '@laurel/shared';
import { duplicateRewardProblem } from '../rewards/checks.js';
import { minutesOfDayStart, type BusinessCalendar } from '../../platform/periods.js';
import type { CheckInProgram, PlannedReward } from './model.js';

/** The program's fields as an operator sets them (everything but identity, activation and version). */
export type ProgramFields = Pick<
  CheckInProgram,
  'active' | 'cycleDays' | 'dayRewards' | 'milestones' | 'afterCycle' | 'dayStart' | 'makeUp'
>;

/** What a program that was never configured answers: closed, a 7-day cycle without rewards, no make-ups. */
export const DEFAULT_PROGRAM: CheckInProgram = {
  _id: 'default',
  active: false,
  cycleDays: 7,
  dayRewards: [],
  milestones: [],
  afterCycle: AfterCycle.Restart,
  dayStart: '00:00',
  makeUp: { windowDays: 0, perMonth: 0, costPoints: 0, payDayReward: true },
  activatedOn: null,
  version: 0,
  updatedAt: new Date(0),
};

/** The longest a calendar month is: a monthly_total milestone beyond it could never be reached. */
const MAX_MONTH_DAYS = 31;

export function calendarOf(program: Pick<CheckInProgram, 'dayStart'>, zone: string): BusinessCalendar {
  return { zone, dayStartMinutes: minutesOfDayStart(program.dayStart) };
}

export function makeUpsOn(program: CheckInProgram): boolean {
  return program.makeUp.windowDays > 0 && program.makeUp.perMonth > 0;
}

/** The place in the cycle of the check-in whose streak is `streak` (1-based). */
export function cycleDayOf(streak: number, program: Pick<CheckInProgram, 'cycleDays' | 'afterCycle'>): number {
  if (program.afterCycle === AfterCycle.RepeatLast) return Math.min(streak, program.cycleDays);
  return ((streak - 1) % program.cycleDays) + 1;
}

export function dayRewardsOf(program: CheckInProgram, cycleDay: number): RewardView[] {
  return program.dayRewards.find((d) => d.day === cycleDay)?.rewards ?? [];
}

export function milestonesOf(program: CheckInProgram, kind: CheckInMilestoneKind): CheckInProgram['milestones'] {
  return program.milestones.filter((m) => m.kind === kind);
}

/** A reward list as planned for a reason (each reward waits for its ledger entry). */
export function planned(
  rewards: readonly RewardView[],
  reason: PlannedReward['reason'],
  extra: Partial<PlannedReward> = {},
): PlannedReward[] {
  return rewards.map((r) => ({ ...rewardOf(r), reason, ...extra, entryId: null }));
}

/** Rewards added up by name (points, growth, each coupon template, each benefit), in the order they first appear. */
export function totalled(rewards: readonly RewardView[]): RewardView[] {
  const byName = new Map<string, RewardView>();
  for (const r of rewards) {
    const seen = byName.get(rewardName(r));
    byName.set(rewardName(r), seen ? { ...seen, amount: seen.amount + r.amount } : rewardOf(r));
  }
  return [...byName.values()];
}

/** What the DTO cannot see field by field: how the program's parts fit together. */
export function programProblems(program: ProgramFields): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reasons: [reason] });
  const seenDays = new Set<number>();
  program.dayRewards.forEach((entry, i) => {
    if (entry.day > program.cycleDays) add(`dayRewards[${i}].day`, `day must be within the cycle (1 to ${program.cycleDays})`);
    if (seenDays.has(entry.day)) add(`dayRewards[${i}].day`, `day ${entry.day} is listed more than once`);
    seenDays.add(entry.day);
    rewardProblems(entry.rewards, `dayRewards[${i}].rewards`, add);
  });
  const seenMilestones = new Set<string>();
  program.milestones.forEach((milestone, i) => {
    const name = `${milestone.kind}:${milestone.days}`;
    if (seenMilestones.has(name))
      add(`milestones[${i}]`, `the ${milestone.kind} milestone of ${milestone.days} days is listed more than once`);
    seenMilestones.add(name);
    if (milestone.kind === CheckInMilestoneKind.MonthlyTotal && milestone.days > MAX_MONTH_DAYS)
      add(`milestones[${i}].days`, `a monthly_total milestone can be at most ${MAX_MONTH_DAYS} days`);
    if (milestone.rewards.length === 0) add(`milestones[${i}].rewards`, 'a milestone must give at least one reward');
    rewardProblems(milestone.rewards, `milestones[${i}].rewards`, add);
  });
  return problems;
}

function rewardProblems(rewards: readonly RewardView[], field: string, add: (field: string, reason: string) => void): void {
  const duplicate = duplicateRewardProblem(rewards);
  if (duplicate) add(field, duplicate);
}
