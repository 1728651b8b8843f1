import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { bearer } from '../../support/builders.js';

describe('bootstrap admin from configuration', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });

  after(async () => {
    await t.close();
  });

  it('creates the first admin once, who can then log in, and is a no-op afterwards', async () => {
    const input = { email: 'Root@Example.com', password: 'bootstrap password', name: 'Root' };
    expect(await t.services.adminUsers.ensureBootstrapAdmin(input)).to.equal(true);
    expect(await t.services.adminUsers.ensureBootstrapAdmin({ ...input, email: 'second@example.com' })).to.equal(false);

    const res = await t.http.post('/api/admin/v1/auth/login').send({ email: 'root@example.com', password: input.password }).expect(200);
    const token = (res.body as { token: string }).token;
    const me = await t.http.get('/api/admin/v1/auth/me').set(bearer(token)).expect(200);
    expect(me.body).to.include({ email: 'root@example.com', role: AdminRole.Admin, name: 'Root' });
    const users = await t.http.get('/api/admin/v1/users').set(bearer(token)).expect(200);
    expect((users.body as { items: unknown[] }).items).to.have.length(1);
  });
});
