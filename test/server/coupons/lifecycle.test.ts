import type { AuditEntryView, CouponUseView, CouponView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
import {
  aMember,
  anOrder,
  aTemplate,
  checkout,
  issued,
  myCoupons,
  runJob,
  setClock,
  startCouponsApp,
  templateOf,
  type CouponsApp,
} from './support.js';

describe('coupons: expiry, lock expiry and voids', function () {
  this.timeout(120_000);
  let app: CouponsApp;

  before(async () => {
    app = await startCouponsApp();
  });
  after(() => app.t.close());
  beforeEach(() => setClock(app, '2026-06-01T02:00:00.000Z'));

  async function auditOf(couponId: string): Promise<AuditEntryView[]> {
    const res = await app.t.http
      .get(`/api/admin/v1/audit?targetType=coupon&targetId=${couponId}`)
      .set(bearer(app.viewer.token))
      .expect(200);
    return (res.body as { items: AuditEntryView[] }).items;
  }

  async function storedStateOf(couponId: string): Promise<string> {
    const { Types } = await import('mongoose');
    const doc = await app.t.mongo.connection.collection('coupons').findOne({ _id: new Types.ObjectId(couponId) });
    return doc?.state as string;
  }

  it('expires issued and restored coupons past their validity, once, and leaves valid ones', async () => {
    const short = await aTemplate(app, { validity: { type: 'relative', days: 1 } });
    const long = await aTemplate(app, { validity: { type: 'relative', days: 10 } });
    const member = await aMember(app);
    const a = await issued(app, short.id, member);
    const b = await issued(app, short.id, member);
    const keep = await issued(app, long.id, member);
    await checkout(app, member, b.code, 'redeem', anOrder(2000, { orderId: 'o-b' })).expect(200);
    await checkout(app, member, b.code, 'restore', { orderId: 'o-b' }).expect(200);
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ expired: 0 });

    await setClock(app, '2026-06-01T16:00:00.000Z');
    // Shown expired (and listed so) before the job has written it.
    expect((await myCoupons(app, member, 'expired')).map((c) => c.id).sort()).to.deep.equal([a.id, b.id].sort());
    expect((await myCoupons(app, member, 'issued')).map((c) => c.id)).to.deep.equal([keep.id]);
    expect(await myCoupons(app, member, 'restored')).to.deep.equal([]);
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ expired: 2 });
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ expired: 0 });
    expect(await storedStateOf(a.id)).to.equal('expired');
    expect(await storedStateOf(b.id)).to.equal('expired');
    expect(await storedStateOf(keep.id)).to.equal('issued');
    expect((await templateOf(app, short.id)).counts.expired).to.equal(2);
    expect((await myCoupons(app, member, 'expired')).map((c) => c.id).sort()).to.deep.equal([a.id, b.id].sort());
  });

  it('returns a lock past its time to issued, or to expired when the validity is over too', async () => {
    const template = await aTemplate(app, { validity: { type: 'relative', days: 1 } });
    const member = await aMember(app);
    const a = await issued(app, template.id, member);
    const b = await issued(app, template.id, member);
    await checkout(app, member, a.code, 'lock', anOrder(2000, { orderId: 'o-a', lockSeconds: 600 })).expect(200);
    await checkout(app, member, b.code, 'lock', anOrder(2000, { orderId: 'o-b', lockSeconds: 86_400 })).expect(200);

    app.t.clock.advance(599_000);
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ released: 0, expired: 0 });
    app.t.clock.advance(2_000);
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ released: 1, expired: 0 });
    expect(await storedStateOf(a.id)).to.equal('issued');
    await checkout(app, member, a.code, 'redeem', anOrder(2000, { orderId: 'o-other' })).expect(200);

    // b's lock runs out the next day, after the coupon's validity.
    await setClock(app, '2026-06-02T02:00:01.000Z');
    expect(await runJob(app, 'coupons.expire')).to.deep.include({ released: 0, expired: 1 });
    expect(await storedStateOf(b.id)).to.equal('expired');
  });

  it('voids an issued coupon for good, audited with the reason, the row kept', async () => {
    const template = await aTemplate(app, { totalStock: 5 });
    const member = await aMember(app);
    const coupon = await issued(app, template.id, member);
    const res = await app.t.http.post(`/api/admin/v1/coupons/${coupon.id}/void`).set(bearer(app.operator.token)).send({ reason: 'fraud' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body as CouponView).to.deep.include({ state: 'voided', voidReason: 'fraud' });
    // Voiding again answers it as it is and audits nothing more.
    await app.t.http.post(`/api/admin/v1/coupons/${coupon.id}/void`).set(bearer(app.operator.token)).send({ reason: 'again' }).expect(200);
    const audit = await auditOf(coupon.id);
    expect(audit.map((e) => e.action).sort()).to.deep.equal(['coupon.issue', 'coupon.void']);
    const entry = audit.find((e) => e.action === 'coupon.void')!;
    expect(entry.actor.id).to.equal(app.operator.id);
    expect(entry.after).to.deep.include({ state: 'voided', reason: 'fraud' });
    const refused = await checkout(app, member, coupon.code, 'lock', anOrder());
    expect(errorOf(refused.body)).to.deep.include({ code: 'COUPON_NOT_USABLE', details: { reason: 'voided' } });
    const list = await app.t.http.get(`/api/admin/v1/members/${member.id}/coupons`).set(bearer(app.viewer.token)).expect(200);
    expect((list.body as { items: CouponView[] }).items.map((c) => [c.id, c.state])).to.deep.equal([[coupon.id, 'voided']]);
    expect((await templateOf(app, template.id)).counts.voided).to.equal(1);
  });

  it('voids a locked coupon: the locking order can no longer redeem it', async () => {
    const template = await aTemplate(app);
    const member = await aMember(app);
    const coupon = await issued(app, template.id, member);
    await checkout(app, member, coupon.code, 'lock', anOrder(2000, { orderId: 'o-1' })).expect(200);
    await app.t.http
      .post(`/api/admin/v1/coupons/${coupon.id}/void`)
      .set(bearer(app.operator.token))
      .send({ reason: 'order cancelled by support' })
      .expect(200);
    const res = await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'o-1' }));
    expect(errorOf(res.body)).to.deep.include({ code: 'COUPON_NOT_USABLE', details: { reason: 'voided' } });
    expect(await storedStateOf(coupon.id)).to.equal('voided');
  });

  it('refuses to void a redeemed coupon, and lets only operators void', async () => {
    const template = await aTemplate(app);
    const member = await aMember(app);
    const coupon = await issued(app, template.id, member);
    const use = (await checkout(app, member, coupon.code, 'redeem', anOrder()).expect(200)).body as CouponUseView;
    expect(use.coupon.state).to.equal('redeemed');
    const res = await app.t.http.post(`/api/admin/v1/coupons/${coupon.id}/void`).set(bearer(app.operator.token)).send({ reason: 'x' });
    expect(errorOf(res.body)).to.deep.include({ code: 'COUPON_NOT_USABLE', details: { reason: 'redeemed' } });
    const viewer = await app.t.http.post(`/api/admin/v1/coupons/${coupon.id}/void`).set(bearer(app.viewer.token)).send({ reason: 'x' });
    expect(viewer.status).to.equal(403);
    expect(
      (await app.t.http.post('/api/admin/v1/coupons/0123456789abcdef01234567/void').set(bearer(app.operator.token)).send({ reason: 'x' }))
        .status,
    ).to.equal(404);
  });

  it('carries each change as an outbox message with a deterministic id', async () => {
    const template = await aTemplate(app);
    const member = await aMember(app);
    const coupon = await issued(app, template.id, member);
    await checkout(app, member, coupon.code, 'redeem', anOrder(2000, { orderId: 'o-1' })).expect(200);
    await checkout(app, member, coupon.code, 'restore', { orderId: 'o-1' }).expect(200);
    await app.t.http.post(`/api/admin/v1/coupons/${coupon.id}/void`).set(bearer(app.operator.token)).send({ reason: 'x' }).expect(200);
    await app.t.services.outbox.relay();
    const messages = await app.t.mongo.connection.collection('outbox_messages').find({ memberId: member.id }).toArray();
    expect(messages.map((m) => String(m._id)).sort()).to.deep.equal(
      [
        `coupon.issued:${coupon.id}`,
        `coupon.redeemed:${coupon.id}:o-1`,
        `coupon.restored:${coupon.id}:o-1`,
        `coupon.voided:${coupon.id}`,
      ].sort(),
    );
    const redeemed = messages.find((m) => m.type === 'coupon.redeemed')!;
    expect(redeemed.data).to.deep.include({ couponId: coupon.id, code: coupon.code, orderId: 'o-1', discount: 500, currency: 'CNY' });
  });
});
