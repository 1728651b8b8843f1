import { randomInt } from 'node:crypto';
import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anApiKey, anOperator, bearer, errorOf, nowSeconds } from '../../support/builders.js';

// The limiter counts in fixed windows of the wall clock; an hour-long window keeps a test's few
// requests inside one window, so the counts below do not depend on when the suite runs.
const WINDOW_SECONDS = 3600;

function expectRateLimited(res: { status: number; body: unknown; headers: Record<string, string> }): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(429);
  const error = errorOf(res.body);
  expect(error.code).to.equal('RATE_LIMITED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter), `Retry-After: ${res.headers['retry-after']}`).to.equal(true);
  expect(retryAfter).to.be.within(1, WINDOW_SECONDS);
  expect(error.details.retryAfterSeconds).to.equal(retryAfter);
}

/** A documentation-range address no other test uses, so its per-IP counters start at zero. */
function aClientIp(): string {
  return `2001:db8::${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}`;
}

describe('rate limits', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        RATE_LIMIT_MEMBER_MAX: '3',
        RATE_LIMIT_API_KEY_MAX: '2',
        RATE_LIMIT_LOGIN_MAX: '3',
      },
    });
  });

  after(async () => {
    await t.close();
  });

  const memberToken = (): string => aMemberToken(uniqueName('busy'), { nowSeconds: nowSeconds(t) });

  it('answers the 4th member request in the window with 429 RATE_LIMITED and Retry-After', async () => {
    const token = memberToken();
    for (let i = 1; i <= 3; i++) await t.http.get('/api/v1/me/profile').set(bearer(token)).expect(200);
    expectRateLimited(await t.http.get('/api/v1/me/profile').set(bearer(token)));
  });

  it('counts each member separately', async () => {
    const busy = memberToken();
    for (let i = 1; i <= 3; i++) await t.http.get('/api/v1/me/profile').set(bearer(busy)).expect(200);
    expectRateLimited(await t.http.get('/api/v1/me/profile').set(bearer(busy)));
    await t.http.get('/api/v1/me/profile').set(bearer(memberToken())).expect(200);
  });

  it('limits each API key by its own maximum', async () => {
    const key = await anApiKey(t, [ApiScope.MembersRead]);
    for (let i = 1; i <= 2; i++) await t.http.get('/api/v1/members/nobody').set(bearer(key)).expect(404);
    expectRateLimited(await t.http.get('/api/v1/members/nobody').set(bearer(key)));
    await t.http
      .get('/api/v1/members/nobody')
      .set(bearer(await anApiKey(t, [ApiScope.MembersRead])))
      .expect(404);
  });

  it('limits login attempts per IP and email, whatever the password, without blocking other emails', async () => {
    const target = await anOperator(t, AdminRole.Viewer); // one successful login already counted
    for (let i = 1; i <= 2; i++) {
      await t.http.post('/api/admin/v1/auth/login').send({ email: target.email, password: 'wrong password guess' }).expect(401);
    }
    expectRateLimited(await t.http.post('/api/admin/v1/auth/login').send({ email: target.email, password: target.password }));
    // The limit is per email: the same address in other letter case is the same bucket …
    expectRateLimited(await t.http.post('/api/admin/v1/auth/login').send({ email: target.email.toUpperCase(), password: target.password }));
    // … and another operator logging in from the same address is not affected.
    await anOperator(t, AdminRole.Viewer);
  });
});

