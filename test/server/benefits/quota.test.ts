import type { BenefitUseView } from '@laurel/shared';
import { expect } from 'chai';
import { errorOf, listAll } from '../../support/builders.js';
import { aBenefit, aMember, aPackage, entitlementOf, placeOn, release, startBenefitsApp, use, type BenefitsApp } from './support.js';

describe('benefits: quotas at checkout', function () {
  this.timeout(180_000);
  let app: BenefitsApp;

  before(async () => {
    app = await startBenefitsApp();
  });
  after(() => app.close());

  it('lets exactly 5 of 50 concurrent uses through a quota of 5; the rest are QUOTA_EXHAUSTED with the remaining', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 5 } }]);
    const member = await aMember(app, 'gold');

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => use(app, app.api, member, benefit.code, { orderId: `order-${i}` })),
    );

    const ok = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 422);
    expect(ok).to.have.length(5);
    expect(refused).to.have.length(45);
    for (const res of refused) {
      const error = errorOf(res.body);
      expect(error.code).to.equal('QUOTA_EXHAUSTED');
      expect(error.details).to.include({ benefitCode: benefit.code, requested: 1 });
      expect(error.details.remaining).to.equal(0);
    }
    expect(ok.map((r) => (r.body as BenefitUseView).remaining).sort()).to.deep.equal([0, 1, 2, 3, 4]);
    const entitlement = await entitlementOf(app, member, benefit.code);
    expect(entitlement).to.deep.include({ remaining: 0 });
    expect(entitlement!.pools[0]).to.deep.include({ limit: 5, used: 5, remaining: 0, period: 'month', periodKey: '2026-06' });
  });

  it('consumes once for a replay of one key, also when 50 replays arrive at once', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 3 } }]);
    const member = await aMember(app, 'gold');

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => use(app, app.api, member, benefit.code, { key: 'checkout-1', count: 2 })),
    );

    expect(answers.map((r) => r.status)).to.deep.equal(Array(50).fill(200));
    expect(new Set(answers.map((r) => (r.body as BenefitUseView).id)).size).to.equal(1);
    expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ used: 2, remaining: 1 });
    const later = await use(app, app.api, member, benefit.code, { key: 'checkout-1', count: 2 }).expect(200);
    expect(later.body).to.deep.include({ state: 'used', remaining: 1 });
    const other = await use(app, app.api, member, benefit.code, { key: 'checkout-1', count: 1 });
    expect(other.status).to.equal(409);
    expect(errorOf(other.body).code).to.equal('IDEMPOTENCY_KEY_REUSED');
  });

  it('gives a use back once for 50 concurrent releases, and a refused key may try again once quota is back', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 1 } }]);
    const member = await aMember(app, 'gold');
    await use(app, app.api, member, benefit.code, { orderId: 'o-1' }).expect(200);
    expect((await use(app, app.api, member, benefit.code, { orderId: 'o-2' })).status).to.equal(422);

    const answers = await Promise.all(Array.from({ length: 50 }, () => release(app, app.api, member, benefit.code, { orderId: 'o-1' })));

    expect(answers.map((r) => r.status)).to.deep.equal(Array(50).fill(200));
    expect(answers.map((r) => (r.body as BenefitUseView).state).filter((s) => s === 'released').length).to.be.at.least(1);
    expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ used: 0, remaining: 1 });
    expect((await release(app, app.api, member, benefit.code, { orderId: 'o-1' }).expect(200)).body).to.deep.include({
      state: 'released',
    });
    expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ used: 0 });

    const retried = await use(app, app.api, member, benefit.code, { orderId: 'o-2' }).expect(200);
    expect(retried.body).to.deep.include({ state: 'used', remaining: 0 });
    expect((await use(app, app.api, member, benefit.code, { orderId: 'o-1' }).expect(200)).body).to.deep.include({ state: 'released' });
  });

  it('refuses a member without the benefit (NOT_ELIGIBLE), an unknown use (404), a use named twice or not at all (400)', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'platinum', [{ benefitCode: benefit.code, quota: { period: 'unlimited' } }]);
    const member = await aMember(app, 'silver');
    const res = await use(app, app.api, member, benefit.code, { key: 'k' });
    expect(res.status).to.equal(422);
    expect(errorOf(res.body).code).to.equal('NOT_ELIGIBLE');
    expect((await release(app, app.api, member, benefit.code, { key: 'never' })).status).to.equal(404);
    expect((await use(app, app.api, member, benefit.code, { key: 'k', orderId: 'o' })).status).to.equal(400);
    expect((await use(app, app.api, member, benefit.code, {})).status).to.equal(400);
    expect((await use(app, app.api, member, benefit.code, { key: 'k', count: 0 })).status).to.equal(400);
    expect((await use(app, app.api, member, benefit.code, { key: 'k', extra: 1 })).status).to.equal(400);
  });

  it('counts unlimited uses without limit', async () => {
    const benefit = await aBenefit(app, { type: 'priority_service', name: 'Priority' });
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'unlimited' } }]);
    const member = await aMember(app, 'gold');
    for (let i = 0; i < 7; i++) await use(app, app.api, member, benefit.code, { key: `u${i}` }).expect(200);
    const entitlement = await entitlementOf(app, member, benefit.code);
    expect(entitlement).to.deep.include({ remaining: null, resetsAt: null });
    expect(entitlement!.pools[0]).to.deep.include({ limit: null, used: 7, remaining: null });
  });

  it('applies a new tier’s quota at once and carries the period’s used count over', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'silver', [{ benefitCode: benefit.code, quota: { period: 'month', count: 2 } }]);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 5 } }]);
    const member = await aMember(app, 'silver');
    await use(app, app.api, member, benefit.code, { key: 'a' }).expect(200);
    await use(app, app.api, member, benefit.code, { key: 'b' }).expect(200);
    expect((await use(app, app.api, member, benefit.code, { key: 'c' })).status).to.equal(422);

    await placeOn(app, member, 'gold');

    expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ limit: 5, used: 2, remaining: 3 });
    for (const key of ['c', 'd', 'e']) await use(app, app.api, member, benefit.code, { key }).expect(200);
    expect((await use(app, app.api, member, benefit.code, { key: 'f' })).status).to.equal(422);

    await placeOn(app, member, 'silver');
    expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ limit: 2, used: 5, remaining: 0 });
  });

  it('publishes benefit.used and benefit.released', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'day', count: 1 } }]);
    const member = await aMember(app, 'gold');
    const used = await use(app, app.api, member, benefit.code, { orderId: 'pub-1' }).expect(200);
    await release(app, app.api, member, benefit.code, { orderId: 'pub-1' }).expect(200);
    await app.t.services.outbox.relay();
    const messages = await app.t.mongo.connection
      .collection<{ _id: string; type: string; data: Record<string, unknown> }>('outbox_messages')
      .find({ memberId: member.id, type: { $in: ['benefit.used', 'benefit.released'] } })
      .toArray();
    const id = (used.body as BenefitUseView).id;
    expect(messages.map((m) => m._id).sort()).to.deep.equal([`benefit.released:${id}`, `benefit.used:${id}`]);
    expect(messages.find((m) => m.type === 'benefit.used')!.data).to.include({ benefitCode: benefit.code, count: 1, orderId: 'pub-1' });
  });

  it('shows support the member’s entitlements, grants and latest uses', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'week', count: 2 } }]);
    const member = await aMember(app, 'gold');
    await use(app, app.api, member, benefit.code, { key: 'support-1' }).expect(200);
    const uses = await listAll(app.t, `/api/admin/v1/audit?targetType=benefit&targetId=${benefit.code}`, app.operator.token);
    expect(uses).to.have.length(1);
    const res = await app.t.http
      .get(`/api/admin/v1/members/${member.id}/benefits`)
      .set({ Authorization: `Bearer ${app.operator.token}` })
      .expect(200);
    expect(res.body.entitlements.map((e: { benefitCode: string }) => e.benefitCode)).to.include(benefit.code);
    expect(res.body.recentUses.map((u: BenefitUseView) => u.key)).to.deep.equal(['support-1']);
    expect(res.body.entitlements.find((e: { benefitCode: string }) => e.benefitCode === benefit.code).pools[0].periodKey).to.equal(
      '2026-W24',
    );
  });
});
