import { ApiScope, type ExpiringPointsView, type LedgerSummaryView } from '@laurel/shared';
import { expect } from 'chai';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { createLogger } from '@laurel/server/platform/logger.js';
import type { RedisHandle } from '@laurel/server/platform/redis.js';
import { SummaryCache, summaryKeyOf } from '@laurel/server/modules/ledger/summary-cache.js';
import type { SummarySnapshot } from '@laurel/server/modules/ledger/types.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anApiKey, bearer, nowSeconds } from '../../support/builders.js';
import { aKey, aMember, earn, expectNoDrift, servicePost } from './support.js';

const START = '2026-03-01T02:00:00.000Z'; // 10:00 in Shanghai

describe('summary cache', () => {
  let t: TestApp;
  let commands: string[] = [];
  let writer: string;
  let reader: string;

  before(async () => {
    t = await startTestApp({
      clock: new ManualClock(START),
      env: { POINTS_EXPIRY: 'days:1' },
      onCommand: (name) => commands.push(name),
    });
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
    reader = await anApiKey(t, [ApiScope.MembersRead]);
  });

  after(async () => {
    await t.close();
  });

  afterEach(() => t.clock.set(START));

  const tokenFor = (externalId: string): string => aMemberToken(externalId, { nowSeconds: nowSeconds(t) });
  const me = async (externalId: string): Promise<LedgerSummaryView> =>
    (
      await t.http
        .get('/api/v1/me')
        .set(bearer(tokenFor(externalId)))
        .expect(200)
    ).body as LedgerSummaryView;
  /** The database commands `work` sends. */
  const commandsOf = async (work: () => Promise<unknown>): Promise<string[]> => {
    commands = [];
    await work();
    return [...commands];
  };

  it('answers a repeated summary read from Redis with no database command at all', async () => {
    const externalId = uniqueName('cached');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 80);

    const first = await commandsOf(() => me(externalId));
    let second: LedgerSummaryView | undefined;
    const again = await commandsOf(async () => (second = await me(externalId)));
    const expiring = await commandsOf(() =>
      t.http
        .get('/api/v1/me/expiring')
        .set(bearer(tokenFor(externalId)))
        .expect(200),
    );

    expect(first).to.deep.equal(['find']); // the member's wallets; the member id was already known
    expect(again).to.deep.equal([]);
    expect(expiring).to.deep.equal([]);
    expect(second).to.include({ memberId, available: 80 });
    expect(await t.redis.client.exists(summaryKeyOf(memberId))).to.equal(1);
  });

  it('answers a cached summary read of the service API with no database command once the member is known', async () => {
    const externalId = uniqueName('svc-cached');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 5);
    await t.http.get(`/api/v1/members/${externalId}/summary`).set(bearer(reader)).expect(200);
    const again = await commandsOf(() => t.http.get(`/api/v1/members/${externalId}/summary`).set(bearer(reader)).expect(200));
    expect(again).to.deep.equal([]);
  });

  it('drops the cached summary on every change: spend, hold, earn, adjustment', async () => {
    const externalId = uniqueName('changing');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);
    expect(await me(externalId)).to.include({ available: 100 });

    await servicePost(t, writer, `/api/v1/members/${externalId}/points/spend`, { amount: 30, reason: 'x' }).expect(201);
    expect(await me(externalId)).to.include({ available: 70 });
    await servicePost(t, writer, `/api/v1/members/${externalId}/points/holds`, { amount: 20, orderId: 'o-1' }).expect(201);
    expect(await me(externalId)).to.include({ available: 50, held: 20 });
    await earn(t, memberId, 5);
    await earn(t, memberId, 9, { currency: 'growth' });
    expect(await me(externalId)).to.include({ available: 55, growth: 9 });
    await t.services.ledger.adjust({
      memberId,
      currency: 'points',
      amount: -5,
      reason: 'x',
      operator: { type: 'admin', id: 'op', label: 'op' },
      key: aKey(),
    });
    expect(await me(externalId)).to.include({ available: 50 });
  });

  it('drops the cached summary on a refund', async () => {
    const externalId = uniqueName('refunded');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 40, { orderId: 'order-r' });
    expect(await me(externalId)).to.include({ available: 40 });
    await t.services.ledger.reverseOrder({ memberId, orderId: 'order-r', refundAmount: 1, orderAmount: 2, key: aKey() });
    expect(await me(externalId)).to.include({ available: 20 });
  });

  it('never serves a cached summary past an expiry: expired points show at once, before the job runs', async () => {
    const externalId = uniqueName('expiring');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 60); // expires at the end of 2026-03-02 in Shanghai
    const cached = await me(externalId);
    expect(cached).to.include({ available: 60 });
    expect(cached.nextExpiries).to.deep.equal([{ at: '2026-03-02T15:59:59.999Z', amount: 60 }]);

    t.clock.set('2026-03-02T15:59:59.999Z'); // the last instant the points are valid
    expect(await me(externalId)).to.include({ available: 60 });
    t.clock.set('2026-03-02T16:00:00.000Z');
    const due = await me(externalId);
    expect(due).to.include({ available: 0 });
    expect(due.lifetime.points.expired).to.equal(60);
    expect(due.nextExpiries).to.deep.equal([]);

    const run = await t.services.scheduler.runJob('ledger.expire-points');
    expect(run.outcome).to.equal('success');
    expect(run.counts.expired).to.be.at.least(60); // other tests' members expire too
    expect(await me(externalId)).to.deep.equal(due);
    const expiring = (
      await t.http
        .get('/api/v1/me/expiring')
        .set(bearer(tokenFor(externalId)))
        .expect(200)
    ).body as ExpiringPointsView;
    expect(expiring.total).to.equal(0);
    await expectNoDrift(t);
  });

  it('never serves a cached summary past a release: pending points become available on time', async () => {
    const externalId = uniqueName('pending');
    const memberId = await aMember(t, externalId);
    t.clock.set('2026-03-01T02:00:00.000Z');
    await earn(t, memberId, 15, { pendingDays: 1, currency: 'growth' });
    await earn(t, memberId, 25, { pendingDays: 1 });
    expect(await me(externalId)).to.include({ available: 0, pending: 25, growthPending: 15 });

    t.clock.set('2026-03-02T01:59:59.999Z');
    expect(await me(externalId)).to.include({ available: 0, pending: 25 });
    t.clock.set('2026-03-02T02:00:00.000Z');
    expect(await me(externalId)).to.include({ available: 25, pending: 0, growth: 15, growthPending: 0 });
    await t.services.scheduler.runJob('ledger.release-pending');
    expect(await me(externalId)).to.include({ available: 25, pending: 0, growth: 15 });
    await expectNoDrift(t);
  });

  it('never stores a summary read before a write after that write (an invalidation in between wins)', async () => {
    const cache = new SummaryCache(t.redis, t.clock, createLogger('silent'), { ttlSeconds: 60 });
    const memberId = uniqueName('race');
    const snapshotWith = (available: number): SummarySnapshot => ({
      summary: { ...emptySummary(memberId), available },
      expiries: [],
      asOf: START,
      validUntil: null,
    });

    // The slow reader loads the old balance; a write lands (and invalidates) before it fills the cache.
    const slow = await cache.read(memberId, async () => {
      await cache.invalidate(memberId);
      return snapshotWith(1);
    });
    expect(slow.summary.available).to.equal(1);
    const next = await cache.read(memberId, async () => snapshotWith(2));
    expect(next.summary.available).to.equal(2);
    const cached = await cache.read(memberId, async () => snapshotWith(3));
    expect(cached.summary.available).to.equal(2);
  });

  it('sends invalidations missed while Redis was down once it answers again', async () => {
    let down = false;
    const flaky: RedisHandle = {
      ...t.redis,
      isUp: () => !down && t.redis.isUp(),
      tryRun: (what, fn, fallback) => (down ? Promise.resolve(fallback) : t.redis.tryRun(what, fn, fallback)),
    };
    const cache = new SummaryCache(flaky, t.clock, createLogger('silent'), { ttlSeconds: 60 });
    const memberId = uniqueName('missed');
    const snapshotWith = (available: number): SummarySnapshot => ({
      summary: { ...emptySummary(memberId), available },
      expiries: [],
      asOf: START,
      validUntil: null,
    });
    await cache.read(memberId, async () => snapshotWith(1));

    down = true;
    await cache.invalidate(memberId);
    expect((await cache.read(memberId, async () => snapshotWith(2))).summary.available).to.equal(2);
    down = false;
    expect((await cache.read(memberId, async () => snapshotWith(3))).summary.available).to.equal(3);
    expect((await cache.read(memberId, async () => snapshotWith(4))).summary.available).to.equal(3);
  });
});

