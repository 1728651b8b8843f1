import type { Currency, ExpiringPointsView, ExpiryView, LedgerEntryView, LedgerSummaryView, WalletView } from '@laurel/shared';
import { DateTime } from 'luxon';
import type { LedgerEntry, Wallet, WalletState } from './model.js';
import { planExpire, planReleasePending } from './plans.js';
import type { SummarySnapshot } from './types.js';
import { applyEntry, emptyState, LedgerCorruptionError } from './wallet-state.js';

export function toEntryView(entry: LedgerEntry): LedgerEntryView {
  return {
    id: entry._id.toHexString(),
    memberId: entry.memberId,
    currency: entry.currency,
    seq: entry.seq,
    kind: entry.kind,
    delta: entry.delta,
    change: { ...entry.change },
    balanceAfter: { ...entry.balanceAfter },
    source: { type: entry.source.type, id: entry.source.id },
    orderId: entry.orderId,
    reason: entry.reason,
    operator: entry.operator ? { id: entry.operator.id, label: entry.operator.label } : null,
    lots: entry.lots.map((lot) => ({ lotId: lot.lotId, delta: lot.delta, expiresAt: lot.expiresAt ? lot.expiresAt.toISOString() : null })),
    refund: entry.refund ? { ...entry.refund } : null,
    createdAt: entry.createdAt.toISOString(),
  };
}

/** Balances as stored (what the applied ledger says), and the next expiries from now on. */
export function toSummary(memberId: string, wallets: Wallet[], now: Date, expiries = 3): LedgerSummaryView {
  const points = wallets.find((w) => w.currency === 'points') ?? emptyState();
  const growth = wallets.find((w) => w.currency === 'growth') ?? emptyState();
  const byInstant = new Map<number, number>();
  for (const lot of points.lots) {
    if (lot.expiresAt && lot.expiresAt >= now)
      byInstant.set(lot.expiresAt.getTime(), (byInstant.get(lot.expiresAt.getTime()) ?? 0) + lot.remaining);
  }
  const nextExpiries: ExpiryView[] = [...byInstant.entries()]
    .sort(([a], [b]) => a - b)
    .slice(0, expiries)
    .map(([at, amount]) => ({ at: new Date(at).toISOString(), amount }));
  return {
    memberId,
    available: points.available,
    pending: points.pending,
    held: points.held,
    debt: points.debt,
    growth: growth.available,
    growthPending: growth.pending,
    growthDebt: growth.debt,
    lifetime: { points: { ...points.lifetime }, growth: { ...growth.lifetime } },
    nextExpiries,
  };
}

/**
 * The wallet as the next operation will see it: lots past their expiry expired, pending units whose time
 * has come released — the same steps an operation takes first ("settle on touch"), applied in memory only,
 * so a summary is exact even when the jobs run late.
 */
export function settledState(wallet: WalletState, now: Date, maxLots: number): WalletState {
  let state = wallet;
  // Expire, then release: after both nothing is due (release skips lots past their expiry).
  for (let step = 0; step < 4; step++) {
    const due = planExpire(state, now, maxLots) ?? planReleasePending(state, now, maxLots);
    if (!due) return state;
    try {
      state = applyEntry(state, { ...due, seq: state.version + 1 });
    } catch (err) {
      // A corrupt wallet is the reconciler's to report; show it as stored rather than fail the read.
      if (err instanceof LedgerCorruptionError) return wallet;
      throw err;
    }
  }
  return state;
}

/** The member's summary at `now` (due expiries and releases applied), every future expiry, and until when it holds. */
export function toSnapshot(memberId: string, stored: Wallet[], now: Date, maxLots: number): SummarySnapshot {
  const wallets = stored.map((wallet) => ({ ...wallet, ...settledState(wallet, now, maxLots) }));
  const points = wallets.find((w) => w.currency === 'points');
  return {
    summary: toSummary(memberId, wallets, now),
    expiries: points ? expiriesOf(points, now) : [],
    asOf: now.toISOString(),
    validUntil: nextChangeAt(wallets)?.toISOString() ?? null,
  };
}

/** Units of a wallet by expiry instant, from `now` on, earliest first. */
function expiriesOf(state: WalletState, now: Date): ExpiryView[] {
  const byInstant = new Map<number, number>();
  for (const lot of state.lots) {
    if (lot.expiresAt && lot.expiresAt >= now)
      byInstant.set(lot.expiresAt.getTime(), (byInstant.get(lot.expiresAt.getTime()) ?? 0) + lot.remaining);
  }
  return [...byInstant.entries()].sort(([a], [b]) => a - b).map(([at, amount]) => ({ at: new Date(at).toISOString(), amount }));
}

/**
 * The first instant at which time alone changes a settled wallet: a lot expiring at T is expired from T + 1 ms
 * (expiry takes lots with expiresAt < now), pending units become available at availableAt.
 */
function nextChangeAt(states: WalletState[]): Date | null {
  let first: number | null = null;
  for (const state of states) {
    for (const lot of state.lots) {
      const candidates = [lot.expiresAt ? lot.expiresAt.getTime() + 1 : null, lot.pending ? lot.availableAt.getTime() : null];
      for (const at of candidates) if (at !== null && (first === null || at < first)) first = at;
    }
  }
  return first === null ? null : new Date(first);
}

/** Points expiring from `now` until the end of the business day `days` days ahead. */
export function toExpiring(expiries: ExpiryView[], now: Date, days: number, zone: string): ExpiringPointsView {
  const until = DateTime.fromJSDate(now, { zone }).plus({ days }).endOf('day');
  const items = expiries
    .filter((e) => {
      const at = new Date(e.at).getTime();
      return at >= now.getTime() && at <= until.toMillis();
    })
    .map((e) => ({ date: DateTime.fromISO(e.at, { zone }).toISODate() ?? e.at.slice(0, 10), at: e.at, amount: e.amount }));
  return { days, until: until.toUTC().toISO() ?? until.toJSDate().toISOString(), total: items.reduce((t, i) => t + i.amount, 0), items };
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A wallet as stored, for operators; a missing wallet shows as empty. */
export function toWalletView(currency: Currency, wallet: Wallet | undefined): WalletView {
  const state = wallet ?? { ...emptyState(), nextExpiryAt: null, nextAvailableAt: null, updatedAt: null };
  return {
    currency,
    version: state.version,
    available: state.available,
    pending: state.pending,
    held: state.held,
    debt: state.debt,
    lifetime: { ...state.lifetime },
    lots: state.lots.map((lot) => ({
      lotId: lot.lotId,
      pending: lot.pending,
      amount: lot.amount,
      remaining: lot.remaining,
      earnedAt: lot.earnedAt.toISOString(),
      availableAt: lot.availableAt.toISOString(),
      expiresAt: iso(lot.expiresAt),
      source: { type: lot.source.type, id: lot.source.id },
    })),
    holds: state.holds.map((hold) => ({
      orderId: hold.orderId,
      amount: hold.amount,
      heldAt: hold.heldAt.toISOString(),
      pieces: hold.pieces.map((piece) => ({ lotId: piece.lotId, amount: piece.delta, expiresAt: iso(piece.expiresAt) })),
    })),
    nextExpiryAt: iso(state.nextExpiryAt),
    nextAvailableAt: iso(state.nextAvailableAt),
    updatedAt: iso(state.updatedAt),
  };
}
