import {
  CURRENCIES,
  EXPIRING_DAYS_DEFAULT,
  type Currency,
  type ExpiringPointsView,
  type RefundPolicy,
  type LedgerSummaryView,
  type Page,
  type LedgerEntryView,
  type WalletView,
} from '@laurel/shared';
import type { Model } from 'mongoose';
import { unclaimedWalker } from '../../jobs/batch-walker.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationError } from '../../platform/errors.js';
import { pageQuery, toPage } from '../../platform/pagination.js';
import { LedgerEngine, type Operation, type WalletRef } from './engine.js';
import { expiryPolicyProblems } from './expiry-policy.js';
import type { Draft } from './lots.js';
import type { LedgerEntry, Wallet } from './model.js';
import { planAdjust, planCloseHold, planEarn, planExpire, planHold, planReleasePending, planSpend, type PlanContext } from './plans.js';
import { LedgerReconciler, type ReconcileOptions, type ReconcileReport } from './reconcile.js';
import { orderHistory, planReverse } from './refund.js';
import { amountOf, currencyOf, daysOf, fingerprintOf, idOf, keyOf, kindOf, policyOf, sourceOf, textOf } from './validate.js';
import type {
  LedgerOptions,
  AuditSink,
  LedgerResult,
  RefundResult,
  JobResult,
  EarnInput,
  SpendInput,
  HoldInput,
  CloseHoldInput,
  AdjustInput,
  ReverseOrderInput,
  LedgerQuery,
  SummarySnapshot,
  SummaryStore,
  SweepRun,
  AppliedChange,
  AppliedListener,
} from './types.js';
import { AppliedListeners } from './listeners.js';
import { isGrantId } from './grants.js';
import { toEntryView, toExpiring, toSnapshot, toWalletView } from './views.js';

export type * from './types.js';

export function defaultLedgerOptions(timeZone: string): LedgerOptions {
  return { timeZone, expiry: { points: { kind: 'year_end', years: 1 }, growth: { kind: 'never' } }, refundPolicy: 'within_available' };
}

/**
 * Points and growth: an append-only ledger per wallet with the wallet as its fold. Every change is
 * idempotent by key (a replay returns the first result; the same key with other parameters is a 409).
 * Consistency without transactions: docs/decisions/ledger-consistency.md.
 */
export class LedgerService {
  private readonly engine: LedgerEngine;
  private readonly reconciler: LedgerReconciler;
  private readonly maxLots: number;
  private readonly maxOpenHolds: number;
  private readonly batchSize: number;
  private readonly listeners: AppliedListeners;

  constructor(
    wallets: Model<Wallet>,
    private readonly entries: Model<LedgerEntry>,
    private readonly clock: Clock,
    private readonly options: LedgerOptions,
    private readonly audit?: AuditSink,
    /** Read-through store of summaries (Redis); told about every wallet change. Without one, summaries come from the database. */
    private readonly summaries?: SummaryStore,
  ) {
    for (const currency of CURRENCIES) {
      const problems = expiryPolicyProblems(options.expiry[currency], options.timeZone);
      if (problems.length > 0) throw new Error(`ledger expiry policy for ${currency}: ${problems.join('; ')}`);
    }
    const grace = options.restoreGraceDays ?? 0;
    if (!Number.isInteger(grace) || grace < 0 || grace > 3650)
      throw new Error(`ledger restoreGraceDays must be a whole number from 0 to 3650`);
    this.maxLots = options.maxLots ?? 200;
    this.maxOpenHolds = options.maxOpenHolds ?? 20;
    this.batchSize = options.batchSize ?? 200;
    this.engine = new LedgerEngine(wallets, entries, clock, {
      maxLots: this.maxLots,
      serializeInProcess: options.serializeInProcess ?? true,
      maxAttempts: options.maxAttempts ?? 50,
      onWalletChanged: async (memberId: string) => {
        options.onWalletChanged?.(memberId);
        await summaries?.invalidate(memberId);
      },
    });
    this.reconciler = new LedgerReconciler(this.engine);
    this.listeners = new AppliedListeners(options.onListenerFailed);
  }

