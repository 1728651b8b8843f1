import { ApiScope, type CouponUseView, type CouponView } from '@laurel/shared';
import { expect } from 'chai';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import {
  aMember,
  anOrder,
  aTemplate,
  burst,
  checkout,
  issued,
  myCoupons,
  setClock,
  startCouponsApp,
  statuses,
  type CouponsApp,
} from './support.js';

describe('coupons: lock, redeem, release and restore at checkout', function () {
  this.timeout(120_000);
  let app: CouponsApp;

  before(async () => {
    app = await startCouponsApp();
  });
  after(() => app.t.close());
  beforeEach(() => setClock(app, '2026-06-01T02:00:00.000Z'));

  async function aCoupon(fields: Record<string, unknown> = {}) {
    const template = await aTemplate(app, fields);
    const member = await aMember(app);
    return { template, member, coupon: await issued(app, template.id, member) };
  }

  function refusal(res: { status: number; body: unknown }): string {
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    const error = errorOf(res.body);
    expect(error.code).to.equal('COUPON_NOT_USABLE');
    return error.details.reason as string;
  }

  it('lets exactly one of 50 concurrent orders lock a coupon; the others are told it is locked', async () => {
    const { member, coupon } = await aCoupon();
    const answers = await burst(app, 50, (api, i) =>
      checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: `order-${i}` }), api),
    );
    expect(statuses(answers)).to.deep.equal({ 200: 1, 422: 49 });
    for (const res of answers.filter((r) => r.status === 422)) expect(refusal(res)).to.equal('locked');
    const winner = answers.find((r) => r.status === 200)!.body as CouponUseView;
    expect(winner.coupon).to.deep.include({ state: 'locked', orderId: winner.orderId });
    expect(winner.discount).to.equal(500);
  });

  it('lets exactly one of 50 concurrent orders redeem a coupon', async () => {
    const { template, member, coupon } = await aCoupon();
    const answers = await burst(app, 50, (api, i) =>
      checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: `order-${i}` }), api),
    );
    expect(statuses(answers)).to.deep.equal({ 200: 1, 422: 49 });
    for (const res of answers.filter((r) => r.status === 422)) expect(refusal(res)).to.equal('redeemed');
    const [shown] = await myCoupons(app, member);
    expect(shown).to.deep.include({ state: 'redeemed', discountApplied: 500 });
    const counts = (await app.t.services.couponTemplates.get(template.id)).counts;
    expect(counts.redeemed).to.equal(1);
  });

  it('answers a replayed lock or redeem of the same order as the first, and never applies a coupon to a second order', async () => {
    const { member, coupon } = await aCoupon();
    const order = anOrder(3000, { orderId: 'order-a' });
    const first = (await checkout(app, member, coupon.code, 'lock', order).expect(200)).body as CouponUseView;
    const replay = (await checkout(app, member, coupon.code, 'lock', order).expect(200)).body as CouponUseView;
    expect(replay.coupon.lockedUntil).to.equal(first.coupon.lockedUntil);
    expect(refusal(await checkout(app, member, coupon.code, 'redeem', anOrder(3000, { orderId: 'order-b' })))).to.equal('locked');
    const redeemed = (await checkout(app, member, coupon.code, 'redeem', order).expect(200)).body as CouponUseView;
    expect(redeemed).to.deep.include({ orderId: 'order-a', discount: 500 });
    const again = (await checkout(app, member, coupon.code, 'redeem', order).expect(200)).body as CouponUseView;
    expect(again.discount).to.equal(500);
    expect(again.coupon.redeemedAt).to.equal(redeemed.coupon.redeemedAt);
    for (const other of ['order-b', 'order-c', 'order-d', 'order-e']) {
      expect(refusal(await checkout(app, member, coupon.code, 'redeem', anOrder(3000, { orderId: other })))).to.equal('redeemed');
    }
  });

  it('restores once when one refund is reported 50 times at once', async () => {
    const { template, member, coupon } = await aCoupon();
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-a' })).expect(200);
    const answers = await burst(app, 50, (api) => checkout(app, member, coupon.code, 'restore', { orderId: 'order-a' }, api));
    expect(statuses(answers)).to.deep.equal({ 200: 50 });
    for (const res of answers) expect((res.body as CouponView).state).to.equal('restored');
    expect((await app.t.services.couponTemplates.get(template.id)).counts.restored).to.equal(1);
  });

  it('releases a lock only for the locking order; the coupon is then usable by another order', async () => {
    const { member, coupon } = await aCoupon();
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-a' })).expect(200);
    expect(refusal(await checkout(app, member, coupon.code, 'release', { orderId: 'order-b' }))).to.equal('not_this_order');
    const released = (await checkout(app, member, coupon.code, 'release', { orderId: 'order-a' }).expect(200)).body as CouponView;
    expect(released).to.deep.include({ state: 'issued', orderId: null, lockedUntil: null });
    // Releasing again is harmless.
    await checkout(app, member, coupon.code, 'release', { orderId: 'order-a' }).expect(200);
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-b' })).expect(200);
  });

  it('locks for COUPON_LOCK_SECONDS (15 minutes) unless the order names its own time', async () => {
    const { member, coupon } = await aCoupon();
    const now = app.t.clock.now().getTime();
    const locked = (await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-1' })).expect(200)).body as CouponUseView;
    expect(locked.coupon.lockedUntil).to.equal(new Date(now + 900_000).toISOString());
    await checkout(app, member, coupon.code, 'release', { orderId: 'o-1' }).expect(200);
    const custom = (await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-2', lockSeconds: 120 })).expect(200))
      .body as CouponUseView;
    expect(custom.coupon.lockedUntil).to.equal(new Date(now + 120_000).toISOString());
  });

  it('redeems a restored coupon directly, without a lock', async () => {
    const { member, coupon } = await aCoupon();
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-a' })).expect(200);
    await checkout(app, member, coupon.code, 'restore', { orderId: 'order-a' }).expect(200);
    const again = (await checkout(app, member, coupon.code, 'redeem', anOrder(4000, { orderId: 'order-b' })).expect(200))
      .body as CouponUseView;
    expect(again).to.deep.include({ orderId: 'order-b', discount: 500 });
    expect(again.coupon).to.deep.include({ state: 'redeemed', orderId: 'order-b', discountApplied: 500 });
  });

  it('lets another order take a lock whose time ran out', async () => {
    const { member, coupon } = await aCoupon();
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-a', lockSeconds: 60 })).expect(200);
    expect(refusal(await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-b' })))).to.equal('locked');
    app.t.clock.advance(61_000);
    const taken = (await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-b' })).expect(200))
      .body as CouponUseView;
    expect(taken.coupon.orderId).to.equal('order-b');
  });

  it('restores a refunded coupon within its validity, usable again by another order, and idempotently', async () => {
    const { member, coupon } = await aCoupon();
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-a' })).expect(200);
    expect(refusal(await checkout(app, member, coupon.code, 'restore', { orderId: 'order-b' }))).to.equal('not_this_order');
    const restored = (await checkout(app, member, coupon.code, 'restore', { orderId: 'order-a' }).expect(200)).body as CouponView;
    expect(restored).to.deep.include({ state: 'restored', orderId: null, discountApplied: null });
    expect(((await checkout(app, member, coupon.code, 'restore', { orderId: 'order-a' }).expect(200)).body as CouponView).state).to.equal(
      'restored',
    );
    // The refunded order cannot use it again; another can, and its refund restores it again.
    expect(refusal(await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-a' })))).to.equal('redeemed');
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-b' })).expect(200);
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-b' })).expect(200);
    await checkout(app, member, coupon.code, 'restore', { orderId: 'order-b' }).expect(200);
    expect((await myCoupons(app, member, 'restored')).map((c) => c.id)).to.deep.equal([coupon.id]);
  });

  it('expires a coupon refunded after its validity: it is never usable again', async () => {
    const { member, coupon } = await aCoupon({ validity: { type: 'relative', days: 1 } });
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-a' })).expect(200);
    // Issued 2026-06-01 10:00 in Shanghai, valid to the end of that day (15:59:59.999Z).
    await setClock(app, '2026-06-01T16:00:00.000Z');
    const restored = (await checkout(app, member, coupon.code, 'restore', { orderId: 'order-a' }).expect(200)).body as CouponView;
    expect(restored.state).to.equal('expired');
    expect(refusal(await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'order-b' })))).to.equal('expired');
    expect(refusal(await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'order-b' })))).to.equal('expired');
  });

  it('refuses orders below the minimum spend or in another currency, and never gives more than the order amount', async () => {
    const { member, coupon } = await aCoupon({ discount: { type: 'amount', amountOff: 5000 }, minSpend: 1000 });
    expect(refusal(await checkout(app, member, coupon.code, 'lock', anOrder(999)))).to.equal('below_minimum_spend');
    expect(refusal(await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { currency: 'USD' })))).to.equal('currency_mismatch');
    const use = (await checkout(app, member, coupon.code, 'lock', anOrder(1200)).expect(200)).body as CouponUseView;
    expect(use).to.deep.include({ discount: 1200, currency: 'CNY' });
  });

  it('takes a percentage off, rounded down, within its cap', async () => {
    const { member, coupon } = await aCoupon({ discount: { type: 'percent', percentOff: 15, maxDiscount: 2000 }, minSpend: 0 });
    const small = (await checkout(app, member, coupon.code, 'lock', anOrder(999, { orderId: 'o-1' })).expect(200)).body as CouponUseView;
    expect(small.discount).to.equal(149);
    await checkout(app, member, coupon.code, 'release', { orderId: 'o-1' }).expect(200);
    const large = (await checkout(app, member, coupon.code, 'redeem', anOrder(100_000, { orderId: 'o-2' })).expect(200))
      .body as CouponUseView;
    expect(large.discount).to.equal(2000);
    const { member: m2, coupon: uncapped } = await aCoupon({ discount: { type: 'percent', percentOff: 100 }, minSpend: 0 });
    const huge = Number.MAX_SAFE_INTEGER;
    const all = (await checkout(app, m2, uncapped.code, 'lock', anOrder(huge)).expect(200)).body as CouponUseView;
    expect(all.discount).to.equal(huge);
  });

  it('is valid from the start of the first day to the end of the last day of a fixed validity, in the business time zone', async () => {
    const { member, coupon } = await aCoupon({ validity: { type: 'fixed', from: '2026-06-03', to: '2026-06-05' } });
    expect(coupon).to.deep.include({ validFrom: '2026-06-02T16:00:00.000Z', validUntil: '2026-06-05T15:59:59.999Z' });
    expect(refusal(await checkout(app, member, coupon.code, 'lock', anOrder()))).to.equal('not_yet_valid');
    await setClock(app, '2026-06-02T16:00:00.000Z');
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-1' })).expect(200);
    await checkout(app, member, coupon.code, 'release', { orderId: 'o-1' }).expect(200);
    await setClock(app, '2026-06-05T15:59:59.999Z');
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-2' })).expect(200);
    await checkout(app, member, coupon.code, 'release', { orderId: 'o-2' }).expect(200);
    await setClock(app, '2026-06-05T16:00:00.000Z');
    expect(refusal(await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-3' })))).to.equal('expired');
    expect((await myCoupons(app, member))[0]!.state).to.equal('expired');
  });

  it('is valid N business days from the day of issue, to the end of the last one', async () => {
    await setClock(app, '2026-06-01T17:30:00.000Z'); // 01:30 on 06-02 in Shanghai
    const { coupon } = await aCoupon({ validity: { type: 'relative', days: 7 } });
    expect(coupon).to.deep.include({ validFrom: '2026-06-01T17:30:00.000Z', validUntil: '2026-06-08T15:59:59.999Z' });
  });

  it("answers 404 for a code that is not the member's, and 403 without the coupons:write scope", async () => {
    const { coupon } = await aCoupon();
    const stranger = await aMember(app);
    const res = await checkout(app, stranger, coupon.code, 'lock', anOrder());
    expect(res.status).to.equal(404);
    expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    expect((await checkout(app, stranger, 'NOSUCHCODE', 'redeem', anOrder())).status).to.equal(404);
    const readOnly = await anApiKey(app.t, [ApiScope.MembersRead]);
    const other = await app.t.http
      .post(`/api/v1/members/${stranger.externalId}/coupons/${coupon.code}/lock`)
      .set(bearer(readOnly))
      .send(anOrder());
    expect(other.status).to.equal(403);
  });

  it('refuses malformed checkout bodies with 400 and the fields named', async () => {
    const { member, coupon } = await aCoupon();
    for (const body of [
      { orderId: 'o', amount: -1, currency: 'CNY' },
      { orderId: 'o', amount: 1.5, currency: 'CNY' },
      { orderId: 'o', amount: '100', currency: 'CNY' },
      { orderId: 'o', amount: 100, currency: 'cny' },
      { orderId: 'has space', amount: 100, currency: 'CNY' },
      { amount: 100, currency: 'CNY' },
      { orderId: 'o', amount: 100, currency: 'CNY', lockSeconds: 5 },
      { orderId: 'o', amount: 100, currency: 'CNY', extra: true },
    ]) {
      const res = await checkout(app, member, coupon.code, 'lock', body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    }
    expect((await myCoupons(app, member))[0]!.state).to.equal('issued');
  });

  it("lists the member's coupons with code, template name, terms, validity and state, filtered by state", async () => {
    const template = await aTemplate(app, { name: 'Summer 5 off' });
    const member = await aMember(app);
    const a = await issued(app, template.id, member);
    const b = await issued(app, template.id, member);
    await checkout(app, member, b.code, 'redeem', anOrder()).expect(200);
    const all = await myCoupons(app, member);
    expect(all.map((c) => c.id)).to.deep.equal([b.id, a.id]);
    expect(all[1]).to.deep.include({
      code: a.code,
      templateName: 'Summer 5 off',
      minSpend: 1000,
      currency: 'CNY',
      state: 'issued',
      discount: { type: 'amount', amountOff: 500, percentOff: null, maxDiscount: null },
    });
    expect((await myCoupons(app, member, 'redeemed')).map((c) => c.id)).to.deep.equal([b.id]);
    const page = await app.t.http.get('/api/v1/me/coupons?limit=1').set(member.auth()).expect(200);
    expect(page.body.items).to.have.length(1);
    expect(page.body.nextCursor).to.be.a('string');
    expect((await app.t.http.get('/api/v1/me/coupons?state=pending').set(member.auth())).status).to.equal(400);
    // The member API names no other member: a memberId is an unknown field.
    const other = await aMember(app);
    expect((await app.t.http.get(`/api/v1/me/coupons?memberId=${member.id}`).set(other.auth())).status).to.equal(400);
    expect(await myCoupons(app, other)).to.deep.equal([]);
  });
});
