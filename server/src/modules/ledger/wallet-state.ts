import type { LedgerBalances, LifetimeTotals } from '@laurel/shared';
import type { LedgerEntry, Lot, LotAttrs, WalletState } from './model.js';

/** The part of an entry that changes a wallet: folding these over seq 1..n gives the wallet at version n. */
export type EntryEffect = Pick<LedgerEntry, 'seq' | 'change' | 'lifetime' | 'lots' | 'holdOpen' | 'holdClose'>;

/** The ledger and a wallet disagree in a way no legal sequence of entries produces. */
export class LedgerCorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerCorruptionError';
  }
}

export const BUCKETS = ['available', 'pending', 'held', 'debt'] as const;
export const LIFETIME_KEYS = ['earned', 'spent', 'expired', 'reversed', 'restored', 'adjusted'] as const;

export function zeroBuckets(): LedgerBalances {
  return { available: 0, pending: 0, held: 0, debt: 0 };
}

export function zeroLifetime(): LifetimeTotals {
  return { earned: 0, spent: 0, expired: 0, reversed: 0, restored: 0, adjusted: 0 };
}

export function emptyState(): WalletState {
  return { version: 0, ...zeroBuckets(), lifetime: zeroLifetime(), lots: [], holds: [] };
}

export function balancesOf(state: LedgerBalances): LedgerBalances {
  return { available: state.available, pending: state.pending, held: state.held, debt: state.debt };
}

/** Net balance as the ledger deltas sum it: what the member has, less what they owe. */
export function netOf(b: LedgerBalances): number {
  return b.available + b.pending + b.held - b.debt;
}

const time = (d: Date | null): number => (d === null ? Number.POSITIVE_INFINITY : d.getTime());

/** Spending order: earliest expiry first (never-expiring last), then oldest, then lot id for a total order. */
export function spendOrder(a: LotAttrs, b: LotAttrs): number {
  return (
    time(a.expiresAt) - time(b.expiresAt) ||
    a.earnedAt.getTime() - b.earnedAt.getTime() ||
    (a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0)
  );
}

/** Canonical lot order in a wallet: available before pending, then spending order. */
export function lotOrder(a: Lot, b: Lot): number {
  return Number(a.pending) - Number(b.pending) || spendOrder(a, b);
}

/** Applies one entry to the wallet state at version seq-1. Pure; throws LedgerCorruptionError on an impossible step. */
export function applyEntry(state: WalletState, entry: EntryEffect): WalletState {
  if (entry.seq !== state.version + 1)
    throw new LedgerCorruptionError(`entry seq ${entry.seq} does not follow wallet version ${state.version}`);
  const lots = new Map(state.lots.map((lot) => [lot.lotId, { ...lot }]));
  for (const change of entry.lots) {
    let lot = lots.get(change.lotId);
    if (!lot) {
      const { delta: _delta, ...attrs } = change;
      lot = { ...attrs, amount: 0, remaining: 0 };
      lots.set(change.lotId, lot);
    }
    lot.remaining += change.delta;
    if (change.delta > 0) lot.amount += change.delta;
    if (lot.remaining < 0) throw new LedgerCorruptionError(`entry ${entry.seq} takes lot ${lot.lotId} below zero`);
  }
  let holds = state.holds;
  if (entry.holdClose) {
    const orderId = entry.holdClose.orderId;
    if (!holds.some((h) => h.orderId === orderId))
      throw new LedgerCorruptionError(`entry ${entry.seq} closes a hold for ${orderId} that is not open`);
    holds = holds.filter((h) => h.orderId !== orderId);
  }
  if (entry.holdOpen) holds = [...holds, entry.holdOpen];
  const next: WalletState = {
    version: entry.seq,
    available: state.available + entry.change.available,
    pending: state.pending + entry.change.pending,
    held: state.held + entry.change.held,
    debt: state.debt + entry.change.debt,
    lifetime: { ...state.lifetime },
    lots: [...lots.values()].filter((lot) => lot.remaining > 0).sort(lotOrder),
    holds,
  };
  for (const key of LIFETIME_KEYS) next.lifetime[key] += entry.lifetime[key];
  for (const bucket of BUCKETS) {
    if (next[bucket] < 0) throw new LedgerCorruptionError(`entry ${entry.seq} takes ${bucket} below zero`);
  }
  return next;
}

/** Internal consistency of one wallet document: balances match its lots and holds, nothing negative. */
export function walletProblems(state: WalletState): string[] {
  const problems: string[] = [];
  const sum = (lots: Lot[]) => lots.reduce((total, lot) => total + lot.remaining, 0);
  const available = sum(state.lots.filter((lot) => !lot.pending));
  const pending = sum(state.lots.filter((lot) => lot.pending));
  const held = state.holds.reduce((total, hold) => total + hold.amount, 0);
  const pieces = state.holds.reduce((total, hold) => total + hold.pieces.reduce((t, p) => t + p.delta, 0), 0);
  if (available !== state.available) problems.push(`available ${state.available} but available lots hold ${available}`);
  if (pending !== state.pending) problems.push(`pending ${state.pending} but pending lots hold ${pending}`);
  if (held !== state.held) problems.push(`held ${state.held} but open holds total ${held}`);
  if (pieces !== held) problems.push(`open holds total ${held} but their pieces total ${pieces}`);
  for (const bucket of BUCKETS)
    if (state[bucket] < 0 || !Number.isSafeInteger(state[bucket])) problems.push(`${bucket} is ${state[bucket]}`);
  for (const lot of state.lots)
    if (!(lot.remaining > 0) || !Number.isSafeInteger(lot.remaining)) problems.push(`lot ${lot.lotId} has ${lot.remaining} left`);
  return problems;
}

export function nextExpiryAt(state: WalletState): Date | null {
  return earliest(state.lots.map((lot) => lot.expiresAt));
}

export function nextAvailableAt(state: WalletState): Date | null {
  return earliest(state.lots.filter((lot) => lot.pending).map((lot) => lot.availableAt));
}

function earliest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d < best)) best = d;
  return best;
}
