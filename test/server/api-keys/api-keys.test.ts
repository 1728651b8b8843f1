import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { createLogger } from '@laurel/server/platform/logger.js';
import { createMetrics } from '@laurel/server/platform/metrics.js';
import { createServices, type Services } from '@laurel/server/services.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anApiKey, anOperator, bearer, errorOf, listAll, nowSeconds, type Operator } from '../../support/builders.js';

interface ApiKeyBody {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  secret?: string;
}

describe('service API keys', () => {
  let t: TestApp;
  let admin: Operator;
  let externalId: string;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
    externalId = uniqueName('member');
    await t.http
      .get('/api/v1/me/profile')
      .set(bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(t) })))
      .expect(200);
  });

  after(async () => {
    await t.close();
  });

  const lookUp = (key: string) => t.http.get(`/api/v1/members/${externalId}`).set(bearer(key));
  const createOverHttp = async (scopes: string[]): Promise<ApiKeyBody> => {
    const res = await t.http
      .post('/api/admin/v1/api-keys')
      .set(bearer(admin.token))
      .send({ name: uniqueName('key'), scopes })
      .expect(201);
    return res.body as ApiKeyBody;
  };
  const revoke = (id: string) => t.http.post(`/api/admin/v1/api-keys/${id}/revoke`).set(bearer(admin.token));
  const expectUnauthenticated = (res: { status: number; body: unknown }): void => {
    expect(res.status).to.equal(401);
    expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
  };

  it('shows the secret once, at creation, and never in the list', async () => {
    const created = await createOverHttp([ApiScope.MembersRead]);
    expect(created.secret).to.match(/^lk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
    expect(created.secret?.startsWith(`lk_${created.prefix}_`)).to.equal(true);

    const listed = (await listAll<ApiKeyBody>(t, '/api/admin/v1/api-keys', admin.token)).find((k) => k.id === created.id);
    const { secret: _secret, ...withoutSecret } = created;
    expect(listed).to.deep.equal(withoutSecret);
    expect(JSON.stringify(listed)).not.to.include(created.secret);
  });

  it('authenticates a key with the needed scope and records when it was used', async () => {
    const created = await createOverHttp([ApiScope.MembersRead]);
    await lookUp(created.secret ?? '').expect(200);
    const listed = (await listAll<ApiKeyBody>(t, '/api/admin/v1/api-keys', admin.token)).find((k) => k.id === created.id);
    expect(listed?.lastUsedAt).to.equal(t.clock.now().toISOString());
  });

  it('answers 401 to a known prefix with the wrong secret', async () => {
    const secret = await anApiKey(t, [ApiScope.MembersRead]);
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    expectUnauthenticated(await lookUp(`${secret.slice(0, -1)}${last}`));
  });

  it('answers 401 to a well-formed key that does not exist', async () => {
    expectUnauthenticated(await lookUp(`lk_000000000000_${'A'.repeat(32)}`));
  });

  it('answers 401 to a malformed key', async () => {
    expectUnauthenticated(await lookUp('lk_not-a-key'));
  });

  it('answers 403 FORBIDDEN to a valid key that lacks the route scope', async () => {
    const secret = await anApiKey(t, [ApiScope.EventsWrite, ApiScope.MembersWrite]);
    const res = await lookUp(secret);
    expect(res.status).to.equal(403);
    expect(errorOf(res.body).code).to.equal('FORBIDDEN');
  });

  it('refuses a revoked key that was never used', async () => {
    const created = await createOverHttp([ApiScope.MembersRead]);
    await revoke(created.id).expect(200);
    expectUnauthenticated(await lookUp(created.secret ?? ''));
  });

  it('refuses a key at once after it is revoked in the same process, even right after a successful use', async () => {
    const created = await createOverHttp([ApiScope.MembersRead]);
    await lookUp(created.secret ?? '').expect(200);

    const revoked = await revoke(created.id).expect(200);

    expect((revoked.body as ApiKeyBody).revokedAt).to.equal(t.clock.now().toISOString());
    expectUnauthenticated(await lookUp(created.secret ?? ''));
  });

  it('answers a second revoke with the same key and keeps the first revocation time', async () => {
    const created = await createOverHttp([ApiScope.MembersRead]);
    const first = await revoke(created.id).expect(200);
    t.clock.advance(1_000);
    const second = await revoke(created.id).expect(200);
    expect(second.body).to.deep.equal(first.body);
  });

  it('answers 404 NOT_FOUND when revoking a key that does not exist', async () => {
    const res = await revoke('0123456789abcdef01234567');
    expect(res.status).to.equal(404);
    expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    const malformed = await revoke('not-an-id');
    expect(malformed.status).to.equal(404);
  });

  describe('revocation seen by another instance', () => {
    let other: Services;

    before(() => {
      // A second process of the same deployment: its own services and caches, the same database and clock.
      other = createServices({
        connection: t.mongo.connection,
        redis: t.redis,
        clock: t.clock,
        logger: createLogger('silent'),
        metrics: createMetrics(false),
        config: t.config,
      });
    });

    it('is trusted for at most 10 seconds of the clock after another instance revokes it', async () => {
      const secret = await anApiKey(t, [ApiScope.MembersRead]);
      const principal = await t.services.apiKeys.authenticate(secret);

      await other.apiKeys.revoke(principal.apiKeyId, { type: 'system', id: 'test', label: 'test' });

      // Within the cache window this instance still trusts its verified key (the documented bound).
      t.clock.advance(9_000);
      expect((await t.services.apiKeys.authenticate(secret)).apiKeyId).to.equal(principal.apiKeyId);
      t.clock.advance(1_000);
      let refused: unknown = null;
      await t.services.apiKeys.authenticate(secret).catch((err: unknown) => (refused = err));
      expect(refused).to.have.property('code', 'UNAUTHENTICATED');
      expectUnauthenticated(await lookUp(secret));
    });
  });
});
