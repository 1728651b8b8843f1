import { grantedRewardOf, rewardOf, type CheckInProgramView, type CheckInView } from '@laurel/shared';
import type { CheckIn, CheckInProgram } from './model.js';

export function toProgramView(program: CheckInProgram, zone: string): CheckInProgramView {
  const rewards = (list: CheckInProgram['dayRewards'][number]['rewards']) => list.map(rewardOf);
  return {
    active: program.active,
    cycleDays: program.cycleDays,
    dayRewards: program.dayRewards.map((d) => ({ day: d.day, rewards: rewards(d.rewards) })),
    milestones: program.milestones.map((m) => ({ kind: m.kind, days: m.days, rewards: rewards(m.rewards) })),
    afterCycle: program.afterCycle,
    dayStart: program.dayStart,
    makeUp: { ...program.makeUp },
    timeZone: zone,
    activatedOn: program.activatedOn,
    version: program.version,
    updatedAt: program.version === 0 ? null : program.updatedAt.toISOString(),
  };
}

/** A check-in as the member sees it; a make-up lists what it cost as a `make_up_cost` item. */
export function toCheckInView(record: CheckIn): CheckInView {
  const rewards: CheckInView['rewards'] = record.rewards.map((r) => ({
    ...grantedRewardOf(r),
    reason: r.reason,
    ...(typeof r.days === 'number' ? { days: r.days } : {}),
  }));
  if (record.costPoints > 0)
    rewards.push({ type: 'points', amount: record.costPoints, entryId: record.costEntryId, reason: 'make_up_cost' });
  return {
    date: record.date,
    kind: record.kind,
    streak: record.streak,
    cycleDay: record.cycleDay,
    rewards,
    costPoints: record.costPoints,
    recordedAt: record.recordedAt.toISOString(),
  };
}