  /** Registers a listener told about every change this service applies (see AppliedListener); `name` labels its failures. */
  onApplied(name: string, listener: AppliedListener): this {
    this.listeners.add(name, listener);
    return this;
  }

  /** A wallet's applied entries after `afterSeq`, oldest first, at most `limit`: lets a listener catch up on what it missed. */
  async appliedChanges(memberId: string, currency: Currency, afterSeq: number, limit: number): Promise<AppliedChange[]> {
    const version = await this.walletVersion(memberId, currency);
    if (version <= afterSeq) return [];
    const found: LedgerEntry[] = [];
    // Equality on (member, currency, seq) per entry: the unique index answers each one on every engine.
    for (let seq = afterSeq + 1; seq <= Math.min(version, afterSeq + limit); seq++) {
      const entry = await this.entries.findOne({ memberId, currency, seq }).lean();
      if (!entry) throw new Error(`ledger entry ${seq} of ${memberId}:${currency} is missing`);
      found.push(entry);
    }
    return found.map(toChange);
  }

  /** How many entries a wallet has applied (0 when it does not exist). */
  async walletVersion(memberId: string, currency: Currency): Promise<number> {
    const wallet = await this.engine.wallets.findOne({ _id: `${memberId}:${currency}`, memberId }, { version: 1 }).lean();
    return wallet?.version ?? 0;
  }

  /** Credits units (pending for pendingDays, then available), expiring per the currency's policy. */
  async earn(input: EarnInput): Promise<LedgerResult> {
    const currency = currencyOf(input.currency);
    const params = {
      amount: amountOf('amount', input.amount),
      pendingDays: daysOf('pendingDays', input.pendingDays),
      source: sourceOf(input.source),
      orderId: input.orderId === undefined ? null : idOf('orderId', input.orderId),
      reason: textOf('reason', input.reason, false),
    };
    return this.single({ memberId: idOf('memberId', input.memberId), currency }, 'earn', input.key, params, false, (w, ctx) =>
      planEarn(w, params, ctx),
    );
  }

  /** Spends available points, earliest-expiring first; 422 INSUFFICIENT_POINTS when not enough. */
  async spend(input: SpendInput): Promise<LedgerResult> {
    const params = {
      amount: amountOf('amount', input.amount),
      reason: textOf('reason', input.reason, true),
      orderId: input.orderId === undefined ? null : idOf('orderId', input.orderId),
      source: input.source
        ? sourceOf(input.source)
        : input.orderId
          ? { type: 'order' as const, id: input.orderId }
          : { type: 'system' as const, id: 'spend' },
    };
    return this.single(this.points(input.memberId), 'spend', input.key, params, true, (w, ctx) => planSpend(w, params, ctx));
  }

  /** Puts available points aside for an order (checkout); one open hold per order. */
  async hold(input: HoldInput): Promise<LedgerResult> {
    const params = { amount: amountOf('amount', input.amount), orderId: idOf('orderId', input.orderId) };
    return this.single(this.points(input.memberId), 'hold', input.key, params, true, (w, ctx) => planHold(w, params, ctx));
  }

  /** The held points leave for good (the order is paid). */
  async capture(input: CloseHoldInput): Promise<LedgerResult> {
    const params = { orderId: idOf('orderId', input.orderId), capture: true };
    return this.single(this.points(input.memberId), 'capture', input.key, params, false, (w, ctx) => planCloseHold(w, params, ctx));
  }

  /** The held points go back to the lots they came from, with their expiry (the order is cancelled). */
  async release(input: CloseHoldInput): Promise<LedgerResult> {
    const params = { orderId: idOf('orderId', input.orderId), capture: false };
    return this.single(this.points(input.memberId), 'release', input.key, params, false, (w, ctx) => planCloseHold(w, params, ctx));
  }

