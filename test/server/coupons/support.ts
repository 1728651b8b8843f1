import { randomBytes } from 'node:crypto';
import { AdminRole, ApiScope, type CouponTemplateView, type CouponView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { aMemberToken, anApiKey, anOperator, bearer, logInAgain, nowSeconds, type Operator } from '../../support/builders.js';
import { listening, startTestApp, type TestApp } from '../../support/harness.js';
import type { ServiceDeps } from '@laurel/server/services.js';

export interface CouponsApp {
  t: TestApp;
  operator: Operator;
  viewer: Operator;
  /** An API key with `coupons:write`. */
  checkoutKey: string;
}

/** A test app with an operator, a viewer and a checkout API key; rate limits out of the way of bursts. */
export async function startCouponsApp(
  options: { start?: string; env?: Record<string, string>; faults?: ServiceDeps['couponFaults'] } = {},
): Promise<CouponsApp> {
  const t = await startTestApp({
    env: { RATE_LIMIT_API_KEY_MAX: '1000000', RATE_LIMIT_MEMBER_MAX: '1000000', RATE_LIMIT_IP_MAX: '1000000', ...options.env },
    couponFaults: options.faults,
  });
  t.clock.set(options.start ?? '2026-06-01T02:00:00.000Z');
  return {
    t,
    operator: await anOperator(t, AdminRole.Operator),
    viewer: await anOperator(t, AdminRole.Viewer),
    checkoutKey: await anApiKey(t, [ApiScope.CouponsWrite]),
  };
}

/** Moves the clock and logs the operators in again (their tokens last an hour of the app's clock). */
export async function setClock(app: CouponsApp, at: string): Promise<void> {
  app.t.clock.set(at);
  await logInAgain(app.t, [app.operator, app.viewer]);
}

export function anId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A template through the admin API; default: 500 off orders of at least 1000 CNY, valid 30 days, unlimited. */
export async function aTemplate(app: CouponsApp, fields: Record<string, unknown> = {}): Promise<CouponTemplateView> {
  const res = await app.t.http
    .post('/api/admin/v1/coupon-templates')
    .set(bearer(app.operator.token))
    .send({
      name: anId('coupon'),
      discount: { type: 'amount', amountOff: 500 },
      minSpend: 1000,
      currency: 'CNY',
      validity: { type: 'relative', days: 30 },
      ...fields,
    });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as CouponTemplateView;
}

export async function templateOf(app: CouponsApp, id: string): Promise<CouponTemplateView> {
  const res = await app.t.http.get(`/api/admin/v1/coupon-templates/${id}`).set(bearer(app.viewer.token));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as CouponTemplateView;
}

export interface Member {
  externalId: string;
  id: string;
  auth(): { Authorization: string };
}

export async function aMember(app: CouponsApp): Promise<Member> {
  const externalId = anId('member');
  const id = (await app.t.services.members.ensure(externalId)).id;
  return { externalId, id, auth: () => bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) })) };
}

/** An operator's issue over HTTP. */
export function issueRequest(app: CouponsApp, templateId: string, memberId: string, key?: string, api = app.t.http): supertest.Test {
  return api
    .post(`/api/admin/v1/coupon-templates/${templateId}/issue`)
    .set(bearer(app.operator.token))
    .set('Idempotency-Key', key ?? anId('issue'))
    .send({ memberId, reason: 'goodwill' });
}

export async function issued(app: CouponsApp, templateId: string, member: Member, key?: string): Promise<CouponView> {
  const res = await issueRequest(app, templateId, member.id, key);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as CouponView;
}

export type CheckoutAction = 'lock' | 'redeem' | 'release' | 'restore';

/** A checkout call through the service API. */
export function checkout(
  app: CouponsApp,
  member: Member,
  code: string,
  action: CheckoutAction,
  body: Record<string, unknown>,
  api = app.t.http,
): supertest.Test {
  return api.post(`/api/v1/members/${member.externalId}/coupons/${code}/${action}`).set(bearer(app.checkoutKey)).send(body);
}

export function anOrder(amount = 2000, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { orderId: anId('order'), amount, currency: 'CNY', ...fields };
}

export async function myCoupons(app: CouponsApp, member: Member, state?: string): Promise<CouponView[]> {
  const res = await app.t.http.get(`/api/v1/me/coupons${state ? `?state=${state}` : ''}`).set(member.auth());
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return (res.body as { items: CouponView[] }).items;
}

/** Runs a job now, as the scheduler would. */
export async function runJob(app: CouponsApp, name: string): Promise<Record<string, number>> {
  const res = await app.t.http.post(`/api/admin/v1/jobs/${name}/run`).set(bearer(app.operator.token));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return (res.body as { counts: Record<string, number> }).counts;
}

/** n requests at once against one listening server. */
export async function burst<T>(app: CouponsApp, n: number, send: (api: supertest.Agent, i: number) => Promise<T>): Promise<T[]> {
  const server = await listening(app.t.app);
  try {
    return await Promise.all(Array.from({ length: n }, (_, i) => send(server.api, i)));
  } finally {
    await server.close();
  }
}

export function statuses(responses: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}
