import { AdminRole, ApiScope, type MemberTaskView, type TaskClaimView, type TaskView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { aMemberToken, anApiKey, anOperator, bearer, logInAgain, nowSeconds, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anId, type EventBody } from '../events/support.js';

export interface TasksApp {
  t: TestApp;
  operator: Operator;
  viewer: Operator;
  apiKey: string;
}

/** A test app with an operator, a viewer and an events:write API key; API-key and member rate limits out of the way. */
export async function startTasksApp(options: { start?: string; env?: Record<string, string> } = {}): Promise<TasksApp> {
  const t = await startTestApp({
    env: { RATE_LIMIT_API_KEY_MAX: '1000000', RATE_LIMIT_MEMBER_MAX: '1000000', ...options.env },
  });
  t.clock.set(options.start ?? '2026-06-01T02:00:00.000Z');
  return {
    t,
    operator: await anOperator(t, AdminRole.Operator),
    viewer: await anOperator(t, AdminRole.Viewer),
    apiKey: await anApiKey(t, [ApiScope.EventsWrite]),
  };
}

/** Moves the clock and logs the operators in again (their tokens last an hour of the app's clock). */
export async function setClock(app: TasksApp, at: string): Promise<void> {
  app.t.clock.set(at);
  await logInAgain(app.t, [app.operator, app.viewer]);
}

/** Creates a task through the admin API; defaults: a daily count of order.paid events, target 1, 10 points, auto. */
export async function aTask(app: TasksApp, fields: Record<string, unknown> = {}): Promise<TaskView> {
  const res = await app.t.http
    .post('/api/admin/v1/tasks')
    .set(bearer(app.operator.token))
    .send({
      name: anId('task'),
      kind: 'daily',
      trigger: { eventType: 'order.paid', measure: 'count' },
      target: 1,
      rewards: [{ type: 'points', amount: 10 }],
      ...fields,
    });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as TaskView;
}

/** Pauses every active task, so a test counts with its own tasks only. */
export async function pauseAllTasks(app: TasksApp): Promise<void> {
  const res = await app.t.http.get('/api/admin/v1/tasks?status=active&limit=100').set(bearer(app.operator.token)).expect(200);
  for (const task of (res.body as { items: TaskView[] }).items) {
    await app.t.http.post(`/api/admin/v1/tasks/${task.id}/pause`).set(bearer(app.operator.token)).expect(200);
  }
}

export function memberToken(app: TasksApp, externalId: string): string {
  return aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) });
}

export async function myTasks(app: TasksApp, externalId: string): Promise<MemberTaskView[]> {
  const res = await app.t.http.get('/api/v1/me/tasks').set(bearer(memberToken(app, externalId)));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return (res.body as { items: MemberTaskView[] }).items;
}

export async function myTask(app: TasksApp, externalId: string, taskId: string): Promise<MemberTaskView> {
  const found = (await myTasks(app, externalId)).find((task) => task.taskId === taskId);
  expect(found, `task ${taskId} in the member's list`).to.not.equal(undefined);
  return found!;
}

export function claimRequest(
  app: TasksApp | { t: TestApp },
  externalId: string,
  taskId: string,
  body: Record<string, unknown> = {},
  key?: string,
): supertest.Test {
  const req = app.t.http.post(`/api/v1/me/tasks/${taskId}/claim`).set(bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) })));
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

export async function claimed(
  app: TasksApp,
  externalId: string,
  taskId: string,
  body: Record<string, unknown> = {},
): Promise<TaskClaimView> {
  const res = await claimRequest(app, externalId, taskId, body);
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as TaskClaimView;
}

/** Sends an event through the service API and expects it accepted (201). */
export async function send(app: TasksApp, event: EventBody): Promise<void> {
  const res = await app.t.http.post('/api/v1/events').set(bearer(app.apiKey)).send(event);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
}

/** An order.paid event at an instant (minor units), its order id chosen unless given. */
export function anOrderAt(externalId: string, amount: number, occurredAt: string, attributes: Record<string, unknown> = {}): EventBody {
  return {
    id: anId('evt'),
    type: 'order.paid',
    occurredAt,
    member: { externalId },
    attributes: { orderId: anId('order'), amount, currency: 'CNY', ...attributes },
  };
}

export function aRefundOf(order: EventBody, refundAmount: number, occurredAt?: string): EventBody {
  return {
    id: anId('evt'),
    type: 'order.refunded',
    occurredAt: occurredAt ?? order.occurredAt,
    member: order.member,
    attributes: { orderId: order.attributes?.orderId, refundAmount },
  };
}

export async function balanceOf(app: TasksApp, externalId: string): Promise<{ points: number; growth: number }> {
  const summary = await app.t.services.ledger.summary((await app.t.services.members.ensure(externalId)).id);
  return { points: summary.available + summary.pending, growth: summary.growth };
}
