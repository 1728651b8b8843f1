import { createHmac } from 'node:crypto';
import { AdminRole, type ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import type { TestApp } from './harness.js';
import { TEST_MEMBER_SECRET, uniqueName } from './harness.js';

/** A member JWT as the host app would sign it (HS256 with the test secret, 1 hour from the app clock). */
export function aMemberToken(
  externalId: string,
  options: { secret?: string; expiresInSeconds?: number; nowSeconds?: number } = {},
): string {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return jwt.sign({ sub: externalId, iat: now, exp: now + (options.expiresInSeconds ?? 3600) }, options.secret ?? TEST_MEMBER_SECRET, {
    algorithm: 'HS256',
  });
}

export interface Operator {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** Creates an operator with the given role directly through the service, then logs in over HTTP. */
export async function anOperator(t: TestApp, role: AdminRole = AdminRole.Admin): Promise<Operator> {
  const email = `${uniqueName(role)}@example.com`;
  const password = 'correct horse battery';
  const user = await t.services.adminUsers.create(
    { email, name: `${role} operator`, password, role },
    { type: 'system', id: 'test', label: 'test' },
  );
  const res = await t.http.post('/api/admin/v1/auth/login').send({ email, password }).expect(200);
  return { id: user.id, email, password, token: (res.body as { token: string }).token };
}

/** Logs operators in again at the app clock's now (tokens last an hour of clock time) and keeps the new tokens on them. */
export async function logInAgain(t: TestApp, operators: readonly Operator[]): Promise<void> {
  for (const operator of operators) {
    const res = await t.http.post('/api/admin/v1/auth/login').send({ email: operator.email, password: operator.password }).expect(200);
    operator.token = (res.body as { token: string }).token;
  }
}

/** Creates a service API key with the given scopes; returns its secret. */
export async function anApiKey(t: TestApp, scopes: ApiScope[]): Promise<string> {
  const key = await t.services.apiKeys.create({ name: uniqueName('key'), scopes }, { type: 'system', id: 'test', label: 'test' });
  return key.secret;
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A JWT assembled by hand, for tokens no careful library would sign (`alg: none`, HS256 keyed with
 * an RSA public key). `sign` gets the signing input and returns the raw signature; none means empty.
 */
export function aHandMadeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  sign?: (signingInput: string) => Buffer,
): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${sign ? sign(signingInput).toString('base64url') : ''}`;
}

/** HS256 over `signingInput` with any key text, even one a JWT library would refuse as a secret. */
export function hmacSha256(key: string): (signingInput: string) => Buffer {
  return (signingInput) => createHmac('sha256', key).update(signingInput).digest();
}

/** Seconds since the epoch on the app's clock, for `iat`/`exp` claims. */
export function nowSeconds(t: TestApp): number {
  return Math.floor(t.clock.now().getTime() / 1000);
}

/** Every item of a cursor-paginated list, walking the pages with the largest page size. */
export async function listAll<T = Record<string, unknown>>(t: TestApp, path: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = `${path}${separator}limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.http.get(url).set(bearer(token)).expect(200);
    const page = res.body as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The error body of an answer, asserting it has exactly the API's shape `{ error: { code, message, details } }`. */
export function errorOf(body: unknown): { code: string; message: string; details: Record<string, unknown> } {
  expect(body, 'error body').to.be.an('object').that.has.all.keys('error');
  const inner = (body as { error: unknown }).error;
  expect(inner, 'error').to.be.an('object').that.has.all.keys('code', 'message', 'details');
  const error = inner as { code: string; message: string; details: Record<string, unknown> };
  expect(error.code).to.be.a('string');
  expect(error.message).to.be.a('string');
  expect(error.details).to.be.an('object');
  return error;
}

/**
 * A `points_multiplier` benefit of its own, in a package attached to `tier`: the tier's members earn `percent` % of
 * the earning rules' points. Returns the package's code (to change or archive it).
 */
export async function aTierMultiplier(t: TestApp, token: string, tier: string, percent: number): Promise<string> {
  const benefitCode = uniqueName('multiplier');
  const benefit = await t.http
    .post('/api/admin/v1/benefits')
    .set(bearer(token))
    .send({ code: benefitCode, type: 'points_multiplier', name: `${percent} % points`, value: { percent } });
  expect(benefit.status, JSON.stringify(benefit.body)).to.equal(201);
  const code = uniqueName(`${tier}-points`);
  const pkg = await t.http
    .post('/api/admin/v1/benefit-packages')
    .set(bearer(token))
    .send({ code, name: `${tier} points`, source: { type: 'tier', code: tier }, items: [{ benefitCode, quota: { period: 'unlimited' } }] });
  expect(pkg.status, JSON.stringify(pkg.body)).to.equal(201);
  return code;
}
