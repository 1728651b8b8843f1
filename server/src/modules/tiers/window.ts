import { DateTime } from 'luxon';

/** Over which time a member's qualification metric counts, in the business time zone. */
export type TierWindow = { kind: 'lifetime' } | { kind: 'calendar_year' } | { kind: 'rolling_months'; months: number };

/** Per-month counters of the metric (`YYYY-MM` in the business time zone) and their lifetime total. */
export interface MetricCounters {
  lifetime: number;
  months: Record<string, number>;
}

/** Months older than this before the newest one are dropped: no window looks further back. */
export const MONTHS_KEPT = 36;

/** The metric as it counts at `at`: lifetime, the calendar year of `at`, or the N months ending with `at`'s month. */
export function metricAt(counters: MetricCounters, window: TierWindow, at: Date, zone: string): number {
  if (window.kind === 'lifetime') return counters.lifetime;
  const now = local(at, zone);
  const first =
    window.kind === 'calendar_year'
      ? now.startOf('year').toFormat('yyyy-MM')
      : now.minus({ months: window.months - 1 }).toFormat('yyyy-MM');
  const last = now.toFormat('yyyy-MM');
  let sum = 0;
  // Keys are zero-padded `YYYY-MM`: string order is month order.
  for (const [month, value] of Object.entries(counters.months)) if (month >= first && month <= last) sum += value;
  return sum;
}

/** Drops months no window can reach any more, counted back from `newest`. */
export function pruneMonths(months: Record<string, number>, newest: string): Record<string, number> {
  const oldest = DateTime.fromFormat(newest, 'yyyy-MM', { zone: 'UTC' })
    .minus({ months: MONTHS_KEPT - 1 })
    .toFormat('yyyy-MM');
  return Object.fromEntries(Object.entries(months).filter(([month]) => month >= oldest));
}

/** The end (last millisecond) of the business day `months` calendar months after `from`. */
export function validUntilFrom(from: Date, months: number, zone: string): Date {
  return local(from, zone).plus({ months }).endOf('day').toJSDate();
}

/** The business day evaluation decides: the day after validity plus grace days. */
export function decisionDayOf(validUntil: Date, graceDays: number, zone: string): string {
  return local(validUntil, zone)
    .plus({ days: graceDays + 1 })
    .toFormat('yyyy-MM-dd');
}

function local(at: Date, zone: string): DateTime {
  const value = DateTime.fromJSDate(at, { zone });
  if (!value.isValid) throw new Error(`cannot read ${at.toISOString()} in time zone ${zone}`);
  return value;
}
