import { ApiScope, type CouponView, type GrantedRewardView, type TaskClaimView } from '@laurel/shared';
import { expect } from 'chai';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import { aTemplate, anOrder, type CouponsApp } from '../coupons/support.js';
import { aMember } from '../events/support.js';
import { failNextCall } from '../check-ins/support.js';
import {
  aRefundOf,
  aTask,
  anOrderAt,
  balanceOf,
  claimRequest,
  claimed,
  memberToken,
  myTask,
  pauseAllTasks,
  send,
  setClock,
  startTasksApp,
  type TasksApp,
} from './support.js';

const AT = '2026-06-01T01:00:00.000Z';

describe('tasks: coupon and benefit rewards', function () {
  this.timeout(180_000);
  let app: TasksApp;
  let coupons: CouponsApp;

  before(async () => {
    app = await startTasksApp({ env: { RATE_LIMIT_IP_MAX: '1000000' } });
    coupons = { ...app, checkoutKey: await anApiKey(app.t, [ApiScope.CouponsWrite]) };
  });
  after(() => app.t.close());
  beforeEach(async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    await pauseAllTasks(app);
  });

  const aCouponTemplate = (fields: Record<string, unknown> = {}) => aTemplate(coupons, fields);

  async function myCoupons(externalId: string): Promise<CouponView[]> {
    const res = await app.t.http.get('/api/v1/me/coupons?limit=100').set(bearer(memberToken(app, externalId)));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body as { items: CouponView[] }).items;
  }

  function couponReward(rewards: readonly GrantedRewardView[]): GrantedRewardView {
    const found = rewards.find((r) => r.type === 'coupon');
    expect(found, JSON.stringify(rewards)).to.not.equal(undefined);
    return found!;
  }

  it('gives the points and the coupons of one claim exactly once under 50 concurrent claims', async () => {
    const template = await aCouponTemplate();
    const task = await aTask(app, {
      claimMode: 'manual',
      rewards: [
        { type: 'points', amount: 5 },
        { type: 'coupon', templateId: template.id, amount: 2 },
      ],
    });
    expect(task.rewards).to.deep.equal([
      { type: 'points', amount: 5 },
      { type: 'coupon', templateId: template.id, amount: 2 },
    ]);
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const token = memberToken(app, member);

    const server = await listening(app.t.app);
    let answers: { status: number; body: unknown }[];
    try {
      answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          server.api.post(`/api/v1/me/tasks/${task.id}/claim`).set(bearer(token)).set('Idempotency-Key', `claim-${i}`).send({}),
        ),
      );
    } finally {
      await server.close();
    }

    const won = answers.filter((res) => res.status === 200);
    expect(won).to.have.length(1);
    expect(new Set(answers.filter((res) => res.status !== 200).map((res) => errorOf(res.body).code))).to.deep.equal(
      new Set(['ALREADY_CLAIMED']),
    );
    const claim = won[0]!.body as TaskClaimView;
    const given = couponReward(claim.rewards);
    expect(given.couponIds).to.have.length(2);
    expect(given.refused).to.equal(undefined);

    const mine = await myCoupons(member);
    expect(mine.map((c) => c.id).sort()).to.deep.equal([...given.couponIds!].sort());
    for (const c of mine) expect(c).to.deep.include({ templateId: template.id, state: 'issued', source: { type: 'task', id: task.id } });
    expect(await balanceOf(app, member)).to.deep.equal({ points: 5, growth: 0 });
  });

  it('claws back on refund: voids the unused coupon, leaves the redeemed one with the member and reports it', async () => {
    const template = await aCouponTemplate();
    const task = await aTask(app, {
      rewards: [
        { type: 'points', amount: 20 },
        { type: 'coupon', templateId: template.id, amount: 2 },
      ],
    });
    const member = aMember();
    const order = anOrderAt(member, 1_000, AT);
    await send(app, order);
    const issued = await myCoupons(member);
    expect(issued).to.have.length(2);
    const [used, unused] = issued;
    await app.t.http
      .post(`/api/v1/members/${member}/coupons/${used!.code}/redeem`)
      .set(bearer(coupons.checkoutKey))
      .send(anOrder(2_000))
      .expect(200);

    await send(app, aRefundOf(order, 1_000));

    const after = new Map((await myCoupons(member)).map((c) => [c.id, c.state]));
    expect(after.get(used!.id)).to.equal('redeemed');
    expect(after.get(unused!.id)).to.equal('voided');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 0, growth: 0 });
    const milestone = (await myTask(app, member, task.id)).milestones[0]!;
    expect(milestone.state).to.equal('revoked');
    expect(couponReward(milestone.rewards).kept).to.deep.equal([used!.id]);
  });

  it('records a coupon the template cannot give as refused, gives what it could and the points all the same, once', async () => {
    const template = await aCouponTemplate({ totalStock: 1 });
    const task = await aTask(app, {
      claimMode: 'manual',
      rewards: [
        { type: 'points', amount: 30 },
        { type: 'coupon', templateId: template.id, amount: 2 },
      ],
    });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));

    const claim = await claimed(app, member, task.id);
    const given = couponReward(claim.rewards);
    expect(given.refused).to.equal('OUT_OF_STOCK');
    expect(given.couponIds).to.have.length(1);
    expect(claim.rewards.find((r) => r.type === 'points')!.entryId).to.be.a('string');
    expect(await balanceOf(app, member)).to.deep.equal({ points: 30, growth: 0 });
    expect(await myCoupons(member)).to.have.length(1);

    // Nothing is left for the resume job: the refusal is the recorded outcome, not work to retry.
    await setClock(app, '2026-06-01T03:00:00.000Z');
    const run = await app.t.services.scheduler.runJob('tasks.resume');
    expect(run.counts.granted ?? 0, JSON.stringify(run.counts)).to.equal(0);
    expect(await myCoupons(member)).to.have.length(1);
    const view = await myTask(app, member, task.id);
    expect(view.state).to.equal('claimed');
    expect(couponReward(view.milestones[0]!.rewards)).to.deep.include({ refused: 'OUT_OF_STOCK' });
  });

  it('finishes a claim that died right after its first coupon: tasks.resume issues the rest, each coupon and the points once', async () => {
    const template = await aCouponTemplate();
    const task = await aTask(app, {
      claimMode: 'manual',
      rewards: [
        { type: 'points', amount: 8 },
        { type: 'coupon', templateId: template.id, amount: 2 },
      ],
    });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));
    const failure = failNextCall(app.t.services.coupons, 'issue', { at: 'after' });
    try {
      const res = await claimRequest(app, member, task.id);
      expect(failure.fired()).to.equal(true);
      expect(res.status).to.equal(500);
    } finally {
      failure.restore();
    }
    expect(await myCoupons(member)).to.have.length(1);

    await setClock(app, '2026-06-01T02:05:00.000Z');
    await app.t.services.scheduler.runJob('tasks.resume');
    await app.t.services.scheduler.runJob('tasks.resume');

    const given = couponReward((await myTask(app, member, task.id)).milestones[0]!.rewards);
    const mine = await myCoupons(member);
    expect(mine.map((c) => c.id).sort()).to.deep.equal([...given.couponIds!].sort());
    expect(mine).to.have.length(2);
    expect(await balanceOf(app, member)).to.deep.equal({ points: 8, growth: 0 });
  });

  it('grants a benefit reward as a member-level grant of its uses', async () => {
    const code = `b-${Date.now().toString(36)}`;
    await app.t.http
      .post('/api/admin/v1/benefits')
      .set(bearer(app.operator.token))
      .send({ code, type: 'free_shipping', name: 'Free shipping' })
      .expect(201);
    const task = await aTask(app, { rewards: [{ type: 'benefit', benefitCode: code, amount: 3, validDays: 30 }] });
    const member = aMember();
    await send(app, anOrderAt(member, 100, AT));

    const reward = (await myTask(app, member, task.id)).milestones[0]!.rewards[0]!;
    expect(reward).to.deep.include({ type: 'benefit', benefitCode: code, amount: 3, validDays: 30 });
    expect(reward.benefitGrantId).to.be.a('string');
    const res = await app.t.http
      .get('/api/v1/me/benefits')
      .set(bearer(memberToken(app, member)))
      .expect(200);
    const entitlement = (res.body as { items: { benefitCode: string; remaining?: number | null }[] }).items.find(
      (e) => e.benefitCode === code,
    );
    expect(entitlement, JSON.stringify(res.body)).to.not.equal(undefined);
  });

  it('revokes an unused benefit grant on clawback', async () => {
    const code = `c-${Date.now().toString(36)}`;
    await app.t.http
      .post('/api/admin/v1/benefits')
      .set(bearer(app.operator.token))
      .send({ code, type: 'free_shipping', name: 'Free shipping' })
      .expect(201);
    const task = await aTask(app, { rewards: [{ type: 'benefit', benefitCode: code, amount: 2, validDays: 7 }] });
    const member = aMember();
    const order = anOrderAt(member, 1_000, AT);
    await send(app, order);
    const hasEntitlement = async () => {
      const res = await app.t.http
        .get('/api/v1/me/benefits')
        .set(bearer(memberToken(app, member)))
        .expect(200);
      return (res.body as { items: { benefitCode: string }[] }).items.some((e) => e.benefitCode === code);
    };
    expect(await hasEntitlement()).to.equal(true);

    await send(app, aRefundOf(order, 1_000));

    expect(await hasEntitlement()).to.equal(false);
    const milestone = (await myTask(app, member, task.id)).milestones[0]!;
    expect(milestone.state).to.equal('revoked');
    expect(milestone.rewards[0]!.kept).to.equal(undefined);
  });

  describe('refuses bad reward shapes with field errors', () => {
    const fieldsOf = (body: unknown) => (errorOf(body).details as { fields: { field: string; reasons: string[] }[] }).fields;
    async function refused(rewards: unknown[]): Promise<{ field: string; reasons: string[] }[]> {
      const res = await app.t.http
        .post('/api/admin/v1/tasks')
        .set(bearer(app.operator.token))
        .send({ name: 'bad', kind: 'daily', trigger: { eventType: 'order.paid', measure: 'count' }, target: 1, rewards });
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
      return fieldsOf(res.body);
    }

    it('a coupon without its template, a points reward with one, too many coupons, a benefit without its days', async () => {
      const fields = await refused([
        { type: 'coupon', amount: 1 },
        { type: 'points', amount: 5, templateId: '64b7f0c2a1b2c3d4e5f60718' },
        { type: 'coupon', templateId: '64b7f0c2a1b2c3d4e5f60719', amount: 11 },
        { type: 'benefit', benefitCode: 'shipping', amount: 1 },
        { type: 'growth', amount: 1, benefitCode: 'shipping' },
      ]);
      const names = fields.map((f) => f.field);
      expect(names).to.include.members([
        'rewards.0.templateId',
        'rewards.1.templateId',
        'rewards.2.amount',
        'rewards.3.validDays',
        'rewards.4.benefitCode',
      ]);
      expect(fields.find((f) => f.field === 'rewards.1.templateId')!.reasons.join()).to.contain('only for coupon rewards');
    });

    it('a coupon template or a benefit that does not exist, and one template twice', async () => {
      const fields = await refused([
        { type: 'coupon', templateId: '64b7f0c2a1b2c3d4e5f60718', amount: 1 },
        { type: 'benefit', benefitCode: 'no-such-benefit', amount: 1, validDays: 7 },
      ]);
      expect(fields.map((f) => f.field)).to.deep.equal(['rewards.0.templateId', 'rewards.1.benefitCode']);
      expect(fields[1]!.reasons).to.deep.equal(['no active benefit no-such-benefit']);

      const template = await aCouponTemplate();
      const twice = await refused([
        { type: 'coupon', templateId: template.id, amount: 1 },
        { type: 'coupon', templateId: template.id, amount: 2 },
      ]);
      expect(twice.map((f) => f.field)).to.deep.equal(['rewards']);
    });
  });
});
