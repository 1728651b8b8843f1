import { expect } from 'chai';
import { Types } from 'mongoose';
import { LedgerEngine } from '@laurel/server/modules/ledger/engine.js';
import type { Draft } from '@laurel/server/modules/ledger/lots.js';
import type { LedgerEntry, Wallet } from '@laurel/server/modules/ledger/model.js';
import { planEarn, planSpend, type PlanContext } from '@laurel/server/modules/ledger/plans.js';
import { orderHistory, planReverse } from '@laurel/server/modules/ledger/refund.js';
import type { LedgerService } from '@laurel/server/modules/ledger/service.js';
import { fingerprintOf } from '@laurel/server/modules/ledger/validate.js';
import { applyEntry, balancesOf } from '@laurel/server/modules/ledger/wallet-state.js';
import { AppError } from '@laurel/server/platform/errors.js';
import { aKey, aMemberId, expectNoDrift, SHANGHAI, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt' };

describe('ledger consistency without transactions', () => {
  let h: LedgerHarness;
  let ledger: LedgerService;

  before(async () => {
    h = await startLedger();
    ledger = h.ledger;
  });

  after(async () => {
    await h.close();
  });

  async function walletOf(memberId: string, currency: 'points' | 'growth' = 'points'): Promise<Wallet> {
    const wallet = await h.wallets.findById(`${memberId}:${currency}`).lean();
    if (!wallet) throw new Error('no wallet');
    return wallet;
  }

  function context(): PlanContext {
    return { now: h.clock.now(), zone: SHANGHAI, expiry: { kind: 'year_end', years: 1 }, maxLots: 200, maxOpenHolds: 20 };
  }

  /** What a process leaves behind when it dies right after writing the anchor: the entry, and an untouched wallet. */
  async function crashAfterAnchor(wallet: Wallet, draft: Draft, key: string, fingerprint: string): Promise<LedgerEntry> {
    const seq = wallet.version + 1;
    const entry: LedgerEntry = {
      _id: new Types.ObjectId(),
      memberId: wallet.memberId,
      currency: wallet.currency,
      seq,
      key,
      fingerprint,
      ...draft,
      balanceAfter: balancesOf(applyEntry(wallet, { ...draft, seq })),
      createdAt: h.clock.now(),
    };
    await h.entries.create(entry);
    return entry;
  }

  describe('concurrency', () => {
    it('lets exactly 100 of 200 concurrent spends of 1 succeed against 100 points, across four processes', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
      const processes = [ledger, h.service(), h.service(), h.service()];
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) => processes[i % 4]!.spend({ memberId, amount: 1, key: `race-${i}`, reason: 'race' })),
      );
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(100);
      expect(
        refused.every((e) => e instanceof AppError && e.code === 'INSUFFICIENT_POINTS'),
        String(refused.find((e) => !(e instanceof AppError))),
      ).to.equal(true);
      const summary = await ledger.summary(memberId);
      expect(summary).to.include({ available: 0 });
      expect(summary.lifetime.points.spent).to.equal(100);
      const seqs = (await h.entries.find({ memberId }, { seq: 1 }).lean()).map((e) => e.seq).sort((a, b) => a - b);
      expect(seqs).to.deep.equal(Array.from({ length: 101 }, (_, i) => i + 1));
      await expectNoDrift(ledger, memberId);
    });

    it('stays exact when processes race without any in-process queue (pure conditional updates)', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 12, key: aKey(), source: event });
      const processes = [0, 1, 2, 3].map(() => h.service({ serializeInProcess: false }));
      const results = await Promise.allSettled(
        Array.from({ length: 24 }, (_, i) => processes[i % 4]!.spend({ memberId, amount: 1, key: `raw-${i}`, reason: 'race' })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(12);
      expect(await ledger.summary(memberId)).to.include({ available: 0 });
      await expectNoDrift(ledger, memberId);
    });

    it('never lets a late helper apply an entry to a wallet that has moved past it', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event });
      const stale = await walletOf(memberId);
      await ledger.earn({ memberId, currency: 'points', amount: 20, key: aKey(), source: event });
      await ledger.spend({ memberId, amount: 5, key: aKey(), reason: 'x' });
      const second = (await h.entries.findOne({ memberId, seq: 2 }).lean())!;
      // A process that read version 1, then stalled, wakes up and tries to apply entry 2.
      const engine = new LedgerEngine(h.wallets, h.entries, h.clock, { maxLots: 200, serializeInProcess: false, maxAttempts: 5 });
      expect((await engine.apply(stale, second)).applied).to.equal(false);
      expect(await walletOf(memberId)).to.include({ version: 3, available: 25 });
      await expectNoDrift(ledger, memberId);
    });

    it('applies one of many concurrent requests with the same key; all get the same entry', async () => {
      const memberId = aMemberId();
      const processes = [h.service({ serializeInProcess: false }), h.service({ serializeInProcess: false })];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          processes[i % 2]!.earn({ memberId, currency: 'points', amount: 7, key: 'same-key', source: event }),
        ),
      );
      expect(new Set(results.map((r) => r.entry.id)).size).to.equal(1);
      expect(results.filter((r) => !r.replayed)).to.have.length(1);
      expect(await ledger.summary(memberId)).to.include({ available: 7 });
      await expectNoDrift(ledger, memberId);
    });
  });

  describe('crash after the anchor entry', () => {
    it('is reported by the reconciler and repaired to zero drift; a retry then replays it', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 40, key: aKey(), source: event });
      const params = { amount: 25, pendingDays: 0, source: event, orderId: null, reason: null };
      const key = aKey();
      const anchor = await crashAfterAnchor(
        await walletOf(memberId),
        planEarn(await walletOf(memberId), params, context()),
        key,
        fingerprintOf('earn', params),
      );

      const before = await ledger.reconcile({ memberId });
      expect(before.ok).to.equal(false);
      expect(before.issues).to.have.length(1);
      expect(before.issues[0]).to.deep.include({ unapplied: { seq: 2, kind: 'earn', key, delta: 25 }, repaired: false, problems: [] });
      expect(before.issues[0]!.drift).to.deep.equal({ available: 0, pending: 0, held: 0, debt: 0 });
      expect(await ledger.summary(memberId)).to.include({ available: 40 });
      expect((await ledger.ledger(memberId)).items).to.have.length(1);

      const repaired = await ledger.reconcile({ repair: true });
      expect(repaired.ok).to.equal(true);
      expect(repaired.issues.map((i) => [i.memberId, i.repaired])).to.deep.equal([[memberId, true]]);
      await expectNoDrift(ledger);
      expect(await ledger.summary(memberId)).to.include({ available: 65 });
      expect((await ledger.ledger(memberId)).items).to.have.length(2);

      const retry = await ledger.earn({ memberId, currency: 'points', amount: 25, key, source: event });
      expect(retry.replayed).to.equal(true);
      expect(retry.entry.id).to.equal(anchor._id.toHexString());
      expect(await ledger.summary(memberId)).to.include({ available: 65 });
    });

    it('is finished by the next operation on the wallet, before it plans its own change', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
      const params = { amount: 30, source: { type: 'system' as const, id: 'spend' }, orderId: null, reason: 'x' };
      const wallet = await walletOf(memberId);
      await crashAfterAnchor(wallet, planSpend(wallet, params, context()), aKey(), fingerprintOf('spend', params));

      await ledger.spend({ memberId, amount: 50, key: aKey(), reason: 'after the crash' });
      expect(await ledger.summary(memberId)).to.include({ available: 20 });
      expect((await walletOf(memberId)).version).to.equal(3);
      await expectNoDrift(ledger, memberId);
    });

    it('completes a refund interrupted between its two wallets when the caller retries', async () => {
      const memberId = aMemberId();
      for (const currency of ['points', 'growth'] as const) {
        await ledger.earn({ memberId, currency, amount: 60, key: 'o9:earn', source: { type: 'order', id: 'o9' }, orderId: 'o9' });
      }
      const params = { orderId: 'o9', refundAmount: 1, orderAmount: 2, policy: 'within_available' as const };
      const wallet = await walletOf(memberId);
      const history = orderHistory(await h.entries.find({ memberId, currency: 'points', orderId: 'o9' }).lean());
      await crashAfterAnchor(wallet, planReverse(wallet, history, params, context())!, 'o9:refund', fingerprintOf('reverseOrder', params));
      expect((await ledger.reconcile({ repair: true })).ok).to.equal(true);
      expect(await ledger.summary(memberId)).to.include({ available: 30, growth: 60 });

      const retry = await ledger.reverseOrder({ memberId, ...params, key: 'o9:refund' });
      expect(retry.entries.map((e) => [e.currency, e.delta])).to.deep.equal([
        ['points', -30],
        ['growth', -30],
      ]);
      expect(retry.replayed).to.equal(false);
      expect(await ledger.summary(memberId)).to.include({ available: 30, growth: 30 });
      await expectNoDrift(ledger, memberId);
    });
  });

  it('reports a wallet that disagrees with its ledger and rewrites it from the ledger on repair', async () => {
    const memberId = aMemberId();
    await ledger.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event });
    await h.wallets.updateOne({ _id: `${memberId}:points` }, { $inc: { available: 5 } });
    const report = await ledger.reconcile({ memberId });
    expect(report.ok).to.equal(false);
    expect(report.issues[0]!.drift).to.deep.equal({ available: 5, pending: 0, held: 0, debt: 0 });
    expect(report.issues[0]!.problems).to.deep.equal(['wallet: available 15 but available lots hold 10']);
    expect((await ledger.reconcile({ memberId, repair: true })).issues[0]!.repaired).to.equal(true);
    await expectNoDrift(ledger, memberId);
    expect(await ledger.summary(memberId)).to.include({ available: 10 });
  });
});
