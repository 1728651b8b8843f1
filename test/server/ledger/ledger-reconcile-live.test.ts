import { expect } from 'chai';
import { Types } from 'mongoose';
import type { ReconcileReport } from '@laurel/server/modules/ledger/reconcile.js';
import type { LedgerService } from '@laurel/server/modules/ledger/service.js';
import { planEarn } from '@laurel/server/modules/ledger/plans.js';
import { fingerprintOf } from '@laurel/server/modules/ledger/validate.js';
import { applyEntry, balancesOf } from '@laurel/server/modules/ledger/wallet-state.js';
import { aKey, aMemberId, expectNoDrift, SHANGHAI, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt' };
const WRITERS = 32;
const MEMBERS = 16;
const ROUNDS = 12;

describe('ledger reconcile under live traffic', () => {
  let h: LedgerHarness;
  let ledger: LedgerService;

  before(async () => {
    h = await startLedger();
    ledger = h.ledger;
  });

  after(async () => {
    await h.close();
  });

  it('reports no drift and repairs nothing while 32 writers earn and spend, and a final reconcile is clean', async function () {
    this.timeout(300_000);
    const members = Array.from({ length: MEMBERS }, () => aMemberId());
    for (const memberId of members) {
      await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
      await ledger.earn({ memberId, currency: 'growth', amount: 1, key: aKey(), source: event });
    }
    const processes = [ledger, h.service(), h.service(), h.service()];
    let writing = true;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const service = processes[w % processes.length]!;
      const memberId = members[w % MEMBERS]!;
      for (let round = 0; round < ROUNDS; round++) {
        await service.earn({ memberId, currency: 'points', amount: 10, key: aKey(`w${w}`), source: event });
        await service.spend({ memberId, amount: 7, key: aKey(`w${w}`), reason: 'live' });
        if (round % 4 === 0) await service.earn({ memberId, currency: 'growth', amount: 2, key: aKey(`w${w}`), source: event });
      }
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });

    const reports: { repair: boolean; report: ReconcileReport }[] = [];
    const reconciler = h.service();
    while (writing) {
      for (const repair of [false, true]) {
        reports.push({ repair, report: await reconciler.reconcile({ repair, batchSize: 8 }) });
      }
    }
    await done;

    expect(reports.length).to.be.greaterThan(1);
    const issues = reports.flatMap(({ repair, report }) => report.issues.map((issue) => ({ repair, ...issue })));
    expect(issues, JSON.stringify(issues.slice(0, 3), null, 1)).to.deep.equal([]);
    for (const { report } of reports) {
      expect(report.ok).to.equal(true);
      expect(report.wallets).to.equal(2 * MEMBERS);
    }
    await expectNoDrift(ledger);
    const perMember = (WRITERS / MEMBERS) * ROUNDS;
    for (const memberId of members) {
      expect(await ledger.summary(memberId)).to.include({ available: 100 + 3 * perMember, growth: 1 + 2 * (WRITERS / MEMBERS) * 3 });
    }
  });

  it('still finds real drift, and an interrupted operation, on wallets that are not moving', async () => {
    const drifted = aMemberId();
    await ledger.earn({ memberId: drifted, currency: 'points', amount: 10, key: aKey(), source: event });
    await h.wallets.updateOne({ _id: `${drifted}:points` }, { $inc: { available: 5 } });

    const interrupted = aMemberId();
    await ledger.earn({ memberId: interrupted, currency: 'points', amount: 10, key: aKey(), source: event });
    const wallet = (await h.wallets.findById(`${interrupted}:points`).lean())!;
    const params = { amount: 4, pendingDays: 0, source: event, orderId: null, reason: null };
    const draft = planEarn(wallet, params, {
      now: h.clock.now(),
      zone: SHANGHAI,
      expiry: { kind: 'year_end', years: 1 },
      maxLots: 200,
      maxOpenHolds: 20,
    });
    const key = aKey();
    await h.entries.create({
      _id: new Types.ObjectId(),
      memberId: interrupted,
      currency: 'points',
      seq: wallet.version + 1,
      key,
      fingerprint: fingerprintOf('earn', params),
      ...draft,
      balanceAfter: balancesOf(applyEntry(wallet, { ...draft, seq: wallet.version + 1 })),
      createdAt: h.clock.now(),
    });

    const report = await ledger.reconcile();
    expect(report.ok).to.equal(false);
    const byMember = new Map(report.issues.map((issue) => [issue.memberId, issue]));
    expect(byMember.get(drifted)).to.deep.include({ repaired: false, problems: ['wallet: available 15 but available lots hold 10'] });
    expect(byMember.get(drifted)!.drift).to.deep.equal({ available: 5, pending: 0, held: 0, debt: 0 });
    expect(byMember.get(interrupted)).to.deep.include({ repaired: false, unapplied: { seq: 2, kind: 'earn', key, delta: 4 } });
    expect(report.issues).to.have.length(2);

    const repaired = await ledger.reconcile({ repair: true });
    expect(repaired.issues.map((issue) => [issue.memberId, issue.repaired])).to.have.deep.members([
      [drifted, true],
      [interrupted, true],
    ]);
    await expectNoDrift(ledger);
    expect(await ledger.summary(drifted)).to.include({ available: 10 });
    expect(await ledger.summary(interrupted)).to.include({ available: 14 });
  });
});
