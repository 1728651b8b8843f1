import { randomBytes } from 'node:crypto';
import {
  AdminRole,
  type LedgerSummaryView,
  type MallRewardView,
  type MallView,
  type RedemptionView,
  type RewardCodeCountsView,
} from '@laurel/shared';
import type { IssueFaults } from '@laurel/server/modules/coupons/issuer.js';
import type { MallFaultHook, MallFaultPoint } from '@laurel/server/modules/mall/faults.js';
import { expect } from 'chai';
import type supertest from 'supertest';
import { aMemberToken, anOperator, bearer, logInAgain, nowSeconds, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

export const START = '2026-06-01T02:00:00.000Z';
export const GRACE_MS = 120_000;

/** Failures to inject into the saga, set by a test and read by the hook the app was built with. */
export class Faults {
  private readonly once = new Set<MallFaultPoint>();
  private killPoint: MallFaultPoint | null = null;
  private dead = false;
  /** Points where an injected failure fired, in order. */
  readonly fired: MallFaultPoint[] = [];

  /** The step at `point` fails once (the saga undoes what it did). */
  failOnce(point: MallFaultPoint): this {
    this.once.add(point);
    return this;
  }

  /** The process dies at `point`: it and every later point fail (nothing more is done) until `revive()`. */
  killAt(point: MallFaultPoint): this {
    this.killPoint = point;
    return this;
  }

  revive(): void {
    this.once.clear();
    this.killPoint = null;
    this.dead = false;
    this.fired.length = 0;
  }

  readonly hook: MallFaultHook = (point) => {
    if (this.dead) throw new Error(`injected: the process died before ${point}`);
    if (point === this.killPoint) this.dead = true;
    else if (!this.once.delete(point)) return;
    this.fired.push(point);
    throw new Error(`injected: failure at ${point}`);
  };
}

export interface MallApp {
  t: TestApp;
  operator: Operator;
  viewer: Operator;
  faults: Faults;
}

/**
 * A test app with an operator and a viewer, member rate limits out of the way of bursts, and a fault hook (and the
 * coupon issue's, when given).
 */
export async function startMallApp(options: { couponFaults?: IssueFaults } = {}): Promise<MallApp> {
  const faults = new Faults();
  const t = await startTestApp({ env: { RATE_LIMIT_MEMBER_MAX: '1000000' }, mallFaults: faults.hook, couponFaults: options.couponFaults });
  t.clock.set(START);
  return { t, operator: await anOperator(t, AdminRole.Operator), viewer: await anOperator(t, AdminRole.Viewer), faults };
}

export function anExternalId(prefix = 'm'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** A member (enrolled) with `points` available points. */
export async function aMemberWith(app: MallApp, points: number): Promise<{ id: string; externalId: string }> {
  const externalId = anExternalId();
  const member = await app.t.services.members.ensure(externalId);
  if (points > 0) {
    await app.t.services.ledger.earn({
      memberId: member.id,
      currency: 'points',
      amount: points,
      key: `test:${externalId}:earn`,
      source: { type: 'system', id: 'test' },
    });
  }
  return member;
}

/** Creates a reward through the admin API; defaults: a physical item for 100 points, stock 10. */
export async function aReward(app: MallApp, fields: Record<string, unknown> = {}): Promise<MallRewardView> {
  const res = await app.t.http
    .post('/api/admin/v1/rewards')
    .set(bearer(app.operator.token))
    .send({ name: `reward-${randomBytes(3).toString('hex')}`, type: 'physical', pointsPrice: 100, stock: 10, ...fields });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as MallRewardView;
}

/** A virtual_code reward with `codes` uploaded (its stock). */
export async function aCodeReward(app: MallApp, codes: string[], fields: Record<string, unknown> = {}): Promise<MallRewardView> {
  const reward = await aReward(app, { type: 'virtual_code', stock: 0, ...fields });
  const res = await app.t.http.post(`/api/admin/v1/rewards/${reward.id}/codes`).set(bearer(app.operator.token)).send({ codes });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return rewardOf(app, reward.id);
}

export async function rewardOf(app: MallApp, id: string): Promise<MallRewardView> {
  const res = await app.t.http.get(`/api/admin/v1/rewards/${id}`).set(bearer(app.viewer.token)).expect(200);
  return res.body as MallRewardView;
}

export async function codeCounts(app: MallApp, id: string): Promise<RewardCodeCountsView> {
  const res = await app.t.http.get(`/api/admin/v1/rewards/${id}/codes`).set(bearer(app.viewer.token)).expect(200);
  return res.body as RewardCodeCountsView;
}

export function memberAuth(app: MallApp, externalId: string): { Authorization: string } {
  return bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) }));
}

/** POST /me/redemptions (with an Idempotency-Key when given); on `api` for bursts against a listening server. */
export function redeemRequest(
  app: MallApp,
  externalId: string,
  body: Record<string, unknown>,
  key?: string,
  api: supertest.Agent = app.t.http,
): supertest.Test {
  const req = api.post('/api/v1/me/redemptions').set(memberAuth(app, externalId));
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

export async function redeemed(app: MallApp, externalId: string, rewardId: string, quantity = 1): Promise<RedemptionView> {
  const res = await redeemRequest(app, externalId, { rewardId, quantity });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as RedemptionView;
}

export async function redemptionOf(app: MallApp, externalId: string, id: string): Promise<RedemptionView> {
  const res = await app.t.http.get(`/api/v1/me/redemptions/${id}`).set(memberAuth(app, externalId)).expect(200);
  return res.body as RedemptionView;
}

export async function mallOf(app: MallApp, externalId: string): Promise<MallView> {
  const res = await app.t.http.get('/api/v1/rewards').set(memberAuth(app, externalId)).expect(200);
  return res.body as MallView;
}

export async function summaryOf(app: MallApp, externalId: string): Promise<LedgerSummaryView> {
  const res = await app.t.http.get('/api/v1/me').set(memberAuth(app, externalId)).expect(200);
  return res.body as LedgerSummaryView;
}

/** Every redemption of a reward, as operators list them. */
export async function redemptionsOfReward(app: MallApp, rewardId: string): Promise<RedemptionView[]> {
  const res = await app.t.http.get(`/api/admin/v1/redemptions?rewardId=${rewardId}&limit=100`).set(bearer(app.viewer.token)).expect(200);
  return (res.body as { items: RedemptionView[] }).items;
}

/** Moves the clock and logs the operators in again (their tokens last an hour of the app's clock). */
export async function setClock(app: MallApp, at: string | Date): Promise<void> {
  app.t.clock.set(typeof at === 'string' ? at : at.toISOString());
  await logInAgain(app.t, [app.operator, app.viewer]);
}

/** The ledger agrees with every wallet (no drift, nothing left unapplied). */
export async function expectLedgerClean(app: MallApp): Promise<void> {
  const report = await app.t.services.ledger.reconcile();
  expect(report.issues, JSON.stringify(report.issues)).to.deep.equal([]);
}
