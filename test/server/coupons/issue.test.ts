import type { CouponView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
import { aMember, aTemplate, burst, issued, issueRequest, startCouponsApp, statuses, templateOf, type CouponsApp } from './support.js';

describe('coupons: issue and its undo', function () {
  this.timeout(120_000);
  let app: CouponsApp;

  before(async () => {
    app = await startCouponsApp();
  });
  after(() => app.t.close());

  it('issues exactly one coupon of a template of total 1 to 64 members asking at once', async () => {
    const template = await aTemplate(app, { totalStock: 1 });
    const members = await Promise.all(Array.from({ length: 64 }, () => aMember(app)));
    const answers = await burst(app, 64, (api, i) => issueRequest(app, template.id, members[i]!.id, undefined, api));
    expect(statuses(answers)).to.deep.equal({ 201: 1, 422: 63 });
    for (const res of answers.filter((r) => r.status === 422)) expect(errorOf(res.body).code).to.equal('OUT_OF_STOCK');
    const after = await templateOf(app, template.id);
    expect(after).to.deep.include({ totalStock: 1, stockLeft: 0 });
    expect(after.counts.issued).to.equal(1);
    const all = await app.t.services.coupons.list({ templateId: template.id, limit: 100 });
    expect(all.items).to.have.length(1);
  });

  it('issues exactly 10 coupons of a stock of 10 under 50 concurrent issues', async () => {
    const template = await aTemplate(app, { totalStock: 10 });
    const members = await Promise.all(Array.from({ length: 50 }, () => aMember(app)));
    const answers = await burst(app, 50, (api, i) => issueRequest(app, template.id, members[i]!.id, undefined, api));
    expect(statuses(answers)).to.deep.equal({ 201: 10, 422: 40 });
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 0 });
    expect((await app.t.services.coupons.list({ templateId: template.id, limit: 100 })).items).to.have.length(10);
  });

  it('issues exactly 2 coupons to one member with a per-member limit of 2 under 50 concurrent issues', async () => {
    const template = await aTemplate(app, { perMemberLimit: 2, totalStock: 100 });
    const member = await aMember(app);
    const answers = await burst(app, 50, (api) => issueRequest(app, template.id, member.id, undefined, api));
    expect(statuses(answers)).to.deep.equal({ 201: 2, 422: 48 });
    for (const res of answers.filter((r) => r.status === 422)) expect(errorOf(res.body).code).to.equal('LIMIT_REACHED');
    expect((await app.t.services.coupons.listOfMember(member.id, {})).items).to.have.length(2);
    // The refused issues gave back whatever they took: only the two issued coupons left the stock.
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 98 });
  });

  it('issues once for one key however many issues arrive at once; those that overlap it are told to retry', async () => {
    const template = await aTemplate(app, { totalStock: 5 });
    const member = await aMember(app);
    const key = `benefit:pack-${member.id}`;
    const issue = () =>
      app.t.services.coupons.issue({ templateId: template.id, memberId: member.id, key, source: { type: 'benefit', id: 'pack-1' } });
    const settled = await Promise.allSettled(Array.from({ length: 50 }, issue));
    const results = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
    const refusals = settled.filter((s) => s.status === 'rejected').map((s) => (s.reason as { code?: string }).code);
    expect(results.length).to.be.greaterThan(0);
    expect(new Set(results.map((c) => c.id)).size).to.equal(1);
    expect(new Set(refusals)).to.satisfy(
      (codes: Set<string>) => codes.size === 0 || (codes.size === 1 && codes.has('IDEMPOTENCY_KEY_IN_PROGRESS')),
    );
    expect(results[0]).to.deep.include({ state: 'issued', source: { type: 'benefit', id: 'pack-1' } });
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 4 });
    // A retry afterwards answers the coupon.
    expect((await issue()).id).to.equal(results[0]!.id);
    // Later, even with the template paused, the key still answers its coupon.
    await app.t.http.post(`/api/admin/v1/coupon-templates/${template.id}/pause`).set(bearer(app.operator.token)).expect(200);
    expect((await issue()).id).to.equal(results[0]!.id);
    // The key names one issue: the same key for another template is refused.
    const other = await aTemplate(app);
    try {
      await app.t.services.coupons.issue({ templateId: other.id, memberId: member.id, key, source: { type: 'benefit', id: 'pack-1' } });
      expect.fail('a key issued a second coupon');
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('IDEMPOTENCY_KEY_REUSED');
    }
  });

  it('replays an operator issue with the same Idempotency-Key and issues once', async () => {
    const template = await aTemplate(app, { totalStock: 3 });
    const member = await aMember(app);
    const first = await issued(app, template.id, member, 'op-issue-1');
    const again = await issueRequest(app, template.id, member.id, 'op-issue-1').expect(201);
    expect((again.body as CouponView).id).to.equal(first.id);
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 2 });
  });

  it('requires an Idempotency-Key for an operator issue and refuses unknown members and templates', async () => {
    const template = await aTemplate(app, { totalStock: 3 });
    const member = await aMember(app);
    const keyless = await app.t.http
      .post(`/api/admin/v1/coupon-templates/${template.id}/issue`)
      .set(bearer(app.operator.token))
      .send({ memberId: member.id, reason: 'goodwill' });
    expect(keyless.status).to.equal(400);
    expect(errorOf(keyless.body).details.fields).to.deep.equal([
      { field: 'Idempotency-Key', reasons: ['Idempotency-Key is required: a coupon is issued only under a key a retry can repeat'] },
    ]);
    expect((await issueRequest(app, template.id, '0123456789abcdef01234567')).status).to.equal(404);
    expect((await issueRequest(app, '0123456789abcdef01234567', member.id)).status).to.equal(404);
    expect((await app.t.http.get('/api/admin/v1/members/0123456789abcdef01234567/coupons').set(bearer(app.viewer.token))).status).to.equal(
      404,
    );
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 3 });
  });

  it('gives codes of ten characters without 0, O, 1, I or L, different for every coupon', async () => {
    const template = await aTemplate(app);
    const member = await aMember(app);
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) codes.add((await issued(app, template.id, member)).code);
    expect(codes.size).to.equal(20);
    for (const code of codes) expect(code).to.match(/^[2-9A-HJKMNP-Z]{10}$/);
  });

  it('refuses a paused, archived or finished template with NOT_ON_SALE', async () => {
    const member = await aMember(app);
    const paused = await aTemplate(app, { active: false });
    expect(errorOf((await issueRequest(app, paused.id, member.id).expect(422)).body)).to.deep.include({ code: 'NOT_ON_SALE' });
    const archived = await aTemplate(app);
    await app.t.http.post(`/api/admin/v1/coupon-templates/${archived.id}/archive`).set(bearer(app.operator.token)).expect(200);
    expect(errorOf((await issueRequest(app, archived.id, member.id).expect(422)).body).code).to.equal('NOT_ON_SALE');
    const over = await aTemplate(app, { validity: { type: 'fixed', from: '2026-05-01', to: '2026-05-31' } });
    expect(errorOf((await issueRequest(app, over.id, member.id).expect(422)).body).code).to.equal('NOT_ON_SALE');
  });

  it('refuses a member outside the tier audience with NOT_ELIGIBLE, unless the caller already decided', async () => {
    const template = await aTemplate(app, { audience: { tiers: ['gold'] } });
    const member = await aMember(app);
    const input = { templateId: template.id, memberId: member.id, source: { type: 'campaign' as const, id: 'c1' } };
    try {
      await app.t.services.coupons.issue({ ...input, key: 'campaign:c1' });
      expect.fail('issued outside the audience');
    } catch (err) {
      expect((err as { code?: string }).code).to.equal('NOT_ELIGIBLE');
    }
    const coupon = await app.t.services.coupons.issue({
      ...input,
      source: { type: 'benefit', id: 'b1' },
      key: 'benefit:b1',
      skipAudience: true,
    });
    expect(coupon.state).to.equal('issued');
  });

  it('undoes an unused coupon: voided, stock and the member count given back, idempotently', async () => {
    const template = await aTemplate(app, { totalStock: 2, perMemberLimit: 1 });
    const member = await aMember(app);
    const key = 'mall:redemption-1';
    const coupon = await app.t.services.coupons.issue({
      templateId: template.id,
      memberId: member.id,
      key,
      source: { type: 'mall', id: 'r1' },
    });
    expect(await templateOf(app, template.id)).to.deep.include({ stockLeft: 1 });
    expect(await app.t.services.coupons.undoIssue({ key, memberId: member.id })).to.equal('undone');
    expect(await app.t.services.coupons.undoIssue({ key, memberId: member.id })).to.equal('undone');
    const after = await templateOf(app, template.id);
    expect(after.stockLeft).to.equal(2);
    expect(after.counts.issued).to.equal(0);
    const [shown] = (await app.t.services.coupons.listOfMember(member.id, {})).items;
    expect(shown).to.deep.include({ id: coupon.id, state: 'voided' });
    // The member's count was given back: another coupon of the template can be issued to them.
    const next = await app.t.services.coupons.issue({
      templateId: template.id,
      memberId: member.id,
      key: 'mall:redemption-2',
      source: { type: 'mall', id: 'r2' },
    });
    expect(next.state).to.equal('issued');
    // The undone key never issues again.
    try {
      await app.t.services.coupons.issue({ templateId: template.id, memberId: member.id, key, source: { type: 'mall', id: 'r1' } });
      expect.fail('an undone key issued again');
    } catch (err) {
      expect((err as { status?: number }).status).to.equal(409);
    }
  });

  it('gives stock and the count back once when one issue is undone 50 times at once', async () => {
    const template = await aTemplate(app, { totalStock: 2, perMemberLimit: 1 });
    const member = await aMember(app);
    const key = 'mall:burst';
    await app.t.services.coupons.issue({ templateId: template.id, memberId: member.id, key, source: { type: 'mall', id: 'r' } });
    const results = await Promise.all(Array.from({ length: 50 }, () => app.t.services.coupons.undoIssue({ key, memberId: member.id })));
    expect(new Set(results)).to.deep.equal(new Set(['undone']));
    const after = await templateOf(app, template.id);
    expect(after.stockLeft).to.equal(2);
    expect(after.counts.issued).to.equal(0);
  });

  it('answers in_use for a locked coupon and not_issued for a key never issued, which then never issues', async () => {
    const template = await aTemplate(app, { totalStock: 5 });
    const member = await aMember(app);
    const coupon = await app.t.services.coupons.issue({
      templateId: template.id,
      memberId: member.id,
      key: 'k-used',
      source: { type: 'mall', id: 'r' },
    });
    await app.t.services.coupons.lock(member.externalId, coupon.code, { orderId: 'o-1', amount: 5000, currency: 'CNY' });
    expect(await app.t.services.coupons.undoIssue({ key: 'k-used', memberId: member.id })).to.equal('in_use');
    expect((await templateOf(app, template.id)).stockLeft).to.equal(4);
    expect(await app.t.services.coupons.undoIssue({ key: 'k-never', memberId: member.id })).to.equal('not_issued');
    try {
      await app.t.services.coupons.issue({
        templateId: template.id,
        memberId: member.id,
        key: 'k-never',
        source: { type: 'mall', id: 'r' },
      });
      expect.fail('an issue after its undo went through');
    } catch (err) {
      expect((err as { status?: number }).status).to.equal(409);
    }
    expect((await templateOf(app, template.id)).stockLeft).to.equal(4);
  });
});
