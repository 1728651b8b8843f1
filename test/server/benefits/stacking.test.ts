import { expect } from 'chai';
import { aBenefit, aMember, aPackage, entitlementOf, startBenefitsApp, use, type BenefitsApp } from './support.js';

describe('benefits: several sources of one benefit', function () {
  this.timeout(120_000);
  let app: BenefitsApp;

  before(async () => {
    app = await startBenefitsApp();
  });
  after(() => app.close());

  const grant = (memberId: string, benefitCode: string, count: number, key: string) =>
    app.t.services.benefits.grant({ memberId, benefitCode, count, validDays: 30, key, source: { type: 'mall', id: key } });

  it('adds two packages’ quotas of one period into one counter when both say add', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 2 }, stacking: 'add' }]);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 3 }, stacking: 'add' }]);
    const member = await aMember(app, 'gold');
    const entitlement = await entitlementOf(app, member, benefit.code);
    expect(entitlement!.sources).to.have.length(2);
    expect(entitlement!.pools).to.have.length(1);
    expect(entitlement!.pools[0]).to.deep.include({ limit: 5, remaining: 5 });
  });

  it('lets the best package alone apply when one says best', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 2 }, stacking: 'add' }]);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 3 }, stacking: 'best' }]);
    const member = await aMember(app, 'gold');
    const entitlement = await entitlementOf(app, member, benefit.code);
    expect(entitlement!.pools.map((p) => p.limit)).to.deep.equal([3]);
  });

  it('adds a grant’s own quota to the tier’s with add, and uses the tier’s monthly counter first', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 1 }, stacking: 'add' }]);
    const member = await aMember(app, 'gold');
    const granted = await grant(member.id, benefit.code, 2, 'mall-add');
    expect((await entitlementOf(app, member, benefit.code))!.remaining).to.equal(3);

    const first = await use(app, app.api, member, benefit.code, { key: 'a' }).expect(200);
    expect(first.body.pool).to.equal('month:2026-06');
    expect((await use(app, app.api, member, benefit.code, { key: 'b' }).expect(200)).body.pool).to.equal(`grant:${granted.id}`);
    await use(app, app.api, member, benefit.code, { key: 'c' }).expect(200);
    expect((await use(app, app.api, member, benefit.code, { key: 'd' })).status).to.equal(422);
    expect(await app.t.services.benefits.undoGrant({ memberId: member.id, key: 'mall-add' })).to.equal('in_use');
  });

  it('adds a grant to the best of the packages: best chooses among packages, never against what the member was granted', async () => {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 1 }, stacking: 'best' }]);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count: 3 }, stacking: 'best' }]);
    const member = await aMember(app, 'gold');
    await grant(member.id, benefit.code, 4, 'mall-best');
    const entitlement = await entitlementOf(app, member, benefit.code);
    expect(entitlement!.sources.map((s) => s.type)).to.deep.equal(['tier', 'tier', 'grant']);
    expect(entitlement!.pools.map((p) => p.limit)).to.deep.equal([3, 4]);
    expect(entitlement!.pools[1]!.id).to.match(/^grant:/);
  });

  it('refuses to grant a points multiplier to one member: it applies through packages only', async () => {
    const boost = await aBenefit(app, { type: 'points_multiplier', name: 'Points boost', value: { percent: 150 } });
    const member = await aMember(app, 'gold');
    let refused: unknown = null;
    await grant(member.id, boost.code, 1, 'boost').catch((err: unknown) => (refused = err));
    expect(refused).to.be.an('error');
    expect((refused as { code: string }).code).to.equal('VALIDATION_FAILED');
    expect(await entitlementOf(app, member, boost.code)).to.equal(undefined);
  });

  it('gives the better discount (90 % beats 95 %) when discounts do not stack', async () => {
    const discount = await aBenefit(app, { type: 'discount', name: 'Member price', value: { percent: 95 } });
    await aPackage(app, 'gold', [{ benefitCode: discount.code, quota: { period: 'unlimited' } }]);
    await aPackage(app, 'gold', [{ benefitCode: discount.code, quota: { period: 'unlimited' }, value: { percent: 90 } }]);
    await aPackage(app, 'platinum', [{ benefitCode: discount.code, quota: { period: 'unlimited' }, value: { percent: 85 } }]);
    const gold = await aMember(app, 'gold');
    const platinum = await aMember(app, 'platinum');
    expect((await entitlementOf(app, gold, discount.code))!.value).to.deep.equal({ percent: 90 });
    expect((await entitlementOf(app, platinum, discount.code))!.value).to.deep.equal({ percent: 85 });
  });

  it('grants once per key, undoes an unused grant by revoking it, and answers not_granted for an unknown key', async () => {
    const benefit = await aBenefit(app);
    const member = await aMember(app);
    const first = await grant(member.id, benefit.code, 3, 'campaign-1');
    expect(await grant(member.id, benefit.code, 3, 'campaign-1')).to.deep.equal(first);
    expect(first).to.deep.include({ count: 3, used: 0, state: 'active', validFrom: '2026-06-10T02:00:00.000Z' });
    // 30 business days after 2026-06-10 in Shanghai, to the end of that day.
    expect(first.validUntil).to.equal('2026-07-10T15:59:59.999Z');
    expect((await entitlementOf(app, member, benefit.code))!.remaining).to.equal(3);
    expect(await app.t.services.benefits.undoGrant({ memberId: member.id, key: 'campaign-1' })).to.equal('undone');
    expect(await app.t.services.benefits.undoGrant({ memberId: member.id, key: 'campaign-1' })).to.equal('undone');
    expect(await app.t.services.benefits.undoGrant({ memberId: member.id, key: 'nope' })).to.equal('not_granted');
    expect(await entitlementOf(app, member, benefit.code)).to.equal(undefined);
    const stored = await app.t.mongo.connection.collection('benefit_grants').findOne({ memberId: member.id });
    expect(stored).to.deep.include({ state: 'revoked' });
  });

  it('lets exactly a grant’s count of 50 concurrent uses through, and grants once for 20 concurrent grants of one key', async () => {
    const benefit = await aBenefit(app);
    const member = await aMember(app);
    const grants = await Promise.all(Array.from({ length: 20 }, () => grant(member.id, benefit.code, 5, 'burst-grant')));
    expect(new Set(grants.map((g) => g.id)).size).to.equal(1);
    expect(await app.t.mongo.connection.collection('benefit_grants').countDocuments({ memberId: member.id })).to.equal(1);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => use(app, app.api, member, benefit.code, { orderId: `g-${i}` })));
    expect(answers.filter((r) => r.status === 200)).to.have.length(5);
    expect(answers.filter((r) => r.status === 422)).to.have.length(45);
    const stored = await app.t.mongo.connection.collection('benefit_grants').findOne({ memberId: member.id });
    expect(stored).to.deep.include({ used: 5 });
    expect(Object.keys(stored!.uses as object)).to.have.length(5);
  });

  it('ends a grant at the end of its last day', async () => {
    const benefit = await aBenefit(app);
    const member = await aMember(app);
    await app.t.services.benefits.grant({
      memberId: member.id,
      benefitCode: benefit.code,
      count: 1,
      validDays: 1,
      key: 'short',
      source: { type: 'operator', id: 'x' },
    });
    app.t.clock.set('2026-06-11T15:59:59.999Z');
    expect(await entitlementOf(app, member, benefit.code)).to.not.equal(undefined);
    app.t.clock.set('2026-06-11T16:00:00.000Z');
    expect(await entitlementOf(app, member, benefit.code)).to.equal(undefined);
    app.t.clock.set('2026-06-10T02:00:00.000Z');
  });
});
