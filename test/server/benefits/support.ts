import { randomBytes } from 'node:crypto';
import { AdminRole, ApiScope, type BenefitPackageView, type BenefitView, type EntitlementView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { aMemberToken, anApiKey, anOperator, bearer, logInAgain, nowSeconds, type Operator } from '../../support/builders.js';
import { listening, startTestApp, type TestApp } from '../../support/harness.js';
import type { ServiceDeps } from '@laurel/server/services.js';

export interface BenefitsApp {
  t: TestApp;
  operator: Operator;
  /** A `benefits:write` API key (checkout). */
  checkout: string;
  /** The app on a listening server, for bursts of concurrent requests. */
  api: supertest.Agent;
  close(): Promise<void>;
}

/** A test app (also listening) with an operator, a checkout key and tiers silver, gold and platinum; rate limits out of the way. */
export async function startBenefitsApp(
  options: { zone?: string; start?: string; faults?: ServiceDeps['benefitFaults']; onCommand?: (name: string) => void } = {},
): Promise<BenefitsApp> {
  const t = await startTestApp({
    env: {
      RATE_LIMIT_API_KEY_MAX: '1000000',
      RATE_LIMIT_MEMBER_MAX: '1000000',
      ...(options.zone ? { BUSINESS_TIME_ZONE: options.zone } : {}),
    },
    benefitFaults: options.faults,
    onCommand: options.onCommand,
  });
  t.clock.set(options.start ?? '2026-06-10T02:00:00.000Z');
  const operator = await anOperator(t, AdminRole.Operator);
  const admin = await anOperator(t, AdminRole.Admin);
  for (const [rank, code] of ['silver', 'gold', 'platinum'].entries()) {
    await t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(admin.token))
      .send({ code, name: code, rank: rank + 1, entryThreshold: (rank + 1) * 1000, validityMonths: 12, graceDays: 0 })
      .expect(201);
  }
  const server = await listening(t.app);
  const close = async () => {
    await server.close();
    await t.close();
  };
  return { t, operator, checkout: await anApiKey(t, [ApiScope.BenefitsWrite, ApiScope.MembersWrite]), api: server.api, close };
}

/** Moves the clock and logs the operator in again (tokens last an hour of the app's clock). */
export async function setClock(app: BenefitsApp, at: string): Promise<void> {
  app.t.clock.set(at);
  await logInAgain(app.t, [app.operator]);
}

export function aCode(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function aBenefit(app: BenefitsApp, fields: Record<string, unknown> = {}): Promise<BenefitView> {
  const res = await app.t.http
    .post('/api/admin/v1/benefits')
    .set(bearer(app.operator.token))
    .send({ code: aCode('b'), type: 'free_shipping', name: 'Free shipping', ...fields });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as BenefitView;
}

export async function aPackage(
  app: BenefitsApp,
  tier: string,
  items: Record<string, unknown>[],
  code = aCode('p'),
): Promise<BenefitPackageView> {
  const res = await app.t.http
    .post('/api/admin/v1/benefit-packages')
    .set(bearer(app.operator.token))
    .send({ code, name: `${tier} package`, source: { type: 'tier', code: tier }, items });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as BenefitPackageView;
}

export interface Member {
  externalId: string;
  id: string;
  auth(): { Authorization: string };
}

export async function aMember(app: BenefitsApp, tier?: string): Promise<Member> {
  const externalId = `bm-${randomBytes(5).toString('hex')}`;
  const id = (await app.t.services.members.ensure(externalId)).id;
  const member = { externalId, id, auth: () => bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) })) };
  if (tier) await placeOn(app, member, tier);
  return member;
}

export async function placeOn(app: BenefitsApp, member: Member, tier: string): Promise<void> {
  await app.t.http
    .post(`/api/admin/v1/members/${member.id}/tier`)
    .set(bearer(app.operator.token))
    .send({ tier, reason: 'test', autoUpgrade: false })
    .expect(200);
}

export function use(
  app: BenefitsApp | { t: TestApp; checkout: string },
  api: supertest.Agent,
  member: Member,
  code: string,
  body: Record<string, unknown>,
): supertest.Test {
  return api.post(`/api/v1/members/${member.externalId}/benefits/${code}/use`).set(bearer(app.checkout)).send(body);
}

export function release(
  app: BenefitsApp,
  api: supertest.Agent,
  member: Member,
  code: string,
  body: Record<string, unknown>,
): supertest.Test {
  return api.post(`/api/v1/members/${member.externalId}/benefits/${code}/release`).set(bearer(app.checkout)).send(body);
}

export async function entitlementsOf(app: BenefitsApp, member: Member): Promise<EntitlementView[]> {
  const res = await app.t.http.get('/api/v1/me/benefits').set(member.auth());
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return (res.body as { items: EntitlementView[] }).items;
}

export async function entitlementOf(app: BenefitsApp, member: Member, code: string): Promise<EntitlementView | undefined> {
  return (await entitlementsOf(app, member)).find((e) => e.benefitCode === code);
}

export async function pointsOf(app: BenefitsApp, member: Member): Promise<number> {
  const summary = await app.t.services.ledger.summary(member.id);
  return summary.available + summary.pending;
}

export async function runJob(app: BenefitsApp, name: string): Promise<Record<string, number>> {
  return (await app.t.services.scheduler.runJob(name)).counts;
}
