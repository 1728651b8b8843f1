import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, errorOf, type Operator } from '../../support/builders.js';

describe('operator roles', () => {
  let t: TestApp;
  let admin: Operator;
  let operator: Operator;
  let viewer: Operator;

  before(async () => {
    t = await startTestApp();
    [admin, operator, viewer] = [
      await anOperator(t, AdminRole.Admin),
      await anOperator(t, AdminRole.Operator),
      await anOperator(t, AdminRole.Viewer),
    ];
  });

  after(async () => {
    await t.close();
  });

  const newUser = () => ({
    email: `${uniqueName('u')}@example.com`,
    name: 'New operator',
    password: 'a long enough password',
    role: 'viewer',
  });
  const newKey = () => ({ name: uniqueName('key'), scopes: [ApiScope.EventsWrite] });
  const createUser = (who: Operator) => t.http.post('/api/admin/v1/users').set(bearer(who.token)).send(newUser());
  const createKey = (who: Operator) => t.http.post('/api/admin/v1/api-keys').set(bearer(who.token)).send(newKey());
  const runJob = (who: Operator) => t.http.post('/api/admin/v1/jobs/idempotency.cleanup/run').set(bearer(who.token));
  const countOf = async (collection: string): Promise<number> => t.mongo.connection.collection(collection).countDocuments();
  const expectForbidden = (res: { status: number; body: unknown }): void => {
    expect(res.status, JSON.stringify(res.body)).to.equal(403);
    expect(errorOf(res.body).code).to.equal('FORBIDDEN');
  };

  describe('a viewer', () => {
    it('cannot create an operator', async () => {
      const before = await countOf('admin_users');
      expectForbidden(await createUser(viewer));
      expect(await countOf('admin_users')).to.equal(before);
    });

    it('cannot create an API key', async () => {
      const before = await countOf('api_keys');
      expectForbidden(await createKey(viewer));
      expect(await countOf('api_keys')).to.equal(before);
    });

    it('cannot run, pause or resume a job', async () => {
      const runs = await countOf('job_runs');
      expectForbidden(await runJob(viewer));
      expectForbidden(await t.http.post('/api/admin/v1/jobs/idempotency.cleanup/pause').set(bearer(viewer.token)));
      expectForbidden(await t.http.post('/api/admin/v1/jobs/idempotency.cleanup/resume').set(bearer(viewer.token)));
      expect(await countOf('job_runs')).to.equal(runs);
    });

    it('cannot list operators or API keys, nor change an operator', async () => {
      expectForbidden(await t.http.get('/api/admin/v1/users').set(bearer(viewer.token)));
      expectForbidden(await t.http.get('/api/admin/v1/api-keys').set(bearer(viewer.token)));
      expectForbidden(await t.http.patch(`/api/admin/v1/users/${viewer.id}`).set(bearer(viewer.token)).send({ role: 'admin' }));
    });

    it('is refused before its request body is even validated', async () => {
      expectForbidden(await t.http.post('/api/admin/v1/users').set(bearer(viewer.token)).send({ nonsense: true }));
    });

    it('can read members, audit, jobs, system and itself', async () => {
      for (const path of [
        '/api/admin/v1/members',
        '/api/admin/v1/audit',
        '/api/admin/v1/jobs',
        '/api/admin/v1/system',
        '/api/admin/v1/auth/me',
      ]) {
        const res = await t.http.get(path).set(bearer(viewer.token));
        expect(res.status, path).to.equal(200);
      }
    });
  });

  describe('an operator', () => {
    it('can run a job', async () => {
      const res = await runJob(operator).expect(200);
      expect(res.body).to.include({ name: 'idempotency.cleanup', outcome: 'success' });
    });

    it('cannot create an operator or an API key', async () => {
      const [users, keys] = [await countOf('admin_users'), await countOf('api_keys')];
      expectForbidden(await createUser(operator));
      expectForbidden(await createKey(operator));
      expect([await countOf('admin_users'), await countOf('api_keys')]).to.deep.equal([users, keys]);
    });

    it('cannot promote itself', async () => {
      expectForbidden(await t.http.patch(`/api/admin/v1/users/${operator.id}`).set(bearer(operator.token)).send({ role: 'admin' }));
      const me = await t.http.get('/api/admin/v1/auth/me').set(bearer(operator.token)).expect(200);
      expect(me.body).to.include({ role: 'operator' });
    });
  });

  describe('an admin', () => {
    it('can create operators and API keys, run jobs and change other operators', async () => {
      const user = await createUser(admin).expect(201);
      await createKey(admin).expect(201);
      await runJob(admin).expect(200);
      const changed = await t.http
        .patch(`/api/admin/v1/users/${(user.body as { id: string }).id}`)
        .set(bearer(admin.token))
        .send({ role: 'operator', name: 'Renamed' })
        .expect(200);
      expect(changed.body).to.include({ role: 'operator', name: 'Renamed' });
    });

    it('answers an empty change with the operator unchanged', async () => {
      const other = await anOperator(t, AdminRole.Viewer);
      const before = await t.http.get('/api/admin/v1/users?limit=100').set(bearer(admin.token)).expect(200);
      const res = await t.http.patch(`/api/admin/v1/users/${other.id}`).set(bearer(admin.token)).send({});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.equal((before.body as { items: Array<{ id: string }> }).items.find((u) => u.id === other.id));
    });

    it('lists operators without their password hashes', async () => {
      const res = await t.http.get('/api/admin/v1/users?limit=100').set(bearer(admin.token)).expect(200);
      for (const user of (res.body as { items: object[] }).items) {
        expect(user).to.have.all.keys('id', 'email', 'name', 'role', 'disabled', 'createdAt', 'lastLoginAt');
      }
    });

    it('can demote another admin', async () => {
      const other = await anOperator(t, AdminRole.Admin);
      const res = await t.http.patch(`/api/admin/v1/users/${other.id}`).set(bearer(admin.token)).send({ role: 'viewer' }).expect(200);
      expect(res.body).to.include({ role: 'viewer' });
    });

    for (const [what, change] of [
      ['demote themself to operator', { role: 'operator' }],
      ['demote themself to viewer', { role: 'viewer' }],
      ['disable themself', { disabled: true }],
    ] as const) {
      it(`cannot ${what} (400) and stays an active admin`, async () => {
        const res = await t.http.patch(`/api/admin/v1/users/${admin.id}`).set(bearer(admin.token)).send(change);
        expect(res.status).to.equal(400);
        expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
        const me = await t.http.get('/api/admin/v1/auth/me').set(bearer(admin.token)).expect(200);
        expect(me.body).to.include({ role: 'admin', disabled: false });
      });
    }

    it('can rename themself', async () => {
      const res = await t.http
        .patch(`/api/admin/v1/users/${admin.id}`)
        .set(bearer(admin.token))
        .send({ name: 'Head admin', role: 'admin' })
        .expect(200);
      expect(res.body).to.include({ name: 'Head admin', role: 'admin' });
    });

    it('gets 409 CONFLICT when creating an operator with an email already taken, in any letter case', async () => {
      const res = await t.http
        .post('/api/admin/v1/users')
        .set(bearer(admin.token))
        .send({ ...newUser(), email: operator.email.toUpperCase() });
      expect(res.status).to.equal(409);
      expect(errorOf(res.body).code).to.equal('CONFLICT');
    });

    it('gets 404 NOT_FOUND when changing an operator that does not exist', async () => {
      for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
        const res = await t.http.patch(`/api/admin/v1/users/${id}`).set(bearer(admin.token)).send({ name: 'Ghost' });
        expect(res.status, id).to.equal(404);
        expect(errorOf(res.body).code).to.equal('NOT_FOUND');
      }
    });
  });
});