/** Any address at all: what a client writes into its own X-Forwarded-For to look like someone new. */
function aForgedIp(): string {
  return `${randomInt(1, 224)}.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** The header as it reaches Laurel: what the client wrote, then what each proxy appended. */
function forwardedFor(...hops: string[]): string {
  return hops.join(', ');
}

describe('rate limits per client address behind one proxy (TRUST_PROXY=1)', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        RATE_LIMIT_IP_MAX: '6',
        RATE_LIMIT_LOGIN_MAX: '3',
        RATE_LIMIT_LOGIN_EMAIL_MAX: '5',
        TRUST_PROXY: '1',
      },
    });
  });

  after(async () => {
    await t.close();
  });

  const login = (xff: string, email = 'nobody@example.com') =>
    t.http.post('/api/admin/v1/auth/login').set('X-Forwarded-For', xff).send({ email, password: 'wrong password guess' });

  it('answers the 7th unauthenticated request from one client with 429, and serves another client', async () => {
    const ip = aClientIp();
    const guess = (from: string) => t.http.get('/api/v1/me/profile').set('X-Forwarded-For', from).set(bearer('not-a-token'));
    for (let i = 1; i <= 6; i++) await guess(ip).expect(401);
    expectRateLimited(await guess(ip));
    await guess(aClientIp()).expect(401);
  });

  it('counts a client by the address its proxy appended, whatever it forged in front of it', async () => {
    const ip = aClientIp();
    const guess = () => t.http.get('/api/v1/me/profile').set('X-Forwarded-For', forwardedFor(aForgedIp(), ip)).set(bearer('not-a-token'));
    for (let i = 1; i <= 6; i++) await guess().expect(401);
    expectRateLimited(await guess());
  });

  it('limits login attempts of one client and email, whatever the client forges in X-Forwarded-For', async () => {
    const ip = aClientIp();
    const email = `${uniqueName('target')}@example.com`;
    for (let i = 1; i <= 3; i++) await login(forwardedFor(aForgedIp(), aForgedIp(), ip), email).expect(401);
    expectRateLimited(await login(forwardedFor(aForgedIp(), ip), email));
  });

  it('limits login attempts on one email across every client address', async () => {
    const email = `${uniqueName('target')}@example.com`;
    for (let i = 1; i <= 5; i++) await login(aClientIp(), email).expect(401);
    const fromNewAddress = aClientIp();
    expectRateLimited(await login(fromNewAddress, email.toUpperCase()));
    // The address itself is not blocked: another email from it is still answered.
    await login(fromNewAddress, `${uniqueName('other')}@example.com`).expect(401);
  });

  it('holds the per-client limit under a burst of 60 concurrent requests, each with other forged entries', async () => {
    const ip = aClientIp();
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        t.http.get('/api/v1/me/profile').set('X-Forwarded-For', forwardedFor(aForgedIp(), ip)).set(bearer('not-a-token')),
      ),
    );
    expect(answers.filter((res) => res.status === 401)).to.have.length(6);
    expect(answers.filter((res) => res.status === 429)).to.have.length(54);
  });

  it('holds the per-email login limit under a burst of 60 concurrent attempts from 60 addresses', async () => {
    const email = `${uniqueName('target')}@example.com`;
    const answers = await Promise.all(Array.from({ length: 60 }, () => login(forwardedFor(aForgedIp(), aClientIp()), email)));
    expect(answers.filter((res) => res.status === 401)).to.have.length(5);
    expect(answers.filter((res) => res.status === 429)).to.have.length(55);
  });

  it('does not store a 429 under an Idempotency-Key: the same request from a client under its limit runs', async () => {
    const email = `${uniqueName('limited')}@example.com`;
    const password = 'correct horse battery';
    await t.services.adminUsers.create(
      { email, name: 'Limited admin', password, role: AdminRole.Admin },
      { type: 'system', id: 'test', label: 'test' },
    );
    const token = (
      (await t.http.post('/api/admin/v1/auth/login').set('X-Forwarded-For', aClientIp()).send({ email, password }).expect(200)).body as {
        token: string;
      }
    ).token;
    const busyIp = aClientIp();
    for (let i = 1; i <= 6; i++) await t.http.get('/api/admin/v1/auth/me').set('X-Forwarded-For', busyIp).set(bearer(token)).expect(200);
    const createKey = (from: string) =>
      t.http
        .post('/api/admin/v1/api-keys')
        .set('X-Forwarded-For', from)
        .set(bearer(token))
        .set('Idempotency-Key', 'after-429')
        .send({ name: 'k', scopes: [ApiScope.EventsWrite] });

    expectRateLimited(await createKey(busyIp));
    const retry = await createKey(aClientIp()).expect(201);

    expect(retry.headers['idempotent-replayed']).to.equal(undefined);
  });
});

describe('rate limits per client address behind listed proxies (TRUST_PROXY=loopback,10.0.0.0/8)', () => {
  let t: TestApp;
  const proxy = '10.20.30.40';

  before(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        RATE_LIMIT_IP_MAX: '6',
        RATE_LIMIT_LOGIN_MAX: '3',
        TRUST_PROXY: 'loopback,10.0.0.0/8',
      },
    });
  });

  after(async () => {
    await t.close();
  });

  it('counts a client by the first address that is not a listed proxy, whatever it forged in front of it', async () => {
    const ip = aClientIp();
    // A forged entry may even look like a listed proxy: only the entries the proxies appended are believed.
    const guess = () =>
      t.http
        .get('/api/v1/me/profile')
        .set('X-Forwarded-For', forwardedFor(aForgedIp(), '10.0.0.1', ip, proxy))
        .set(bearer('not-a-token'));
    for (let i = 1; i <= 6; i++) await guess().expect(401);
    expectRateLimited(await guess());
  });

  it('limits login attempts of one client and email, whatever the client forges in X-Forwarded-For', async () => {
    const ip = aClientIp();
    const email = `${uniqueName('target')}@example.com`;
    const login = () =>
      t.http
        .post('/api/admin/v1/auth/login')
        .set('X-Forwarded-For', forwardedFor(aForgedIp(), ip, proxy))
        .send({ email, password: 'wrong password guess' });
    for (let i = 1; i <= 3; i++) await login().expect(401);
    expectRateLimited(await login());
  });
});

describe('rate limits when Redis is unreachable', () => {
  let t: TestApp;

  before(async function () {
    this.timeout(30_000); // the harness waits a few seconds for a Redis that never comes
    t = await startTestApp({
      env: { REDIS_URL: 'redis://127.0.0.1:6399', RATE_LIMIT_MEMBER_MAX: '1', RATE_LIMIT_LOGIN_MAX: '1', SCHEDULER_ENABLED: 'false' },
    });
  });

  after(async () => {
    await t.close();
  });

  it('fails open: requests over the limit still succeed', async () => {
    const token = aMemberToken(uniqueName('no-redis'), { nowSeconds: nowSeconds(t) });
    for (let i = 1; i <= 5; i++) await t.http.get('/api/v1/me/profile').set(bearer(token)).expect(200);
  });

  it('fails open for logins too', async () => {
    const operator = await anOperator(t, AdminRole.Viewer);
    for (let i = 1; i <= 3; i++)
      await t.http.post('/api/admin/v1/auth/login').send({ email: operator.email, password: operator.password }).expect(200);
  });

  it('stays ready and reports Redis as down', async () => {
    const res = await t.http.get('/readyz').expect(200);
    expect(res.body.checks).to.include({ database: 'up', redis: 'down' });
  });
});
