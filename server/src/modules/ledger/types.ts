import type {
  Currency,
  ExpiryView,
  LedgerEntryView,
  LedgerKind,
  LedgerSource,
  LedgerSummaryView,
  LifetimeTotals,
  RefundPolicy,
} from '@laurel/shared';
import type { Walker } from '../../jobs/batch-walker.js';
import type { PageRequest } from '../../platform/pagination.js';
import type { Actor } from '../audit/service.js';

export type { AuditSink } from '../audit/service.js';
import type { ExpiryPolicy } from './expiry-policy.js';

export interface LedgerOptions {
  /** Business time zone for expiry dates (end of day / month / year). */
  timeZone: string;
  expiry: Record<Currency, ExpiryPolicy>;
  /** Default refund policy; reverseOrder may name another. */
  refundPolicy: RefundPolicy;
  /**
   * Days a refund keeps restored points spendable when their own expiry has passed or falls within them: they
   * expire at the end of the business day that many days after the refund. 0 (the default): no grace, restored
   * points past their expiry are expired by the refund itself.
   */
  restoreGraceDays?: number;
  maxLots?: number;
  maxOpenHolds?: number;
  /** Queue this process's operations per wallet (default true); correctness never depends on it. */
  serializeInProcess?: boolean;
  batchSize?: number;
  /** Claims the expire and release batches so several workers share a run; without one, sweeps just page. */
  walker?: Walker;
  /** Told after every wallet write (e.g. to relay the new entry's messages soon); must not throw. */
  onWalletChanged?: (memberId: string) => void;
  /** How often an operation plans again after losing its wallet version to a racing one before it answers WALLET_BUSY (default 50). */
  maxAttempts?: number;
  /** Told when an after-change listener still fails after its retries (to log and count it); the change stands. */
  onListenerFailed?: (listener: string, change: AppliedChange, err: unknown) => void;
}

/** Which job run a sweep belongs to: walks with the same run key share (and resume) their batches. */
export interface SweepRun {
  runKey?: string;
}

/** Where manual adjustments are audited (AuditService fits). */
export interface LedgerResult {
  entry: LedgerEntryView;
  /** True when the key had been used before: nothing changed, this is the first result. */
  replayed: boolean;
}

export interface RefundResult {
  /** One entry per wallet the order touched (points, growth). */
  entries: LedgerEntryView[];
  replayed: boolean;
}

export interface JobResult {
  wallets: number;
  entries: number;
  units: number;
}

export interface EarnInput {
  memberId: string;
  currency: Currency;
  amount: number;
  key: string;
  source: LedgerSource;
  /** Units stay pending (not spendable, reversible by pending_only) for this many days. */
  pendingDays?: number;
  orderId?: string;
  reason?: string;
}

export interface SpendInput {
  memberId: string;
  amount: number;
  key: string;
  reason: string;
  orderId?: string;
  source?: LedgerSource;
}

export interface HoldInput {
  memberId: string;
  amount: number;
  orderId: string;
  key: string;
}

export interface CloseHoldInput {
  memberId: string;
  orderId: string;
  key: string;
}

export interface AdjustInput {
  memberId: string;
  currency: Currency;
  /** Positive credits (expiring per policy), negative debits available units. */
  amount: number;
  reason: string;
  operator: Actor;
  key: string;
}

export interface ReverseOrderInput {
  memberId: string;
  orderId: string;
  /** The refunded part of the order, in the same unit as orderAmount (money minor units, or a fraction's numerator). */
  refundAmount: number;
  orderAmount: number;
  key: string;
  policy?: RefundPolicy;
}

export interface LedgerQuery extends PageRequest {
  currency?: Currency | undefined;
  kind?: LedgerKind | undefined;
}

/**
 * A member's summary as of one instant, with what is needed to serve it later without the database: every
 * future expiry of points (the summary shows only the next three) and the instant from which time alone
 * changes it (a lot expires or pending units become available). JSON-safe, so a cache can keep it.
 */
export interface SummarySnapshot {
  summary: LedgerSummaryView;
  expiries: ExpiryView[];
  /** ISO instant the snapshot was computed for. */
  asOf: string;
  /** ISO instant; null when nothing in the member's wallets depends on time. */
  validUntil: string | null;
}

/**
 * Where summaries are kept between reads (a Redis read-through cache fits). The ledger reads through it
 * and tells it about every wallet change; neither method may throw (a write never depends on the cache).
 */
export interface SummaryStore {
  read(memberId: string, load: () => Promise<SummarySnapshot>): Promise<SummarySnapshot>;
  invalidate(memberId: string): Promise<void>;
}

/** One applied ledger entry, as after-change listeners and catch-up readers see it. */
export interface AppliedChange {
  memberId: string;
  currency: Currency;
  /** The entry's place in its wallet's ledger: 1, 2, 3… without gaps. */
  seq: number;
  kind: LedgerKind;
  delta: number;
  /** Increments of the wallet's lifetime totals (earned, spent, restored…). */
  lifetime: LifetimeTotals;
  key: string;
  orderId: string | null;
  createdAt: Date;
  /** The entry's changes of pending lots: credited (positive) or taken (negative), by the instant each lot becomes available. */
  pending: { availableAt: Date; delta: number }[];
}

/**
 * Told after a caller's change is applied (earn, spend, hold, capture, release, adjust, refund), and again when its
 * key is replayed. Awaited before the operation returns, but an error never fails the caller (the change has
 * happened): the listener is retried a few times in-process, then reported (LedgerOptions.onListenerFailed) and must
 * catch up by itself. System entries (expire, release_pending, written by the jobs in batches
 * or when settling before a spend) are not reported: a listener that folds every entry reads what it missed with
 * `appliedChanges` when it sees a gap in `seq`.
 */
export type AppliedListener = (change: AppliedChange) => Promise<void>;
