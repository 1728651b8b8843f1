import { AdminRole, type LedgerEntryView, type LedgerSummaryView, type MemberWalletsView, type Page } from '@laurel/shared';
import { expect } from 'chai';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anOperator, bearer, nowSeconds, type Operator } from '../../support/builders.js';
import { aKey, aMember, DAY, earn, expectNoDrift } from './support.js';

interface JobStatus {
  name: string;
  schedule: string;
}

describe('ledger jobs', () => {
  let t: TestApp;
  let operator: Operator;

  // Each test gets a fresh app, so job counts are exactly this test's.
  beforeEach(async () => {
    t = await startTestApp({ clock: new ManualClock('2026-03-01T02:00:00.000Z'), env: { POINTS_EXPIRY: 'days:2' } });
    operator = await anOperator(t, AdminRole.Operator);
  });

  afterEach(async () => {
    await t.close();
  });

  const me = async (externalId: string): Promise<LedgerSummaryView> =>
    (
      await t.http
        .get('/api/v1/me')
        .set(bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(t) })))
        .expect(200)
    ).body as LedgerSummaryView;

  it('are registered with their schedules', async () => {
    const res = await t.http.get('/api/admin/v1/jobs').set(bearer(operator.token)).expect(200);
    const jobs = (res.body as { items: JobStatus[] }).items.filter((j) => j.name.startsWith('ledger.'));
    expect(jobs.map((j) => [j.name, j.schedule])).to.deep.equal([
      ['ledger.expire-points', '5 * * * *'],
      ['ledger.release-pending', '*/10 * * * *'],
      ['ledger.reconcile', '30 3 * * *'],
    ]);
  });

  it('expire-points expires exactly the lots past their expiry, once, and counts them', async () => {
    const early = await aMember(t, uniqueName('early'));
    const late = await aMember(t, uniqueName('late'));
    await earn(t, early, 30); // expires at the end of 2026-03-03 in Shanghai
    await earn(t, early, 5, { currency: 'growth' }); // growth never expires
    t.clock.advance(DAY);
    await earn(t, late, 40); // the end of 2026-03-04
    await t.services.ledger.spend({ memberId: early, amount: 10, reason: 'x', key: aKey() });

    t.clock.set('2026-03-03T16:00:00.000Z');
    const run = await t.services.scheduler.runJob('ledger.expire-points');

    expect(run.outcome).to.equal('success');
    expect(run.counts).to.deep.equal({ wallets: 1, entries: 1, expired: 20 });
    expect(await t.services.ledger.summary(early)).to.include({ available: 0, growth: 5 });
    expect(await t.services.ledger.summary(late)).to.include({ available: 40 });
    expect((await t.services.scheduler.runJob('ledger.expire-points')).counts).to.deep.equal({ wallets: 0, entries: 0, expired: 0 });

    const page = await t.services.ledger.ledger(early, { kind: 'expire' });
    expect(page.items.map((e: LedgerEntryView) => [e.kind, e.delta])).to.deep.equal([['expire', -20]]);
    await expectNoDrift(t);
  });

  it('release-pending makes due pending points available and counts them; an operator can run it over HTTP', async () => {
    const externalId = uniqueName('pending');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 12, { pendingDays: 1 });
    await earn(t, memberId, 8, { pendingDays: 5 });

    t.clock.advance(DAY);
    operator = await anOperator(t, AdminRole.Operator); // a day later the first token has expired
    const res = await t.http.post('/api/admin/v1/jobs/ledger.release-pending/run').set(bearer(operator.token)).expect(200);

    expect((res.body as { counts: Record<string, number> }).counts).to.deep.equal({ wallets: 1, entries: 1, released: 12 });
    const wallets = await t.http.get(`/api/admin/v1/members/${memberId}`).set(bearer(operator.token)).expect(200);
    expect((wallets.body as MemberWalletsView).wallets[0]).to.include({ available: 12, pending: 8 });
    expect(await me(externalId)).to.include({ available: 12, pending: 8 });
  });

  it('reconcile reports drift, repairs it from the ledger, and drops the stale cached summary', async () => {
    const externalId = uniqueName('drifted');
    const memberId = await aMember(t, externalId);
    const clean = await aMember(t, uniqueName('clean'));
    await earn(t, memberId, 50);
    await earn(t, clean, 10);
    // Corruption outside the ledger (no invalidation): the wallet claims 5 more than its ledger.
    await t.mongo.connection
      .collection<{ _id: string }>('ledger_wallets')
      .updateOne({ _id: `${memberId}:points` }, { $inc: { available: 5 } });
    expect((await t.services.ledger.reconcile()).ok).to.equal(false);

    const run = await t.services.scheduler.runJob('ledger.reconcile');

    expect(run.counts).to.deep.equal({ wallets: 2, issues: 1, repaired: 1, unresolved: 0 });
    await expectNoDrift(t);
    expect(await me(externalId)).to.include({ available: 50 });
  });
});

describe('ledger configuration', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({
      clock: new ManualClock('2026-03-10T02:00:00.000Z'),
      env: { POINTS_EXPIRY: 'month_end:0', GROWTH_EXPIRY: 'days:7', REFUND_POLICY: 'allow_debt' },
    });
  });

  after(async () => {
    await t.close();
  });

  it('expires points and growth per POINTS_EXPIRY and GROWTH_EXPIRY', async () => {
    const memberId = await aMember(t, uniqueName('policy'));
    const points = await earn(t, memberId, 10);
    const growth = await earn(t, memberId, 10, { currency: 'growth' });
    expect(points.lots[0]!.expiresAt).to.equal('2026-03-31T15:59:59.999Z');
    expect(growth.lots[0]!.expiresAt).to.equal('2026-03-17T15:59:59.999Z');
  });

  it('refunds per REFUND_POLICY: allow_debt turns a shortfall into debt', async () => {
    const memberId = await aMember(t, uniqueName('debtor'));
    await earn(t, memberId, 100, { orderId: 'order-1' });
    await t.services.ledger.spend({ memberId, amount: 100, reason: 'spent it all', key: aKey() });

    const refund = await t.services.ledger.reverseOrder({ memberId, orderId: 'order-1', refundAmount: 1, orderAmount: 1, key: aKey() });

    const points = refund.entries.find((e) => e.currency === 'points');
    expect(points?.refund).to.include({ policy: 'allow_debt', debt: 100, forgiven: 0 });
    expect(await t.services.ledger.summary(memberId)).to.include({ available: 0, debt: 100 });
    const page: Page<LedgerEntryView> = await t.services.ledger.ledger(memberId, { kind: 'reverse' });
    expect(page.items).to.have.length(2);
  });
});