  /** An operator's manual change, audited once per entry however often it is retried. */
  async adjust(input: AdjustInput): Promise<LedgerResult> {
    const currency = currencyOf(input.currency);
    const operator = { id: idOf('operator.id', input.operator.id, 200), label: textOf('operator.label', input.operator.label, true) ?? '' };
    const params = {
      amount: amountOf('amount', input.amount, { allowNegative: true }),
      reason: textOf('reason', input.reason, true) ?? '',
      operator,
    };
    const memberId = idOf('memberId', input.memberId);
    const result = await this.single({ memberId, currency }, 'adjust', input.key, params, params.amount < 0, (w, ctx) =>
      planAdjust(w, params, ctx),
    );
    // Keyed by the entry: a retry (the first attempt may have failed after the entry, in the audit insert) writes the
    // audit entry if it is missing and leaves it alone if not, so each adjustment has exactly one.
    if (this.audit) {
      await this.audit.record({
        id: result.entry.id,
        actor: input.operator,
        action: 'ledger.adjust',
        target: { type: 'member', id: memberId },
        after: result.entry,
      });
    }
    return result;
  }

  /**
   * A refund: gives back a proportional share of the points the order spent and takes back the same share
   * of the points and growth it earned, per the refund policy. Shares are cumulative across refunds. The
   * policy is decided once, when the refund is first recorded: a retry keeps it whatever the default is now.
   */
  async reverseOrder(input: ReverseOrderInput): Promise<RefundResult> {
    const memberId = idOf('memberId', input.memberId);
    const orderAmount = amountOf('orderAmount', input.orderAmount);
    const request = {
      orderId: idOf('orderId', input.orderId),
      refundAmount: amountOf('refundAmount', input.refundAmount),
      orderAmount,
      // Only a policy the caller names is part of the request; the configured default is not.
      policy: input.policy === undefined ? null : policyOf(input.policy),
    };
    if (request.refundAmount > orderAmount)
      throw new ValidationError([{ field: 'refundAmount', reasons: ['refundAmount may not exceed orderAmount'] }]);
    const identity = { key: keyOf(input.key), fingerprint: fingerprintOf('reverseOrder', request) };
    // An order that left no trace in the ledger has nothing to refund; like any refusal, this is not recorded.
    if (!(await this.entries.exists({ memberId, orderId: request.orderId }))) return { entries: [], replayed: false };
    let policy = request.policy ?? this.options.refundPolicy;
    const outcomes = [];
    for (const currency of CURRENCIES) {
      const params = { ...request, policy };
      const outcome = await this.engine.run(
        { memberId, currency },
        {
          identity,
          settle: true,
          plan: async (wallet, now) =>
            planReverse(wallet, orderHistory(await this.orderEntries(wallet, params.orderId)), params, this.context(currency, now)),
        },
      );
      // The wallets are refunded in order: the first one's entry, new or replayed, fixes the policy of the rest.
      policy = outcome.entry!.refund?.policy ?? policy;
      await this.expireRestored({ memberId, currency }, outcome.entry!);
      outcomes.push(outcome);
    }
    for (const outcome of outcomes) await this.notify(outcome.entry!);
    return { entries: outcomes.map((o) => toEntryView(o.entry!)), replayed: outcomes.every((o) => o.replayed) };
  }

  /**
   * Undoes a grant in full (see grants.ts): its earnings are taken back per the refund policy, its spending is given
   * back. Idempotent by `key`; reversing a grant that never reached the ledger changes nothing.
   */
  reverseGrant(input: { memberId: string; grantId: string; key: string; policy?: RefundPolicy }): Promise<RefundResult> {
    if (!isGrantId(input.grantId)) throw new ValidationError([{ field: 'grantId', reasons: ['a grant id begins with grant:'] }]);
    return this.reverseOrder({ ...input, orderId: input.grantId, refundAmount: 1, orderAmount: 1 });
  }

  /** Job: makes pending units whose time has come available, in bounded batches; safe to run twice or on two workers. */
  releasePending(now: Date = this.clock.now(), run: SweepRun = {}): Promise<JobResult> {
    return this.sweep(
      { nextAvailableAt: { $lte: now } },
      run,
      (w) => planReleasePending(w, now, this.maxLots),
      (e) => -e.change.pending,
    );
  }

