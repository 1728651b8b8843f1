// The ledger property: random sequences of every ledger operation (and replays, reused keys, clock moves)
// against one member, with invariants 1-5 checked after every step. Shared by the mocha test
// (ledger-property.test.ts, 100 runs by default) and `npm run bench -- ledger-property` (10,000 runs).
import { expect } from 'chai';
import fc from 'fast-check';
import type { Currency, RefundPolicy } from '@laurel/shared';
import type { LedgerService } from '@laurel/server/modules/ledger/service.js';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { AppError } from '@laurel/server/platform/errors.js';
import { aMemberId, DAY, type LedgerHarness } from './support.js';

/** One step of a random operation sequence against one member's wallets. */
export type Action =
  | { t: 'earn'; currency: Currency; amount: number; pendingDays: number; order: number | null }
  | { t: 'spend'; amount: number; order: number | null }
  | { t: 'hold'; amount: number; order: number }
  /** Closes the most recent hold of the sequence (or, if none, an order without one). */
  | { t: 'capture' | 'release' }
  | { t: 'adjust'; currency: Currency; amount: number }
  | { t: 'expire' | 'releasePending' }
  | { t: 'refund'; order: number; refundAmount: number; policy: RefundPolicy }
  | { t: 'replay' | 'reuse'; pick: number }
  | { t: 'clock'; ms: number };

