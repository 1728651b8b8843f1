import type { RefundPolicy } from '@laurel/shared';
import { BusinessRuleError } from '../../platform/errors.js';
import { DraftBuilder, type Draft } from './lots.js';
import { expiresAtFor } from './expiry-policy.js';
import type { LedgerEntry, Lot, LotAttrs, LotChange, WalletState } from './model.js';
import type { PlanContext } from './plans.js';

/** What one wallet's applied ledger says about one order. */
export interface OrderHistory {
  earned: number;
  /** Lots the order's earnings were credited to: pending_only takes back only from these, while pending. */
  earnLotIds: Set<string>;
  /**
   * Expiry instants (ms, Infinity = never) of the order's earnings. Available lots merge by expiry, so once
   * released from pending the order's units are in the available lot of that expiry.
   */
  earnExpiries: Set<number>;
  spent: number;
  /** The lots the order's spending came from, positive amounts. */
  spentPieces: LotChange[];
  /** Sum of the refund shares recorded so far, and the order amount they were stated against. */
  refunded: number;
  orderAmount: number | null;
  /** Units already dealt with by earlier refunds: reversed + debt + forgiven. */
  accounted: number;
  restored: number;
}

export function orderHistory(entries: LedgerEntry[]): OrderHistory {
  const history: OrderHistory = {
    earned: 0,
    earnLotIds: new Set(),
    earnExpiries: new Set(),
    spent: 0,
    spentPieces: [],
    refunded: 0,
    orderAmount: null,
    accounted: 0,
    restored: 0,
  };
  for (const e of entries) {
    if (e.kind === 'earn') {
      history.earned += e.lifetime.earned;
      for (const lot of e.lots) {
        if (lot.delta <= 0) continue;
        history.earnLotIds.add(lot.lotId);
        history.earnExpiries.add(expiryOf(lot));
      }
    } else if (e.kind === 'spend') {
      history.spent += e.lifetime.spent;
      for (const lot of e.lots) if (lot.delta < 0) history.spentPieces.push({ ...lot, delta: -lot.delta });
    } else if (e.kind === 'capture' && e.holdClose) {
      history.spent += e.holdClose.amount;
      history.spentPieces.push(...e.holdClose.pieces);
    } else if (e.kind === 'reverse' && e.refund) {
      history.refunded += e.refund.refundAmount;
      history.orderAmount = e.refund.orderAmount;
      history.accounted += e.refund.reversed + e.refund.debt + e.refund.forgiven;
      history.restored += e.refund.restored;
    }
  }
  return history;
}

export interface ReverseInput {
  orderId: string;
  refundAmount: number;
  orderAmount: number;
  policy: RefundPolicy;
}

/** floor(units × part / whole) without overflow. */
export function shareOf(units: number, part: number, whole: number): number {
  return Number((BigInt(units) * BigInt(part)) / BigInt(whole));
}

/**
 * A refund of `refundAmount` out of `orderAmount`. Shares are cumulative — after refunds totalling R the
 * order has given back floor(earned × R / orderAmount) — so repeated partial refunds never take back more
 * than the order earned, and a full refund takes back exactly that. Spent points come back first (latest
 * expiry first, with their original expiry, see restoredExpiry), then earned points are taken back: from the
 * order's own lots first, then per the policy.
 * A wallet the order never touched still gets a (zero) entry: the refund is on record there, so a replay
 * of its key stays a replay even if the order earns in this wallet later.
 */