  /** Job: expires every lot whose expiresAt is before `now`, exactly its remaining units, once. */
  expire(now: Date = this.clock.now(), run: SweepRun = {}): Promise<JobResult> {
    return this.sweep(
      { nextExpiryAt: { $lt: now } },
      run,
      (w) => planExpire(w, now, this.maxLots),
      (e) => e.lifetime.expired,
    );
  }

  /** Checks invariant 1 for every wallet (or one member's); with repair, finishes interrupted operations. */
  reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    return this.reconciler.reconcile({ batchSize: this.batchSize, ...options });
  }

  /**
   * Balances, lifetime totals and next expiries as the member's next operation will see them: lots past their
   * expiry count as expired and due pending units as available even before the jobs have run. Read through
   * the summary store when there is one.
   */
  async summary(memberId: string): Promise<LedgerSummaryView> {
    return (await this.snapshot(memberId)).summary;
  }

  /**
   * Job support (reminders): walks points wallets whose next expiry is at or before `until`, in claimed batches of
   * the run, handing `visit` each member's future expiries as their summary shows them.
   */
  async walkExpiringPoints(
    until: Date,
    runKey: string,
    visit: (batch: { memberId: string; expiries: { at: Date; amount: number }[] }[]) => Promise<Record<string, number>>,
  ): Promise<Record<string, number>> {
    const walker = this.options.walker ?? unclaimedWalker;
    const walked = await walker.walk<Wallet, Wallet>({
      runKey,
      model: this.engine.wallets,
      filter: { currency: 'points', nextExpiryAt: { $lte: until } },
      batchSize: this.batchSize,
      process: (batch) => {
        const now = this.clock.now();
        return visit(
          batch.map((wallet) => ({
            memberId: wallet.memberId,
            expiries: toSnapshot(wallet.memberId, [wallet], now, this.maxLots).expiries.map((e) => ({
              at: new Date(e.at),
              amount: e.amount,
            })),
          })),
        );
      },
    });
    return walked.counts;
  }

  /** Points expiring from now until the end of the business day `days` days ahead, by expiry instant. */
  async expiring(memberId: string, days: number = EXPIRING_DAYS_DEFAULT): Promise<ExpiringPointsView> {
    const within = daysOf('days', days);
    const { expiries } = await this.snapshot(memberId);
    return toExpiring(expiries, this.clock.now(), within, this.options.timeZone);
  }

  /** Every wallet of the member as stored (balances, lots, open holds), for operators; missing wallets show empty. */
  async wallets(memberId: string): Promise<WalletView[]> {
    const found = await this.engine.wallets.find({ memberId: idOf('memberId', memberId) }).lean();
    return CURRENCIES.map((currency) =>
      toWalletView(
        currency,
        found.find((w) => w.currency === currency),
      ),
    );
  }

  /** About how many wallets exist (from collection metadata): the total for a reconcile progress bar. */
  walletCount(): Promise<number> {
    return this.engine.wallets.estimatedDocumentCount();
  }

  /** One page of a member's applied entries, newest first. */
  async ledger(memberId: string, query: LedgerQuery = {}): Promise<Page<LedgerEntryView>> {
    idOf('memberId', memberId);
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { memberId, ...idFilter };
    if (query.currency) filter.currency = currencyOf(query.currency);
    if (query.kind) filter.kind = kindOf(query.kind);
    // At most one entry per wallet is anchored but not applied yet: fetch that many more and drop them.
    const [docs, wallets] = await Promise.all([
      this.entries
        .find(filter)
        .sort({ _id: -1 })
        .limit(fetch + CURRENCIES.length)
        .lean(),
      this.engine.wallets.find({ memberId }, { currency: 1, version: 1 }).lean(),
    ]);
    const version = new Map(wallets.map((w) => [w.currency, w.version]));
    const applied = docs.filter((d) => d.seq <= (version.get(d.currency) ?? 0));
    return toPage(applied.slice(0, fetch), limit, toEntryView);
  }

  private async snapshot(memberId: string): Promise<SummarySnapshot> {
    idOf('memberId', memberId);
    const load = async (): Promise<SummarySnapshot> => {
      const wallets = await this.engine.wallets.find({ memberId }).lean();
      return toSnapshot(memberId, wallets, this.clock.now(), this.maxLots);
    };
    return this.summaries ? this.summaries.read(memberId, load) : load();
  }

  private notify(entry: LedgerEntry): Promise<void> {
    return this.listeners.notify(toChange(entry));
  }

  private points(memberId: string): WalletRef {
    return { memberId: idOf('memberId', memberId), currency: 'points' };
  }

  private context(currency: Currency, now: Date): PlanContext {
    return {
      now,
      zone: this.options.timeZone,
      expiry: this.options.expiry[currency],
      maxLots: this.maxLots,
      maxOpenHolds: this.maxOpenHolds,
      restoreGraceDays: this.options.restoreGraceDays ?? 0,
    };
  }

  private async single(
    ref: WalletRef,
    operation: string,
    key: string,
    params: Record<string, unknown>,
    settle: boolean,
    plan: (wallet: Wallet, ctx: PlanContext) => Draft,
  ): Promise<LedgerResult> {
    const op: Operation = {
      identity: { key: keyOf(key), fingerprint: fingerprintOf(operation, params) },
      settle,
      plan: (wallet, now) => plan(wallet, this.context(ref.currency, now)),
    };
    const outcome = await this.engine.run(ref, op);
    if (!outcome.entry) throw new Error(`ledger ${operation} planned no entry`);
    await this.notify(outcome.entry);
    return { entry: toEntryView(outcome.entry), replayed: outcome.replayed };
  }

  /**
   * Restored points already past their expiry (no grace) are expired at once, by the refund's own settle: the
   * wallet, its summary and its ledger then agree without waiting for the expiry job. Also run on a replay,
   * so a refund interrupted in between is finished by its retry.
   */
  private async expireRestored(ref: WalletRef, entry: LedgerEntry): Promise<void> {
    const now = this.clock.now();
    if (!entry.lots.some((lot) => lot.delta > 0 && lot.expiresAt !== null && lot.expiresAt < now)) return;
    await this.engine.run(ref, { identity: null, settle: true, plan: () => null });
  }

  /** The order's applied entries in this wallet, as of the version the plan is made against. */
  private async orderEntries(wallet: Wallet, orderId: string): Promise<LedgerEntry[]> {
    const found = await this.entries.find({ memberId: wallet.memberId, orderId, currency: wallet.currency }).lean();
    return found.filter((e) => e.seq <= wallet.version).sort((a, b) => a.seq - b.seq);
  }

  private async sweep(
    due: Record<string, unknown>,
    run: SweepRun,
    plan: (wallet: Wallet) => Draft | null,
    units: (entry: LedgerEntry) => number,
  ): Promise<JobResult> {
    const walker = this.options.walker ?? unclaimedWalker;
    const walked = await walker.walk<Wallet, Wallet>({
      runKey: run.runKey ?? `adhoc:${this.clock.now().toISOString()}`,
      model: this.engine.wallets,
      filter: due,
      batchSize: this.batchSize,
      process: async (batch) => {
        const { entries, retry } = await this.engine.runSystemBatch(batch, plan);
        const counts = { wallets: batch.length, entries: entries.length, units: entries.reduce((t, e) => t + units(e), 0) };
        for (const wallet of retry) {
          const outcome = await this.engine.run(wallet, { identity: null, settle: false, plan });
          if (outcome.entry) {
            counts.entries += 1;
            counts.units += units(outcome.entry);
          }
        }
        return counts;
      },
    });
    return { wallets: walked.counts.wallets ?? 0, entries: walked.counts.entries ?? 0, units: walked.counts.units ?? 0 };
  }
}

function toChange(entry: LedgerEntry): AppliedChange {
  return {
    memberId: entry.memberId,
    currency: entry.currency,
    seq: entry.seq,
    kind: entry.kind,
    delta: entry.delta,
    lifetime: entry.lifetime,
    key: entry.key,
    orderId: entry.orderId,
    createdAt: entry.createdAt,
    pending: entry.lots.filter((lot) => lot.pending).map((lot) => ({ availableAt: lot.availableAt, delta: lot.delta })),
  };
}
