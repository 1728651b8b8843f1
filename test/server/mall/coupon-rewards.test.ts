import { ApiScope, type CouponTemplateView, type CouponView, type RedemptionView } from '@laurel/shared';
import type { IssueStep } from '@laurel/server/modules/coupons/issuer.js';
import { expect } from 'chai';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import {
  aMemberWith,
  aReward,
  expectLedgerClean,
  GRACE_MS,
  memberAuth,
  redeemed,
  redeemRequest,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

describe('mall: coupon rewards issue coupons of their template', function () {
  this.timeout(120_000);
  let app: MallApp;
  let checkoutKey: string;
  /** The coupon issue step where the process dies next (once). */
  let couponCrashAt: IssueStep | null = null;

  before(async () => {
    app = await startMallApp({
      couponFaults: (step) => {
        if (step !== couponCrashAt) return;
        couponCrashAt = null;
        throw new Error(`injected: the process died after the coupon's ${step} step`);
      },
    });
    checkoutKey = await anApiKey(app.t, [ApiScope.CouponsWrite]);
  });
  after(() => app.t.close());
  beforeEach(() => {
    app.faults.revive();
    return setClock(app, START);
  });

  async function aTemplate(fields: Record<string, unknown> = {}): Promise<CouponTemplateView> {
    const res = await app.t.http
      .post('/api/admin/v1/coupon-templates')
      .set(bearer(app.operator.token))
      .send({
        name: `coupon-${Math.random().toString(36).slice(2, 8)}`,
        discount: { type: 'amount', amountOff: 500 },
        minSpend: 1000,
        currency: 'CNY',
        validity: { type: 'relative', days: 30 },
        ...fields,
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as CouponTemplateView;
  }

  async function couponsOf(externalId: string, state?: string): Promise<CouponView[]> {
    const res = await app.t.http
      .get(`/api/v1/me/coupons${state ? `?state=${state}` : ''}`)
      .set(memberAuth(app, externalId))
      .expect(200);
    return (res.body as { items: CouponView[] }).items;
  }

  it('issues one coupon per unit into the member’s coupons, sourced from the redemption', async () => {
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30, stock: 10, revocable: false });
    const member = await aMemberWith(app, 100);

    const redemption = await redeemed(app, member.externalId, reward.id, 2);

    expect(redemption.issued.map((i) => i.kind)).to.deep.equal(['coupon', 'coupon']);
    const coupons = await couponsOf(member.externalId);
    expect(coupons.map((c) => c.id).sort()).to.deep.equal(redemption.issued.map((i) => i.id).sort());
    expect(coupons.every((c) => c.source.type === 'mall' && c.source.id === redemption.id)).to.equal(true);
    expect((await summaryOf(app, member.externalId)).available).to.equal(40);
  });

  it("fails the redemption when the template's own stock is out, giving back points and the reward's stock", async () => {
    const template = await aTemplate({ totalStock: 1 });
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30, stock: 10 });
    const member = await aMemberWith(app, 100);

    const res = await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 2 });

    expect(res.status).to.equal(422);
    expect(errorOf(res.body).code).to.equal('OUT_OF_STOCK');
    expect(await couponsOf(member.externalId, 'issued')).to.deep.equal([]);
    expect((await summaryOf(app, member.externalId)).available).to.equal(100);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(10);
    await expectLedgerClean(app);
  });

  it('undoes the issued coupon when a later step fails', async () => {
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30 });
    const member = await aMemberWith(app, 100);
    app.faults.failOnce('capture');

    expect((await redeemRequest(app, member.externalId, { rewardId: reward.id })).status).to.equal(500);

    expect(await couponsOf(member.externalId, 'issued')).to.deep.equal([]);
    expect((await summaryOf(app, member.externalId)).available).to.equal(100);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(10);
    await expectLedgerClean(app);
  });

  it('issues the coupons once when a crash after issuing is finished by mall.resume', async () => {
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30 });
    const member = await aMemberWith(app, 100);
    app.faults.killAt('issue');

    expect((await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 2 })).status).to.equal(500);
    app.faults.revive();
    app.t.clock.advance(GRACE_MS + 1);
    expect((await app.t.services.scheduler.runJob('mall.resume')).counts).to.deep.include({ completed: 1 });

    const coupons = await couponsOf(member.externalId, 'issued');
    expect(coupons).to.have.length(2);
    const list = await app.t.http.get('/api/v1/me/redemptions').set(memberAuth(app, member.externalId)).expect(200);
    const [redemption] = (list.body as { items: RedemptionView[] }).items;
    expect(redemption!.issued.map((i) => i.id).sort()).to.deep.equal(coupons.map((c) => c.id).sort());
    expect((await summaryOf(app, member.externalId)).available).to.equal(40);
    await expectLedgerClean(app);
  });

  it('leaves a redemption whose coupon issue a crash left in progress to the resume job, instead of failing it on a retry', async () => {
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30 });
    const member = await aMemberWith(app, 100);
    // The process dies with the coupon written (pending, its issue owned by the request for the grace) and no undo run.
    couponCrashAt = 'written';
    app.faults.killAt('unwinding');
    const body = { rewardId: reward.id };
    expect((await redeemRequest(app, member.externalId, body, 'crashed-coupon')).status).to.equal(500);
    app.faults.revive();

    const retry = await redeemRequest(app, member.externalId, body, 'crashed-coupon');
    expect(retry.status, JSON.stringify(retry.body)).to.equal(409);
    expect(errorOf(retry.body).code).to.equal('IDEMPOTENCY_KEY_IN_PROGRESS');
    const [stuck] = (await app.t.http.get('/api/v1/me/redemptions').set(memberAuth(app, member.externalId)).expect(200)).body
      .items as RedemptionView[];
    expect(stuck!.state).to.equal('stock_taken');
    expect((await summaryOf(app, member.externalId)).held).to.equal(30);

    app.t.clock.advance(GRACE_MS + 1);
    expect((await app.t.services.scheduler.runJob('mall.resume')).counts).to.deep.include({ completed: 1 });
    const answered = await redeemRequest(app, member.externalId, body, 'crashed-coupon');
    expect(answered.status, JSON.stringify(answered.body)).to.equal(201);
    expect((answered.body as RedemptionView).id).to.equal(stuck!.id);
    expect(await couponsOf(member.externalId, 'issued')).to.have.length(1);
    expect((await summaryOf(app, member.externalId)).available).to.equal(70);
    await expectLedgerClean(app);
  });

  it('voids an unused coupon on cancel, and refuses NOT_REVOCABLE once the coupon is locked at checkout', async () => {
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 30, revocable: true });
    const member = await aMemberWith(app, 100);
    const unused = await redeemed(app, member.externalId, reward.id);
    const used = await redeemed(app, member.externalId, reward.id);
    const lock = await app.t.http
      .post(`/api/v1/members/${member.externalId}/coupons/${used.issued[0]!.code}/lock`)
      .set(bearer(checkoutKey))
      .send({ orderId: 'order-1', amount: 2000, currency: 'CNY' });
    expect(lock.status, JSON.stringify(lock.body)).to.equal(200);

    const cancelled = await app.t.http.post(`/api/v1/me/redemptions/${unused.id}/cancel`).set(memberAuth(app, member.externalId));
    const refused = await app.t.http.post(`/api/v1/me/redemptions/${used.id}/cancel`).set(memberAuth(app, member.externalId));

    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    expect((cancelled.body as RedemptionView).state).to.equal('cancelled');
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('NOT_REVOCABLE');
    const all = await app.t.http.get(`/api/admin/v1/coupons?memberId=${member.id}`).set(bearer(app.viewer.token)).expect(200);
    const states = new Map((all.body as { items: CouponView[] }).items.map((c) => [c.id, c.state]));
    expect(states.get(unused.issued[0]!.id)).to.equal('voided');
    expect(states.get(used.issued[0]!.id)).to.equal('locked');
    expect((await summaryOf(app, member.externalId)).available).to.equal(70);
    const again = await app.t.http.get(`/api/v1/me/redemptions/${used.id}`).set(memberAuth(app, member.externalId));
    expect((again.body as RedemptionView).state).to.equal('completed');
    await expectLedgerClean(app);
  });

  it('refuses a coupon reward whose template does not exist, and several units of a revocable one', async () => {
    const missing = await app.t.http
      .post('/api/admin/v1/rewards')
      .set(bearer(app.operator.token))
      .send({ name: 'ghost', type: 'coupon', couponTemplateId: '665f0c2a1b2c3d4e5f607180', pointsPrice: 10, stock: 1 });
    expect(missing.status).to.equal(400);
    const template = await aTemplate();
    const reward = await aReward(app, { type: 'coupon', couponTemplateId: template.id, pointsPrice: 10, revocable: true });
    const member = await aMemberWith(app, 100);
    const several = await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 2 });
    expect(several.status).to.equal(400);
  });
});
