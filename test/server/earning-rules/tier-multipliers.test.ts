import { AdminRole, ApiScope, type EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { parseEvent } from '@laurel/server/modules/events/parse.js';
import { anApiKey, anOperator, aTierMultiplier, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anOrderPaid } from '../events/support.js';

/**
 * A member's points multiplier is the best active `points_multiplier` benefit of their tier's packages: earning rules'
 * points are multiplied by it; growth is not. Packages are the only way a multiplier attaches to a tier.
 */
describe("earning rules: the multiplier of the member's tier packages", function () {
  this.timeout(300_000);
  let t: TestApp;
  let admin: Operator;
  let apiKey: string;
  let counted: string[] | null = null;
  let n = 0;

  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000' }, onCommand: (name) => counted?.push(name) });
    t.clock.set('2026-06-01T02:00:00.000Z');
    admin = await anOperator(t, AdminRole.Admin);
    apiKey = await anApiKey(t, [ApiScope.EventsWrite]);
    for (const [rank, code] of ['silver', 'gold'].entries()) {
      await t.http
        .post('/api/admin/v1/tiers')
        .set(bearer(admin.token))
        .send({ code, name: code, rank: rank + 1, entryThreshold: (rank + 1) * 100_000 })
        .expect(201);
    }
    for (const rule of [
      { name: 'points per order', currency: 'points', formula: { kind: 'fixed', amount: 100 } },
      { name: 'growth per order', currency: 'growth', formula: { kind: 'fixed', amount: 10 } },
    ]) {
      await t.http
        .post('/api/admin/v1/earning-rules')
        .set(bearer(admin.token))
        .send({ eventType: 'order.paid', ...rule })
        .expect(201);
    }
  });
  after(() => t.close());

  /** A member placed on `tier` by an operator. */
  async function aMemberOn(tier: string): Promise<string> {
    n += 1;
    const externalId = `multiplied-${n}`;
    const { id } = await t.services.members.ensure(externalId);
    await t.http
      .post(`/api/admin/v1/members/${id}/tier`)
      .set(bearer(admin.token))
      .send({ tier, reason: 'test', autoUpgrade: false })
      .expect(200);
    return externalId;
  }
  async function earned(externalId: string): Promise<{ points: number | undefined; growth: number | undefined }> {
    const res = await t.http.post('/api/v1/events').set(bearer(apiKey)).send(anOrderPaid(externalId, 10_000));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const { grants } = res.body as EventOutcomeView;
    return { points: grants.find((g) => g.currency === 'points')?.amount, growth: grants.find((g) => g.currency === 'growth')?.amount };
  }
  async function archive(packageCode: string): Promise<void> {
    await t.http.post(`/api/admin/v1/benefit-packages/${packageCode}/archive`).set(bearer(admin.token)).expect(200);
  }

  it('gives a gold member 150 % of the points while gold has a 150 % package, and 100 % once it is archived', async () => {
    const gold = await aMemberOn('gold');
    const silver = await aMemberOn('silver');
    expect(await earned(gold)).to.deep.equal({ points: 100, growth: 10 });
    const pkg = await aTierMultiplier(t, admin.token, 'gold', 150);
    expect(await earned(gold)).to.deep.equal({ points: 150, growth: 10 });
    expect((await earned(silver)).points).to.equal(100);
    await archive(pkg);
    expect(await earned(gold)).to.deep.equal({ points: 100, growth: 10 });
  });

  it('applies the better multiplier when two of the tier packages give one, and the other when the better is archived', async () => {
    const gold = await aMemberOn('gold');
    const lower = await aTierMultiplier(t, admin.token, 'gold', 120);
    const higher = await aTierMultiplier(t, admin.token, 'gold', 200);
    expect((await earned(gold)).points).to.equal(200);
    await archive(higher);
    expect((await earned(gold)).points).to.equal(120);
    await archive(lower);
    expect((await earned(gold)).points).to.equal(100);
  });

  it("costs no database command for the multiplier's definitions: an earn adds only the read of the member's tier", async () => {
    const gold = await aMemberOn('gold');
    const commandsOf = async () => {
      counted = [];
      await t.services.events.ingest(await parseEvent(anOrderPaid(gold, 10_000)), 'service:test');
      const commands = counted;
      counted = null;
      return commands;
    };
    await commandsOf(); // the wallets exist from here on
    const withoutMultiplier = await commandsOf();
    const pkg = await aTierMultiplier(t, admin.token, 'gold', 150);
    await commandsOf(); // the definition caches load once after the change
    const withMultiplier = await commandsOf();
    await archive(pkg);
    // The member's read is the one command a multiplier adds over no multiplier at all; its definitions cost none.
    expect(withMultiplier.length).to.equal(withoutMultiplier.length + 1);
    expect(withMultiplier.filter((c) => c === 'find').length).to.equal(withoutMultiplier.filter((c) => c === 'find').length + 1);
  });
});
