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

    it(`after a crash past "${step}", a retry with the same key issues once (after the grace period if the issue was pending)`, async () => {
      await setClock(app, '2026-06-01T02:00:00.000Z');
      const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 1 });
      const member = await aMember(app);
      crashAt = step;
      expect((await issueRequest(app, template.id, member.id, `retry-${step}`)).status).to.equal(500);
      let retried = await issueRequest(app, template.id, member.id, `retry-${step}`);
      if (step !== 'issued') {
        // The pending attempt still belongs to its request: the retry is told to come back.
        expect(retried.status).to.equal(409);
        expect((retried.body as { error: { code: string } }).error.code).to.equal('IDEMPOTENCY_KEY_IN_PROGRESS');
        expect(retried.headers['retry-after']).to.equal('1');
        await laterByGrace();
        retried = await issueRequest(app, template.id, member.id, `retry-${step}`);
      }
      expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
      expect((retried.body as CouponView).state).to.equal('issued');

      await laterByGrace();
      expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
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
    await laterByGrace();
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 1, cancelled: 1 });
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
  });

  it('undoes a pending issue on undoIssue at once, and checks again once its request can no longer be running', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 2 });
    const member = await aMember(app);
    const input = { templateId: template.id, memberId: member.id, key: 'mall:1', source: { type: 'mall' as const, id: 'r' } };
    crashAt = 'stock_taken';
    await expectCrash(() => app.t.services.coupons.issue(input));
    expect(await app.t.services.coupons.undoIssue({ key: 'mall:1', memberId: member.id })).to.equal('not_issued');
    expect(await app.t.services.coupons.undoIssue({ key: 'mall:1', memberId: member.id })).to.equal('not_issued');
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
    expect(await memberCount(template.id, member.id)).to.equal(0);
    await laterByGrace();
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ cancelled: 1 });
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
    expect(await memberCount(template.id, member.id)).to.equal(0);
    expect(await stockOpsOf(template.id)).to.deep.equal({});
    try {
      await app.t.services.coupons.issue(input);
      expect.fail('an undone issue was issued');
    } catch (err) {
      expect((err as { status?: number }).status).to.equal(409);
    }
  });

  for (const step of ['voided', 'stock_returned'] as const) {
    for (const finisher of ['the resume job', 'a repeated undo'] as const) {
      it(`finishes an undo that crashed past "${step}" by ${finisher}, giving stock and count back once`, async () => {
        await setClock(app, '2026-06-01T02:00:00.000Z');
        const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 2 });
        const member = await aMember(app);
        const key = `mall:${step}:${finisher}`;
        await app.t.services.coupons.issue({ templateId: template.id, memberId: member.id, key, source: { type: 'mall', id: 'r' } });
        crashAt = step;
        await expectCrash(() => app.t.services.coupons.undoIssue({ key, memberId: member.id }));
        // Within the grace period the give-back belongs to the undo that voided the coupon: a repeat leaves it alone.
        expect(await app.t.services.coupons.undoIssue({ key, memberId: member.id })).to.equal('undone');
        expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
        expect((await templateOf(app, template.id)).stockLeft).to.equal(step === 'voided' ? 2 : 3);
        await laterByGrace();
        if (finisher === 'the resume job') expect(await runJob(app, 'coupons.resume')).to.deep.include({ returned: 1 });
        else expect(await app.t.services.coupons.undoIssue({ key, memberId: member.id })).to.equal('undone');
        expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
        expect(await app.t.services.coupons.undoIssue({ key, memberId: member.id })).to.equal('undone');
        const after = await templateOf(app, template.id);
        expect(after.stockLeft).to.equal(3);
        expect(after.counts.issued).to.equal(0);
        expect(await memberCount(template.id, member.id)).to.equal(0);
        expect(await stockOpsOf(template.id)).to.deep.equal({});
        expect((await app.t.services.coupons.listOfMember(member.id, {})).items.map((c) => c.state)).to.deep.equal(['voided']);
      });
    }
  }

  it('undoes an issue that crashed before its stock op was cleared, leaving no op behind', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 1 });
    const member = await aMember(app);
    crashAt = 'issued';
    await expectCrash(() =>
      app.t.services.coupons.issue({ templateId: template.id, memberId: member.id, key: 'mall:op', source: { type: 'mall', id: 'r' } }),
    );
    expect(Object.keys(await stockOpsOf(template.id))).to.have.length(1);
    expect(await app.t.services.coupons.undoIssue({ key: 'mall:op', memberId: member.id })).to.equal('undone');
    expect(await stockOpsOf(template.id)).to.deep.equal({});
    expect((await templateOf(app, template.id)).stockLeft).to.equal(3);
    expect(await memberCount(template.id, member.id)).to.equal(0);
    await laterByGrace();
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
  });

  it('finishes the cancel of a refused issue that crashed midway, and the key is refused again as it should be', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 3, perMemberLimit: 1 });
    const member = await aMember(app);
    await issueRequest(app, template.id, member.id, 'first').expect(201);
    crashAt = 'cancelled';
    expect((await issueRequest(app, template.id, member.id, 'second')).status).to.equal(500);
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ cancelled: 1 });
    expect(await runJob(app, 'coupons.resume')).to.deep.include({ coupons: 0 });
    expect((await templateOf(app, template.id)).stockLeft).to.equal(2);
    expect(await memberCount(template.id, member.id)).to.equal(1);
    const again = await issueRequest(app, template.id, member.id, 'second');
    expect(again.status).to.equal(422);
    expect((again.body as { error: { code: string } }).error.code).to.equal('LIMIT_REACHED');
    expect(await stockOpsOf(template.id)).to.deep.equal({});
  });

  it('lets a retry finish a crashed cancel at once instead of waiting for the job', async () => {
    await setClock(app, '2026-06-01T02:00:00.000Z');
    const template = await aTemplate(app, { totalStock: 1 });
    const [a, b] = [await aMember(app), await aMember(app)];
    await issueRequest(app, template.id, a.id, 'a').expect(201);
    crashAt = 'cancelled';
    expect((await issueRequest(app, template.id, b.id, 'b')).status).to.equal(500);
    // The unit a had is given back by an undo: b's retry, with its key, now gets it.
    expect(await app.t.services.coupons.undoIssue({ key: (await keyOf(a.id))!, memberId: a.id })).to.equal('undone');
    expect((await issueRequest(app, template.id, b.id, 'b')).status).to.equal(201);
    expect((await templateOf(app, template.id)).stockLeft).to.equal(0);
  });

  async function keyOf(memberId: string): Promise<string | undefined> {
    const doc = await app.t.mongo.connection.collection<{ issueKey: string }>('coupons').findOne({ memberId });
    return doc?.issueKey;
  }

  async function expectCrash(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
      expect.fail('the crash was not injected');
    } catch (err) {
      expect((err as Error).message).to.contain('injected crash');
    }
  }
});
