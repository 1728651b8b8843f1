import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';

interface FieldError {
  field: string;
  reasons: string[];
}

describe('request validation at the edge', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
  });

  after(async () => {
    await t.close();
  });

  const storedKeys = (): Promise<number> => t.mongo.connection.collection('api_keys').countDocuments();
  const storedUsers = (): Promise<number> => t.mongo.connection.collection('admin_users').countDocuments();
  const postKey = (body: unknown) =>
    t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .send(body as object);
  const fieldsOf = (res: { status: number; body: unknown }): FieldError[] => {
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    const error = errorOf(res.body);
    expect(error.code).to.equal('VALIDATION_FAILED');
    return error.details.fields as FieldError[];
  };
  const validKey = { name: 'valid', scopes: [ApiScope.EventsWrite] };

  it('refuses an unknown body field with 400 naming it, and stores nothing', async () => {
    const before = await storedKeys();
    const fields = fieldsOf(await postKey({ ...validKey, owner: 'mallory' }));
    expect(fields.map((f) => f.field)).to.deep.equal(['owner']);
    expect(fields[0]?.reasons.join(' ')).to.include('owner');
    expect(await storedKeys()).to.equal(before);
  });

  it('refuses a field the DTO knows but the caller may not set (revokedAt, secret)', async () => {
    const before = await storedKeys();
    const fields = fieldsOf(await postKey({ ...validKey, revokedAt: null, secret: 'lk_chosen' }));
    expect(fields.map((f) => f.field).sort()).to.deep.equal(['revokedAt', 'secret']);
    expect(await storedKeys()).to.equal(before);
  });

  for (const [what, body, field] of [
    ['a $-prefixed top-level key', { ...validKey, $where: 'sleep(1000)' }, 'body.$where'],
    ['a dotted top-level key', { ...validKey, 'scopes.0': 'members:write' }, 'body.scopes.0'],
    ['a $-prefixed key nested in an object', { ...validKey, meta: { deep: { $gt: '' } } }, 'body.meta.deep.$gt'],
    ['a dotted key nested in an array', { ...validKey, list: [{ ok: 1 }, { 'a.b': 1 }] }, 'body.list[1].a.b'],
  ] as const) {
    it(`refuses ${what} in the body with 400 naming it, and stores nothing`, async () => {
      const before = await storedKeys();
      const fields = fieldsOf(await postKey(body));
      expect(fields).to.have.length(1);
      expect(fields[0]?.field).to.equal(field);
      expect(await storedKeys()).to.equal(before);
    });
  }

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses a "${key}" body field with 400, and stores nothing`, async () => {
      const before = await storedKeys();
      const res = await t.http
        .post('/api/admin/v1/api-keys')
        .set(bearer(admin.token))
        .set('Content-Type', 'application/json')
        .send(`{"name":"proto","scopes":["events:write"],"${key}":{"scopes":["members:write"]}}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
      expect(await storedKeys()).to.equal(before);
    });
  }

  it('refuses a body nested deeper than the server walks, and stores nothing', async () => {
    const before = await storedKeys();
    const deep = `${'{"a":'.repeat(64)}1${'}'.repeat(64)}`;
    const res = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .set('Content-Type', 'application/json')
      .send(`{"name":"deep","scopes":["events:write"],"nested":${deep}}`);
    expect(res.status).to.equal(400);
    expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    expect(await storedKeys()).to.equal(before);
  });

  it('refuses an operator object in place of a value (NoSQL injection on login)', async () => {
    const fields = fieldsOf(await t.http.post('/api/admin/v1/auth/login').send({ email: admin.email, password: { $ne: '' } }));
    expect(fields[0]?.field).to.equal('body.password.$ne');
  });

  for (const [what, query, field] of [
    ['a $-prefixed key', '$where=1', 'query.$where'],
    ['a dotted key', 'profile.name=x', 'query.profile.name'],
  ] as const) {
    it(`refuses ${what} in the query string with 400 naming it`, async () => {
      const fields = fieldsOf(await t.http.get(`/api/admin/v1/members?${query}`).set(bearer(admin.token)));
      expect(fields[0]?.field).to.equal(field);
    });
  }

  it('refuses bracketed operator syntax in the query string rather than passing it on', async () => {
    const fields = fieldsOf(await t.http.get('/api/admin/v1/members?externalId[$ne]=x').set(bearer(admin.token)));
    expect(fields).to.have.length(1);
  });

  it('refuses unsafe keys even on a route with no body DTO, before anything runs', async () => {
    const before = await t.mongo.connection.collection('job_runs').countDocuments();
    fieldsOf(
      await t.http
        .post('/api/admin/v1/jobs/idempotency.cleanup/run')
        .set(bearer(admin.token))
        .send({ $set: { x: 1 } }),
    );
    expect(await t.mongo.connection.collection('job_runs').countDocuments()).to.equal(before);
  });

  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE and stores nothing', async () => {
    const before = await storedKeys();
    const res = await postKey({ ...validKey, name: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).to.equal(413);
    expect(errorOf(res.body).code).to.equal('PAYLOAD_TOO_LARGE');
    expect(await storedKeys()).to.equal(before);
  });

  it('refuses malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .set('Content-Type', 'application/json')
      .send('{"name": "x", "scopes": [');
    expect(fieldsOf(res)).to.deep.equal([{ field: 'body', reasons: ['body is not valid JSON'] }]);
  });

  it('refuses a JSON body that is not an object', async () => {
    for (const body of ['[]', '"text"', 'null', '42']) {
      const res = await t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).set('Content-Type', 'application/json').send(body);
      expect(res.status, body).to.equal(400);
      expect(errorOf(res.body).code, body).to.equal('VALIDATION_FAILED');
    }
  });

  it('refuses a body that is not JSON at all', async () => {
    const before = await storedKeys();
    const res = await t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).set('Content-Type', 'text/plain').send('name=x');
    expect(res.status).to.equal(400);
    expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    expect(await storedKeys()).to.equal(before);
  });

  it('lists every wrongly typed field with its reasons, and stores nothing', async () => {
    const before = await storedUsers();
    const res = await t.http
      .post('/api/admin/v1/users')
      .set(bearer(admin.token))
      .send({ email: 42, name: ['x'], password: true, role: 'superuser' });
    const fields = fieldsOf(res);
    expect(fields.map((f) => f.field).sort()).to.deep.equal(['email', 'name', 'password', 'role']);
    for (const field of fields) expect(field.reasons).to.be.an('array').with.length.greaterThan(0);
    expect(await storedUsers()).to.equal(before);
  });

  it('lists every missing required field', async () => {
    const fields = fieldsOf(await t.http.post('/api/admin/v1/users').set(bearer(admin.token)).send({}));
    expect(fields.map((f) => f.field).sort()).to.deep.equal(['email', 'name', 'password', 'role']);
  });

  it('refuses an unknown scope and a duplicated scope', async () => {
    expect(fieldsOf(await postKey({ name: 'x', scopes: ['admin:everything'] })).map((f) => f.field)).to.deep.equal(['scopes']);
    expect(fieldsOf(await postKey({ name: 'x', scopes: [ApiScope.EventsWrite, ApiScope.EventsWrite] })).map((f) => f.field)).to.deep.equal([
      'scopes',
    ]);
  });

  for (const limit of ['0', '101', 'abc', '1.5', '-1']) {
    it(`refuses ?limit=${limit} with 400 naming limit`, async () => {
      const fields = fieldsOf(await t.http.get(`/api/admin/v1/users?limit=${limit}`).set(bearer(admin.token)));
      expect(fields.map((f) => f.field)).to.deep.equal(['limit']);
    });
  }

  it('accepts ?limit=1 and ?limit=100', async () => {
    expect((await t.http.get('/api/admin/v1/users?limit=1').set(bearer(admin.token)).expect(200)).body.items).to.have.length(1);
    await t.http.get('/api/admin/v1/users?limit=100').set(bearer(admin.token)).expect(200);
  });

  for (const cursor of ['abc', 'not!a!cursor', 'A'.repeat(201), Buffer.alloc(10, 1).toString('base64url')]) {
    it(`refuses the cursor "${cursor.slice(0, 20)}" with 400 naming cursor`, async () => {
      const fields = fieldsOf(await t.http.get(`/api/admin/v1/users?cursor=${encodeURIComponent(cursor)}`).set(bearer(admin.token)));
      expect(fields.map((f) => f.field)).to.deep.equal(['cursor']);
    });
  }

  it('refuses an unknown query parameter on a list', async () => {
    const fields = fieldsOf(await t.http.get('/api/admin/v1/users?role=admin').set(bearer(admin.token)));
    expect(fields.map((f) => f.field)).to.deep.equal(['role']);
  });

  it('refuses a path parameter that is not valid percent-encoding with 400, not 500', async () => {
    const res = await t.http.patch('/api/admin/v1/users/%E0%A4%A').set(bearer(admin.token)).send({ name: 'x' });
    expect(res.status).to.equal(400);
    expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
  });
});
