import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anOperator, bearer, errorOf, nowSeconds, type Operator } from '../../support/builders.js';
import { dedicatedFerretDb, dedicatedRedis, freePort, waitUntil, type EngineProcess } from '../../support/engines.js';

// Resilience: an engine that goes away and comes back must not need a restart of Laurel. Each suite runs
// its own engine process on a free port (the shared ones stay untouched), builds the app against it once,
// kills the engine with SIGKILL, checks how the app degrades, starts the engine again on the same port and
// waits (bounded, in real time: it waits on a real process) until the same app serves normally again.

/** How long an engine may take to be usable again after it restarts; the drivers retry within seconds. */
const RECOVERY_MS = 30_000;

/** Fails unless no property anywhere in `value` is a stack trace or names one. */
function expectNoStack(value: unknown, path = 'body'): void {
  if (typeof value === 'string') {
    expect(value, path).not.to.match(/\n\s+at\s|\bat .+\.(?:js|ts):\d+/);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    expect(key.toLowerCase(), `${path} has a ${key} property`).not.to.equal('stack');
    expectNoStack(inner, `${path}.${key}`);
  }
}

describe('recovery when FerretDB stops and starts again', function () {
  let ferret: EngineProcess | null = null;
  let t: TestApp | undefined;
  let operator: Operator;

  before(async function () {
    this.timeout(60_000);
    ferret = dedicatedFerretDb(await freePort());
    if (!ferret) return this.skip(); // engines from the environment (MONGODB_URI) and no local FerretDB build
    await ferret.start();
    t = await startTestApp({ env: { MONGODB_URI: `mongodb://127.0.0.1:${ferret.port}/x`, SCHEDULER_ENABLED: 'false' } });
    operator = await anOperator(t);
  });

  after(async function () {
    this.timeout(60_000);
    try {
      // The database must be reachable to be dropped: bring FerretDB back if a failed test left it down.
      if (t && ferret && !ferret.running) await ferret.start();
      await t?.close();
    } finally {
      await ferret?.stop();
    }
  });

  const app = (): TestApp => t as TestApp;
  const me = () => app().http.get('/api/admin/v1/auth/me').set(bearer(operator.token));

  it('is ready and serves database-backed requests while FerretDB runs', async () => {
    const ready = await app().http.get('/readyz').expect(200);
    expect(ready.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'disabled', redis: 'up' } });
    const res = await me().expect(200);
    expect(res.body).to.include({ id: operator.id, email: operator.email });
  });

  /** The outage as a caller sees it: not ready, and a database-backed request fails with a 5xx that hides internals. */
  async function expectDatabaseOutage(): Promise<void> {
    const ready = await app().http.get('/readyz');
    expect(ready.status, JSON.stringify(ready.body)).to.equal(503);
    expect(ready.body).to.deep.equal({ status: 'not ready', checks: { database: 'down', scheduler: 'disabled', redis: 'up' } });

    const res = await me();
    expect(res.status, JSON.stringify(res.body)).to.equal(503);
    const error = errorOf(res.body);
    expect(error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(error.message).not.to.match(/mongo|ferret|ECONNREFUSED|127\.0\.0\.1/i);
    expectNoStack(res.body);
  }

  it('answers /readyz 503 and database-backed requests with a 5xx error without internals right after FerretDB dies', async function () {
    this.timeout(30_000);
    await ferret?.stop();
    // Until its next heartbeat the driver still counts the server as known and fails fast with ECONNREFUSED.
    await expectDatabaseOutage();
  });

  it('keeps answering (not hanging) once the driver has given the server up', async function () {
    // After a failed heartbeat (every 10 s) Mongoose reports the connection disconnected and buffers
    // commands for up to 10 s; /readyz gives its ping 2 s. Both must still end in an answer.
    this.timeout(60_000);
    await waitUntil('Mongoose to notice the outage', async () => (app().mongo.connection.readyState === 1 ? undefined : true), 30_000);
    await expectDatabaseOutage();
  });

  it('becomes ready and serves again once FerretDB is back on the same port, without rebuilding the app', async function () {
    this.timeout(RECOVERY_MS + 30_000);
    await ferret?.start();

    const ready = await waitUntil(
      '/readyz 200 after FerretDB restarted',
      async () => {
        const res = await app().http.get('/readyz');
        return res.status === 200 ? res : undefined;
      },
      RECOVERY_MS,
      250,
    );
    expect(ready.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'disabled', redis: 'up' } });

    const res = await me().expect(200);
    expect(res.body).to.include({ id: operator.id, email: operator.email });
    // Writes work again too: a login records lastLoginAt, and a new operator can be created.
    await app().http.post('/api/admin/v1/auth/login').send({ email: operator.email, password: operator.password }).expect(200);
    await anOperator(app());
  });
});

describe('recovery when Redis stops and starts again', function () {
  // An hour-long window keeps a test's few requests inside one window of the (manual) app clock.
  const WINDOW_SECONDS = 3600;
  let redis: EngineProcess | null = null;
  let t: TestApp | undefined;

  before(async function () {
    this.timeout(60_000);
    redis = dedicatedRedis(await freePort());
    if (!redis) return this.skip(); // no redis-server on this machine (REDIS_URL points elsewhere)
    await redis.start();
    t = await startTestApp({
      env: {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        RATE_LIMIT_MEMBER_MAX: '3',
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        SCHEDULER_ENABLED: 'false',
      },
    });
  });

  after(async function () {
    this.timeout(60_000);
    try {
      await t?.close();
    } finally {
      await redis?.stop();
    }
  });

  const app = (): TestApp => t as TestApp;
  const memberToken = (): string => aMemberToken(uniqueName('resilient'), { nowSeconds: nowSeconds(app()) });
  const profile = (token: string) => app().http.get('/api/v1/me/profile').set(bearer(token));

  async function expectLimitedOnFourth(token: string): Promise<void> {
    for (let i = 1; i <= 3; i++) await profile(token).expect(200);
    const res = await profile(token);
    expect(res.status, JSON.stringify(res.body)).to.equal(429);
    expect(errorOf(res.body).code).to.equal('RATE_LIMITED');
  }

  it('limits member requests while Redis runs', async () => {
    const ready = await app().http.get('/readyz').expect(200);
    expect(ready.body.checks).to.include({ database: 'up', redis: 'up' });
    await expectLimitedOnFourth(memberToken());
  });

  it('stays ready, reports Redis down and fails open while Redis is down', async function () {
    this.timeout(30_000);
    await redis?.stop();
    await waitUntil('the client to notice Redis is gone', async () => (app().redis.isUp() ? undefined : true), 10_000, 50);

    const ready = await app().http.get('/readyz').expect(200);
    expect(ready.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'disabled', redis: 'down' } });

    const token = memberToken();
    for (let i = 1; i <= 6; i++) await profile(token).expect(200);
  });

  it('reports Redis up and limits again once Redis is back on the same port, without rebuilding the app', async function () {
    this.timeout(RECOVERY_MS + 30_000);
    await redis?.start();

    const ready = await waitUntil(
      '/readyz reporting Redis up after it restarted',
      async () => {
        const res = await app().http.get('/readyz');
        return res.status === 200 && (res.body as { checks: { redis: string } }).checks.redis === 'up' ? res : undefined;
      },
      RECOVERY_MS,
      250,
    );
    expect(ready.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'disabled', redis: 'up' } });

    await expectLimitedOnFourth(memberToken());
  });
});
