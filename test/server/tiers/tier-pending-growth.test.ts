import { AdminRole, ApiScope, type EventOutcomeView, type MemberTierView, type TierChangeView } from '@laurel/shared';
import { expect } from 'chai';
import type { AppliedChange } from '@laurel/server/modules/ledger/types.js';
import { countersAt, emptyStats, foldChange, nextAvailableDay } from '@laurel/server/modules/tiers/stats.js';
import { anApiKey, anOperator, aTierMultiplier, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const ZONE = 'Asia/Shanghai';
const START = '2026-03-10T04:00:00.000Z';
const DAY = 86_400_000;

/** Growth earned on a pending period counts towards tiers only once it is available (TIER_PENDING_GROWTH=available). */
describe('tiers and pending growth', function () {
  this.timeout(300_000);

  async function startTiersApp(env: Record<string, string> = {}) {
    const t = await startTestApp({ env: { BUSINESS_TIME_ZONE: ZONE, RATE_LIMIT_API_KEY_MAX: '1000000', ...env } });
    t.clock.set(START);
    const admin = await anOperator(t, AdminRole.Admin);
    const apiKey = await anApiKey(t, [ApiScope.EventsWrite]);
    for (const tier of [
      { code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100, validityMonths: 12 },
      { code: 'gold', name: 'Gold', rank: 2, entryThreshold: 500, validityMonths: 12 },
    ]) {
      await t.http.post('/api/admin/v1/tiers').set(bearer(admin.token)).send(tier).expect(201);
    }
    await aTierMultiplier(t, admin.token, 'gold', 150);
    for (const rule of [
      { name: 'growth per yuan', currency: 'growth', formula: { kind: 'per_amount', unit: 100, rate: 1 }, pendingDays: 7 },
      { name: 'points per order', currency: 'points', formula: { kind: 'fixed', amount: 100 } },
    ]) {
      await t.http
        .post('/api/admin/v1/earning-rules')
        .set(bearer(admin.token))
        .send({ eventType: 'order.paid', ...rule })
        .expect(201);
    }
    return { t, admin, apiKey };
  }

  let t: TestApp;
  let admin: Operator;
  let apiKey: string;
  let n = 0;

  before(async () => {
    ({ t, admin, apiKey } = await startTiersApp());
  });
  after(() => t.close());

  async function at(iso: string): Promise<void> {
    t.clock.set(iso);
    const res = await t.http.post('/api/admin/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    admin.token = (res.body as { token: string }).token;
  }
  async function event(type: string, externalId: string, attributes: Record<string, unknown>, app = t, key = apiKey) {
    n += 1;
    const res = await app.http
      .post('/api/v1/events')
      .set(bearer(key))
      .send({ id: `evt-${n}`, type, occurredAt: app.clock.now().toISOString(), member: { externalId }, attributes });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as EventOutcomeView;
  }
  const paid = (externalId: string, orderId: string, amount: number, app = t, key = apiKey) =>
    event('order.paid', externalId, { orderId, amount, currency: 'CNY' }, app, key);
  const pointsGranted = (outcome: EventOutcomeView) => outcome.grants.find((g) => g.currency === 'points')!.amount;
  async function idOf(externalId: string, app = t): Promise<string> {
    return (await app.services.members.findByExternalId(externalId)).id;
  }
  async function tierOf(externalId: string): Promise<MemberTierView> {
    const res = await t.http
      .get(`/api/admin/v1/members/${await idOf(externalId)}/tier`)
      .set(bearer(admin.token))
      .expect(200);
    return res.body as MemberTierView;
  }
  async function historyOf(externalId: string): Promise<TierChangeView[]> {
    const res = await t.http
      .get(`/api/admin/v1/members/${await idOf(externalId)}/tier/history`)
      .set(bearer(admin.token))
      .expect(200);
    return (res.body as { items: TierChangeView[] }).items;
  }
  const runJob = async (name: string) => (await t.http.post(`/api/admin/v1/jobs/${name}/run`).set(bearer(admin.token)).expect(200)).body;

  it('does not upgrade on pending growth, nor apply the tier multiplier, until the growth is available', async () => {
    const first = await paid('buyer', 'o-buyer-1', 60_000);
    expect(first.grants.find((g) => g.currency === 'growth')).to.include({ amount: 600, pending: true });
    expect(pointsGranted(first)).to.equal(100);
    expect(await tierOf('buyer')).to.deep.include({ tier: null, current: 0 });
    await at(new Date(Date.parse(START) + DAY).toISOString());
    expect(pointsGranted(await paid('buyer', 'o-buyer-2', 100))).to.equal(100); // no 150 %: not gold
    expect(await tierOf('buyer')).to.deep.include({ tier: null, current: 0 });
    expect(await historyOf('buyer')).to.deep.equal([]);
  });

  it('upgrades once the growth is available: on the next ledger change, or by the job before the ledger releases it', async () => {
    await at(START);
    await paid('waiter', 'o-waiter', 60_000);
    await at(new Date(Date.parse(START) + 7 * DAY - 60_000).toISOString()); // a minute before it is available
    expect((await runJob('tiers.upgrade-available')).counts).to.deep.include({ upgraded: 0 });
    expect((await tierOf('waiter')).tier).to.equal(null);
    await at(new Date(Date.parse(START) + 7 * DAY + 60_000).toISOString());
    // The buyer's next order counts the growth that has become available (its points are planned on the tier before it).
    expect(pointsGranted(await paid('buyer', 'o-buyer-3', 100))).to.equal(100);
    expect(await tierOf('buyer')).to.deep.include({ tier: 'gold', current: 600 }); // the later orders' growth is still pending
    expect(pointsGranted(await paid('buyer', 'o-buyer-4', 100))).to.equal(150);
    // The waiter has no ledger change: the job upgrades them, before the ledger has released the growth.
    expect((await runJob('tiers.upgrade-available')).counts).to.deep.include({ upgraded: 1 });
    expect(await tierOf('waiter')).to.deep.include({ tier: 'gold', current: 600 });
    expect((await historyOf('waiter')).map((h) => [h.from, h.to, h.reason, h.metric])).to.deep.equal([[null, 'gold', 'upgrade', 600]]);
    // The ledger's release later changes nothing: the growth counts once.
    expect((await runJob('ledger.release-pending')).counts.released).to.be.at.least(600);
    expect(await tierOf('waiter')).to.deep.include({ tier: 'gold', current: 600 });
    expect(pointsGranted(await paid('waiter', 'o-waiter-2', 100))).to.equal(150);
    expect(await tierOf('waiter')).to.deep.include({ tier: 'gold', current: 600 });
  });

  it('takes back available growth on a later refund without re-tiering before evaluation', async () => {
    await at(new Date(Date.parse(START) + 8 * DAY).toISOString());
    await event('order.refunded', 'waiter', { orderId: 'o-waiter', refundAmount: 60_000 });
    expect(await tierOf('waiter')).to.deep.include({ tier: 'gold', current: 0 });
  });

  it('never upgrades a member whose order is refunded in full within the pending period', async () => {
    await at(START);
    await paid('refunder', 'o-refund', 60_000);
    expect((await tierOf('refunder')).tier).to.equal(null);
    await at(new Date(Date.parse(START) + DAY).toISOString());
    await event('order.refunded', 'refunder', { orderId: 'o-refund', refundAmount: 60_000 });
    expect(await tierOf('refunder')).to.deep.include({ tier: null, current: 0 });
    await at(new Date(Date.parse(START) + 8 * DAY).toISOString());
    await runJob('tiers.upgrade-available');
    await runJob('ledger.release-pending');
    await runJob('tiers.upgrade-available');
    expect(await tierOf('refunder')).to.deep.include({ tier: null, current: 0 });
    expect(await historyOf('refunder')).to.deep.equal([]);
    expect(pointsGranted(await paid('refunder', 'o-refund-2', 100))).to.equal(100);
  });

  it('counts released growth in the month it became available, and pending growth taken back never', () => {
    const earnedAt = new Date('2026-03-28T04:00:00Z');
    const availableAt = new Date('2026-04-04T04:00:00Z');
    const change = (kind: AppliedChange['kind'], seq: number, createdAt: Date, delta: number, pending: AppliedChange['pending']) =>
      ({
        memberId: 'm',
        currency: 'growth',
        seq,
        kind,
        delta,
        lifetime: {},
        key: `k${seq}`,
        orderId: 'o',
        createdAt,
        pending,
      }) as AppliedChange;
    const earned = foldChange(emptyStats(), change('earn', 1, earnedAt, 600, [{ availableAt, delta: 600 }]), 'growth:available', ZONE);
    expect(countersAt(earned, new Date('2026-04-04T03:59:59Z'), ZONE).lifetime).to.equal(0);
    expect(countersAt(earned, availableAt, ZONE)).to.deep.include({ lifetime: 600, months: { '2026-04': 600 } });
    expect(nextAvailableDay(earned, earnedAt, ZONE)).to.equal('2026-04-04');
    const releasedAt = new Date('2026-04-04T04:10:00Z');
    const released = foldChange(
      earned,
      change('release_pending', 2, releasedAt, 0, [{ availableAt, delta: -600 }]),
      'growth:available',
      ZONE,
    );
    expect(released).to.deep.include({ lifetime: 600, months: { '2026-04': 600 }, pending: [] });
    expect(nextAvailableDay(released, releasedAt, ZONE)).to.equal(null);
    const refunded = foldChange(
      earned,
      change('reverse', 2, new Date('2026-03-29T04:00:00Z'), -600, [{ availableAt, delta: -600 }]),
      'growth:available',
      ZONE,
    );
    expect(countersAt(refunded, new Date('2027-01-01T00:00:00Z'), ZONE).lifetime).to.equal(0);
  });

  it('under bursts: 50 refunded buyers never upgrade, 50 kept ones upgrade exactly once while the job runs alongside their orders', async () => {
    const burst = await startTiersApp();
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const send = (type: string, externalId: string, attributes: Record<string, unknown>) =>
      burst.t.http
        .post('/api/v1/events')
        .set(bearer(burst.apiKey))
        .send({
          id: `${type}-${externalId}-${String(attributes.orderId)}`,
          type,
          occurredAt: burst.t.clock.now().toISOString(),
          member: { externalId },
          attributes,
        })
        .expect(201);
    const buy = (who: string, orderId: string, amount: number) => send('order.paid', who, { orderId, amount, currency: 'CNY' });
    try {
      await Promise.all(ids.flatMap((i) => [buy(`kept-${i}`, `k-${i}`, 60_000), buy(`back-${i}`, `b-${i}`, 60_000)]));
      burst.t.clock.set(new Date(Date.parse(START) + DAY).toISOString());
      await Promise.all(ids.map((i) => send('order.refunded', `back-${i}`, { orderId: `b-${i}`, refundAmount: 60_000 })));
      burst.t.clock.set(new Date(Date.parse(START) + 7 * DAY + 60_000).toISOString());
      const job = burst.t.services.tiers.upgradeAvailable(burst.t.clock.now(), 'burst-run');
      await Promise.all([...ids.flatMap((i) => [buy(`kept-${i}`, `k2-${i}`, 100), buy(`back-${i}`, `b2-${i}`, 100)]), job]);
      await burst.t.services.tiers.upgradeAvailable(burst.t.clock.now(), 'burst-run-2');
      const changes = burst.t.mongo.connection.collection('tier_changes');
      for (const i of ids) {
        const kept = await idOf(`kept-${i}`, burst.t);
        const back = await idOf(`back-${i}`, burst.t);
        expect((await burst.t.services.tiers.memberTier(kept)).tier, `kept-${i}`).to.equal('gold');
        expect((await burst.t.services.tiers.memberTier(back)).tier, `back-${i}`).to.equal(null);
        expect(await changes.countDocuments({ memberId: kept }), `kept-${i} changes`).to.equal(1);
        expect(await changes.countDocuments({ memberId: back }), `back-${i} changes`).to.equal(0);
      }
    } finally {
      await burst.t.close();
    }
  });

  it('counts pending growth at once with TIER_PENDING_GROWTH=immediate', async () => {
    const other = await startTiersApp({ TIER_PENDING_GROWTH: 'immediate' });
    try {
      await paid('eager', 'o-eager', 60_000, other.t, other.apiKey);
      expect((await other.t.services.tiers.memberTier(await idOf('eager', other.t))).tier).to.equal('gold');
    } finally {
      await other.t.close();
    }
  });
});
