import type { TierChangeReason, TierMetric } from '@laurel/shared';
import type { TierDecision } from './changes.js';
import { downgradeTarget, qualifiedTier, rankOf, tierOf, type Ladder } from './ladder.js';
import type { MemberTier, Tier, TierActor, TierState } from './model.js';
import { basisOf, countersAt, emptyStats, type PendingGrowth } from './stats.js';
import { businessDayOf } from '../../platform/periods.js';
import { decisionDayOf, metricAt, validUntilFrom, type TierWindow } from './window.js';

/** The program-wide qualification settings. */
export interface TierProgram {
  metric: TierMetric;
  /** When growth earned with a pending period starts to count (growth metric). */
  pendingGrowth: PendingGrowth;
  window: TierWindow;
  zone: string;
  warningDays: number;
}

/** The metric at `at` from the member's counters; counters of another basis count as nothing (they are rebuilt when synced). */
export function metricOf(member: MemberTier, program: TierProgram, at: Date): number {
  const stats =
    member.tierStatsMetric === basisOf(program.metric, program.pendingGrowth) ? (member.tierStats ?? emptyStats()) : emptyStats();
  return metricAt(countersAt(stats, at, program.zone), program.window, at, program.zone);
}

/** The member fields for holding `tier` from `from`: validity from the tier (or as given), then grace, then the decision day. */
export function stateFor(tier: Tier | null, from: Date, autoUpgrade: boolean, zone: string, validUntil?: Date): TierState {
  if (!tier) return { tier: null, tierSince: null, tierValidUntil: null, tierDueDay: null, tierAutoUpgrade: autoUpgrade };
  const until = validUntil ?? (tier.validityMonths === null ? null : validUntilFrom(from, tier.validityMonths, zone));
  return {
    tier: tier.code,
    tierSince: from,
    tierValidUntil: until,
    tierDueDay: until === null ? null : decisionDayOf(until, tier.graceDays, zone),
    tierAutoUpgrade: autoUpgrade,
  };
}

/** Up to the highest tier the metric qualifies for, unless automatic upgrades are off for the member. */
export function decideUpgrade(
  member: MemberTier,
  ladder: Ladder,
  program: TierProgram,
  now: Date,
  actor: TierActor,
  reason: TierChangeReason,
): TierDecision | null {
  if (member.tierAutoUpgrade === false) return null;
  const metric = metricOf(member, program, now);
  const target = qualifiedTier(ladder, metric);
  if (!target || target.rank <= rankOf(ladder, member.tier ?? null)) return null;
  return { state: stateFor(target, now, true, program.zone), reason, actor, note: null, metric };
}

/**
 * At the decision day: a missed upgrade first; then retention met → 'extend' (another validity period);
 * missed → down by the tier's downgrade mode. null when nothing is due.
 */
export function decideDue(
  member: MemberTier,
  ladder: Ladder,
  program: TierProgram,
  now: Date,
  actor: TierActor,
): TierDecision | 'extend' | null {
  const upgrade = decideUpgrade(member, ladder, program, now, actor, 'upgrade');
  if (upgrade) return upgrade;
  if (!member.tierDueDay || member.tierDueDay > businessDayOf(now, { zone: program.zone })) return null;
  const current = tierOf(ladder, member.tier ?? null);
  const metric = metricOf(member, program, now);
  if (current && metric >= current.retentionThreshold) return 'extend';
  const target = current ? downgradeTarget(ladder, current, metric) : qualifiedTier(ladder, metric);
  return {
    state: stateFor(target, now, member.tierAutoUpgrade !== false, program.zone),
    reason: 'retention_missed',
    actor,
    note: null,
    metric,
  };
}

/**
 * The next validity period after the current one (repeated if the job was late by more than a period), so the next
 * decision day is always after `now`; none (held for good) when the tier no longer expires.
 */
export function extendedUntil(
  member: MemberTier,
  ladder: Ladder,
  program: TierProgram,
  now: Date,
): { until: Date | null; day: string | null } {
  const current = tierOf(ladder, member.tier ?? null);
  if (!current || current.validityMonths === null) return { until: null, day: null };
  let until = validUntilFrom(member.tierValidUntil ?? now, current.validityMonths, program.zone);
  while (until <= now) until = validUntilFrom(until, current.validityMonths, program.zone);
  return { until, day: decisionDayOf(until, current.graceDays, program.zone) };
}

/** Against edited definitions: up to what the metric qualifies for; down when the current retention is not met. */
export function decideReevaluation(
  member: MemberTier,
  ladder: Ladder,
  program: TierProgram,
  now: Date,
  actor: TierActor,
): TierDecision | null {
  const up = decideUpgrade(member, ladder, program, now, actor, 'reevaluation');
  if (up) return up;
  if (!member.tier) return null;
  const current = tierOf(ladder, member.tier);
  const metric = metricOf(member, program, now);
  if (current && metric >= current.retentionThreshold) return null;
  const target = current ? downgradeTarget(ladder, current, metric) : qualifiedTier(ladder, metric);
  if ((target?.code ?? null) === member.tier) return null;
  return {
    state: stateFor(target, now, member.tierAutoUpgrade !== false, program.zone),
    reason: 'reevaluation',
    actor,
    note: null,
    metric,
  };
}
