import { generateKeyPairSync } from 'node:crypto';
import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { startTestApp, TEST_MEMBER_SECRET, uniqueName, type TestApp } from '../../support/harness.js';
import { aHandMadeJwt, aMemberToken, anOperator, bearer, errorOf, hmacSha256, nowSeconds } from '../../support/builders.js';

const PROFILE = '/api/v1/me/profile';

function expectUnauthenticated(res: { status: number; body: unknown }): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(401);
  expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
}

function rsaKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

describe('member authentication with HS256 tokens', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });

  after(async () => {
    await t.close();
  });

  const claims = (sub: string = uniqueName('m')) => ({ sub, iat: nowSeconds(t), exp: nowSeconds(t) + 3600 });

  it('accepts a token signed with the configured secret and algorithm', async () => {
    const externalId = uniqueName('member');
    const res = await t.http
      .get(PROFILE)
      .set(bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(t) })))
      .expect(200);
    expect(res.body).to.include({ externalId });
  });

  it('answers 401 when there is no Authorization header', async () => {
    expectUnauthenticated(await t.http.get(PROFILE));
  });

  for (const header of [
    'Token abc',
    'Bearer',
    'Bearer ',
    'Bearer two parts',
    'Basic dXNlcjpwYXNz',
    'bearer lowercase-scheme',
    'Bearer not-a-jwt',
  ]) {
    it(`answers 401 to the malformed Authorization header "${header}"`, async () => {
      expectUnauthenticated(await t.http.get(PROFILE).set('Authorization', header));
    });
  }

  it('answers 401 to an unsigned token with alg "none"', async () => {
    const token = aHandMadeJwt({ alg: 'none', typ: 'JWT' }, claims());
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('answers 401 to an unsigned token with alg "none" that still carries a valid HS256 signature', async () => {
    const token = aHandMadeJwt({ alg: 'none', typ: 'JWT' }, claims(), hmacSha256(TEST_MEMBER_SECRET));
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('answers 401 to a token signed with HS512 and the right secret', async () => {
    const token = jwt.sign(claims(), TEST_MEMBER_SECRET, { algorithm: 'HS512' });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('answers 401 to a token signed with RS256', async () => {
    const { privateKey } = rsaKeyPair();
    const token = jwt.sign(claims(), privateKey, { algorithm: 'RS256' });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('answers 401 to a token signed with another secret', async () => {
    const token = aMemberToken(uniqueName('m'), { secret: 'another-secret-that-is-long-enough-0123456789', nowSeconds: nowSeconds(t) });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('answers 401 to a token whose payload was changed after signing', async () => {
    const token = aMemberToken('honest-member', { nowSeconds: nowSeconds(t) });
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(claims('someone-else'))).toString('base64url');
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(`${header}.${forgedPayload}.${signature}`)));
  });

  it('judges expiry by the app clock: a token is refused once the clock passes its exp', async () => {
    const token = aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 60 });
    await t.http.get(PROFILE).set(bearer(token)).expect(200);
    t.clock.advance(61_000);
    const res = await t.http.get(PROFILE).set(bearer(token));
    expectUnauthenticated(res);
    expect(errorOf(res.body).message).to.equal('Token expired');
  });

  it('answers 401 to a token whose exp is in the past of the app clock though not of the wall clock', async () => {
    const inThePast = nowSeconds(t) - 7200;
    const token = aMemberToken(uniqueName('m'), { nowSeconds: inThePast, expiresInSeconds: 3600 });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('refuses a token before its nbf on the app clock and accepts it after', async () => {
    const token = jwt.sign(
      { sub: uniqueName('m'), iat: nowSeconds(t), nbf: nowSeconds(t) + 60, exp: nowSeconds(t) + 3600 },
      TEST_MEMBER_SECRET,
      { algorithm: 'HS256' },
    );
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
    t.clock.advance(61_000);
    await t.http.get(PROFILE).set(bearer(token)).expect(200);
  });

  it('answers 401 to a token without sub', async () => {
    const token = jwt.sign({ iat: nowSeconds(t), exp: nowSeconds(t) + 3600 }, TEST_MEMBER_SECRET, { algorithm: 'HS256' });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  for (const [what, sub] of [
    ['an empty sub', ''],
    ['a sub with spaces', 'has spaces'],
    ['a sub longer than 128 characters', 'x'.repeat(129)],
  ] as const) {
    it(`answers 401 to a token with ${what}`, async () => {
      const token = jwt.sign({ sub, iat: nowSeconds(t), exp: nowSeconds(t) + 3600 }, TEST_MEMBER_SECRET, { algorithm: 'HS256' });
      expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
    });
  }

  it('answers 401 to a token without exp, which would otherwise be accepted forever', async () => {
    const token = jwt.sign({ sub: uniqueName('m'), iat: nowSeconds(t) }, TEST_MEMBER_SECRET, { algorithm: 'HS256' });
    const res = await t.http.get(PROFILE).set(bearer(token));
    expectUnauthenticated(res);
    expect(errorOf(res.body).message).to.equal('Token has no exp');
  });

  it('answers 401 to a token without iat, whose lifetime cannot be judged', async () => {
    const token = jwt.sign({ sub: uniqueName('m'), exp: nowSeconds(t) + 60 }, TEST_MEMBER_SECRET, {
      algorithm: 'HS256',
      noTimestamp: true,
    });
    const res = await t.http.get(PROFILE).set(bearer(token));
    expectUnauthenticated(res);
    expect(errorOf(res.body).message).to.equal('Token has no iat');
  });

  it('accepts a lifetime (exp - iat) of exactly MEMBER_JWT_MAX_AGE_SECONDS (default a day) and refuses a longer one', async () => {
    await t.http
      .get(PROFILE)
      .set(bearer(aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 86_400 })))
      .expect(200);
    const res = await t.http
      .get(PROFILE)
      .set(bearer(aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 86_401 })));
    expectUnauthenticated(res);
    expect(errorOf(res.body).message).to.equal('Token lifetime is too long');
    const yearLong = aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 365 * 86_400 });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(yearLong)));
  });

  it('answers 401 to a token dated in the future, whose exp is further away than the longest lifetime', async () => {
    const issued = nowSeconds(t) + 30 * 86_400;
    const token = aMemberToken(uniqueName('m'), { nowSeconds: issued, expiresInSeconds: 3600 });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it("answers 401 to a token signed with the member secret that carries the operator tokens' audience or type", async () => {
    const sub = '0123456789abcdef01234567';
    const base = { sub, iat: nowSeconds(t), exp: nowSeconds(t) + 600 };
    for (const extra of [
      { aud: 'laurel-admin', typ: 'admin' },
      { aud: 'laurel-admin' },
      { typ: 'admin' },
      { aud: ['host-app', 'laurel-admin'] },
    ]) {
      const res = await t.http.get(PROFILE).set(bearer(jwt.sign({ ...base, ...extra }, TEST_MEMBER_SECRET, { algorithm: 'HS256' })));
      expect(res.status, JSON.stringify(extra)).to.equal(401);
      expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
    }
    // The same subject without those claims is a member: the refusals are about the claims alone.
    await t.http
      .get(PROFILE)
      .set(bearer(jwt.sign(base, TEST_MEMBER_SECRET, { algorithm: 'HS256' })))
      .expect(200);
  });

  it('answers 401 to an operator token on the member API and to a member token on the admin API', async () => {
    const operator = await anOperator(t, AdminRole.Admin);
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(operator.token)));
    const memberToken = aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t) });
    expectUnauthenticated(await t.http.get('/api/admin/v1/auth/me').set(bearer(memberToken)));
  });

  it('answers 401 to a member token on the service API', async () => {
    const memberToken = aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t) });
    expectUnauthenticated(await t.http.get('/api/v1/members/anyone').set(bearer(memberToken)));
  });
});

