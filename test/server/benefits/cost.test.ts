import { expect } from 'chai';
import { aBenefit, aMember, aPackage, startBenefitsApp, type BenefitsApp } from './support.js';

describe('benefits: database commands on the checkout path', function () {
  this.timeout(120_000);
  let app: BenefitsApp;
  let counted: string[] | null = null;

  before(async () => {
    app = await startBenefitsApp({ onCommand: (name) => counted?.push(name) });
  });
  after(() => app.close());

  async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
    counted = [];
    await work();
    const commands = counted;
    counted = null;
    return commands;
  }

  it('reads entitlements with one read of the member, one query of grants and one read per pool, definitions from memory', async () => {
    const shipping = await aBenefit(app);
    const priority = await aBenefit(app, { type: 'priority_service', name: 'Priority' });
    await aPackage(app, 'gold', [
      { benefitCode: shipping.code, quota: { period: 'month', count: 3 } },
      { benefitCode: priority.code, quota: { period: 'unlimited' } },
    ]);
    const member = await aMember(app, 'gold');
    await app.t.services.benefits.entitlementsOf(member.id);

    expect(await commandsOf(() => app.t.services.benefits.entitlementsOf(member.id))).to.deep.equal(['find', 'find', 'find', 'find']);
  });

  it('uses a benefit in seven commands: the key, member, grants, the use’s insert, the pool read, the take and its mark; a replay in one', async () => {
    const shipping = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: shipping.code, quota: { period: 'month', count: 3 } }]);
    const member = await aMember(app, 'gold');
    await app.t.services.benefits.entitlementsOf(member.id);

    const commands = await commandsOf(() =>
      app.t.services.benefits.use({ memberId: member.id, benefitCode: shipping.code, orderId: 'cost-1' }),
    );
    expect(commands).to.deep.equal(['find', 'find', 'find', 'insert', 'find', 'findAndModify', 'findAndModify']);
    expect(
      await commandsOf(() => app.t.services.benefits.use({ memberId: member.id, benefitCode: shipping.code, orderId: 'cost-1' })),
    ).to.deep.equal(['find']);
  });
});
