import type { AfterCycle, CheckInMilestoneKind, CheckInProgramView, UpdateCheckInProgramDto } from '@laurel/shared';
import { namePathOf } from '../../api/fieldErrors';
import { rewardInputOf, toAmounts, toRewards, type RewardAmounts } from '../tasks/rewards';

/**
 * The program as the form holds it: `days[i]` are the rewards of cycle day i + 1 (one row per day), each reward
 * list one amount per reward type. {@link checkInFieldOf} maps the server's field paths onto these inputs.
 */
export interface CheckInFormValues {
  active?: boolean;
  cycleDays?: number | null;
  afterCycle?: AfterCycle;
  dayStart?: string;
  days?: RewardAmounts[];
  milestones?: { kind?: CheckInMilestoneKind; days?: number | null; rewards?: RewardAmounts }[];
  makeUp?: { windowDays?: number | null; perMonth?: number | null; costPoints?: number | null; payDayReward?: boolean };
}

export const MAX_CYCLE_DAYS = 366;

/** The cycle length the form shows rows for (1 to 366, whatever is typed). */
export function cycleLengthOf(value: number | null | undefined): number {
  return typeof value === 'number' && value >= 1 ? Math.min(Math.floor(value), MAX_CYCLE_DAYS) : 1;
}

export function toFormValues(program: CheckInProgramView): CheckInFormValues {
  const days: RewardAmounts[] = Array.from({ length: cycleLengthOf(program.cycleDays) }, () => ({}));
  for (const d of program.dayRewards) days[d.day - 1] = toAmounts(d.rewards);
  return {
    active: program.active,
    cycleDays: program.cycleDays,
    afterCycle: program.afterCycle,
    dayStart: program.dayStart,
    days,
    milestones: program.milestones.map((m) => ({ kind: m.kind, days: m.days, rewards: toAmounts(m.rewards) })),
    makeUp: { ...program.makeUp },
  };
}

// A missing number is left out of the body (JSON drops undefined), so the server names that field in its answer.
const num = (v: number | null | undefined) => (v ?? undefined) as number;

/** The whole program; days past the cycle length and days without rewards are left out. */
export function toBody(v: CheckInFormValues, version: number): UpdateCheckInProgramDto {
  const cycleDays = cycleLengthOf(v.cycleDays);
  return {
    ...(version > 0 ? { version } : {}),
    active: v.active ?? false,
    cycleDays: num(v.cycleDays),
    dayRewards: (v.days ?? [])
      .slice(0, cycleDays)
      .map((amounts, i) => ({ day: i + 1, rewards: toRewards(amounts) }))
      .filter((d) => d.rewards.length > 0),
    milestones: (v.milestones ?? []).map((m) => ({ kind: m.kind ?? 'streak', days: num(m.days), rewards: toRewards(m.rewards) })),
    afterCycle: v.afterCycle ?? 'restart',
    dayStart: v.dayStart?.trim() || '00:00',
    makeUp: {
      windowDays: num(v.makeUp?.windowDays),
      perMonth: num(v.makeUp?.perMonth),
      costPoints: num(v.makeUp?.costPoints),
      payDayReward: v.makeUp?.payDayReward ?? true,
    },
  };
}

/** The input a server field error of the sent body belongs to. */
export function checkInFieldOf(field: string, sent: UpdateCheckInProgramDto): (string | number)[] {
  const path = namePathOf(field);
  const [head, second, third, fourth, fifth] = path;
  if (head === 'dayRewards') {
    const entry = typeof second === 'number' ? sent.dayRewards[second] : undefined;
    // The list as a whole (e.g. more days than the cycle has) is about the cycle length.
    if (!entry) return ['cycleDays'];
    return ['days', entry.day - 1, ...(third === 'rewards' ? rewardInputOf(entry.rewards, fourth, fifth) : ['points'])];
  }
  if (head === 'milestones' && typeof second === 'number') {
    if (third === 'rewards') return ['milestones', second, 'rewards', ...rewardInputOf(sent.milestones[second]?.rewards, fourth, fifth)];
    return ['milestones', second, third === 'kind' ? 'kind' : 'days'];
  }
  return path;
}