const ORDER_AMOUNT = 100;
const EXPECTED_REFUSALS = new Set(['INSUFFICIENT_POINTS', 'NOT_FOUND', 'HOLD_EXISTS', 'TOO_MANY_HOLDS']);
const currency = fc.constantFrom<Currency>('points', 'growth');
const order = fc.constantFrom(0, 1);

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('earn' as const),
      currency,
      amount: fc.integer({ min: 1, max: 50 }),
      pendingDays: fc.constantFrom(0, 0, 1, 2),
      order: fc.option(order, { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('spend' as const),
      amount: fc.integer({ min: 1, max: 40 }),
      order: fc.option(order, { nil: null }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('hold' as const), amount: fc.integer({ min: 1, max: 20 }), order }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('capture' as const, 'release' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('adjust' as const), currency, amount: fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('expire' as const, 'releasePending' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('refund' as const),
      order,
      refundAmount: fc.integer({ min: 1, max: ORDER_AMOUNT }),
      policy: fc.constantFrom<RefundPolicy>('pending_only', 'within_available', 'allow_debt', 'allow_debt'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('replay' as const, 'reuse' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('clock' as const), ms: fc.integer({ min: 0, max: 3 * DAY }) }) },
);

/** A request that succeeded: how to send it again, and how to send something else under its key. */
interface Done {
  ids: string[];
  again(): Promise<{ ids: string[]; replayed: boolean }>;
  changed(): Promise<unknown>;
}

/**
 * The property over a ledger harness (a database of its own): each run starts a new member with points and
 * growth earned on order 0, then plays a random sequence, checking the invariants after each step.
 * `onRun` is called after each run that passed (progress reporting).
 */
export function ledgerProperty(h: LedgerHarness, onRun?: () => void) {
  return fc.asyncProperty(
    fc.constantFrom(0, 1, 3),
    fc.array(actionArb, { minLength: 3, maxLength: 10, size: 'max' }),
    async (days, actions) => {
      const clock = new ManualClock('2026-06-01T02:00:00.000Z');
      const ledger = h.service({ expiry: { points: { kind: 'days', days }, growth: { kind: 'month_end', months: 0 } } }, clock);
      // Every sequence starts from a member who earned on order 0, so spends, holds and refunds have something to act on.
      const start: Action[] = [
        { t: 'earn', currency: 'points', amount: 60, pendingDays: 0, order: 0 },
        { t: 'earn', currency: 'growth', amount: 20, pendingDays: 0, order: 0 },
      ];
      await runSequence(h, ledger, clock, aMemberId(), [...start, ...actions]);
      onRun?.();
    },
  );
}

/** Checks the property for `numRuns` random sequences; throws fast-check's report (with the shrunk counterexample) on failure. */
export async function checkLedgerProperty(h: LedgerHarness, numRuns: number, onRun?: () => void): Promise<void> {
  await fc.assert(ledgerProperty(h, onRun), { numRuns, endOnFailure: true });
}

async function runSequence(
  h: LedgerHarness,
  ledger: LedgerService,
  clock: ManualClock,
  memberId: string,
  actions: Action[],
): Promise<void> {
  const done: Done[] = [];
  const debtAllowed = new Set<Currency>();
  let n = 0;
  let lastHold = 0;
  const key = () => `p-${(n += 1)}`;
  const orderId = (i: number) => `order-${i}`;

  for (const [step, action] of actions.entries()) {
    const where = `step ${step} ${JSON.stringify(action)}`;
    let expireNow: Date | null = null;
    try {
      switch (action.t) {
        case 'earn': {
          const k = key();
          const call = (amount: number) =>
            ledger.earn({
              memberId,
              currency: action.currency,
              amount,
              pendingDays: action.pendingDays,
              key: k,
              source: { type: 'event', id: 'e' },
              ...(action.order === null ? {} : { orderId: orderId(action.order) }),
            });
          record(
            done,
            await call(action.amount),
            () => call(action.amount),
            () => call(action.amount + 1),
          );
          break;
        }
        case 'spend': {
          const k = key();
          const call = (amount: number) =>
            ledger.spend({
              memberId,
              amount,
              key: k,
              reason: 'shop',
              ...(action.order === null ? {} : { orderId: orderId(action.order) }),
            });
          record(
            done,
            await call(action.amount),
            () => call(action.amount),
            () => call(action.amount + 1),
          );
          break;
        }
        case 'hold': {
          const k = key();
          const call = (amount: number) => ledger.hold({ memberId, amount, orderId: orderId(action.order), key: k });
          record(
            done,
            await call(action.amount),
            () => call(action.amount),
            () => call(action.amount + 1),
          );
          lastHold = action.order;
          break;
        }
        case 'capture':
        case 'release': {
          const k = key();
          const input = { memberId, orderId: orderId(lastHold), key: k };
          const [call, other] =
            action.t === 'capture'
              ? [() => ledger.capture(input), () => ledger.release(input)]
              : [() => ledger.release(input), () => ledger.capture(input)];
          record(done, await call(), call, other);
          break;
        }
        case 'adjust': {
          const k = key();
          const operator = { type: 'admin' as const, id: 'op', label: 'Op' };
          const call = (amount: number) => ledger.adjust({ memberId, currency: action.currency, amount, reason: 'fix', operator, key: k });
          record(
            done,
            await call(action.amount),
            () => call(action.amount),
            () => call(action.amount === -1 ? -2 : action.amount + 1 || 1),
          );
          break;
        }
        case 'expire':
          expireNow = clock.now();
          await ledger.expire(expireNow);
          break;
        case 'releasePending':
          await ledger.releasePending();
          break;
        case 'refund': {
          const k = key();
          const call = (refundAmount: number) =>
            ledger.reverseOrder({
              memberId,
              orderId: orderId(action.order),
              refundAmount,
              orderAmount: ORDER_AMOUNT,
              key: k,
              policy: action.policy,
            });
          const result = await call(action.refundAmount);
          // A refund settles its wallets and expires restored points past their expiry: none is left behind.
          if (result.entries.length > 0) expireNow = clock.now();
          if (action.policy === 'allow_debt') for (const e of result.entries) debtAllowed.add(e.currency);
          if (result.entries.length > 0) {
            done.push({
              ids: result.entries.map((e) => e.id),
              again: async () => {
                const r = await call(action.refundAmount);
                return { ids: r.entries.map((e) => e.id), replayed: r.replayed };
              },
              changed: () => call(action.refundAmount === 1 ? 2 : action.refundAmount - 1),
            });
          }
          break;
        }
        case 'replay': {
          if (done.length === 0) break;
          const target = done[action.pick % done.length]!;
          const before = await userEntryCount(h, memberId);
          const again = await target.again();
          expect(again, where).to.deep.equal({ ids: target.ids, replayed: true });
          expect(await userEntryCount(h, memberId), `${where}: a replay wrote an entry`).to.equal(before);
          break;
        }
        case 'reuse': {
          if (done.length === 0) break;
          const before = await userEntryCount(h, memberId);
          const err = await done[action.pick % done.length]!.changed().then(
            () => null,
            (e: unknown) => e,
          );
          expect(err, where).to.be.instanceOf(AppError);
          expect((err as AppError).code, where).to.equal('IDEMPOTENCY_KEY_REUSED');
          expect(await userEntryCount(h, memberId), `${where}: a reused key wrote an entry`).to.equal(before);
          break;
        }
        case 'clock':
          clock.advance(action.ms);
          break;
      }
    } catch (err) {
      if (!(err instanceof AppError && EXPECTED_REFUSALS.has(err.code))) throw new Error(`${where}: ${String(err)}`, { cause: err });
    }
    await checkInvariants(h, ledger, memberId, where, debtAllowed, expireNow);
  }
}

function record(
  done: Done[],
  first: { entry: { id: string } },
  again: () => Promise<{ entry: { id: string }; replayed: boolean }>,
  changed: () => Promise<unknown>,
): void {
  done.push({
    ids: [first.entry.id],
    again: async () => {
      const r = await again();
      return { ids: [r.entry.id], replayed: r.replayed };
    },
    changed,
  });
}

async function userEntryCount(h: LedgerHarness, memberId: string): Promise<number> {
  return h.entries.countDocuments({ memberId, kind: { $nin: ['expire', 'release_pending'] } });
}

async function checkInvariants(
  h: LedgerHarness,
  ledger: LedgerService,
  memberId: string,
  where: string,
  debtAllowed: Set<Currency>,
  expireNow: Date | null,
): Promise<void> {
  // 1. The ledger is the truth: every wallet equals the fold of its applied entries, lot by lot; nothing pending.
  const report = await ledger.reconcile({ memberId });
  expect(report.issues, `${where}: ${JSON.stringify(report.issues)}`).to.deep.equal([]);

  const wallets = await h.wallets.find({ memberId }).lean();
  const entries = await h.entries.find({ memberId }).lean();
  for (const w of wallets) {
    // 2. Never overdrawn; debt only where a refund policy allowed it.
    for (const bucket of ['available', 'pending', 'held', 'debt'] as const)
      expect(w[bucket], `${where}: ${w.currency} ${bucket}`).to.be.at.least(0);
    if (!debtAllowed.has(w.currency)) expect(w.debt, `${where}: ${w.currency} debt without allow_debt`).to.equal(0);
    // Lifetime totals tell the same story as the balances.
    const l = w.lifetime;
    expect(l.earned + l.restored + l.adjusted - l.spent - l.expired - l.reversed, `${where}: ${w.currency} lifetime`).to.equal(
      w.available + w.pending + w.held - w.debt,
    );
    expect(entries.filter((e) => e.currency === w.currency)).to.have.length(w.version);
    // 4. Expiry is exact: after a run at T, no lot expiring before T is left.
    if (expireNow)
      expect(
        w.lots.filter((lot) => lot.expiresAt && lot.expiresAt < expireNow),
        `${where}: lots left after expiry`,
      ).to.deep.equal([]);
    if (w.currency === 'growth') expect(l.spent, `${where}: growth spent`).to.equal(0);
  }
  // 5. Refunds never take back more than an order earned, nor give back more than it spent.
  for (const currencyName of ['points', 'growth'] as const) {
    for (const orderNo of [0, 1]) {
      const mine = entries.filter((e) => e.currency === currencyName && e.orderId === `order-${orderNo}`);
      const earned = mine.filter((e) => e.kind === 'earn').reduce((t, e) => t + e.lifetime.earned, 0);
      const spent = mine.reduce((t, e) => t + (e.kind === 'spend' || e.kind === 'capture' ? e.lifetime.spent : 0), 0);
      const refunds = mine.filter((e) => e.refund).map((e) => e.refund!);
      expect(
        refunds.reduce((t, r) => t + r.reversed + r.debt + r.forgiven, 0),
        `${where}: reversed more than earned`,
      ).to.be.at.most(earned);
      expect(
        refunds.reduce((t, r) => t + r.restored, 0),
        `${where}: restored more than spent`,
      ).to.be.at.most(spent);
      expect(
        refunds.reduce((t, r) => t + r.refundAmount, 0),
        `${where}: refunded more than the order`,
      ).to.be.at.most(ORDER_AMOUNT);
    }
  }
}
