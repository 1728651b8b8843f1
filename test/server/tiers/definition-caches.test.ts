import { AdminRole, ApiScope, type BenefitPackageView, type EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { GenerationCache, type GenerationStore } from '@laurel/server/platform/generation-cache.js';
import { anApiKey, anOperator, aTierMultiplier, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const START = '2026-03-10T04:00:00.000Z';

/**
 * The tier ladder and the earning rules are kept in memory by every process. A write is seen by the next read at
 * once: in the process that wrote it, and in every other process of the deployment (same database and Redis).
 */
describe('definition caches across processes', function () {
  this.timeout(300_000);
  let a: TestApp;
  let b: TestApp;
  let admin: Operator;
  let keyA: string;
  let keyB: string;
  let n = 0;
  let goldPoints: string;

  before(async () => {
    const clock = new ManualClock(START);
    a = await startTestApp({ clock, env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
    b = await startTestApp({ clock, dbName: a.dbName, env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
    admin = await anOperator(a, AdminRole.Admin);
    keyA = await anApiKey(a, [ApiScope.EventsWrite]);
    keyB = await anApiKey(a, [ApiScope.EventsWrite]);
    await a.http
      .post('/api/admin/v1/tiers')
      .set(bearer(admin.token))
      .send({ code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100 })
      .expect(201);
    await a.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({ name: 'growth per order', eventType: 'order.paid', currency: 'growth', formula: { kind: 'fixed', amount: 150 } })
      .expect(201);
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  async function order(app: TestApp, key: string, externalId: string): Promise<EventOutcomeView> {
    n += 1;
    const res = await app.http
      .post('/api/v1/events')
      .set(bearer(key))
      .send({
        id: `cache-evt-${n}`,
        type: 'order.paid',
        occurredAt: START,
        member: { externalId },
        attributes: { orderId: `cache-order-${n}`, amount: 1_000, currency: 'CNY' },
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as EventOutcomeView;
  }
  const tierIn = async (app: TestApp, externalId: string) => (await app.services.members.findByExternalId(externalId)).tier;

  it('shows a tier added in one process to the next upgrade in the other', async () => {
    // Both processes have read (and keep) the ladder.
    await order(a, keyA, 'cache-1');
    await order(b, keyB, 'cache-2');
    expect([await tierIn(a, 'cache-1'), await tierIn(b, 'cache-2')]).to.deep.equal(['silver', 'silver']);
    await a.http
      .post('/api/admin/v1/tiers')
      .set(bearer(admin.token))
      .send({ code: 'gold', name: 'Gold', rank: 2, entryThreshold: 250 })
      .expect(201);
    goldPoints = await aTierMultiplier(a, admin.token, 'gold', 200);
    await order(b, keyB, 'cache-2'); // 300 growth: gold, in the other process, with no time passing
    expect(await tierIn(b, 'cache-2')).to.equal('gold');
    await order(a, keyA, 'cache-1');
    expect(await tierIn(a, 'cache-1')).to.equal('gold');
  });

  it("applies an edited package's multiplier in the other process at once", async () => {
    await a.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({ name: 'points per order', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 10 } })
      .expect(201);
    const points = (outcome: EventOutcomeView) => outcome.grants.find((g) => g.currency === 'points')?.amount;
    expect(points(await order(b, keyB, 'cache-2'))).to.equal(20);
    const pkg = await a.http.get(`/api/admin/v1/benefit-packages/${goldPoints}`).set(bearer(admin.token)).expect(200);
    const [item] = (pkg.body as BenefitPackageView).items;
    await a.http
      .patch(`/api/admin/v1/benefit-packages/${goldPoints}`)
      .set(bearer(admin.token))
      .send({
        items: [{ benefitCode: item!.benefitCode, quota: { period: 'unlimited' }, value: { percent: 300 } }],
        version: pkg.body.version,
      })
      .expect(200);
    expect(points(await order(b, keyB, 'cache-2'))).to.equal(30);
  });

  it('grants by an earning rule created in one process in the other, and stops at once when it is archived', async () => {
    const before = await order(b, keyB, 'cache-3');
    expect(before.grants.map((g) => g.ruleName)).to.not.include('bonus');
    const rule = await a.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(admin.token))
      .send({ name: 'bonus', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 5 } })
      .expect(201);
    expect((await order(b, keyB, 'cache-3')).grants.map((g) => g.ruleName)).to.include('bonus');
    await a.http.post(`/api/admin/v1/earning-rules/${rule.body.id}/archive`).set(bearer(admin.token)).expect(200);
    expect((await order(b, keyB, 'cache-3')).grants.map((g) => g.ruleName)).to.not.include('bonus');
  });
});

describe('generation-checked cache', () => {
  /** A load per call, each answered when the test says, with what the "database" held when it started. */
  function loads() {
    let stored = 'v1';
    const started: { value: string; answer: () => void }[] = [];
    return {
      started,
      write: (value: string) => void (stored = value),
      load: () =>
        new Promise<string>((resolve) => {
          const value = stored;
          started.push({ value, answer: () => resolve(value) });
        }),
    };
  }
  function memoryStore(): GenerationStore & { up: boolean } {
    const generations = new Map<string, number>();
    return {
      up: true,
      async read(name) {
        return this.up ? String(generations.get(name) ?? 0) : null;
      },
      async bump(name) {
        if (this.up) generations.set(name, (generations.get(name) ?? 0) + 1);
      },
    };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('never serves or keeps a load that started before a write', async () => {
    const db = loads();
    const cache = new GenerationCache({ name: 'x', load: db.load, clock: new ManualClock(), refreshMs: 10_000 });
    const before = cache.get();
    await settle();
    db.write('v2');
    await cache.invalidate();
    const after = cache.get();
    await settle();
    expect(db.started.map((l) => l.value)).to.deep.equal(['v1', 'v2']); // the read after the write did not join the old load
    db.started[0]!.answer();
    db.started[1]!.answer();
    expect([await before, await after]).to.deep.equal(['v1', 'v2']);
    expect(await cache.get()).to.equal('v2');
    expect(db.started).to.have.length(2); // kept: no further load
  });

  it('reloads in another process after a write, and keeps the value while nothing changes', async () => {
    const db = loads();
    const store = memoryStore();
    const clock = new ManualClock();
    const writer = new GenerationCache({ name: 'x', load: db.load, clock, refreshMs: 10_000, store });
    const reader = new GenerationCache({ name: 'x', load: db.load, clock, refreshMs: 10_000, store });
    const read = async () => {
      const value = reader.get();
      await settle();
      db.started.forEach((l) => l.answer());
      return value;
    };
    expect(await read()).to.equal('v1');
    expect(await read()).to.equal('v1');
    expect(db.started).to.have.length(1);
    db.write('v2');
    await writer.invalidate();
    expect(await read()).to.equal('v2');
    expect(db.started).to.have.length(2);
  });

  it("with the store unreachable, sees this process's writes at once and other processes' within refreshMs", async () => {
    const db = loads();
    const store = memoryStore();
    const clock = new ManualClock();
    const writer = new GenerationCache({ name: 'x', load: db.load, clock, refreshMs: 10_000, store });
    const reader = new GenerationCache({ name: 'x', load: db.load, clock, refreshMs: 10_000, store });
    const read = async (cache: GenerationCache<string>) => {
      const value = cache.get();
      await settle();
      db.started.forEach((l) => l.answer());
      return value;
    };
    expect(await read(reader)).to.equal('v1');
    expect(await read(writer)).to.equal('v1');
    store.up = false;
    db.write('v2');
    await writer.invalidate();
    expect(await read(writer)).to.equal('v2');
    expect(await read(reader)).to.equal('v1');
    clock.advance(10_000);
    expect(await read(reader)).to.equal('v2');
  });
});
