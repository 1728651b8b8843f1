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

/** The operator's token, logged in again at the app clock's now (tests move the clock by days). */
export async function operatorToken(app: CheckInApp): Promise<string> {
  const { email, password } = app.operator;
  const res = await app.t.http.post('/api/admin/v1/auth/login').send({ email, password }).expect(200);
  return (res.body as { token: string }).token;
}

export async function setProgram(app: CheckInApp, fields: Record<string, unknown> = {}): Promise<CheckInProgramView> {
  const res = await app.t.http
    .put('/api/admin/v1/check-in-program')
    .set(bearer(await operatorToken(app)))
    .send(aProgram(fields));
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

export interface InjectedFailure {
  /** Whether the failure has happened. */
  fired(): boolean;
  restore(): void;
}

/**
 * Makes the next call of `target[method]` that `when` picks fail: before it runs (`before`), or after it did its
 * work (`after`: the change is made, the answer is lost), as a process dying there would. Works for service
 * methods and for model statics whose query the code awaits (with or without `.lean()`).
 */
export function failNextCall(
  target: object,
  method: string,
  options: { when?: (...args: unknown[]) => boolean; at?: 'before' | 'after' } = {},
): InjectedFailure {
  const host = target as Record<string, unknown>;
  const original = host[method] as (...args: unknown[]) => unknown;
  const own = Object.prototype.hasOwnProperty.call(host, method);
  let fired = false;
  host[method] = function (this: unknown, ...args: unknown[]): unknown {
    if (fired || !(options.when?.(...args) ?? true)) return original.apply(this, args);
    fired = true;
    const work = options.at === 'after' ? Promise.resolve(original.apply(this, args)) : Promise.resolve();
    const failed = work.then(() => {
      throw new Error('injected failure');
    });
    return Object.assign(failed, { lean: () => failed, exec: () => failed });
  };
  return {
    fired: () => fired,
    restore: () => {
      if (own) host[method] = original;
      else delete host[method];
    },
  };
}

/** The `$set` of an update call's arguments (filter, update, ...), or an empty object. */
export function setOf(args: unknown[]): Record<string, unknown> {
  const update = args[1] as { $set?: Record<string, unknown> } | undefined;
  return update?.$set ?? {};
}

/** The `_id` of a call's filter. */
export function idOf(args: unknown[]): unknown {
  return (args[0] as { _id?: unknown } | undefined)?._id;
}

export async function runResume(app: CheckInApp): Promise<Record<string, number>> {
  return (await app.t.services.scheduler.runJob('check-ins.resume')).counts;
}

/** Day N of the cycle pays N×10 points; 3, 5 and 6 days in a row pay 300, 500 and 600. */
export const makeUpProgram = (makeUpRules: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) => ({
  dayRewards: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, rewards: [{ type: 'points', amount: day * 10 }] })),
  milestones: [3, 5, 6].map((days) => ({ kind: 'streak', days, rewards: [{ type: 'points', amount: days * 100 }] })),
  makeUp: { windowDays: 7, perMonth: 2, costPoints: 0, ...makeUpRules },
  ...fields,
});

/** 10:00 in Shanghai of a day. */
export function on(app: CheckInApp, day: string): void {
  app.t.clock.set(`${day}T10:00:00+08:00`);
}

/** Checks a member in on each of the days, in order. */
export async function checkInOn(app: CheckInApp, member: Member, days: string[]): Promise<void> {
  for (const day of days) {
    on(app, day);
    await checkedIn(app, member);
  }
}