describe('summary cache with Redis down', () => {
  let t: TestApp;
  let writer: string;

  before(async function () {
    this.timeout(30_000);
    t = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:6399' } });
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
  });

  after(async () => {
    await t.close();
  });

  it('reads summaries from the database and still moves points correctly', async () => {
    expect(t.redis.isUp()).to.equal(false);
    const externalId = uniqueName('no-redis');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 50);
    const token = aMemberToken(externalId, { nowSeconds: nowSeconds(t) });

    const before = await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    expect(before.body as LedgerSummaryView).to.include({ available: 50 });
    await servicePost(t, writer, `/api/v1/members/${externalId}/points/spend`, { amount: 20, reason: 'x' }).expect(201);
    const after = await t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    expect(after.body as LedgerSummaryView).to.include({ available: 30 });
    await expectNoDrift(t);
  });
});

function emptySummary(memberId: string): LedgerSummaryView {
  const lifetime = { earned: 0, spent: 0, expired: 0, reversed: 0, restored: 0, adjusted: 0 };
  return {
    memberId,
    available: 0,
    pending: 0,
    held: 0,
    debt: 0,
    growth: 0,
    growthPending: 0,
    growthDebt: 0,
    lifetime: { points: lifetime, growth: lifetime },
    nextExpiries: [],
  };
}
