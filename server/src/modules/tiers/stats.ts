import type { Currency, TierMetric } from '@laurel/shared';
import { isGrantId } from '../ledger/grants.js';
import type { AppliedChange } from '../ledger/types.js';
import { businessDayOf, businessMonthOf } from '../../platform/periods.js';
import { pruneMonths, type MetricCounters } from './window.js';

const RECENT_ORDERS = 50;

/** Per-month counters of the qualification metric, folded from the member's ledger in `seq` order. */
export interface TierStats {
  lifetime: number;
  months: Record<string, number>;
  /** The last orders counted (orders metric): an order earning under several rules counts once. */
  recentOrders: string[];
  /** Growth not yet counted because it is pending, by the instant it becomes available (earliest first). */
  pending?: { at: Date; amount: number }[];
}

/** Whether growth earned with a pending period counts towards tiers once it is available (default) or at once. */
export const PENDING_GROWTH_MODES = ['available', 'immediate'] as const;
export type PendingGrowth = (typeof PENDING_GROWTH_MODES)[number];

/** What a member's counters count: the metric and, for growth counted once available, that rule too. */
export type CountingBasis = TierMetric | 'growth:available';
export const COUNTING_BASES: readonly CountingBasis[] = ['growth', 'growth:available', 'spend', 'orders'];

export function basisOf(metric: TierMetric, pendingGrowth: PendingGrowth): CountingBasis {
  return metric === 'growth' && pendingGrowth === 'available' ? 'growth:available' : metric;
}

/** The wallet whose ledger the metric is folded from. */
export function currencyOfMetric(metric: TierMetric): Currency {
  return metric === 'spend' ? 'points' : 'growth';
}

export function emptyStats(): TierStats {
  return { lifetime: 0, months: {}, recentOrders: [], pending: [] };
}

/**
 * What one ledger entry adds to the metric: growth counts every change but expiry (refunds and negative
 * adjustments lower it); spend counts points spent minus spent points given back; orders counts each order
 * that earned growth once (grants — task rewards and the like — are not orders). Growth counted once available keeps pending units aside, by the instant they become
 * available, and counts them from then on (in that month), whether or not the ledger has released them yet.
 */
export function foldChange(stats: TierStats, change: AppliedChange, basis: CountingBasis, zone: string): TierStats {
  if (basis === 'growth:available') return foldAvailableGrowth(stats, change, zone);
  let amount = 0;
  let recentOrders = stats.recentOrders;
  if (basis === 'growth') amount = change.kind === 'expire' ? 0 : change.delta;
  else if (basis === 'spend') amount = change.lifetime.spent - change.lifetime.restored;
  else if (
    change.kind === 'earn' &&
    change.orderId !== null &&
    !isGrantId(change.orderId) &&
    !stats.recentOrders.includes(change.orderId)
  ) {
    amount = 1;
    recentOrders = [...stats.recentOrders, change.orderId].slice(-RECENT_ORDERS);
  }
  if (amount === 0 && recentOrders === stats.recentOrders) return stats;
  return { ...add(stats, businessMonthOf(change.createdAt, { zone }), amount), recentOrders };
}

/** The counters as they count at `at`: pending growth whose time has come counts as available. */
export function countersAt(stats: TierStats, at: Date, zone: string): MetricCounters {
  return settled(stats, at, zone);
}

/** The business day the earliest growth still pending after `now` becomes available; null when none is. */
export function nextAvailableDay(stats: TierStats, now: Date, zone: string): string | null {
  const next = (stats.pending ?? []).find((p) => p.at > now);
  return next ? businessDayOf(next.at, { zone }) : null;
}

function foldAvailableGrowth(stats: TierStats, change: AppliedChange, zone: string): TierStats {
  const at = change.createdAt;
  // Pending units whose time had come by this entry are available for it (released by it, taken, or expired).
  let next = settled(stats, at, zone);
  let stillPending = 0;
  for (const piece of change.pending) {
    if (piece.availableAt <= at) continue;
    stillPending += piece.delta;
    next = { ...next, pending: withPending(next.pending ?? [], piece.availableAt, piece.delta) };
  }
  const amount = change.kind === 'expire' ? 0 : change.delta - stillPending;
  return amount === 0 ? next : add(next, businessMonthOf(at, { zone }), amount);
}

/** The pending growth due by `at` moved into the months it became available in. */
function settled(stats: TierStats, at: Date, zone: string): TierStats {
  const pending = stats.pending ?? [];
  if (pending.length === 0 || pending[0]!.at > at) return stats;
  let next: TierStats = { ...stats, pending: pending.filter((p) => p.at > at) };
  for (const p of pending) if (p.at <= at) next = add(next, businessMonthOf(p.at, { zone }), p.amount);
  return next;
}

function add(stats: TierStats, month: string, amount: number): TierStats {
  if (amount === 0) return stats;
  const months = pruneMonths({ ...stats.months, [month]: (stats.months[month] ?? 0) + amount }, month);
  return { ...stats, lifetime: stats.lifetime + amount, months };
}

/** Pending growth by instant, earliest first; a taken piece lowers its instant's amount. */
function withPending(pending: { at: Date; amount: number }[], at: Date, delta: number): { at: Date; amount: number }[] {
  const same = pending.find((p) => p.at.getTime() === at.getTime());
  const rest = pending.filter((p) => p !== same);
  const amount = (same?.amount ?? 0) + delta;
  const next = amount > 0 ? [...rest, { at, amount }] : rest;
  return next.sort((a, b) => a.at.getTime() - b.at.getTime());
}
