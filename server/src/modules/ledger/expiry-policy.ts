import { DateTime } from 'luxon';

/**
 * When earned units expire, counted from the instant they are earned, in the business time zone:
 * - never
 * - days: at the end of the day N days after the day of earning
 * - month_end: at the end of the month N months after the month of earning (0 = this month)
 * - year_end: at the end of the year N years after the year of earning (earned in 2026, N=1 → 2027-12-31T23:59:59.999)
 */
export type ExpiryPolicy =
  { kind: 'never' } | { kind: 'days'; days: number } | { kind: 'month_end'; months: number } | { kind: 'year_end'; years: number };

/**
 * Every policy's expiry depends only on the local day of earning, so the last day's answer is kept per policy
 * and zone: time-zone arithmetic once a day instead of once per earn (it was a visible share of an earn's CPU).
 */
const lastDay = new Map<string, { from: number; until: number; expiresAt: number | null }>();

export function expiresAtFor(policy: ExpiryPolicy, earnedAt: Date, zone: string): Date | null {
  if (policy.kind === 'never') return null;
  const cacheKey = `${zone} ${policy.kind} ${policy.kind === 'days' ? policy.days : policy.kind === 'month_end' ? policy.months : policy.years}`;
  const at = earnedAt.getTime();
  let day = lastDay.get(cacheKey);
  if (!day || at < day.from || at >= day.until) {
    const local = inZone(earnedAt, zone).startOf('day');
    day = { from: local.toMillis(), until: local.plus({ days: 1 }).toMillis(), expiresAt: computeExpiry(policy, local)?.getTime() ?? null };
    lastDay.set(cacheKey, day);
  }
  return day.expiresAt === null ? null : new Date(day.expiresAt);
}

function computeExpiry(policy: ExpiryPolicy, local: DateTime): Date | null {
  switch (policy.kind) {
    case 'never':
      return null;
    case 'days':
      return local.plus({ days: policy.days }).endOf('day').toJSDate();
    case 'month_end':
      return local.startOf('month').plus({ months: policy.months }).endOf('month').toJSDate();
    case 'year_end':
      return local.startOf('year').plus({ years: policy.years }).endOf('year').toJSDate();
  }
}

/** The instant pending units become available: the same local time N calendar days later (DST-safe). */
export function pendingUntil(earnedAt: Date, days: number, zone: string): Date {
  return inZone(earnedAt, zone).plus({ days }).toJSDate();
}

/** Problems with a policy or zone, empty when it is usable. */
export function expiryPolicyProblems(policy: ExpiryPolicy, zone: string): string[] {
  const problems: string[] = [];
  if (!DateTime.now().setZone(zone).isValid) problems.push(`unknown time zone ${zone}`);
  const count =
    policy.kind === 'days' ? policy.days : policy.kind === 'month_end' ? policy.months : policy.kind === 'year_end' ? policy.years : 0;
  if (!Number.isInteger(count) || count < 0 || count > 36_500) problems.push(`${policy.kind} needs a whole number from 0 to 36500`);
  return problems;
}

function inZone(at: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) throw new Error(`cannot read ${at.toISOString()} in time zone ${zone}: ${local.invalidReason ?? 'invalid'}`);
  return local;
}
