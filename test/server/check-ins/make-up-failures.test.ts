import type { CheckInResultView } from '@laurel/shared';
import { expect } from 'chai';
import type { Model } from 'mongoose';
import { errorOf } from '../../support/builders.js';
import {
  aMember,
  checkInOn,
  failNextCall,
  givePoints,
  idOf,
  makeUp,
  makeUpProgram,
  recordsOf,
  setOf,
  setProgram,
  startCheckInApp,
  statusOf,
  summaryOf,
  type CheckInApp,
  type InjectedFailure,
  type Member,
} from './support.js';

describe('check-ins: a make-up that fails at any step is as if it never ran', () => {
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

  /** 100 points given; 06-01, 06-02 and (today) 06-04 checked in: 140 points, 06-03 missed. */
  async function aMemberWithAGap(): Promise<Member> {
    app.t.clock.set('2026-06-01T10:00:00+08:00');
    const member = await aMember(app);
    await givePoints(app, member, 100);
    await checkInOn(app, member, ['2026-06-01', '2026-06-02', '2026-06-04']);
    return member;
  }

  async function expectNeverMadeUp(member: Member): Promise<void> {
    expect((await summaryOf(app, member)).available, 'points').to.equal(140);
    const status = await statusOf(app, member);
    expect(status).to.deep.include({ makeUpsLeft: 2, monthTotal: 3, streak: 1 });
    expect(status.makeUpDays).to.include('2026-06-03');
    const records = await recordsOf(app, member);
    expect(records['2026-06-04']!.streak).to.equal(1);
    expect(records['2026-06-03']?.state ?? 'none').to.be.oneOf(['none', 'cancelled']);
  }

  async function expectMadeUpOnce(member: Member, result: CheckInResultView): Promise<void> {
    expect(result.checkIn).to.deep.include({ date: '2026-06-03', streak: 3, cycleDay: 3, costPoints: 5 });
    // Day 3 (30) and the 3-day streak (300) the merged run reaches; minus the cost.
    expect((await summaryOf(app, member)).available).to.equal(140 + 330 - 5);
    const status = await statusOf(app, member);
    expect(status).to.deep.include({ makeUpsLeft: 1, monthTotal: 4, streak: 4 });
    expect((await recordsOf(app, member))['2026-06-04']!.streak).to.equal(4);
  }

  const steps: { step: string; inject: (member: Member) => InjectedFailure }[] = [
    {
      step: 'claiming the day',
      inject: () => failNextCall(model('CheckIn'), 'create', { when: (doc) => (doc as { kind?: string }).kind === 'make_up' }),
    },
    { step: "taking one of the month's make-ups", inject: () => failNextCall(model('CheckInMakeUpCounter'), 'updateOne', { at: 'after' }) },
    { step: 'spending the cost', inject: () => failNextCall(app.t.services.ledger, 'spend', { at: 'after' }) },
    {
      step: 'merging the streaks (after the next day got its new streak)',
      inject: (member) =>
        failNextCall(model('CheckIn'), 'updateOne', {
          at: 'after',
          when: (...args) => idOf(args) === `${member.id}:2026-06-04` && 'streak' in setOf(args) && !('merged' in setOf(args)),
        }),
    },
    {
      step: 'planning the rewards',
      inject: () =>
        failNextCall(model('CheckIn'), 'findOneAndUpdate', { at: 'after', when: (...args) => setOf(args).stage === 'rewarding' }),
    },
    { step: 'counting the day in its month', inject: () => failNextCall(model('CheckInMonth'), 'findOneAndUpdate', { at: 'after' }) },
    { step: 'granting the rewards (after the first grant)', inject: () => failNextCall(app.t.services.ledger, 'earn', { at: 'after' }) },
    {
      step: 'marking it recorded',
      inject: () => failNextCall(model('CheckIn'), 'findOneAndUpdate', { when: (...args) => setOf(args).state === 'recorded' }),
    },
  ];

  for (const { step, inject } of steps) {
    it(`undoes everything after a failure ${step}, and the day can be made up again once`, async () => {
      const member = await aMemberWithAGap();
      const failure = inject(member);
      try {
        const res = await makeUp(app, member, '2026-06-03');
        expect(failure.fired(), 'the failure happened').to.equal(true);
        expect(res.status).to.equal(500);
        expect(errorOf(res.body).code).to.equal('INTERNAL');
      } finally {
        failure.restore();
      }
      await expectNeverMadeUp(member);

      const retry = await makeUp(app, member, '2026-06-03');
      expect(retry.status, JSON.stringify(retry.body)).to.equal(201);
      await expectMadeUpOnce(member, retry.body as CheckInResultView);
      expect(errorOf((await makeUp(app, member, '2026-06-03').expect(422)).body).code).to.equal('MAKE_UP_NOT_ALLOWED');
      expect((await summaryOf(app, member)).available).to.equal(465);
    });
  }
});
