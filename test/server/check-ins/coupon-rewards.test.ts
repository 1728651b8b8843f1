import type { CheckInResultView, CouponTemplateView, CouponView } from '@laurel/shared';
import { expect } from 'chai';
import type { Model } from 'mongoose';
import { errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import { aTemplate, type CouponsApp } from '../coupons/support.js';
import {
  aMember,
  checkedIn,
  checkInOn,
  failNextCall,
  makeUp,
  on,
  operatorToken,
  setOf,
  setProgram,
  startCheckInApp,
  summaryOf,
  type CheckInApp,
  type Member,
} from './support.js';

describe('check-ins: coupon rewards', () => {
  let app: CheckInApp;

  before(async () => {
    app = await startCheckInApp();
  });

  after(async () => {
    await app.t.close();
  });

  beforeEach(() => {
    app.t.clock.set('2026-06-01T10:00:00+08:00');
  });

  async function aCouponTemplate(fields: Record<string, unknown> = {}): Promise<CouponTemplateView> {
    app.operator.token = await operatorToken(app);
    return aTemplate({ t: app.t, operator: app.operator, viewer: app.operator, checkoutKey: '' } satisfies CouponsApp, fields);
  }

  /** Day 1 pays 10 points and a coupon of the template; the other days 10 points. */
  function couponOnDayOne(templateId: string, extra: Record<string, unknown> = {}) {
    return {
      dayRewards: [1, 2, 3, 4, 5, 6, 7].map((day) => ({
        day,
        rewards: [{ type: 'points', amount: 10 }, ...(day === 1 ? [{ type: 'coupon', templateId, amount: 1 }] : [])],
      })),
      ...extra,
    };
  }

  async function myCoupons(member: Member): Promise<CouponView[]> {
    const res = await app.t.http.get('/api/v1/me/coupons?limit=100').set(member.auth());
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body as { items: CouponView[] }).items;
  }

  it('issues the coupon of a day reward once, from a burst of 50 concurrent check-ins', async () => {
    const template = await aCouponTemplate();
    await setProgram(app, couponOnDayOne(template.id));
    const member = await aMember(app);
    const server = await listening(app.t.app);
    let answers: { status: number; body: unknown }[];
    try {
      answers = await Promise.all(Array.from({ length: 50 }, () => server.api.post('/api/v1/me/check-ins').set(member.auth())));
    } finally {
      await server.close();
    }
    const won = answers.filter((res) => res.status === 201);
    expect(won).to.have.length(1);
    const coupon = (won[0]!.body as CheckInResultView).checkIn.rewards.find((r) => r.type === 'coupon');
    expect(coupon).to.deep.include({ templateId: template.id, amount: 1, reason: 'day' });
    expect(coupon!.couponIds).to.have.length(1);

    const mine = await myCoupons(member);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.deep.include({ id: coupon!.couponIds![0], templateId: template.id, state: 'issued' });
    expect(mine[0]!.source.type).to.equal('check_in');
    expect((await summaryOf(app, member)).available).to.equal(10);
  });

  it('gives a streak milestone coupon on the day the streak reaches it', async () => {
    const template = await aCouponTemplate();
    await setProgram(app, {
      milestones: [{ kind: 'streak', days: 2, rewards: [{ type: 'coupon', templateId: template.id, amount: 2 }] }],
    });
    const member = await aMember(app);
    await checkedIn(app, member);
    expect(await myCoupons(member)).to.have.length(0);
    on(app, '2026-06-02');
    const second = await checkedIn(app, member);
    const milestone = second.checkIn.rewards.find((r) => r.reason === 'streak');
    expect(milestone).to.deep.include({ type: 'coupon', days: 2 });
    expect(await myCoupons(member)).to.have.length(2);
  });

  it('records an out-of-stock coupon as refused and pays the day’s points', async () => {
    const template = await aCouponTemplate({ totalStock: 1 });
    await setProgram(app, couponOnDayOne(template.id));
    const first = await aMember(app);
    await checkedIn(app, first);
    const second = await aMember(app);
    const result = await checkedIn(app, second);
    expect(result.checkIn.rewards.find((r) => r.type === 'coupon')).to.deep.include({ refused: 'OUT_OF_STOCK', couponIds: [] });
    expect(await myCoupons(second)).to.have.length(0);
    expect((await summaryOf(app, second)).available).to.equal(10);
  });

  it('voids the coupon of a make-up that failed after it was issued; the retried make-up issues one', async () => {
    const template = await aCouponTemplate();
    await setProgram(app, {
      ...couponOnDayOne(template.id),
      dayRewards: [1, 2, 3, 4, 5, 6, 7].map((day) => ({
        day,
        rewards: [{ type: 'points', amount: 10 }, ...(day === 3 ? [{ type: 'coupon', templateId: template.id, amount: 1 }] : [])],
      })),
      makeUp: { windowDays: 7, perMonth: 2, costPoints: 0 },
    });
    const member = await aMember(app);
    await checkInOn(app, member, ['2026-06-01', '2026-06-02', '2026-06-04']);
    const records = app.t.mongo.connection.models.CheckIn as Model<unknown>;
    const failure = failNextCall(records, 'findOneAndUpdate', { when: (...args) => setOf(args).state === 'recorded' });
    try {
      const res = await makeUp(app, member, '2026-06-03');
      expect(failure.fired()).to.equal(true);
      expect(errorOf(res.body).code).to.equal('INTERNAL');
    } finally {
      failure.restore();
    }
    const undone = await myCoupons(member);
    expect(undone.map((c) => c.state)).to.deep.equal(['voided']);

    const retry = await makeUp(app, member, '2026-06-03');
    expect(retry.status, JSON.stringify(retry.body)).to.equal(201);
    const states = (await myCoupons(member)).map((c) => c.state).sort();
    expect(states).to.deep.equal(['issued', 'voided']);
  });

  it('refuses a program whose reward names a coupon template or a benefit that does not exist', async () => {
    const res = await app.t.http
      .put('/api/admin/v1/check-in-program')
      .set({ Authorization: `Bearer ${await operatorToken(app)}` })
      .send({
        active: true,
        cycleDays: 7,
        dayRewards: [{ day: 1, rewards: [{ type: 'coupon', templateId: '64b7f0c2a1b2c3d4e5f60718', amount: 1 }] }],
        milestones: [{ kind: 'streak', days: 3, rewards: [{ type: 'benefit', benefitCode: 'no-such-benefit', amount: 1, validDays: 7 }] }],
        afterCycle: 'restart',
        makeUp: { windowDays: 0, perMonth: 0, costPoints: 0 },
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    const fields = (errorOf(res.body).details as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).to.deep.equal(['dayRewards.0.rewards.0.templateId', 'milestones.0.rewards.0.benefitCode']);
  });
});
