import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { adminUserModel } from '@laurel/server/modules/admin-users/model.js';
import { AdminUserService } from '@laurel/server/modules/admin-users/service.js';
import { UnauthenticatedError } from '@laurel/server/platform/errors.js';
import { startTestApp, TEST_ADMIN_SECRET, TEST_MEMBER_SECRET, type TestApp } from '../../support/harness.js';
import { aMemberToken, anOperator, bearer, errorOf, nowSeconds, type Operator } from '../../support/builders.js';

const TTL_SECONDS = 300;

describe('operator login and tokens', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp({ env: { ADMIN_TOKEN_TTL_SECONDS: String(TTL_SECONDS) } });
    admin = await anOperator(t, AdminRole.Admin);
  });

  after(async () => {
    await t.close();
  });

  const login = (email: string, password: string) => t.http.post('/api/admin/v1/auth/login').send({ email, password });
  const me = (token: string) => t.http.get('/api/admin/v1/auth/me').set(bearer(token));
  const expectUnauthenticated = (res: { status: number; body: unknown }): void => {
    expect(res.status).to.equal(401);
    expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
  };

  it('returns a token valid for the configured lifetime and the operator without secrets', async () => {
    const operator = await anOperator(t, AdminRole.Operator);
    const res = await login(operator.email.toUpperCase(), operator.password).expect(200);
    const body = res.body as { token: string; expiresAt: string; user: Record<string, unknown> };
    expect(body.expiresAt).to.equal(new Date(t.clock.now().getTime() + TTL_SECONDS * 1000).toISOString());
    expect(body.user).to.include({
      id: operator.id,
      email: operator.email,
      role: 'operator',
      disabled: false,
      lastLoginAt: t.clock.now().toISOString(),
    });
    expect(body.user).not.to.have.any.keys('passwordHash', 'password');
    const whoAmI = await me(body.token).expect(200);
    expect(whoAmI.body).to.include({ id: operator.id, role: 'operator' });
  });

  it('answers a wrong password and an unknown email with the same 401 that does not say which part was wrong', async () => {
    const wrongPassword = await login(admin.email, 'not the password at all');
    const unknownEmail = await login('nobody-here@example.com', admin.password);
    expectUnauthenticated(wrongPassword);
    expect(wrongPassword.body).to.deep.equal(unknownEmail.body);
    const message = errorOf(wrongPassword.body).message.toLowerCase();
    expect(message).to.equal('wrong email or password');
    expect(wrongPassword.body).to.not.have.nested.property('error.details.field');
  });

  it('refuses to log a disabled operator in, with the same answer as a wrong password', async () => {
    const operator = await anOperator(t, AdminRole.Viewer);
    await t.http.patch(`/api/admin/v1/users/${operator.id}`).set(bearer(admin.token)).send({ disabled: true }).expect(200);
    const res = await login(operator.email, operator.password);
    expectUnauthenticated(res);
    expect(res.body).to.deep.equal((await login(admin.email, 'not the password at all')).body);
  });

  it("refuses a disabled operator's existing token at once", async () => {
    const operator = await anOperator(t, AdminRole.Operator);
    await me(operator.token).expect(200);
    await t.http.patch(`/api/admin/v1/users/${operator.id}`).set(bearer(admin.token)).send({ disabled: true }).expect(200);
    expectUnauthenticated(await me(operator.token));
  });

  it('applies a demotion to an existing token at once', async () => {
    const other = await anOperator(t, AdminRole.Admin);
    await t.http.get('/api/admin/v1/users').set(bearer(other.token)).expect(200);
    await t.http.patch(`/api/admin/v1/users/${other.id}`).set(bearer(admin.token)).send({ role: 'viewer' }).expect(200);
    const res = await t.http.get('/api/admin/v1/users').set(bearer(other.token));
    expect(res.status).to.equal(403);
    expect(errorOf(res.body).code).to.equal('FORBIDDEN');
  });

  it('refuses a token signed with another secret, a member token and a token without the admin type', async () => {
    const payload = { sub: admin.id, typ: 'admin', iat: nowSeconds(t), exp: nowSeconds(t) + 60, aud: 'laurel-admin' };
    expectUnauthenticated(await me(jwt.sign(payload, 'some-other-admin-secret-0123456789abcdef', { algorithm: 'HS256' })));
    expectUnauthenticated(await me(jwt.sign(payload, TEST_MEMBER_SECRET, { algorithm: 'HS256' })));
    expectUnauthenticated(await me(jwt.sign({ ...payload, typ: 'member' }, TEST_ADMIN_SECRET, { algorithm: 'HS256' })));
    expectUnauthenticated(await me(jwt.sign({ ...payload, aud: 'someone-else' }, TEST_ADMIN_SECRET, { algorithm: 'HS256' })));
    expectUnauthenticated(await me(jwt.sign(payload, TEST_ADMIN_SECRET, { algorithm: 'HS512' })));
    // The same claims signed correctly are accepted: the refusals above are about the signature, type and audience.
    await me(jwt.sign(payload, TEST_ADMIN_SECRET, { algorithm: 'HS256' })).expect(200);
  });

  it('tells operator and member tokens apart by their claims even when one secret signs both', async () => {
    // The configuration refuses equal secrets; a service keyed with the member secret shows the claims alone keep them apart.
    const sameSecret = new AdminUserService(adminUserModel(t.mongo.connection), t.services.audit, t.clock, {
      secret: TEST_MEMBER_SECRET,
      ttlSeconds: TTL_SECONDS,
    });
    const operator = await anOperator(t, AdminRole.Admin);
    const { token } = await sameSecret.login(operator.email, operator.password);
    expect((await sameSecret.authenticate(token)).userId).to.equal(operator.id);
    expectUnauthenticated(await t.http.get('/api/v1/me/profile').set(bearer(token)));

    const memberToken = aMemberToken(operator.id, { nowSeconds: nowSeconds(t) });
    await t.http.get('/api/v1/me/profile').set(bearer(memberToken)).expect(200);
    const refusal = await sameSecret.authenticate(memberToken).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).to.be.instanceOf(UnauthenticatedError);
  });

  it('refuses a token for an operator that does not exist', async () => {
    const payload = { sub: '0123456789abcdef01234567', typ: 'admin', iat: nowSeconds(t), exp: nowSeconds(t) + 60, aud: 'laurel-admin' };
    expectUnauthenticated(await me(jwt.sign(payload, TEST_ADMIN_SECRET, { algorithm: 'HS256' })));
  });

  it('accepts a token until the clock passes its lifetime, then answers 401', async () => {
    const operator = await anOperator(t, AdminRole.Viewer);
    t.clock.advance((TTL_SECONDS - 1) * 1000);
    await me(operator.token).expect(200);
    t.clock.advance(2_000);
    expectUnauthenticated(await me(operator.token));
  });
});
