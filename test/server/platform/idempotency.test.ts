import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, listAll, type Operator } from '../../support/builders.js';

const DAY_MS = 86_400_000;

describe('idempotency of state-changing requests', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
  });

  after(async () => {
    await t.close();
  });

  const logInAgain = async (): Promise<void> => {
    const res = await t.http.post('/api/admin/v1/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    admin.token = (res.body as { token: string }).token;
  };
  const keyCount = async (): Promise<number> => (await listAll(t, '/api/admin/v1/api-keys', admin.token)).length;
  const createKey = (key: string, body: object, who: Operator = admin) =>
    t.http.post('/api/admin/v1/api-keys').set(bearer(who.token)).set('Idempotency-Key', key).send(body);

  it('answers a replay with the first response and changes nothing', async () => {
    const body = { name: 'replayed key', scopes: [ApiScope.EventsWrite] };
    const first = await createKey('replay-1', body).expect(201);
    const countAfterFirst = await keyCount();

    const replay = await createKey('replay-1', body);

    expect(replay.status).to.equal(201);
    expect(replay.body).to.deep.equal(first.body);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    expect(await keyCount()).to.equal(countAfterFirst);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const first = await createKey('reordered-1', { name: 'ordered', scopes: [ApiScope.MembersRead] }).expect(201);
    const replay = await createKey('reordered-1', { scopes: [ApiScope.MembersRead], name: 'ordered' }).expect(201);
    expect(replay.body).to.deep.equal(first.body);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
  });

  it('refuses the same key with a different body with 409 IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    await createKey('reused-1', { name: 'first body', scopes: [ApiScope.EventsWrite] }).expect(201);
    const before = await listAll<{ name: string }>(t, '/api/admin/v1/api-keys', admin.token);

    const res = await createKey('reused-1', { name: 'second body', scopes: [ApiScope.EventsWrite] });

    expect(res.status).to.equal(409);
    expect(errorOf(res.body).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const after = await listAll<{ name: string }>(t, '/api/admin/v1/api-keys', admin.token);
    expect(after).to.deep.equal(before);
    expect(after.map((k) => k.name)).not.to.include('second body');
  });

  it('refuses the same key on another endpoint as a different request', async () => {
    await createKey('cross-endpoint', { name: 'cross', scopes: [ApiScope.EventsWrite] }).expect(201);
    const users = (await listAll(t, '/api/admin/v1/users', admin.token)).length;
    const res = await t.http
      .post('/api/admin/v1/users')
      .set(bearer(admin.token))
      .set('Idempotency-Key', 'cross-endpoint')
      .send({ email: 'cross@example.com', name: 'Cross', password: 'a long enough password', role: 'viewer' });
    expect(res.status).to.equal(409);
    expect(errorOf(res.body).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    expect((await listAll(t, '/api/admin/v1/users', admin.token)).length).to.equal(users);
  });

  it('applies 20 concurrent requests with one key exactly once and answers them all alike', async () => {
    const before = await keyCount();
    const body = { name: 'concurrent key', scopes: [ApiScope.MembersRead] };

    const answers = await Promise.all(Array.from({ length: 20 }, () => createKey('concurrent-1', body)));

    expect(await keyCount()).to.equal(before + 1);
    for (const answer of answers) {
      expect(answer.status).to.equal(201);
      expect(answer.body).to.deep.equal(answers[0]?.body);
    }
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).to.have.length(19);
    const created = await listAll<{ name: string }>(t, '/api/admin/v1/api-keys', admin.token);
    expect(created.filter((k) => k.name === 'concurrent key')).to.have.length(1);
  });

  for (const [what, key] of [
    ['an empty key', ''],
    ['a key longer than 200 characters', 'k'.repeat(201)],
    ['a key with a tab in it', 'tab\there'],
    ['a key with a non-ASCII character', 'cl\u00e9'],
  ] as const) {
    it(`refuses ${what} with 400 VALIDATION_FAILED and stores nothing`, async () => {
      const before = await keyCount();
      const res = await createKey(key, { name: 'bad key', scopes: [ApiScope.EventsWrite] });
      expect(res.status).to.equal(400);
      const error = errorOf(res.body);
      expect(error.code).to.equal('VALIDATION_FAILED');
      expect(error.details.fields).to.deep.equal([
        { field: 'Idempotency-Key', reasons: ['must be 1 to 200 printable ASCII characters (spaces allowed)'] },
      ]);
      expect(await keyCount()).to.equal(before);
    });
  }

  it('accepts a key with spaces inside it', async () => {
    await createKey('order 123 earn', { name: 'spaced key', scopes: [ApiScope.EventsWrite] }).expect(201);
  });

  it('accepts a key of exactly 200 printable characters', async () => {
    await createKey('~'.repeat(200), { name: 'long key', scopes: [ApiScope.EventsWrite] }).expect(201);
  });

  it('replays a stored 4xx business answer instead of running the request again', async () => {
    const existing = await anOperator(t, AdminRole.Viewer);
    const body = { email: existing.email, name: 'Duplicate', password: 'a long enough password', role: 'viewer' };
    const send = () => t.http.post('/api/admin/v1/users').set(bearer(admin.token)).set('Idempotency-Key', 'duplicate-email').send(body);

    const first = await send();
    expect(first.status).to.equal(409);
    expect(errorOf(first.body).code).to.equal('CONFLICT');

    // The conflict is gone now: a re-run would create the operator, a replay must not.
    await t.mongo.connection.collection('admin_users').deleteOne({ email: existing.email });
    const replay = await send();

    expect(replay.status).to.equal(409);
    expect(replay.body).to.deep.equal(first.body);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    const users = await listAll<{ email: string }>(t, '/api/admin/v1/users', admin.token);
    expect(users.map((u) => u.email)).not.to.include(existing.email);
  });

  it('does not store a 500: a retry with the same key runs the request again', async () => {
    // A record no code path writes (no createdAt) makes the revocation fail after it ran: a 500.
    const keys = t.mongo.connection.collection('api_keys');
    const { insertedId } = await keys.insertOne({ name: 'half-written', prefix: 'halfwritten0', hash: 'x', scopes: [] });
    const revoke = () =>
      t.http.post(`/api/admin/v1/api-keys/${insertedId.toHexString()}/revoke`).set(bearer(admin.token)).set('Idempotency-Key', 'after-500');

    const failed = await revoke();
    expect(failed.status).to.equal(500);
    await keys.updateOne({ _id: insertedId }, { $set: { createdAt: t.clock.now(), createdBy: 'test' } });
    const retried = await revoke();
    const replayed = await revoke();

    expect(retried.status).to.equal(200);
    expect(retried.headers['idempotent-replayed']).to.equal(undefined);
    expect(replayed.headers['idempotent-replayed']).to.equal('true');
    expect(replayed.body).to.deep.equal(retried.body);
    expect((retried.body as { revokedAt: string | null }).revokedAt).to.be.a('string');
  });

  it('does not store an answer refused at validation, so a corrected request with the same key runs', async () => {
    const before = await keyCount();
    await createKey('fix-and-retry', { name: 'bad', scopes: ['no:such-scope'] }).expect(400);
    const res = await createKey('fix-and-retry', { name: 'fixed', scopes: [ApiScope.EventsWrite] });
    expect(res.status).to.equal(201);
    expect(res.headers['idempotent-replayed']).to.equal(undefined);
    expect(await keyCount()).to.equal(before + 1);
  });

  it('scopes keys per principal: two operators use the same key independently', async () => {
    const other = await anOperator(t, AdminRole.Admin);
    const before = await keyCount();

    const mine = await createKey('shared-key', { name: 'mine', scopes: [ApiScope.EventsWrite] }, admin).expect(201);
    const theirs = await createKey('shared-key', { name: 'theirs', scopes: [ApiScope.MembersRead] }, other).expect(201);

    expect(theirs.headers['idempotent-replayed']).to.equal(undefined);
    expect((theirs.body as { id: string }).id).not.to.equal((mine.body as { id: string }).id);
    expect(await keyCount()).to.equal(before + 2);
  });

  it('keeps records through the retention period and deletes them only after it', async () => {
    const body = { name: 'retained', scopes: [ApiScope.EventsWrite] };
    const first = await createKey('retention-1', body).expect(201);
    const records = t.mongo.connection.collection('idempotency_keys');
    const stored = await records.countDocuments();
    expect(stored).to.be.greaterThan(0);

    t.clock.advance(6 * DAY_MS);
    await logInAgain(); // the operator token has expired meanwhile
    expect(await t.services.idempotency.deleteExpired()).to.equal(0);
    const replay = await createKey('retention-1', body).expect(201);
    expect(replay.body).to.deep.equal(first.body);
    expect(replay.headers['idempotent-replayed']).to.equal('true');

    t.clock.advance(2 * DAY_MS);
    await logInAgain();
    expect(await t.services.idempotency.deleteExpired()).to.equal(stored);
    expect(await records.countDocuments()).to.equal(0);

    // Past retention the key is free again: the same request runs anew.
    const before = await keyCount();
    const again = await createKey('retention-1', body).expect(201);
    expect(again.headers['idempotent-replayed']).to.equal(undefined);
    expect(await keyCount()).to.equal(before + 1);
  });
});
