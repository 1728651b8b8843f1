import type { RedemptionView } from '@laurel/shared';
import { expect } from 'chai';
import { errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import {
  aCodeReward,
  aMemberWith,
  aReward,
  codeCounts,
  expectLedgerClean,
  redeemRequest,
  redemptionsOfReward,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

describe('mall: limits hold under concurrent redemptions', function () {
  this.timeout(300_000);
  let app: MallApp;
  let server: Awaited<ReturnType<typeof listening>>;

  before(async () => {
    app = await startMallApp();
    server = await listening(app.t.app);
  });
  after(async () => {
    await server.close();
    await app.t.close();
  });
  beforeEach(() => setClock(app, START));

  it('sells exactly the stock to 100 concurrent members: the rest are OUT_OF_STOCK and keep every point', async () => {
    const reward = await aReward(app, { pointsPrice: 50, stock: 10 });
    const members = await Promise.all(Array.from({ length: 100 }, () => aMemberWith(app, 80)));

    const answers = await Promise.all(members.map((m) => redeemRequest(app, m.externalId, { rewardId: reward.id }, undefined, server.api)));

    const completed = answers.filter((res) => res.status === 201);
    expect(completed).to.have.length(10);
    for (const res of answers.filter((a) => a.status !== 201)) {
      expect(res.status, JSON.stringify(res.body)).to.equal(422);
      expect(errorOf(res.body).code).to.equal('OUT_OF_STOCK');
    }
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 10, left: 0 });
    const winners = new Set(completed.map((res) => (res.body as RedemptionView).memberId));
    const balances = await Promise.all(members.map((m) => summaryOf(app, m.externalId)));
    members.forEach((m, i) => {
      expect(balances[i], m.externalId).to.include({ available: winners.has(m.id) ? 30 : 80, held: 0 });
    });
    const states = (await redemptionsOfReward(app, reward.id)).map((r) => r.state);
    expect(states.filter((s) => s === 'completed')).to.have.length(10);
    expect(states.every((s) => s === 'completed' || s === 'failed')).to.equal(true);
    await expectLedgerClean(app);
  });

  it("holds one member's limit per period under 50 concurrent requests, counted per member across orders", async () => {
    const reward = await aReward(app, { pointsPrice: 10, stock: 1000, limit: { count: 3, period: 'day' } });
    const member = await aMemberWith(app, 10_000);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 1 + (i % 2) }, undefined, server.api),
      ),
    );

    const units = answers.filter((res) => res.status === 201).reduce((sum, res) => sum + (res.body as RedemptionView).quantity, 0);
    expect(units).to.equal(3);
    for (const res of answers.filter((a) => a.status !== 201)) expect(errorOf(res.body).code).to.equal('LIMIT_REACHED');
    expect((await summaryOf(app, member.externalId)).available).to.equal(10_000 - 10 * units);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(1000 - units);

    // The next business day is a new period.
    await setClock(app, '2026-06-02T02:00:00.000Z');
    const next = await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 3 });
    expect(next.status, JSON.stringify(next.body)).to.equal(201);
    await expectLedgerClean(app);
  });

  it('gives each code once to concurrent redemptions of a code pool', async () => {
    const codes = Array.from({ length: 20 }, (_, i) => `CODE-${i}`);
    const reward = await aCodeReward(app, codes, { pointsPrice: 5 });
    const members = await Promise.all(Array.from({ length: 40 }, () => aMemberWith(app, 100)));

    const answers = await Promise.all(members.map((m) => redeemRequest(app, m.externalId, { rewardId: reward.id }, undefined, server.api)));

    const given = answers.filter((res) => res.status === 201).flatMap((res) => (res.body as RedemptionView).issued.map((i) => i.code));
    expect(given).to.have.length(20);
    expect(new Set(given).size).to.equal(20);
    expect(given).to.have.members(codes);
    expect(await codeCounts(app, reward.id)).to.include({ available: 0, assigned: 20 });
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(0);
  });
});
