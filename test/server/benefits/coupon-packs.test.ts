import type { CouponTemplateView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer } from '../../support/builders.js';
import { aBenefit, aMember, aPackage, placeOn, runJob, setClock, startBenefitsApp, type BenefitsApp, type Member } from './support.js';

describe('benefits: coupon packs and coupon gifts on schedule', function () {
  this.timeout(180_000);
  let app: BenefitsApp;

  before(async () => {
    app = await startBenefitsApp({ start: '2026-06-10T02:00:00.000Z' });
  });
  after(() => app.close());

  async function aTemplate(fields: Record<string, unknown> = {}): Promise<CouponTemplateView> {
    const res = await app.t.http
      .post('/api/admin/v1/coupon-templates')
      .set(bearer(app.operator.token))
      .send({
        name: 'pack coupon',
        discount: { type: 'amount', amountOff: 500 },
        currency: 'CNY',
        validity: { type: 'relative', days: 30 },
        ...fields,
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as CouponTemplateView;
  }

  const couponsOf = async (member: Member) => (await app.t.services.coupons.listOfMember(member.id, { limit: 100 })).items;

  it('issues each gold member the monthly pack once per month, however often the job runs, and again next month', async () => {
    const shipping = await aTemplate();
    const tenOff = await aTemplate();
    const pack = await aBenefit(app, {
      type: 'coupon_pack',
      name: 'Monthly pack',
      value: {
        coupons: [
          { templateId: shipping.id, count: 2 },
          { templateId: tenOff.id, count: 1 },
        ],
      },
    });
    await aPackage(app, 'platinum', [{ benefitCode: pack.code, quota: { period: 'month', count: 2 } }]);
    await aPackage(app, 'gold', [{ benefitCode: pack.code, quota: { period: 'month', count: 1 } }]);
    const gold = await aMember(app, 'gold');
    const platinum = await aMember(app, 'platinum');
    const silver = await aMember(app, 'silver');

    const first = await runJob(app, 'benefits.issue-periodic');
    await runJob(app, 'benefits.issue-periodic');
    expect(first).to.deep.include({ issued: 2, failed: 0 });
    expect(await couponsOf(gold)).to.have.length(3);
    expect(await couponsOf(platinum)).to.have.length(6);
    expect(await couponsOf(silver)).to.have.length(0);
    expect((await couponsOf(gold)).every((c) => c.source.type === 'benefit')).to.equal(true);

    // Reaching gold mid-month: the pack comes with the next run.
    await placeOn(app, silver, 'gold');
    await setClock(app, '2026-06-30T15:00:00.000Z');
    await runJob(app, 'benefits.issue-periodic');
    expect(await couponsOf(silver)).to.have.length(3);
    expect(await couponsOf(gold)).to.have.length(3);

    await setClock(app, '2026-07-01T01:00:00.000Z');
    await runJob(app, 'benefits.issue-periodic');
    expect(await couponsOf(gold)).to.have.length(6);
    const issues = await app.t.mongo.connection.collection('benefit_issues').find({ memberId: gold.id }).toArray();
    expect(issues.map((i) => i.periodKey).sort()).to.deep.equal(['2026-06', '2026-07']);
    await setClock(app, '2026-06-10T02:00:00.000Z');
  });

  it('records a pack it cannot issue (out of stock) as failed, once, and takes back the part of it issued', async () => {
    const plenty = await aTemplate();
    const scarce = await aTemplate({ totalStock: 1 });
    const pack = await aBenefit(app, {
      type: 'coupon_pack',
      name: 'Scarce pack',
      value: {
        coupons: [
          { templateId: plenty.id, count: 1 },
          { templateId: scarce.id, count: 1 },
        ],
      },
    });
    const pkg = await aPackage(app, 'silver', [{ benefitCode: pack.code, quota: { period: 'week', count: 1 } }]);
    const members = [await aMember(app, 'silver'), await aMember(app, 'silver')];
    const counts = await runJob(app, 'benefits.issue-periodic');
    expect(counts).to.deep.include({ issued: 1, failed: 1 });
    const failed = await app.t.mongo.connection.collection('benefit_issues').findOne({ benefitCode: pack.code, state: 'failed' });
    expect(failed).to.deep.include({ failure: 'OUT_OF_STOCK' });
    expect((await runJob(app, 'benefits.issue-periodic')).issued).to.equal(0);
    const held = [...(await couponsOf(members[0]!)), ...(await couponsOf(members[1]!))].filter((c) => c.state !== 'voided');
    expect(held.map((c) => c.templateId).sort()).to.deep.equal([plenty.id, scarce.id].sort());
    await app.t.http.post(`/api/admin/v1/benefit-packages/${pkg.code}/archive`).set(bearer(app.operator.token)).expect(200);
  });

  it('records a pack of an unknown coupon template as failed instead of retrying it', async () => {
    const pack = await aBenefit(app, {
      type: 'coupon_pack',
      name: 'Broken pack',
      value: { coupons: [{ templateId: '0123456789abcdef01234567', count: 1 }] },
    });
    const pkg = await aPackage(app, 'gold', [{ benefitCode: pack.code, quota: { period: 'month', count: 1 } }]);
    const member = await aMember(app, 'gold');
    expect(await runJob(app, 'benefits.issue-periodic')).to.deep.include({ deferred: 0 });
    const issue = await app.t.mongo.connection.collection('benefit_issues').findOne({ benefitCode: pack.code, memberId: member.id });
    expect(issue).to.deep.include({ state: 'failed', failure: 'NOT_FOUND' });
    await app.t.http.post(`/api/admin/v1/benefit-packages/${pkg.code}/archive`).set(bearer(app.operator.token)).expect(200);
  });

  it('gives a birthday gift of coupons and points together', async () => {
    const cake = await aTemplate();
    const gift = await aBenefit(app, {
      type: 'birthday_gift',
      name: 'Birthday',
      value: { coupons: [{ templateId: cake.id, count: 1 }], rewards: [{ type: 'points', amount: 88 }] },
    });
    await aPackage(app, 'gold', [{ benefitCode: gift.code, quota: { period: 'year', count: 1 } }]);
    const member = await aMember(app, 'gold');
    await app.t.http
      .patch(`/api/v1/members/${member.externalId}/profile`)
      .set(bearer(app.checkout))
      .send({ birthday: '1991-06-10' })
      .expect(200);
    await runJob(app, 'benefits.birthday-gifts');
    await runJob(app, 'benefits.birthday-gifts');
    expect((await couponsOf(member)).map((c) => c.templateId)).to.deep.equal([cake.id]);
    expect((await app.t.services.ledger.summary(member.id)).available).to.equal(88);
    await app.t.services.outbox.relay();
    const message = await app.t.mongo.connection.collection('outbox_messages').findOne({ memberId: member.id, type: 'benefit.issued' });
    expect(message!.data).to.deep.include({ benefitCode: gift.code, kind: 'birthday', periodKey: '2026' });
  });
});
