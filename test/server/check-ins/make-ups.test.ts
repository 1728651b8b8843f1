import type { CheckInResultView } from '@laurel/shared';
import { expect } from 'chai';
import { errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import {
  aMember,
  checkedIn,
  checkInOn,
  givePoints,
  madeUp,
  makeUp,
  makeUpProgram,
  on,
  pointsEntriesOf,
  recordsOf,
  setProgram,
  startCheckInApp,
  statusOf,
  summaryOf,
  type CheckInApp,
} from './support.js';

const paid = (result: CheckInResultView) =>
  result.checkIn.rewards.filter((r) => r.reason !== 'make_up_cost').map((r) => [r.reason, r.days ?? null, r.amount]);

describe('check-ins: make-up check-ins (补签)', () => {
  let app: CheckInApp;

  before(async () => {
    app = await startCheckInApp({ start: '2026-06-01T10:00:00+08:00' });
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(async () => {
    on(app, '2026-06-01');
    await setProgram(app, makeUpProgram());
  });

  it('merges two runs and pays only what the made-up day adds, once', async () => {
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01', '2026-06-02', '2026-06-04', '2026-06-05', '2026-06-06']);
    // 10 + 20, then 10 + 20 + 30 and the 3-day streak (300).
    expect((await summaryOf(app, member)).available).to.equal(390);

    const result = await madeUp(app, member, '2026-06-03');
    expect(result.checkIn).to.deep.include({ date: '2026-06-03', kind: 'make_up', streak: 3, cycleDay: 3, costPoints: 0 });
    // Day 3 of the merged streak; 5 and 6 days are new, 3 days both runs had reached already.
    expect(paid(result)).to.deep.equal([
      ['day', null, 30],
      ['streak', 5, 500],
      ['streak', 6, 600],
    ]);
    expect((await summaryOf(app, member)).available).to.equal(390 + 1130);
    const records = await recordsOf(app, member);
    expect(
      ['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06'].map((d) => records[d]!.streak),
    ).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(result.status).to.deep.include({ streak: 6, checkedInToday: true, makeUpsLeft: 1 });
    expect(result.status.makeUpDays).to.deep.equal([]);

    const again = await makeUp(app, member, '2026-06-03').expect(422);
    expect(errorOf(again.body).code).to.equal('MAKE_UP_NOT_ALLOWED');
    expect((await summaryOf(app, member)).available).to.equal(1520);
    expect((await statusOf(app, member)).makeUpsLeft).to.equal(1);

    on(app, '2026-06-07');
    const next = await checkedIn(app, member);
    expect(next.checkIn).to.deep.include({ streak: 7, cycleDay: 7 });
    expect(paid(next)).to.deep.equal([['day', null, 70]]);
  });

  it('pays a monthly_total milestone the made-up day makes the month reach, once', async () => {
    await setProgram(
      app,
      makeUpProgram({}, { milestones: [{ kind: 'monthly_total', days: 3, rewards: [{ type: 'growth', amount: 9 }] }] }),
    );
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01', '2026-06-04']);
    const result = await madeUp(app, member, '2026-06-02');
    expect(paid(result)).to.deep.equal([
      ['day', null, 20],
      ['monthly_total', 3, 9],
    ]);
    expect(result.status.monthTotal).to.equal(3);
    const later = await madeUp(app, member, '2026-06-03');
    expect(paid(later), 'the 4th day of the month').to.deep.equal([['day', null, 30]]);
    expect((await summaryOf(app, member)).growth).to.equal(9);
  });

  it('pays only the milestones when the program does not pay made-up days their day reward', async () => {
    await setProgram(app, makeUpProgram({ payDayReward: false }));
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01', '2026-06-03']);
    const result = await madeUp(app, member, '2026-06-02');
    expect(paid(result)).to.deep.equal([['streak', 3, 300]]);
    expect((await summaryOf(app, member)).available).to.equal(10 + 10 + 300);
  });

  it('makes up a day once from a burst of 50 concurrent make-ups of it', async () => {
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01']);
    on(app, '2026-06-03');
    const server = await listening(app.t.app);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => server.api.post('/api/v1/me/check-ins/make-up').set(member.auth()).send({ date: '2026-06-02' })),
      );
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused).to.have.length(49);
      for (const answer of refused) expect(errorOf(answer.body).code).to.equal('MAKE_UP_NOT_ALLOWED');
    } finally {
      await server.close();
    }
    expect((await summaryOf(app, member)).available).to.equal(10 + 20);
    expect((await statusOf(app, member)).makeUpsLeft).to.equal(1);
    expect(await pointsEntriesOf(app, member)).to.have.length(2);
  });

  it('refuses days outside the window, checked days, today, the future, days before the program and make-ups turned off', async () => {
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-08']);
    on(app, '2026-06-09');
    const refusal = async (date: string) => {
      const res = await makeUp(app, member, date).expect(422);
      const error = errorOf(res.body);
      expect(error.code, date).to.equal('MAKE_UP_NOT_ALLOWED');
      return error.details.reason;
    };
    expect(await refusal('2026-06-01')).to.equal('only the last 7 days may be made up');
    expect(await refusal('2026-06-08')).to.equal('the day is checked in');
    expect(await refusal('2026-06-09')).to.equal('today is checked in, not made up');
    expect(await refusal('2026-06-10')).to.equal('the day is in the future');
    expect(errorOf((await makeUp(app, member, '2026-02-30').expect(400)).body).code).to.equal('VALIDATION_FAILED');

    on(app, '2026-06-03');
    expect(await refusal('2026-05-31')).to.equal('the day is before the program began');

    await setProgram(app, makeUpProgram({ windowDays: 0, perMonth: 0 }));
    expect(await refusal('2026-06-02')).to.equal('make-ups are off');
    await setProgram(app, makeUpProgram({}, { active: false }));
    expect(errorOf((await makeUp(app, member, '2026-06-02').expect(422)).body).code).to.equal('CHECK_IN_CLOSED');

    expect((await summaryOf(app, member)).available).to.equal(10);
    expect(Object.keys(await recordsOf(app, member))).to.deep.equal(['2026-06-08']);
  });

  it('allows perMonth make-ups in the month they are made, then MAKE_UP_LIMIT_REACHED', async () => {
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-24']);
    on(app, '2026-06-30');
    await madeUp(app, member, '2026-06-25');
    await madeUp(app, member, '2026-06-26');
    const limit = await makeUp(app, member, '2026-06-27').expect(422);
    expect(errorOf(limit.body)).to.deep.include({ code: 'MAKE_UP_LIMIT_REACHED' });
    const june = await statusOf(app, member);
    expect(june).to.deep.include({ makeUpsLeft: 0, monthTotal: 3 });
    expect(june.makeUpDays).to.deep.equal([]);
    const records = await recordsOf(app, member);
    expect(['2026-06-24', '2026-06-25', '2026-06-26', '2026-06-27'].map((d) => records[d]!.state)).to.deep.equal([
      'recorded',
      'recorded',
      'recorded',
      'cancelled',
    ]);

    // A make-up counts in the month it is made: in July the refused June day can be made up.
    on(app, '2026-07-01');
    expect((await statusOf(app, member)).makeUpDays).to.include('2026-06-27');
    const july = await madeUp(app, member, '2026-06-27');
    expect(july.checkIn).to.deep.include({ streak: 4 });
    expect(july.status.makeUpsLeft).to.equal(1);
  });

  it('spends the cost through the ledger and shows it on the make-up', async () => {
    await setProgram(app, makeUpProgram({ costPoints: 5 }));
    const member = await aMember(app);
    await givePoints(app, member, 100);
    await checkInOn(app, member, ['2026-06-01']);
    on(app, '2026-06-03');
    const before = await statusOf(app, member);
    expect(before).to.deep.include({ makeUpCostPoints: 5, makeUpsLeft: 2 });
    expect(before.makeUpDays, 'not before the program began').to.deep.equal(['2026-06-02']);

    const result = await madeUp(app, member, '2026-06-02');
    expect(result.checkIn.costPoints).to.equal(5);
    const cost = result.checkIn.rewards.find((r) => r.reason === 'make_up_cost');
    expect(cost).to.deep.include({ type: 'points', amount: 5 });
    expect(cost!.entryId).to.be.a('string');
    expect((await summaryOf(app, member)).available).to.equal(100 + 10 + 20 - 5);
    expect((await pointsEntriesOf(app, member)).map((e) => [e.kind, e.delta])).to.deep.equal([
      ['adjust', 100],
      ['earn', 10],
      ['spend', -5],
      ['earn', 20],
    ]);
  });

  it('answers INSUFFICIENT_POINTS and changes nothing when the member cannot pay; the day can be made up later', async () => {
    await setProgram(app, makeUpProgram({ costPoints: 50 }));
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01']);
    on(app, '2026-06-03');
    const refused = await makeUp(app, member, '2026-06-02').expect(422);
    expect(errorOf(refused.body).code).to.equal('INSUFFICIENT_POINTS');
    expect((await summaryOf(app, member)).available).to.equal(10);
    const status = await statusOf(app, member);
    expect(status).to.deep.include({ makeUpsLeft: 2, streak: 0, monthTotal: 1 });
    expect(status.makeUpDays).to.deep.equal(['2026-06-02']);

    await givePoints(app, member, 40);
    const later = await madeUp(app, member, '2026-06-02');
    expect(later.checkIn).to.deep.include({ streak: 2, costPoints: 50 });
    expect((await summaryOf(app, member)).available).to.equal(10 + 40 - 50 + 20);
    expect(later.status.makeUpsLeft).to.equal(1);
  });
});
