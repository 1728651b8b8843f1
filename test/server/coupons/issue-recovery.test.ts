import type { CouponView } from '@laurel/shared';
import type { IssueStep } from '@laurel/server/modules/coupons/issuer.js';
import { expect } from 'chai';
import { aMember, aTemplate, issueRequest, runJob, setClock, startCouponsApp, templateOf, type CouponsApp } from './support.js';

const STEPS: IssueStep[] = ['written', 'counted', 'stock_taken', 'issued'];
const GRACE_MS = 120_000;

describe('coupons: an issue that crashes at any step is finished or undone exactly', function () {
  this.timeout(120_000);
  let app: CouponsApp;
  let crashAt: IssueStep | null = null;

  before(async () => {
    app = await startCouponsApp({
      faults: (step) => {
        if (step !== crashAt) return;
        crashAt = null;
        throw new Error(`injected crash after ${step}`);
      },
    });
  });
  after(() => app.t.close());
  afterEach(() => {
    crashAt = null;
  });

  async function stockOpsOf(templateId: string): Promise<Record<string, unknown>> {
    const doc = await app.t.mongo.connection
      .collection('coupon_templates')
      .findOne({ _id: new (await import('mongoose')).Types.ObjectId(templateId) });
    return (doc?.stockOps as Record<string, unknown> | undefined) ?? {};
  }

  async function memberCount(templateId: string, memberId: string): Promise<number> {
    const doc = await app.t.mongo.connection
      .collection<{ _id: string; count: number }>('coupon_member_counts')
      .findOne({ _id: `${templateId}:${memberId}` });
    return doc?.count ?? 0;
  }

  async function laterByGrace(): Promise<void> {
    await setClock(app, new Date(app.t.clock.now().getTime() + GRACE_MS + 1000).toISOString());
  }

  for (const step of STEPS) {
    it(`after a crash past "${step}", the resume job leaves stock and counts as if the issue ran once or never`, async () => {
      await setClock(app, '2026-06-01T02:00:00.000Z');
      const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 1 });
      const member = await aMember(app);
      crashAt = step;
      const crashed = await issueRequest(app, template.id, member.id, `crash-${step}`);
      expect(crashed.status).to.equal(500);

      await laterByGrace();
      const counts = await runJob(app, 'coupons.resume');
      const coupons = (await app.t.services.coupons.listOfMember(member.id, {})).items;
      const after = await templateOf(app, template.id);
      if (step === 'issued') {
        // The coupon was issued before the crash: the job finishes it (its stock op cleared).
        expect(counts).to.deep.include({ finished: 1 });
        expect(coupons.map((c) => c.state)).to.deep.equal(['issued']);
        expect(after).to.deep.include({ stockLeft: 2 });
        expect(after.counts.issued).to.equal(1);
        expect(await memberCount(template.id, member.id)).to.equal(1);
      } else {
        // A pending issue is undone: nothing issued, stock and the member's count as before.
        expect(counts).to.deep.include({ cancelled: 1 });
        expect(coupons).to.deep.equal([]);
        expect(after).to.deep.include({ stockLeft: 3 });
        expect(after.counts.issued).to.equal(0);
        expect(await memberCount(template.id, member.id)).to.equal(0);
      }
      expect(await stockOpsOf(template.id)).to.deep.equal({});
      // Running it again changes nothing.
      expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
      expect((await templateOf(app, template.id)).stockLeft).to.equal(after.stockLeft);

      // A retry with the same key issues (or answers) exactly one coupon.
      const retried = await issueRequest(app, template.id, member.id, `crash-${step}`);
      expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
      if (step === 'issued') expect((retried.body as CouponView).id).to.equal(coupons[0]!.id);
      expect((await templateOf(app, template.id)).stockLeft).to.equal(2);
      expect(await memberCount(template.id, member.id)).to.equal(1);
    });

    it(`after a crash past "${step}", a retry with the same key finishes the issue once, and the job then finds nothing`, async () => {
      await setClock(app, '2026-06-01T02:00:00.000Z');
      const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 1 });
      const member = await aMember(app);
      crashAt = step;
      expect((await issueRequest(app, template.id, member.id, `retry-${step}`)).status).to.equal(500);
      const retried = await issueRequest(app, template.id, member.id, `retry-${step}`);
      expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
      expect((retried.body as CouponView).state).to.equal('issued');

      await laterByGrace();
      await runJob(app, 'coupons.resume');
      const after = await templateOf(app, template.id);
      expect(after).to.deep.include({ stockLeft: 2 });
      expect(after.counts.issued).to.equal(1);
      expect(await memberCount(template.id, member.id)).to.equal(1);
      expect(await stockOpsOf(template.id)).to.deep.equal({});
      const coupons = (await app.t.services.coupons.listOfMember(member.id, {})).items;
      expect(coupons.map((c) => [c.id, c.state])).to.deep.equal([[(retried.body as CouponView).id, 'issued']]);
    });
  }

  it('leaves a pending issue to its request during the grace period', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 3 });
    const member = await aMember(app);
    crashAt = 'stock_taken';
    expect((await issueRequest(app, template.id, member.id, 'young')).status).to.equal(500);
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
    expect((await templateOf(app, template.id)).stockLeft).to.equal(2);
  });

  it('undoes a crashed pending issue on undoIssue, and finishes an undo a crash interrupted', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 2 });
    const member = await aMember(app);
    const input = { templateId: template.id, memberId: member.id, source: { type: 'mall' as const, id: 'r' } };
    crashAt = 'stock_taken';
    try {
      await app.t.services.coupons.issue({ ...input, key: 'mall:1' });
      expect.fail('the crash was not injected');
    } catch (err) {
      expect((err as Error).message).to.contain('injected crash');
    }
    expect(await app.t.services.coupons.undoIssue({ key: 'mall:1', memberId: member.id })).to.equal('not_issued');
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
    expect(await memberCount(template.id, member.id)).to.equal(0);

    // An undo whose give-back was cut short is finished by the resume job, once.
    await app.t.services.coupons.issue({ ...input, key: 'mall:2' });
    const coupons = app.t.mongo.connection.collection('coupons');
    const issuedDoc = await coupons.findOne({ memberId: member.id, issueKey: 'mall:2' });
    // As if the process died right after voiding: the follow-up mark is there, nothing given back yet.
    await coupons.updateOne(
      { _id: issuedDoc!._id },
      { $set: { state: 'voided', undone: true, followUp: true, followUpAt: app.t.clock.now() } },
    );
    expect((await templateOf(app, template.id)).stockLeft).to.equal(2);
    await laterByGrace();
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ returned: 1 });
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
    expect(await memberCount(template.id, member.id)).to.equal(0);
    expect(await app.t.services.coupons.undoIssue({ key: 'mall:2', memberId: member.id })).to.equal('undone');
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
  });
});