export function planReverse(state: WalletState, history: OrderHistory, input: ReverseInput, ctx: PlanContext): Draft {
  if (history.orderAmount !== null && history.orderAmount !== input.orderAmount) {
    throw new BusinessRuleError(
      'ORDER_AMOUNT_MISMATCH',
      `Earlier refunds of order ${input.orderId} were stated against an order amount of ${history.orderAmount}`,
      {
        orderAmount: history.orderAmount,
      },
    );
  }
  const share = Math.min(input.refundAmount, input.orderAmount - history.refunded);
  const cumulative = history.refunded + share;
  const toReverse = Math.max(0, shareOf(history.earned, cumulative, input.orderAmount) - history.accounted);
  const toRestore = Math.max(0, shareOf(history.spent, cumulative, input.orderAmount) - history.restored);

  const b = new DraftBuilder(state, ctx.maxLots);
  const graceEnd = restoreGraceEnd(ctx);
  for (const piece of restorePieces(history.spentPieces, history.restored, toRestore)) {
    b.credit(
      {
        pending: false,
        earnedAt: piece.earnedAt,
        availableAt: ctx.now,
        expiresAt: restoredExpiry(piece.expiresAt, graceEnd),
        source: { type: 'order', id: input.orderId },
      },
      piece.delta,
    );
  }
  b.lifetime.restored += toRestore;

  // The order's own earnings go first (pending, then available), only then other units, never expired ones:
  // restored points past their expiry are worth nothing and must not pay the earning back.
  const live = (lot: Lot) => lot.expiresAt === null || lot.expiresAt >= ctx.now;
  const ownPending = (lot: Lot) => lot.pending && history.earnLotIds.has(lot.lotId);
  const ownAvailable = (lot: Lot) =>
    !lot.pending && live(lot) && (history.earnLotIds.has(lot.lotId) || history.earnExpiries.has(expiryOf(lot)));
  let reversed = sumOf(b.take(toReverse, ownPending));
  if (input.policy !== 'pending_only') {
    reversed += sumOf(b.take(toReverse - reversed, ownAvailable));
    reversed += sumOf(b.take(toReverse - reversed, (lot) => !lot.pending && live(lot)));
  }
  const shortfall = toReverse - reversed;
  const debt = input.policy === 'allow_debt' ? shortfall : 0;
  b.addDebt(debt);
  b.lifetime.reversed += reversed + debt;

  const refund = {
    refundAmount: share,
    orderAmount: input.orderAmount,
    policy: input.policy,
    reversed,
    restored: toRestore,
    debt,
    forgiven: shortfall - debt,
  };
  return b.build('reverse', { source: { type: 'order', id: input.orderId }, orderId: input.orderId, refund });
}

/** Spent pieces come back latest-expiring first (never-expiring first of all); `skip` units were given back earlier. */
function restorePieces(pieces: LotChange[], skip: number, take: number): LotChange[] {
  const expiry = (p: LotChange) => p.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const ordered = [...pieces].sort(
    (a, b) => expiry(b) - expiry(a) || b.earnedAt.getTime() - a.earnedAt.getTime() || (a.lotId < b.lotId ? 1 : a.lotId > b.lotId ? -1 : 0),
  );
  const out: LotChange[] = [];
  let toSkip = skip;
  let left = take;
  for (const piece of ordered) {
    if (left === 0) break;
    const skipped = Math.min(toSkip, piece.delta);
    toSkip -= skipped;
    const part = Math.min(left, piece.delta - skipped);
    if (part > 0) out.push({ ...piece, delta: part });
    left -= part;
  }
  return out;
}

/** The end of the business day `restoreGraceDays` after the refund; null without a grace. */
function restoreGraceEnd(ctx: PlanContext): Date | null {
  const days = ctx.restoreGraceDays ?? 0;
  return days > 0 ? expiresAtFor({ kind: 'days', days }, ctx.now, ctx.zone) : null;
}

/**
 * A restored piece keeps its own expiry, so a refund never refreshes expiring points; with a grace, one that has
 * expired or would expire within it lasts until the grace ends. Without a grace, an expired piece is expired at once.
 */
function restoredExpiry(original: Date | null, graceEnd: Date | null): Date | null {
  if (original === null || graceEnd === null) return original;
  return original < graceEnd ? graceEnd : original;
}

function expiryOf(lot: LotAttrs): number {
  return lot.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
}

function sumOf(pieces: LotChange[]): number {
  return pieces.reduce((total, piece) => total + piece.delta, 0);
}
