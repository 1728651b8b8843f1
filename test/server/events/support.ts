import { randomBytes } from 'node:crypto';
import { AdminRole, ApiScope, type EarningRuleView, type EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { anApiKey, anOperator, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

export interface EventsApp {
  t: TestApp;
  admin: Operator;
  apiKey: string;
}

/** A test app with an admin operator and an events:write API key; API-key rate limits out of the way. */
export async function startEventsApp(start = '2026-06-01T02:00:00.000Z'): Promise<EventsApp> {
  const t = await startTestApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000' } });
  t.clock.set(start);
  return { t, admin: await anOperator(t, AdminRole.Admin), apiKey: await anApiKey(t, [ApiScope.EventsWrite]) };
}

let sequence = 0;
export function anId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}-${randomBytes(4).toString('hex')}`;
}

export interface EventBody {
  id: string;
  type: string;
  occurredAt: string;
  member: { externalId: string };
  attributes?: Record<string, unknown>;
}

/** An order.paid event (amount in minor units) for a member; `attributes` override or add. */
export function anOrderPaid(externalId: string, amount: number, attributes: Record<string, unknown> = {}, occurredAt?: string): EventBody {
  return {
    id: anId('evt'),
    type: 'order.paid',
    occurredAt: occurredAt ?? '2026-06-01T01:00:00Z',
    member: { externalId },
    attributes: { orderId: anId('order'), amount, currency: 'CNY', ...attributes },
  };
}

export function anEvent(type: string, externalId: string, attributes: Record<string, unknown> = {}): EventBody {
  return { id: anId('evt'), type, occurredAt: '2026-06-01T01:00:00Z', member: { externalId }, attributes };
}

export function sendEvent(app: EventsApp, event: unknown): supertest.Test {
  return app.t.http
    .post('/api/v1/events')
    .set(bearer(app.apiKey))
    .send(event as object);
}

/** Sends an event that must be accepted; returns its outcome. */
export async function accepted(app: EventsApp, event: EventBody): Promise<EventOutcomeView> {
  const res = await sendEvent(app, event);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as EventOutcomeView;
}

/** Creates a rule through the admin API; defaults: order.paid, fixed 10 points. */
export async function aRule(app: EventsApp, fields: Record<string, unknown> = {}): Promise<EarningRuleView> {
  const res = await app.t.http
    .post('/api/admin/v1/earning-rules')
    .set(bearer(app.admin.token))
    .send({ name: anId('rule'), eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 10 }, ...fields });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as EarningRuleView;
}

/** Archives every active rule, so a test starts from its own rules only. */
export async function archiveAllRules(app: EventsApp): Promise<void> {
  const res = await app.t.http.get('/api/admin/v1/earning-rules?status=active&limit=100').set(bearer(app.admin.token)).expect(200);
  for (const rule of (res.body as { items: EarningRuleView[] }).items) {
    await app.t.http.post(`/api/admin/v1/earning-rules/${rule.id}/archive`).set(bearer(app.admin.token)).expect(200);
  }
  const inactive = await app.t.http.get('/api/admin/v1/earning-rules?status=inactive&limit=100').set(bearer(app.admin.token)).expect(200);
  for (const rule of (inactive.body as { items: EarningRuleView[] }).items) {
    await app.t.http.post(`/api/admin/v1/earning-rules/${rule.id}/archive`).set(bearer(app.admin.token)).expect(200);
  }
}

export function aMember(): string {
  return anId('member');
}

/** The member id behind an external id (enrolled by the events). */
export async function memberIdOf(app: EventsApp, externalId: string): Promise<string> {
  return (await app.t.services.members.ensure(externalId)).id;
}

export async function pointsOf(app: EventsApp, externalId: string): Promise<{ available: number; pending: number; growth: number }> {
  const summary = await app.t.services.ledger.summary(await memberIdOf(app, externalId));
  return { available: summary.available, pending: summary.pending, growth: summary.growth };
}
