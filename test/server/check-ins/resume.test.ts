import { expect } from 'chai';
import type { Model } from 'mongoose';
import { outboxMessageModel } from '@laurel/server/modules/outbox/model.js';
import { errorOf } from '../../support/builders.js';
import {
  aMember,
  checkIn,
  checkInOn,
  failNextCall,
  givePoints,
  madeUp,
  makeUp,
  makeUpProgram,
  on,
  recordsOf,
  runResume,
  setOf,
  setProgram,
  startCheckInApp,
  statusOf,
  summaryOf,
  type CheckInApp,
  type InjectedFailure,
  type Member,
} from './support.js';

const GRACE_PASSED_MS = 3 * 60_000;

describe('check-ins: the resume job finishes or undoes what a crash left', () => {
  let app: CheckInApp;
  let model: (name: string) => Model<unknown>;

  before(async () => {
    app = await startCheckInApp({ start: '2026-06-01T10:00:00+08:00' });
    await setProgram(app, makeUpProgram({ costPoints: 5 }));
    model = (name) => {
      const found = app.t.mongo.connection.models[name];
      if (!found) throw new Error(`no model ${name}`);
      return found as Model<unknown>;
    };
  });

  after(async () => {
    await app.t.close();
  });

  /** The process dies in `failures` (all of them must happen) while the request runs: it answers 500, nothing is undone. */
  async function crashing(failures: InjectedFailure[], request: () => Promise<{ status: number }>): Promise<void> {
    try {
      expect((await request()).status).to.equal(500);
      expect(failures.map((f) => f.fired())).to.deep.equal(failures.map(() => true));
    } finally {
      for (const failure of failures) failure.restore();
    }
  }

  /** Undo dies at its first step (marking the make-up as being undone). */
  const undoDies = () => failNextCall(model('CheckIn'), 'findOneAndUpdate', { when: (...args) => setOf(args).undoing === true });

  async function aMemberWithAGap(): Promise<Member> {
    on(app, '2026-06-01');
    const member = await aMember(app);
    await givePoints(app, member, 100);
    await checkInOn(app, member, ['2026-06-01', '2026-06-02', '2026-06-04']);
    return member;
  }

  it('grants a check-in whose grants a crash interrupted, once, after the grace', async () => {
    on(app, '2026-06-01');
    const member = await aMember(app);
    await crashing([failNextCall(app.t.services.ledger, 'earn')], () => checkIn(app, member));
    expect((await recordsOf(app, member))['2026-06-01']!.state).to.equal('pending');
    expect(errorOf((await checkIn(app, member).expect(422)).body).code).to.equal('ALREADY_CHECKED_IN');
    expect((await statusOf(app, member)).checkedInToday).to.equal(true);

    expect(await runResume(app)).to.deep.include({ finished: 0 });
    expect((await summaryOf(app, member)).available, 'left to its request during the grace').to.equal(0);

    app.t.clock.advance(GRACE_PASSED_MS);
    expect(await runResume(app)).to.deep.include({ finished: 1 });
    expect((await summaryOf(app, member)).available).to.equal(10);
    expect((await recordsOf(app, member))['2026-06-01']!.state).to.equal('recorded');
    expect(await runResume(app)).to.deep.include({ finished: 0, undone: 0 });
    expect((await summaryOf(app, member)).available).to.equal(10);

    await app.t.services.outbox.relay();
    const messages = await outboxMessageModel(app.t.mongo.connection).find({ memberId: member.id, type: 'checkin.recorded' }).lean();
    expect(messages).to.have.length(1);
  });

  it('lets a retry after the grace finish paying a check-in a crash left unsettled, still answering ALREADY_CHECKED_IN', async () => {
    on(app, '2026-06-01');
    const member = await aMember(app);
    await crashing([failNextCall(app.t.services.ledger, 'earn')], () => checkIn(app, member));
    app.t.clock.advance(GRACE_PASSED_MS);
    expect(errorOf((await checkIn(app, member).expect(422)).body).code).to.equal('ALREADY_CHECKED_IN');
    expect((await summaryOf(app, member)).available).to.equal(10);
    expect((await recordsOf(app, member))['2026-06-01']!.state).to.equal('recorded');
    expect(errorOf((await checkIn(app, member).expect(422)).body).code).to.equal('ALREADY_CHECKED_IN');
    expect(await runResume(app)).to.deep.include({ finished: 0 });
    expect((await summaryOf(app, member)).available).to.equal(10);
  });

  it('undoes a make-up that a crash stopped before it paid: the cost comes back, the make-up is not used', async () => {
    const member = await aMemberWithAGap();
    await crashing([failNextCall(app.t.services.ledger, 'spend', { at: 'after' }), undoDies()], () => makeUp(app, member, '2026-06-03'));
    expect((await summaryOf(app, member)).available, 'the cost was spent').to.equal(135);
    expect((await statusOf(app, member)).makeUpsLeft).to.equal(1);

    app.t.clock.advance(GRACE_PASSED_MS);
    expect(await runResume(app)).to.deep.include({ undone: 1, finished: 0 });
    expect((await summaryOf(app, member)).available).to.equal(140);
    const status = await statusOf(app, member);
    expect(status).to.deep.include({ makeUpsLeft: 2, streak: 1 });
    expect(status.makeUpDays).to.include('2026-06-03');
    expect((await recordsOf(app, member))['2026-06-03']!.state).to.equal('cancelled');
    expect(await runResume(app)).to.deep.include({ undone: 0 });

    const again = await madeUp(app, member, '2026-06-03');
    expect(again.checkIn.streak).to.equal(3);
    expect((await summaryOf(app, member)).available).to.equal(140 + 330 - 5);
  });

  it('finishes a make-up that a crash stopped while it paid: every reward once, the make-up used once', async () => {
    const member = await aMemberWithAGap();
    await crashing([failNextCall(app.t.services.ledger, 'earn', { at: 'after' }), undoDies()], () => makeUp(app, member, '2026-06-03'));
    expect((await summaryOf(app, member)).available, 'the cost and the day reward').to.equal(140 - 5 + 30);

    app.t.clock.advance(GRACE_PASSED_MS);
    expect(await runResume(app)).to.deep.include({ finished: 1, undone: 0 });
    expect((await summaryOf(app, member)).available).to.equal(140 - 5 + 330);
    const status = await statusOf(app, member);
    expect(status).to.deep.include({ makeUpsLeft: 1, streak: 4, monthTotal: 4 });
    const records = await recordsOf(app, member);
    expect(records['2026-06-03']).to.deep.include({ state: 'recorded', kind: 'make_up', streak: 3 });
    expect(records['2026-06-04']!.streak).to.equal(4);
    expect(await runResume(app)).to.deep.include({ finished: 0 });
    expect((await summaryOf(app, member)).available).to.equal(465);
  });
});
