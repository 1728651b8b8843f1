import { randomBytes } from 'node:crypto';
import { AdminRole, type CheckInProgramView, type CheckInResultView, type CheckInStatusView, type LedgerSummaryView } from '@laurel/shared';
import { expect } from 'chai';
import type supertest from 'supertest';
import { aMemberToken, anOperator, bearer, nowSeconds, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

export interface CheckInApp {
  t: TestApp;
  operator: Operator;
}

/** A test app with an operator; member rate limits out of the way of bursts. */
export async function startCheckInApp(options: { zone?: string; start?: string } = {}): Promise<CheckInApp> {
  const t = await startTestApp({
    env: { RATE_LIMIT_MEMBER_MAX: '1000000', ...(options.zone ? { BUSINESS_TIME_ZONE: options.zone } : {}) },
  });
  t.clock.set(options.start ?? '2026-06-01T10:00:00+08:00');
  return { t, operator: await anOperator(t, AdminRole.Operator) };
}

/** The program as PUT takes it: 7 days of 10 points (day 7: 50), no milestones, no make-ups, unless overridden. */
export function aProgram(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    active: true,
    cycleDays: 7,
    dayRewards: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, rewards: [{ type: 'points', amount: day === 7 ? 50 : 10 }] })),
    milestones: [],
    afterCycle: 'restart',
    makeUp: { windowDays: 0, perMonth: 0, costPoints: 0 },
    ...fields,
  };
}

export async function setProgram(app: CheckInApp, fields: Record<string, unknown> = {}): Promise<CheckInProgramView> {
  const res = await app.t.http.put('/api/admin/v1/check-in-program').set(bearer(app.operator.token)).send(aProgram(fields));
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as CheckInProgramView;
}

export interface Member {
  externalId: string;
  id: string;
  /** A token valid at the app clock's now. */
  auth(): { Authorization: string };
}

export async function aMember(app: CheckInApp): Promise<Member> {
  const externalId = `checkin-${randomBytes(5).toString('hex')}`;
  const id = (await app.t.services.members.ensure(externalId)).id;
  return { externalId, id, auth: () => bearer(aMemberToken(externalId, { nowSeconds: nowSeconds(app.t) })) };
}

export function checkIn(app: CheckInApp, member: Member): supertest.Test {
  return app.t.http.post('/api/v1/me/check-ins').set(member.auth());
}

export function makeUp(app: CheckInApp, member: Member, date: string): supertest.Test {
  return app.t.http.post('/api/v1/me/check-ins/make-up').set(member.auth()).send({ date });
}

/** Checks in and expects it to be recorded. */
export async function checkedIn(app: CheckInApp, member: Member): Promise<CheckInResultView> {
  const res = await checkIn(app, member);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as CheckInResultView;
}

export async function madeUp(app: CheckInApp, member: Member, date: string): Promise<CheckInResultView> {
  const res = await makeUp(app, member, date);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as CheckInResultView;
}

export async function statusOf(app: CheckInApp, member: Member): Promise<CheckInStatusView> {
  return (await app.t.http.get('/api/v1/me/check-ins').set(member.auth()).expect(200)).body as CheckInStatusView;
}

export async function summaryOf(app: CheckInApp, member: Member): Promise<LedgerSummaryView> {
  return app.t.services.ledger.summary(member.id);
}

/** Gives a member points through the admin API (an operator's adjustment). */
export async function givePoints(app: CheckInApp, member: Member, amount: number): Promise<void> {
  const admin = await anOperator(app.t, AdminRole.Admin);
  await app.t.http
    .post(`/api/admin/v1/members/${member.id}/adjustments`)
    .set(bearer(admin.token))
    .set('Idempotency-Key', `give-${randomBytes(6).toString('hex')}`)
    .send({ currency: 'points', amount, reason: 'test' })
    .expect(201);
}

/** Moves the clock to `days` days later, same local time. */
export function nextDay(app: CheckInApp, days = 1): void {
  app.t.clock.advance(days * 86_400_000);
}

/** The member's check-in records as stored, by date. */
export async function recordsOf(app: CheckInApp, member: Member): Promise<Record<string, { state: string; streak: number; kind: string }>> {
  const docs = await app.t.mongo.connection
    .collection<{ _id: string; date: string; state: string; streak: number; kind: string; memberId: string }>('check_ins')
    .find({ memberId: member.id })
    .toArray();
  return Object.fromEntries(docs.map((d) => [d.date, { state: d.state, streak: d.streak, kind: d.kind }]));
}

/** The points ledger entries of a member (earn, spend, reverse…), oldest first. */
export async function pointsEntriesOf(app: CheckInApp, member: Member): Promise<{ kind: string; delta: number; reason: string | null }[]> {
  const page = await app.t.services.ledger.ledger(member.id, { currency: 'points', limit: 100 });
  return page.items.map((e) => ({ kind: e.kind, delta: e.delta, reason: e.reason })).reverse();
}
