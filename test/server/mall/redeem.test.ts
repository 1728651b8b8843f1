import type { RedemptionView } from '@laurel/shared';
import { outboxMessageModel } from '@laurel/server/modules/outbox/model.js';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
import { listening } from '../../support/harness.js';
import {
  aCodeReward,
  aMemberWith,
  aReward,
  codeCounts,
  expectLedgerClean,
  mallOf,
  memberAuth,
  redeemed,
  redeemRequest,
  redemptionOf,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

describe('mall: redeeming a reward', function () {
  this.timeout(120_000);
  let app: MallApp;

  before(async () => {
    app = await startMallApp();
    await app.t.http
      .post('/api/admin/v1/tiers')
      .set(bearer(app.operator.token))
      .send({ code: 'gold', name: 'Gold', rank: 1, entryThreshold: 1_000_000 })
      .expect(201);
  });
  after(() => app.t.close());
  beforeEach(() => setClock(app, START));

  it('completes a physical redemption: points captured, one unit of stock taken, fulfilment pending', async () => {
    const reward = await aReward(app, { pointsPrice: 120, stock: 5 });
    const member = await aMemberWith(app, 500);

    const redemption = await redeemed(app, member.externalId, reward.id, 2);

    expect(redemption).to.include({ state: 'completed', quantity: 2, pointsPrice: 120, pointsTotal: 240, rewardType: 'physical' });
    expect(redemption.fulfilment?.status).to.equal('pending');
    expect(redemption.issued).to.deep.equal([{ kind: 'item', id: redemption.id }]);
    const summary = await summaryOf(app, member.externalId);
    expect(summary).to.include({ available: 260, held: 0 });
    expect(summary.lifetime.points.spent).to.equal(240);
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 5, left: 3 });
    await expectLedgerClean(app);
  });

  it('gives each redemption of a virtual-code reward its own codes from the pool', async () => {
    const reward = await aCodeReward(app, ['A-1', 'A-2', 'A-3']);
    const member = await aMemberWith(app, 1000);

    const first = await redeemed(app, member.externalId, reward.id, 2);
    const second = await redeemed(app, member.externalId, reward.id, 1);

    const codes = [...first.issued, ...second.issued].map((item) => item.code);
    expect(codes).to.have.members(['A-1', 'A-2', 'A-3']);
    expect(await codeCounts(app, reward.id)).to.include({ available: 0, assigned: 3, voided: 0, total: 3 });
    const admin = await app.t.http.get(`/api/admin/v1/redemptions?rewardId=${reward.id}`).set(bearer(app.viewer.token)).expect(200);
    expect(JSON.stringify(admin.body), 'operators list redemptions without the codes').to.not.include('A-1');
    const refused = await redeemRequest(app, member.externalId, { rewardId: reward.id });
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('OUT_OF_STOCK');
  });

  it('refuses with INSUFFICIENT_POINTS when the balance does not cover price × quantity, and keeps every point and unit', async () => {
    const reward = await aReward(app, { pointsPrice: 100, stock: 5 });
    const member = await aMemberWith(app, 250);

    const res = await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 3 });

    expect(res.status).to.equal(422);
    expect(errorOf(res.body).code).to.equal('INSUFFICIENT_POINTS');
    expect(await summaryOf(app, member.externalId)).to.include({ available: 250, held: 0 });
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 5, left: 5 });
    const list = await app.t.http.get('/api/v1/me/redemptions').set(memberAuth(app, member.externalId)).expect(200);
    const [failed] = (list.body as { items: RedemptionView[] }).items;
    expect(failed).to.include({ state: 'failed', rewardId: reward.id });
    expect(failed!.failure?.code).to.equal('INSUFFICIENT_POINTS');
    await app.t.services.outbox.relay();
    const messages = await outboxMessageModel(app.t.mongo.connection)
      .find({ _id: `redemption.failed:${failed!.id}` })
      .lean();
    expect(messages.map((m) => m.data.failure)).to.deep.equal([{ code: 'INSUFFICIENT_POINTS', message: failed!.failure!.message }]);
    await expectLedgerClean(app);
  });

  it('refuses a paused reward and one outside its sale window with NOT_ON_SALE', async () => {
    const paused = await aReward(app, { active: false });
    const later = await aReward(app, { saleStartsAt: '2026-06-02T00:00:00.000Z' });
    const over = await aReward(app, { saleEndsAt: '2026-06-01T02:00:00.000Z' });
    const member = await aMemberWith(app, 1000);

    for (const reward of [paused, later, over]) {
      const res = await redeemRequest(app, member.externalId, { rewardId: reward.id });
      expect(res.status, reward.name).to.equal(422);
      expect(errorOf(res.body).code).to.equal('NOT_ON_SALE');
    }
    await setClock(app, '2026-06-02T00:00:00.000Z');
    expect((await redeemed(app, member.externalId, later.id)).state).to.equal('completed');
  });

  it("refuses members outside the reward's tiers with NOT_ELIGIBLE, and keeps the tiers it was checked against on the redemption", async () => {
    const reward = await aReward(app, { tiers: ['gold'] });
    const plain = await aMemberWith(app, 1000);
    const gold = await aMemberWith(app, 1000);
    await app.t.http
      .post(`/api/admin/v1/members/${gold.id}/tier`)
      .set(bearer(app.operator.token))
      .send({ tier: 'gold', reason: 'test', autoUpgrade: false })
      .expect(200);

    const refused = await redeemRequest(app, plain.externalId, { rewardId: reward.id });
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('NOT_ELIGIBLE');
    const redemption = await redeemed(app, gold.externalId, reward.id);
    expect(redemption).to.deep.include({ state: 'completed', tiers: ['gold'], memberTier: 'gold' });

    await app.t.http
      .patch(`/api/admin/v1/rewards/${reward.id}`)
      .set(bearer(app.operator.token))
      .send({ tiers: ['platinum'] })
      .expect(200);
    expect(await redemptionOf(app, gold.externalId, redemption.id), 'the redemption keeps the terms it was made under').to.deep.include({
      tiers: ['gold'],
      memberTier: 'gold',
    });
    const now = await redeemRequest(app, gold.externalId, { rewardId: reward.id });
    expect(errorOf(now.body).code).to.equal('NOT_ELIGIBLE');
  });

  it('keeps the price a redemption was made at when the reward changes afterwards', async () => {
    const reward = await aReward(app, { pointsPrice: 100, revocable: true });
    const member = await aMemberWith(app, 1000);
    const redemption = await redeemed(app, member.externalId, reward.id);

    await app.t.http.patch(`/api/admin/v1/rewards/${reward.id}`).set(bearer(app.operator.token)).send({ pointsPrice: 300 }).expect(200);

    expect((await redemptionOf(app, member.externalId, redemption.id)).pointsPrice).to.equal(100);
    const cancelled = await app.t.http.post(`/api/v1/me/redemptions/${redemption.id}/cancel`).set(memberAuth(app, member.externalId));
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    expect((await summaryOf(app, member.externalId)).available).to.equal(1000);
    expect((await redeemed(app, member.externalId, reward.id)).pointsTotal).to.equal(300);
  });

  it('answers a retry with the same Idempotency-Key with the same redemption, once', async () => {
    const reward = await aReward(app, { pointsPrice: 10 });
    const member = await aMemberWith(app, 1000);

    const first = await redeemRequest(app, member.externalId, { rewardId: reward.id }, 'buy-1');
    const again = await redeemRequest(app, member.externalId, { rewardId: reward.id }, 'buy-1');
    const other = await redeemRequest(app, member.externalId, { rewardId: reward.id, quantity: 2 }, 'buy-1');

    expect(first.status).to.equal(201);
    expect(again.status).to.equal(201);
    expect((again.body as RedemptionView).id).to.equal((first.body as RedemptionView).id);
    expect(other.status).to.equal(409);
    expect((await summaryOf(app, member.externalId)).available).to.equal(990);
  });

  it('makes one redemption of 50 concurrent requests with one Idempotency-Key', async () => {
    const reward = await aReward(app, { pointsPrice: 10, stock: 100 });
    const member = await aMemberWith(app, 1000);
    const server = await listening(app.t.app);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => redeemRequest(app, member.externalId, { rewardId: reward.id }, 'same-key', server.api)),
      );
      const ids = new Set(answers.filter((res) => res.status === 201).map((res) => (res.body as RedemptionView).id));
      expect(ids.size).to.equal(1);
      expect(answers.every((res) => res.status === 201 || res.status === 409)).to.equal(true);
    } finally {
      await server.close();
    }
    expect((await summaryOf(app, member.externalId)).available).to.equal(990);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(99);
  });

  it("shows the member's mall: price, stock left, limit left this period, and why a reward is not allowed", async () => {
    const member = await aMemberWith(app, 150);
    const open = await aReward(app, { pointsPrice: 100, stock: 3, limit: { count: 2, period: 'week' }, displayOrder: -30 });
    const dear = await aReward(app, { pointsPrice: 200, displayOrder: -20 });
    const soldOut = await aReward(app, { stock: 0, displayOrder: -10 });
    await redeemed(app, member.externalId, open.id);

    const mall = await mallOf(app, member.externalId);

    expect(mall.points).to.equal(50);
    const byId = new Map(mall.items.map((item) => [item.rewardId, item]));
    expect(byId.get(open.id)).to.deep.include({ stockLeft: 2, allowed: false, reason: 'insufficient_points' });
    expect(byId.get(open.id)!.limit).to.deep.equal({ count: 2, period: 'week', left: 1, periodKey: '2026-W23' });
    expect(byId.get(dear.id)).to.deep.include({ allowed: false, reason: 'insufficient_points', limit: null });
    expect(byId.get(soldOut.id)).to.deep.include({ allowed: false, reason: 'out_of_stock' });
    const order = mall.items.map((item) => item.rewardId).filter((id) => [open.id, dear.id, soldOut.id].includes(id));
    expect(order).to.deep.equal([open.id, dear.id, soldOut.id]);
  });

  it('answers 400 for a malformed request and 404 for an unknown reward, changing nothing', async () => {
    const member = await aMemberWith(app, 100);
    const bad = await redeemRequest(app, member.externalId, { rewardId: 'nope', quantity: 0 });
    expect(bad.status).to.equal(400);
    expect(errorOf(bad.body).code).to.equal('VALIDATION_FAILED');
    const unknown = await redeemRequest(app, member.externalId, { rewardId: '665f0c2a1b2c3d4e5f607180' });
    expect(unknown.status).to.equal(404);
    const notMine = await app.t.http.get('/api/v1/me/redemptions/665f0c2a1b2c3d4e5f607180').set(memberAuth(app, member.externalId));
    expect(notMine.status).to.equal(404);
  });
});
