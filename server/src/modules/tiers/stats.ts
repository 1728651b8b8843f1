import type { Currency, TierMetric } from '@laurel/shared';
import type { AppliedChange } from '../ledger/types.js';
import type { TierStats } from './model.js';
import { monthKeyOf, pruneMonths } from './window.js';

const RECENT_ORDERS = 50;

/** The wallet whose ledger the metric is folded from. */
export function currencyOfMetric(metric: TierMetric): Currency {
  return metric === 'spend' ? 'points' : 'growth';
}

export function emptyStats(): TierStats {
  return { lifetime: 0, months: {}, recentOrders: [] };
}

/**
 * What one ledger entry adds to the metric: growth counts every change but expiry (refunds and negative
 * adjustments lower it); spend counts points spent minus spent points given back; orders counts each order
 * that earned growth once.
 */
export function foldChange(stats: TierStats, change: AppliedChange, metric: TierMetric, zone: string): TierStats {
  let amount = 0;
  let recentOrders = stats.recentOrders;
  if (metric === 'growth') amount = change.kind === 'expire' ? 0 : change.delta;
  else if (metric === 'spend') amount = change.lifetime.spent - change.lifetime.restored;
  else if (change.kind === 'earn' && change.orderId !== null && !stats.recentOrders.includes(change.orderId)) {
    amount = 1;
    recentOrders = [...stats.recentOrders, change.orderId].slice(-RECENT_ORDERS);
  }
  if (amount === 0 && recentOrders === stats.recentOrders) return stats;
  const month = monthKeyOf(change.createdAt, zone);
  const months = pruneMonths({ ...stats.months, [month]: (stats.months[month] ?? 0) + amount }, month);
  return { lifetime: stats.lifetime + amount, months, recentOrders };
}
