import type { AuditEntryView, CouponTemplateView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
import { aMember, anOrder, aTemplate, checkout, issued, issueRequest, startCouponsApp, templateOf, type CouponsApp } from './support.js';

describe('coupons: templates for operators', function () {
  this.timeout(120_000);
  let app: CouponsApp;

  before(async () => {
    app = await startCouponsApp();
  });
  after(() => app.t.close());

  function patch(id: string, body: Record<string, unknown>) {
    return app.t.http.patch(`/api/admin/v1/coupon-templates/${id}`).set(bearer(app.operator.token)).send(body);
  }

  async function auditOf(id: string): Promise<AuditEntryView[]> {
    const res = await app.t.http
      .get(`/api/admin/v1/audit?targetType=coupon-template&targetId=${id}`)
      .set(bearer(app.viewer.token))
      .expect(200);
    return (res.body as { items: AuditEntryView[] }).items;
  }

  it('creates a template with its terms, stock and limit, audited', async () => {
    const template = await aTemplate(app, {
      name: '15% off, up to 20',
      discount: { type: 'percent', percentOff: 15, maxDiscount: 2000 },
      minSpend: 5000,
      validity: { type: 'fixed', from: '2026-06-01', to: '2026-06-30' },
      totalStock: 100,
      perMemberLimit: 2,
      audience: { tiers: ['gold'] },
    });
    expect(template).to.deep.include({
      name: '15% off, up to 20',
      minSpend: 5000,
      currency: 'CNY',
      totalStock: 100,
      stockLeft: 100,
      perMemberLimit: 2,
      status: 'active',
      version: 1,
      discount: { type: 'percent', amountOff: null, percentOff: 15, maxDiscount: 2000 },
      validity: { type: 'fixed', from: '2026-06-01', to: '2026-06-30', days: null },
      audience: { tiers: ['gold'] },
      counts: { issued: 0, redeemed: 0, restored: 0, expired: 0, voided: 0 },
    });
    const [entry] = await auditOf(template.id);
    expect(entry).to.deep.include({ action: 'coupon-template.create' });
    expect(entry!.actor.id).to.equal(app.operator.id);
  });

  it('refuses templates whose terms do not hold together, naming the fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ discount: { type: 'amount' } }, 'discount.amountOff'],
      [{ discount: { type: 'percent', percentOff: 101 } }, 'discount.percentOff'],
      [{ discount: { type: 'percent' } }, 'discount.percentOff'],
      [{ validity: { type: 'fixed', from: '2026-06-10', to: '2026-06-01' } }, 'validity.to'],
      [{ validity: { type: 'fixed', from: '2026-02-30', to: '2026-03-01' } }, 'validity.from'],
      [{ validity: { type: 'relative' } }, 'validity.days'],
      [{ validity: { type: 'relative', days: 0 } }, 'validity.days'],
      [{ currency: 'yuan' }, 'currency'],
      [{ totalStock: 0 }, 'totalStock'],
      [{ minSpend: -1 }, 'minSpend'],
      [{ stockLeft: 5 }, 'stockLeft'],
    ];
    for (const [fields, field] of cases) {
      const res = await app.t.http
        .post('/api/admin/v1/coupon-templates')
        .set(bearer(app.operator.token))
        .send({
          name: 'x',
          discount: { type: 'amount', amountOff: 100 },
          currency: 'CNY',
          validity: { type: 'relative', days: 3 },
          ...fields,
        });
      expect(res.status, JSON.stringify(fields)).to.equal(400);
      const fieldNames = (errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field);
      expect(
        fieldNames.some((f) => f.startsWith(field)),
        `${JSON.stringify(fieldNames)} names ${field}`,
      ).to.equal(true);
    }
    const viewer = await app.t.http
      .post('/api/admin/v1/coupon-templates')
      .set(bearer(app.viewer.token))
      .send({ name: 'x', discount: { type: 'amount', amountOff: 100 }, currency: 'CNY', validity: { type: 'relative', days: 3 } });
    expect(viewer.status).to.equal(403);
  });

  it('changes a template under its version, audited before and after; issued coupons keep their terms', async () => {
    const template = await aTemplate(app, { totalStock: 10 });
    const member = await aMember(app);
    const coupon = await issued(app, template.id, member);
    const res = await patch(template.id, { version: 1, name: 'Renamed', discount: { type: 'amount', amountOff: 900 } });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body as CouponTemplateView).to.deep.include({ name: 'Renamed', version: 2, stockLeft: 9 });
    const stale = await patch(template.id, { version: 1, name: 'Stale' });
    expect(stale.status).to.equal(409);
    const audit = await auditOf(template.id);
    const update = audit.find((e) => e.action === 'coupon-template.update')!;
    expect(update.before).to.deep.include({ version: 1 });
    expect(update.after).to.deep.include({ version: 2, name: 'Renamed' });
    const use = await checkout(app, member, coupon.code, 'lock', anOrder()).expect(200);
    expect(use.body.discount).to.equal(500);
    expect(use.body.coupon.templateName).to.equal(template.name);
  });

  it('moves stock left with the total, never below what is issued', async () => {
    const template = await aTemplate(app, { totalStock: 3 });
    const member = await aMember(app);
    await issued(app, template.id, member);
    await issued(app, template.id, member);
    expect((await patch(template.id, { totalStock: 5 }).expect(200)).body).to.deep.include({ totalStock: 5, stockLeft: 3 });
    expect((await patch(template.id, { totalStock: 2 }).expect(200)).body).to.deep.include({ totalStock: 2, stockLeft: 0 });
    const below = await patch(template.id, { totalStock: 1 });
    expect(below.status).to.equal(400);
    expect(errorOf(below.body).details.fields).to.deep.equal([
      { field: 'totalStock', reasons: ['total stock cannot go below the coupons already issued'] },
    ]);
    expect(await templateOf(app, template.id)).to.deep.include({ totalStock: 2, stockLeft: 0 });
    const unlimited = await aTemplate(app);
    expect((await patch(unlimited.id, { totalStock: 5 })).status).to.equal(400);
    expect((await patch(unlimited.id, { perMemberLimit: 5 })).status).to.equal(400);
  });

  it('pauses, resumes and archives, each audited once; an archived template is frozen', async () => {
    const template = await aTemplate(app);
    const member = await aMember(app);
    const post = (action: string) =>
      app.t.http.post(`/api/admin/v1/coupon-templates/${template.id}/${action}`).set(bearer(app.operator.token));
    expect((await post('pause').expect(200)).body.status).to.equal('paused');
    await post('pause').expect(200);
    expect(errorOf((await issueRequest(app, template.id, member.id).expect(422)).body).code).to.equal('NOT_ON_SALE');
    expect((await post('resume').expect(200)).body.status).to.equal('active');
    await issued(app, template.id, member);
    expect((await post('archive').expect(200)).body.status).to.equal('archived');
    expect((await post('resume')).status).to.equal(409);
    expect((await patch(template.id, { name: 'x' })).status).to.equal(409);
    const actions = (await auditOf(template.id)).map((e) => e.action).sort();
    expect(actions).to.deep.equal(['coupon-template.archive', 'coupon-template.create', 'coupon-template.pause', 'coupon-template.resume']);
  });

  it('lists templates newest first with stock left and counts, and coupons by template, member and state', async () => {
    const template = await aTemplate(app, { totalStock: 4 });
    const a = await aMember(app);
    const b = await aMember(app);
    const ca = await issued(app, template.id, a);
    const cb = await issued(app, template.id, b);
    await checkout(app, b, cb.code, 'redeem', anOrder()).expect(200);
    const list = await app.t.http.get('/api/admin/v1/coupon-templates?limit=1').set(bearer(app.viewer.token)).expect(200);
    const [first] = (list.body as { items: CouponTemplateView[] }).items;
    expect(first).to.deep.include({ id: template.id, stockLeft: 2 });
    expect(first!.counts).to.deep.include({ issued: 2, redeemed: 1 });
    expect(list.body.nextCursor).to.be.a('string');
    const coupons = (query: string) =>
      app.t.http
        .get(`/api/admin/v1/coupons?${query}`)
        .set(bearer(app.viewer.token))
        .expect(200)
        .then((res) => (res.body as { items: { id: string }[] }).items.map((c) => c.id));
    expect(await coupons(`templateId=${template.id}`)).to.deep.equal([cb.id, ca.id]);
    expect(await coupons(`templateId=${template.id}&state=redeemed`)).to.deep.equal([cb.id]);
    expect(await coupons(`memberId=${a.id}`)).to.deep.equal([ca.id]);
    expect((await app.t.http.get('/api/admin/v1/coupons?memberId=nope').set(bearer(app.viewer.token))).status).to.equal(400);
    expect((await app.t.http.get('/api/admin/v1/coupon-templates/0123456789abcdef01234567').set(bearer(app.viewer.token))).status).to.equal(
      404,
    );
  });
});
