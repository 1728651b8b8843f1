import type { CheckInResultView, MemberCheckInsView } from '@laurel/shared';
import { expect } from 'chai';
import { outboxMessageModel } from '@laurel/server/modules/outbox/model.js';
import { bearer, errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import {
  aMember,
  checkedIn,
  checkIn,
  nextDay,
  operatorToken,
  pointsEntriesOf,
  recordsOf,
  setProgram,
  startCheckInApp,
  statusOf,
  summaryOf,
  type CheckInApp,
} from './support.js';

const pointsPaid = (result: CheckInResultView, reason?: string) =>
  result.checkIn.rewards
    .filter((r) => r.type === 'points' && (reason === undefined || r.reason === reason))
    .reduce((t, r) => t + r.amount, 0);

describe('check-ins: daily check-in and streaks', () => {
  let app: CheckInApp;

  before(async () => {
    app = await startCheckInApp();
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(async () => {
    app.t.clock.set('2026-06-01T10:00:00+08:00');
    await setProgram(app);
  });

  it('counts 23:59:59.999 and 00:00 of the business time zone as two days', async () => {
    const member = await aMember(app);
    app.t.clock.set('2026-06-01T23:59:59.999+08:00');
    const late = await checkedIn(app, member);
    expect(late.checkIn).to.deep.include({ date: '2026-06-01', streak: 1, cycleDay: 1 });
    const again = await checkIn(app, member).expect(422);
    expect(errorOf(again.body)).to.deep.include({ code: 'ALREADY_CHECKED_IN' });

    app.t.clock.set('2026-06-02T00:00:00.000+08:00');
    const early = await checkedIn(app, member);
    expect(early.checkIn).to.deep.include({ date: '2026-06-02', streak: 2, cycleDay: 2 });
    expect((await summaryOf(app, member)).available).to.equal(20);
  });

  it('takes one check-in and pays one reward from a burst of 50 concurrent requests', async () => {
    const member = await aMember(app);
    const server = await listening(app.t.app);
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => server.api.post('/api/v1/me/check-ins').set(member.auth())));
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused).to.have.length(49);
      for (const answer of refused) expect(errorOf(answer.body).code).to.equal('ALREADY_CHECKED_IN');
    } finally {
      await server.close();
    }
    expect(Object.keys(await recordsOf(app, member))).to.deep.equal(['2026-06-01']);
    expect(await pointsEntriesOf(app, member)).to.have.length(1);
    expect((await summaryOf(app, member)).available).to.equal(10);
  });

  it('pays the 7-day streak bonus on the 7th consecutive check-in, not the 8th', async () => {
    await setProgram(app, { milestones: [{ kind: 'streak', days: 7, rewards: [{ type: 'points', amount: 100 }] }] });
    const member = await aMember(app);
    const results: CheckInResultView[] = [];
    for (let day = 1; day <= 8; day++) {
      results.push(await checkedIn(app, member));
      nextDay(app);
    }
    expect(results.map((r) => r.checkIn.streak)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.map((r) => pointsPaid(r, 'streak'))).to.deep.equal([0, 0, 0, 0, 0, 0, 100, 0]);
    expect(results[6]!.checkIn.rewards.find((r) => r.reason === 'streak')).to.deep.include({ days: 7, amount: 100 });
    expect(results.map((r) => pointsPaid(r, 'day'))).to.deep.equal([10, 10, 10, 10, 10, 10, 50, 10]);
    expect((await summaryOf(app, member)).available).to.equal(6 * 10 + 50 + 100 + 10);
  });

  it('restarts the streak after a missed day', async () => {
    const member = await aMember(app);
    await checkedIn(app, member);
    nextDay(app);
    await checkedIn(app, member);
    nextDay(app);
    await checkedIn(app, member);
    nextDay(app, 2);
    const afterGap = await checkedIn(app, member);
    expect(afterGap.checkIn).to.deep.include({ date: '2026-06-05', streak: 1, cycleDay: 1 });
    expect(afterGap.status).to.deep.include({ streak: 1, cycleDay: 1, checkedInToday: true });
  });

  it('starts the cycle over with restart, repeats its last day with repeat_last, and never resets the streak', async () => {
    const program = {
      cycleDays: 3,
      dayRewards: [1, 2, 3].map((day) => ({ day, rewards: [{ type: 'points', amount: day * 10 }] })),
      milestones: [{ kind: 'streak', days: 5, rewards: [{ type: 'growth', amount: 7 }] }],
    };
    const run = async (afterCycle: string) => {
      app.t.clock.set('2026-06-01T10:00:00+08:00');
      await setProgram(app, { ...program, afterCycle });
      const member = await aMember(app);
      const results: CheckInResultView[] = [];
      for (let day = 1; day <= 5; day++) {
        results.push(await checkedIn(app, member));
        nextDay(app);
      }
      return results;
    };
    const restart = await run('restart');
    expect(restart.map((r) => r.checkIn.cycleDay)).to.deep.equal([1, 2, 3, 1, 2]);
    expect(restart.map((r) => pointsPaid(r))).to.deep.equal([10, 20, 30, 10, 20]);
    expect(restart.map((r) => r.checkIn.streak)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(restart[4]!.checkIn.rewards.filter((r) => r.reason === 'streak')).to.deep.equal([
      {
        type: 'growth',
        amount: 7,
        reason: 'streak',
        days: 5,
        entryId: restart[4]!.checkIn.rewards.find((r) => r.type === 'growth')!.entryId,
      },
    ]);

    const repeat = await run('repeat_last');
    expect(repeat.map((r) => r.checkIn.cycleDay)).to.deep.equal([1, 2, 3, 3, 3]);
    expect(repeat.map((r) => pointsPaid(r))).to.deep.equal([10, 20, 30, 30, 30]);
    expect(repeat.map((r) => r.checkIn.streak)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(repeat[4]!.checkIn.rewards.some((r) => r.reason === 'streak' && r.days === 5)).to.equal(true);
  });

  it('pays a monthly_total milestone on the check-in that makes the month reach it, and counts each month afresh', async () => {
    await setProgram(app, { milestones: [{ kind: 'monthly_total', days: 3, rewards: [{ type: 'points', amount: 300 }] }] });
    const member = await aMember(app);
    const paidOn: string[] = [];
    for (const day of ['2026-06-27', '2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04']) {
      app.t.clock.set(`${day}T09:00:00+08:00`);
      const result = await checkedIn(app, member);
      if (pointsPaid(result, 'monthly_total') > 0) paidOn.push(result.checkIn.date);
    }
    expect(paidOn).to.deep.equal(['2026-06-30', '2026-07-03']);
    expect((await statusOf(app, member)).monthTotal).to.equal(4);
  });

  it('shows the member the current cycle, the streak, what the next check-in pays and the month so far', async () => {
    await setProgram(app, { milestones: [{ kind: 'streak', days: 3, rewards: [{ type: 'points', amount: 30 }] }] });
    const member = await aMember(app);
    const fresh = await statusOf(app, member);
    expect(fresh).to.deep.include({
      today: '2026-06-01',
      checkedInToday: false,
      streak: 0,
      cycleDay: 1,
      cycleDays: 7,
      monthTotal: 0,
      active: true,
    });
    expect(fresh.days.map((d) => d.date)).to.deep.equal([
      '2026-06-01',
      '2026-06-02',
      '2026-06-03',
      '2026-06-04',
      '2026-06-05',
      '2026-06-06',
      '2026-06-07',
    ]);
    expect(fresh.nextReward).to.deep.equal([{ type: 'points', amount: 10 }]);

    await checkedIn(app, member);
    nextDay(app);
    const open = await statusOf(app, member);
    expect(open).to.deep.include({ today: '2026-06-02', checkedInToday: false, streak: 1, cycleDay: 2, monthTotal: 1 });
    expect(open.days[0]).to.deep.include({ date: '2026-06-01', cycleDay: 1, checkedIn: true, kind: 'regular' });
    expect(open.days[1]).to.deep.include({ date: '2026-06-02', cycleDay: 2, checkedIn: false, kind: null });

    await checkedIn(app, member);
    const done = await statusOf(app, member);
    expect(done).to.deep.include({ checkedInToday: true, streak: 2, cycleDay: 2, monthTotal: 2 });
    expect(done.nextReward, 'day 3 and the 3-day streak').to.deep.equal([{ type: 'points', amount: 40 }]);
    expect(done.days.filter((d) => d.checkedIn).map((d) => d.date)).to.deep.equal(['2026-06-01', '2026-06-02']);
  });

  it('lets support see a member’s status and one month of check-ins; an unknown member is 404', async () => {
    const member = await aMember(app);
    app.t.clock.set('2026-05-31T10:00:00+08:00');
    await checkedIn(app, member);
    nextDay(app);
    await checkedIn(app, member);
    const path = `/api/admin/v1/members/${member.id}/check-ins`;
    const token = await operatorToken(app);
    const june = (await app.t.http.get(path).set(bearer(token)).expect(200)).body as MemberCheckInsView;
    expect(june.month).to.equal('2026-06');
    expect(june.checkIns.map((c) => [c.date, c.streak])).to.deep.equal([['2026-06-01', 2]]);
    expect(june.status).to.deep.include({ checkedInToday: true, streak: 2 });
    const may = (await app.t.http.get(`${path}?month=2026-05`).set(bearer(token)).expect(200)).body as MemberCheckInsView;
    expect(may.checkIns.map((c) => c.date)).to.deep.equal(['2026-05-31']);

    const bad = await app.t.http.get(`${path}?month=2026-13`).set(bearer(token)).expect(400);
    expect(errorOf(bad.body).code).to.equal('VALIDATION_FAILED');
    const unknown = await app.t.http.get('/api/admin/v1/members/5f0000000000000000000000/check-ins').set(bearer(token)).expect(404);
    expect(errorOf(unknown.body).code).to.equal('NOT_FOUND');
  });

  it('publishes checkin.recorded once per check-in, however often the relay runs', async () => {
    const member = await aMember(app);
    await checkedIn(app, member);
    nextDay(app);
    await checkedIn(app, member);
    await app.t.services.outbox.relay();
    await app.t.services.outbox.relay();
    const messages = await outboxMessageModel(app.t.mongo.connection)
      .find({ memberId: member.id, type: 'checkin.recorded' })
      .sort({ _id: 1 })
      .lean();
    expect(messages.map((m) => m._id)).to.deep.equal([
      `checkin.recorded:${member.id}:2026-06-01`,
      `checkin.recorded:${member.id}:2026-06-02`,
    ]);
    expect(messages[1]!.data).to.deep.include({ memberId: member.id, date: '2026-06-02', kind: 'regular', streak: 2, cycleDay: 2 });
    expect((messages[1]!.data.rewards as { amount: number; reason: string }[]).map((r) => [r.reason, r.amount])).to.deep.equal([
      ['day', 10],
    ]);
  });
});

describe('check-ins: a 04:00 day start in America/New_York across a daylight-saving change', () => {
  let app: CheckInApp;

  before(async () => {
    app = await startCheckInApp({ zone: 'America/New_York', start: '2027-03-12T10:00:00-05:00' });
    await setProgram(app, { dayStart: '04:00' });
  });

  after(async () => {
    await app.t.close();
  });

  it('keeps each day from 04:00 to 04:00 local on both sides of the change', async () => {
    const member = await aMember(app);
    const dayOf = async (at: string) => {
      app.t.clock.set(at);
      const res = await checkIn(app, member);
      return res.status === 201 ? (res.body as CheckInResultView).checkIn.date : errorOf(res.body).code;
    };
    expect(await dayOf('2027-03-12T10:00:00-05:00')).to.equal('2027-03-12');
    expect(await dayOf('2027-03-13T03:59:59.999-05:00')).to.equal('ALREADY_CHECKED_IN');
    expect(await dayOf('2027-03-13T04:00:00.000-05:00')).to.equal('2027-03-13');
    // Clocks spring forward at 02:00 on 2027-03-14: that day is 23 hours long, still 04:00 to 04:00.
    expect(await dayOf('2027-03-14T03:59:59.999-04:00')).to.equal('ALREADY_CHECKED_IN');
    expect(await dayOf('2027-03-14T04:00:00.000-04:00')).to.equal('2027-03-14');
    expect((await statusOf(app, member)).streak).to.equal(3);
  });
});
