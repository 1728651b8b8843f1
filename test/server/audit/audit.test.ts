import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, listAll, type Operator } from '../../support/builders.js';

interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string; label: string };
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
}

describe('audit trail', () => {
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

  const entriesFor = async (targetType: string, targetId: string): Promise<AuditEntry[]> =>
    listAll<AuditEntry>(t, `/api/admin/v1/audit?targetType=${targetType}&targetId=${targetId}`, viewer.token);
  const adminActor = () => ({ type: 'admin', id: admin.id, label: admin.email });

  it('records the creation of an operator with the actor and the operator after', async () => {
    t.clock.advance(1_000);
    const res = await t.http
      .post('/api/admin/v1/users')
      .set(bearer(admin.token))
      .send({ email: `${uniqueName('new')}@example.com`, name: 'Audited', password: 'a long enough password', role: 'operator' })
      .expect(201);
    const created = res.body as { id: string };

    const entries = await entriesFor('admin-user', created.id);

    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({
      at: t.clock.now().toISOString(),
      actor: adminActor(),
      action: 'admin-user.create',
      target: { type: 'admin-user', id: created.id },
      before: null,
    });
    expect(entries[0]?.after).to.deep.equal(res.body);
    expect(JSON.stringify(entries)).not.to.include('password');
  });

  it('records a change of an operator with before and after', async () => {
    const res = await t.http
      .post('/api/admin/v1/users')
      .set(bearer(admin.token))
      .send({ email: `${uniqueName('chg')}@example.com`, name: 'Before', password: 'a long enough password', role: 'viewer' })
      .expect(201);
    const id = (res.body as { id: string }).id;
    const changed = await t.http
      .patch(`/api/admin/v1/users/${id}`)
      .set(bearer(admin.token))
      .send({ role: 'operator', name: 'After' })
      .expect(200);

    const [update] = await entriesFor('admin-user', id);

    expect(update?.action).to.equal('admin-user.update');
    expect(update?.actor).to.deep.equal(adminActor());
    expect(update?.before).to.deep.equal(res.body);
    expect(update?.after).to.deep.equal(changed.body);
  });

  it('records the creation of an API key without its secret', async () => {
    const res = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .send({ name: 'audited key', scopes: [ApiScope.MembersRead] })
      .expect(201);
    const { secret, ...view } = res.body as { id: string; secret: string };

    const entries = await entriesFor('api-key', view.id);

    expect(entries).to.have.length(1);
    expect(entries[0]).to.deep.include({ actor: adminActor(), action: 'api-key.create', before: null, after: view });
    expect(JSON.stringify(entries)).not.to.include(secret);
  });

  it('records a revocation with the key before and after', async () => {
    const created = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .send({ name: 'to revoke', scopes: [ApiScope.MembersRead] })
      .expect(201);
    const { secret: _secret, ...before } = created.body as { id: string; secret: string };
    t.clock.advance(5_000);
    const revoked = await t.http.post(`/api/admin/v1/api-keys/${before.id}/revoke`).set(bearer(admin.token)).expect(200);

    const [entry] = await entriesFor('api-key', before.id);

    expect(entry).to.deep.include({
      actor: adminActor(),
      action: 'api-key.revoke',
      at: t.clock.now().toISOString(),
      before,
      after: revoked.body,
    });
    expect((entry?.after as { revokedAt: string }).revokedAt).to.equal(t.clock.now().toISOString());
  });

  it('records a repeated revocation only once', async () => {
    const created = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .send({ name: 'twice', scopes: [ApiScope.MembersRead] })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t.http.post(`/api/admin/v1/api-keys/${id}/revoke`).set(bearer(admin.token)).expect(200);
    await t.http.post(`/api/admin/v1/api-keys/${id}/revoke`).set(bearer(admin.token)).expect(200);
    expect((await entriesFor('api-key', id)).map((e) => e.action)).to.deep.equal(['api-key.revoke', 'api-key.create']);
  });

  it('records an idempotent replay only once', async () => {
    const send = () =>
      t.http
        .post('/api/admin/v1/api-keys')
        .set(bearer(admin.token))
        .set('Idempotency-Key', 'audit-replay')
        .send({ name: 'replayed', scopes: [ApiScope.MembersRead] });
    const first = await send().expect(201);
    await send().expect(201);
    expect(await entriesFor('api-key', (first.body as { id: string }).id)).to.have.length(1);
  });

  it('records nothing for a refused request', async () => {
    const before = await listAll<AuditEntry>(t, '/api/admin/v1/audit', viewer.token);
    await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(viewer.token))
      .send({ name: 'nope', scopes: [ApiScope.MembersRead] })
      .expect(403);
    await t.http.post('/api/admin/v1/api-keys').set(bearer(admin.token)).send({ name: '', scopes: [] }).expect(400);
    await t.http.patch(`/api/admin/v1/users/${admin.id}`).set(bearer(admin.token)).send({ disabled: true }).expect(400);
    expect(await listAll<AuditEntry>(t, '/api/admin/v1/audit', viewer.token)).to.deep.equal(before);
  });

  it('lists entries newest first for any viewer', async () => {
    const entries = await listAll<AuditEntry>(t, '/api/admin/v1/audit', viewer.token);
    expect(entries.length).to.be.greaterThan(5);
    const ids = entries.map((e) => e.id);
    expect(ids).to.deep.equal([...ids].sort().reverse());
  });

  it('refuses a malformed filter with 400', async () => {
    const res = await t.http.get('/api/admin/v1/audit?targetType=API_KEY').set(bearer(viewer.token));
    expect(res.status).to.equal(400);
    expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
  });
});
