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

export function expiresAtFor(policy: ExpiryPolicy, earnedAt: Date, zone: string): Date | null {
  const local = inZone(earnedAt, zone);
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
