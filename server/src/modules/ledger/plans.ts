import { ErrorCode, type LedgerSource } from '@laurel/shared';
import { BusinessRuleError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { expiresAtFor, pendingUntil, type ExpiryPolicy } from './expiry-policy.js';
import { DraftBuilder, type Draft } from './lots.js';
import type { WalletState } from './model.js';

/** What every plan needs besides the wallet: the instant, and the wallet's currency settings. */
export interface PlanContext {
  now: Date;
  zone: string;
  expiry: ExpiryPolicy;
  maxLots: number;
  maxOpenHolds: number;
  /** Refunds only: see LedgerOptions.restoreGraceDays (0 when absent). */
  restoreGraceDays?: number;
}

export const SYSTEM_EXPIRE: LedgerSource = { type: 'system', id: 'expire' };
export const SYSTEM_RELEASE: LedgerSource = { type: 'system', id: 'release_pending' };

export function planEarn(
  state: WalletState,
  input: { amount: number; pendingDays: number; source: LedgerSource; orderId: string | null; reason: string | null },
  ctx: PlanContext,
): Draft {
  const b = new DraftBuilder(state, ctx.maxLots);
  const pending = input.pendingDays > 0;
  b.credit(
    {
      pending,
      earnedAt: ctx.now,
      availableAt: pending ? pendingUntil(ctx.now, input.pendingDays, ctx.zone) : ctx.now,
      expiresAt: expiresAtFor(ctx.expiry, ctx.now, ctx.zone),
      source: input.source,
    },
    input.amount,
  );
  b.lifetime.earned += input.amount;
  return b.build('earn', { source: input.source, orderId: input.orderId, reason: input.reason });
}

export function planSpend(
  state: WalletState,
  input: { amount: number; source: LedgerSource; orderId: string | null; reason: string | null },
  ctx: PlanContext,
): Draft {
  const b = new DraftBuilder(state, ctx.maxLots);
  requireAvailable(b, input.amount);
  b.take(input.amount);
  b.lifetime.spent += input.amount;
  return b.build('spend', { source: input.source, orderId: input.orderId, reason: input.reason });
}

export function planHold(state: WalletState, input: { amount: number; orderId: string }, ctx: PlanContext): Draft {
  if (state.holds.some((h) => h.orderId === input.orderId)) {
    throw new ConflictError(`Points are already held for order ${input.orderId}`, 'HOLD_EXISTS', { orderId: input.orderId });
  }
  if (state.holds.length >= ctx.maxOpenHolds) {
    throw new BusinessRuleError('TOO_MANY_HOLDS', `A wallet may have at most ${ctx.maxOpenHolds} open holds`, { max: ctx.maxOpenHolds });
  }
  const b = new DraftBuilder(state, ctx.maxLots);
  requireAvailable(b, input.amount);
  const pieces = b.take(input.amount);
  b.changeHeld(input.amount);
  const holdOpen = { orderId: input.orderId, amount: input.amount, heldAt: ctx.now, pieces };
  return b.build('hold', { source: { type: 'order', id: input.orderId }, orderId: input.orderId, holdOpen });
}

/** Capture (points leave for good) or release (points go back to the lots they came from) of an order's hold. */
export function planCloseHold(state: WalletState, input: { orderId: string; capture: boolean }, ctx: PlanContext): Draft {
  const hold = state.holds.find((h) => h.orderId === input.orderId);
  if (!hold) throw new NotFoundError('Open hold', { orderId: input.orderId });
  const b = new DraftBuilder(state, ctx.maxLots);
  b.changeHeld(-hold.amount);
  if (input.capture) b.lifetime.spent += hold.amount;
  else for (const piece of hold.pieces) b.putBack(piece);
  return b.build(input.capture ? 'capture' : 'release', {
    source: { type: 'order', id: input.orderId },
    orderId: input.orderId,
    holdClose: { ...hold, captured: input.capture },
  });
}

export function planAdjust(
  state: WalletState,
  input: { amount: number; reason: string; operator: { id: string; label: string } },
  ctx: PlanContext,
): Draft {
  const b = new DraftBuilder(state, ctx.maxLots);
  const source: LedgerSource = { type: 'operator', id: input.operator.id };
  if (input.amount > 0) {
    b.credit(
      { pending: false, earnedAt: ctx.now, availableAt: ctx.now, expiresAt: expiresAtFor(ctx.expiry, ctx.now, ctx.zone), source },
      input.amount,
    );
  } else {
    requireAvailable(b, -input.amount);
    b.take(-input.amount);
  }
  b.lifetime.adjusted += input.amount;
  return b.build('adjust', { source, reason: input.reason, operator: input.operator });
}

/** Expires every lot whose expiresAt is before now, for exactly its remaining units; null when none is due. */
export function planExpire(state: WalletState, now: Date, maxLots: number): Draft | null {
  const due = state.lots.filter((lot) => lot.expiresAt !== null && lot.expiresAt < now);
  if (due.length === 0) return null;
  const b = new DraftBuilder(state, maxLots);
  const dueIds = new Set(due.map((lot) => lot.lotId));
  const expired = b.take(Number.MAX_SAFE_INTEGER, (lot) => dueIds.has(lot.lotId)).reduce((total, piece) => total + piece.delta, 0);
  b.lifetime.expired += expired;
  return b.build('expire', { source: SYSTEM_EXPIRE });
}

/** Moves pending lots whose availableAt has come to available lots (repaying debt first); null when none is due. */
export function planReleasePending(state: WalletState, now: Date, maxLots: number): Draft | null {
  const due = state.lots.filter((lot) => lot.pending && lot.availableAt <= now && !(lot.expiresAt !== null && lot.expiresAt < now));
  if (due.length === 0) return null;
  const b = new DraftBuilder(state, maxLots);
  const dueIds = new Set(due.map((lot) => lot.lotId));
  for (const piece of b.take(Number.MAX_SAFE_INTEGER, (lot) => dueIds.has(lot.lotId))) {
    const { delta, lotId: _lotId, ...attrs } = piece;
    b.credit({ ...attrs, pending: false }, delta);
  }
  return b.build('release_pending', { source: SYSTEM_RELEASE });
}

function requireAvailable(b: DraftBuilder, amount: number): void {
  if (b.available < amount) {
    throw new BusinessRuleError(ErrorCode.InsufficientPoints, 'Not enough available balance', {
      available: b.available,
      requested: amount,
    });
  }
}