describe('member authentication with RS256 tokens', () => {
  let t: TestApp;
  const keys = rsaKeyPair();

  before(async () => {
    t = await startTestApp({ env: { MEMBER_JWT_ALGORITHM: 'RS256', MEMBER_JWT_PUBLIC_KEY: keys.publicKey } });
  });

  after(async () => {
    await t.close();
  });

  const claims = () => ({ sub: uniqueName('rs'), iat: nowSeconds(t), exp: nowSeconds(t) + 3600 });

  it('accepts a token signed with the private key of the configured public key', async () => {
    const payload = claims();
    const res = await t.http
      .get(PROFILE)
      .set(bearer(jwt.sign(payload, keys.privateKey, { algorithm: 'RS256' })))
      .expect(200);
    expect(res.body).to.include({ externalId: payload.sub });
  });

  it('refuses an HS256 token keyed with the public key text (algorithm confusion)', async () => {
    const token = aHandMadeJwt({ alg: 'HS256', typ: 'JWT' }, claims(), hmacSha256(keys.publicKey));
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('refuses an RS256 token signed with another key pair', async () => {
    const token = jwt.sign(claims(), rsaKeyPair().privateKey, { algorithm: 'RS256' });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('refuses a token signed with RS512 by the right private key', async () => {
    const token = jwt.sign(claims(), keys.privateKey, { algorithm: 'RS512' });
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(token)));
  });

  it('refuses an unsigned token with alg "none"', async () => {
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(aHandMadeJwt({ alg: 'none', typ: 'JWT' }, claims()))));
  });

  it('refuses an HS256 token signed with the default HS256 secret', async () => {
    expectUnauthenticated(await t.http.get(PROFILE).set(bearer(aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t) }))));
  });
});

describe('member authentication with a configured issuer and audience', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ env: { MEMBER_JWT_ISSUER: 'https://host.example', MEMBER_JWT_AUDIENCE: 'laurel' } });
  });

  after(async () => {
    await t.close();
  });

  const sign = (extra: Record<string, unknown>) =>
    jwt.sign({ sub: uniqueName('m'), iat: nowSeconds(t), exp: nowSeconds(t) + 3600, ...extra }, TEST_MEMBER_SECRET, { algorithm: 'HS256' });

  it('accepts a token from the configured issuer for the configured audience', async () => {
    await t.http
      .get(PROFILE)
      .set(bearer(sign({ iss: 'https://host.example', aud: 'laurel' })))
      .expect(200);
  });

  it('refuses a token without issuer or audience, or with other ones', async () => {
    for (const claims of [
      {},
      { iss: 'https://host.example' },
      { aud: 'laurel' },
      { iss: 'https://evil.example', aud: 'laurel' },
      { iss: 'https://host.example', aud: 'other' },
    ]) {
      const res = await t.http.get(PROFILE).set(bearer(sign(claims)));
      expect(res.status, JSON.stringify(claims)).to.equal(401);
      expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
    }
  });
});

describe('member authentication with a configured longest lifetime', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ env: { MEMBER_JWT_MAX_AGE_SECONDS: '600' } });
  });

  after(async () => {
    await t.close();
  });

  it('accepts a lifetime up to MEMBER_JWT_MAX_AGE_SECONDS and refuses one a second longer', async () => {
    await t.http
      .get(PROFILE)
      .set(bearer(aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 600 })))
      .expect(200);
    expectUnauthenticated(
      await t.http.get(PROFILE).set(bearer(aMemberToken(uniqueName('m'), { nowSeconds: nowSeconds(t), expiresInSeconds: 601 }))),
    );
  });
});
