import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anApiKey, anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a 500 body must never carry: stack frames, error class names, driver or file details. */
function expectNoInternals(body: unknown, internal: string): void {
  const text = JSON.stringify(body);
  expect(text).not.to.include(internal);
  expect(text).not.to.match(/\bat .+:\d+:\d+/);
  expect(text).not.to.match(/TypeError|MongoError|MongooseError|Mongo\w*Error|stack|node_modules|\.js\b|\.ts\b/);
}

describe('error answers', () => {
  let t: TestApp;
  let admin: Operator;
  let viewer: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
    viewer = await anOperator(t, AdminRole.Viewer);
  });

  after(async () => {
    await t.close();
  });

  it('gives every kind of error the same body { error: { code, message, details } }', async () => {
    const serviceKey = await anApiKey(t, [ApiScope.EventsWrite]);
    const cases: Array<[number, string, () => PromiseLike<{ status: number; body: unknown }>]> = [
      [400, 'VALIDATION_FAILED', () => t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).send({ name: 1 })],
      [401, 'UNAUTHENTICATED', () => t.http.get('/api/admin/v1/auth/me')],
      [403, 'FORBIDDEN', () => t.http.get('/api/admin/v1/users').set(bearer(viewer.token))],
      [403, 'FORBIDDEN', () => t.http.get('/api/v1/members/x').set(bearer(serviceKey))],
      [404, 'NOT_FOUND', () => t.http.get('/api/admin/v1/no-such-thing').set(bearer(admin.token))],
      [404, 'NOT_FOUND', () => t.http.post('/api/admin/v1/jobs/no.such.job/run').set(bearer(admin.token))],
      [
        409,
        'CONFLICT',
        () =>
          t.http
            .post('/api/admin/v1/users')
            .set(bearer(admin.token))
            .send({ email: viewer.email, name: 'x', password: 'a long enough password', role: 'viewer' }),
      ],
      [
        413,
        'PAYLOAD_TOO_LARGE',
        () =>
          t.http
            .post('/api/admin/v1/api-keys')
            .set(bearer(admin.token))
            .send({ name: 'x'.repeat(2 * 1024 * 1024) }),
      ],
      [
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        () =>
          t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).set('Content-Type', 'application/json; charset=latin1').send('{}'),
      ],
    ];
    for (const [status, code, call] of cases) {
      const res = await call();
      expect(res.status, `${code}: ${JSON.stringify(res.body)}`).to.equal(status);
      expect(errorOf(res.body).code).to.equal(code);
    }
  });

  it('answers an unknown route with a JSON 404 NOT_FOUND, whatever the method', async () => {
    for (const [method, path] of [
      ['get', '/nowhere'],
      ['post', '/api/v1/nowhere'],
      ['delete', '/api/admin/v1/users'],
      ['put', '/api/admin/v1/api-keys'],
    ] as const) {
      const res = await t.http[method](path).set(bearer(admin.token));
      expect(res.status, `${method} ${path}`).to.equal(404);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    }
  });

  it('answers an unexpected failure with 500 INTERNAL and the request id, without internals', async () => {
    // Data no code path writes (a record without its required fields) makes the handler throw a TypeError.
    await t.mongo.connection.collection('api_keys').insertOne({ name: 'corrupt', prefix: 'corrupt00000', hash: 'x', scopes: [] });

    const res = await t.http.get('/api/admin/v1/api-keys').set(bearer(admin.token)).set('X-Request-Id', 'trace-500-test');

    expect(res.status).to.equal(500);
    const error = errorOf(res.body);
    expect(error).to.deep.equal({ code: 'INTERNAL', message: 'Internal error', details: { requestId: 'trace-500-test' } });
    expect(res.headers['x-request-id']).to.equal('trace-500-test');
    expectNoInternals(res.body, 'toISOString');
    await t.mongo.connection.collection('api_keys').deleteOne({ name: 'corrupt' });
  });
});

describe('error answers when the database is gone', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
  });

  after(async () => {
    // The test closes the database itself; close whatever is still open.
    if (t.mongo.connection.readyState === 1) await t.close();
    else await t.redis.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE with a generated request id and no driver message', async () => {
    await t.mongo.connection.dropDatabase();
    await t.mongo.close();

    const res = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .set('Idempotency-Key', 'db-gone')
      .send({ name: 'x', scopes: [ApiScope.EventsWrite] });

    expect(res.status).to.equal(503);
    const error = errorOf(res.body);
    expect(error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(error.message).to.equal('The database is unavailable; retry shortly');
    expect(res.headers['x-request-id']).to.match(UUID);
    expectNoInternals(res.body, 'closed');
  });

  it('reports not ready on /readyz while /healthz stays up', async () => {
    await t.http.get('/healthz').expect(200);
    const res = await t.http.get('/readyz').expect(503);
    expect(res.body).to.deep.include({ status: 'not ready' });
    expect(res.body.checks).to.include({ database: 'down' });
  });
});

describe('request ids', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
  });

  after(async () => {
    await t.close();
  });

  it('puts an X-Request-Id on every response, success or error', async () => {
    const responses = [
      await t.http.get('/healthz'),
      await t.http.get('/metrics'),
      await t.http.get('/api/openapi.json'),
      await t.http.get('/api/admin/v1/auth/me').set(bearer(admin.token)),
      await t.http.get('/api/admin/v1/auth/me'),
      await t.http.get('/no/such/route'),
      await t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).set('Content-Type', 'application/json').send('{'),
      await t.http
        .post('/api/admin/v1/api-keys')
        .set(bearer(admin.token))
        .send({ name: 'y'.repeat(1_100_000) }),
    ];
    const ids = responses.map((res) => res.headers['x-request-id'] as string | undefined);
    for (const id of ids) expect(id).to.match(UUID);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  for (const id of ['abc-123', 'trace:0af7651916cd43dd.8448eb211c80319c', 'x'.repeat(100)]) {
    it(`echoes the sane incoming request id "${id.slice(0, 40)}"`, async () => {
      const res = await t.http.get('/healthz').set('X-Request-Id', id).expect(200);
      expect(res.headers['x-request-id']).to.equal(id);
    });
  }

  for (const id of ['has spaces in it', '<script>alert(1)</script>', 'x'.repeat(101), 'a/b', 'line\tbreak', '']) {
    it(`replaces the unsafe incoming request id "${id.slice(0, 30)}" with a UUID`, async () => {
      const res = await t.http.get('/healthz').set('X-Request-Id', id).expect(200);
      expect(res.headers['x-request-id']).to.match(UUID);
    });
  }

  it('echoes the incoming request id on an error answer too', async () => {
    const res = await t.http.get('/api/admin/v1/auth/me').set('X-Request-Id', 'req-401-check').expect(401);
    expect(res.headers['x-request-id']).to.equal('req-401-check');
  });
});
