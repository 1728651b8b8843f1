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
  memberAuth,
  redeemed,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

describe('mall: cancelling a redemption and fulfilling physical ones', function () {
  this.timeout(180_000);
  let app: MallApp;

  before(async () => {
    app = await startMallApp();
  });
  after(() => app.t.close());
  beforeEach(() => setClock(app, START));

  function cancelRequest(externalId: string, id: string) {
    return app.t.http.post(`/api/v1/me/redemptions/${id}/cancel`).set(memberAuth(app, externalId));
  }

  function fulfil(id: string, body: Record<string, unknown>) {
    return app.t.http.post(`/api/admin/v1/redemptions/${id}/fulfilment`).set(bearer(app.operator.token)).send(body);
  }

  it('returns points, stock and the limit once to 20 concurrent cancels, and tells webhooks once', async () => {
    const reward = await aReward(app, { pointsPrice: 70, stock: 3, revocable: true, limit: { count: 1, period: 'lifetime' } });
    const member = await aMemberWith(app, 100);
    const redemption = await redeemed(app, member.externalId, reward.id);
    expect((await summaryOf(app, member.externalId)).available).to.equal(30);

    const server = await listening(app.t.app);
    let answers;
    try {
      answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          server.api.post(`/api/v1/me/redemptions/${redemption.id}/cancel`).set(memberAuth(app, member.externalId)),
        ),
      );
    } finally {
      await server.close();
    }

    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect((res.body as RedemptionView).state).to.equal('cancelled');
    }
    expect((await summaryOf(app, member.externalId)).available).to.equal(100);
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 3, left: 3 });
    await app.t.services.outbox.relay();
    const messages = await outboxMessageModel(app.t.mongo.connection)
      .find({ type: /^redemption\./, memberId: member.id })
      .lean();
    expect(messages.map((m) => m.type).sort()).to.deep.equal(['redemption.cancelled', 'redemption.completed']);
    // The lifetime limit was given back with it.
    expect((await redeemed(app, member.externalId, reward.id)).state).to.equal('completed');
    await expectLedgerClean(app);
  });

  it('never lifts the stock above its total, even after the total was cut', async () => {
    const reward = await aReward(app, { pointsPrice: 10, stock: 3, revocable: true });
    const member = await aMemberWith(app, 100);
    const first = await redeemed(app, member.externalId, reward.id);
    await redeemed(app, member.externalId, reward.id);
    await app.t.http.patch(`/api/admin/v1/rewards/${reward.id}`).set(bearer(app.operator.token)).send({ stock: 2 }).expect(200);
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 2, left: 0 });

    expect((await cancelRequest(member.externalId, first.id)).status).to.equal(200);
    expect((await cancelRequest(member.externalId, first.id)).status).to.equal(200);

    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 2, left: 1 });
    const cut = await app.t.http.patch(`/api/admin/v1/rewards/${reward.id}`).set(bearer(app.operator.token)).send({ stock: 0 });
    expect(cut.status).to.equal(422);
    expect(errorOf(cut.body).code).to.equal('STOCK_BELOW_REDEEMED');
  });

  it('refuses to cancel with NOT_REVOCABLE: a reward that is not revocable, a failed redemption, a shipped item', async () => {
    const member = await aMemberWith(app, 1000);
    const fixed = await redeemed(app, member.externalId, (await aReward(app, { revocable: false })).id);
    const shippedReward = await aReward(app, { revocable: true });
    const shipped = await redeemed(app, member.externalId, shippedReward.id);
    expect((await fulfil(shipped.id, { status: 'shipped', trackingNumber: 'SF123' })).status).to.equal(200);
    const dear = await aReward(app, { pointsPrice: 5000, revocable: true });
    const failing = await app.t.http.post('/api/v1/me/redemptions').set(memberAuth(app, member.externalId)).send({ rewardId: dear.id });
    expect(errorOf(failing.body).code).to.equal('INSUFFICIENT_POINTS');
    const list = await app.t.http.get('/api/v1/me/redemptions?state=failed').set(memberAuth(app, member.externalId)).expect(200);
    const [failed] = (list.body as { items: RedemptionView[] }).items;

    for (const id of [fixed.id, shipped.id, failed!.id]) {
      const res = await cancelRequest(member.externalId, id);
      expect(res.status, id).to.equal(422);
      expect(errorOf(res.body).code).to.equal('NOT_REVOCABLE');
    }
    expect((await summaryOf(app, member.externalId)).available).to.equal(800);
  });

  it("voids a cancelled redemption's codes (never given again) and returns its points, not the spent stock", async () => {
    const reward = await aCodeReward(app, ['V-1', 'V-2'], { pointsPrice: 40, revocable: true });
    const member = await aMemberWith(app, 100);
    const redemption = await redeemed(app, member.externalId, reward.id);

    const res = await cancelRequest(member.externalId, redemption.id);

    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect((await summaryOf(app, member.externalId)).available).to.equal(100);
    expect(await codeCounts(app, reward.id)).to.include({ available: 1, assigned: 0, voided: 1 });
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(1);
    const next = await redeemed(app, member.externalId, reward.id);
    expect(next.issued[0]!.code).to.not.equal(redemption.issued[0]!.code);
  });

  it('moves a physical item pending → shipped → delivered, audited, and refuses steps out of order', async () => {
    const member = await aMemberWith(app, 1000);
    const redemption = await redeemed(app, member.externalId, (await aReward(app)).id);

    const early = await fulfil(redemption.id, { status: 'delivered' });
    expect(early.status).to.equal(422);
    expect(errorOf(early.body).code).to.equal('FULFILMENT_NOT_ALLOWED');
    const shipped = await fulfil(redemption.id, { status: 'shipped', trackingNumber: 'SF1', note: 'by courier' });
    expect((shipped.body as RedemptionView).fulfilment).to.include({ status: 'shipped', trackingNumber: 'SF1', note: 'by courier' });
    expect((await fulfil(redemption.id, { status: 'shipped' })).status, 'the same status again changes nothing').to.equal(200);
    const delivered = await fulfil(redemption.id, { status: 'delivered' });
    expect((delivered.body as RedemptionView).fulfilment).to.include({ status: 'delivered', trackingNumber: 'SF1' });
    const late = await fulfil(redemption.id, { status: 'cancelled' });
    expect(errorOf(late.body).code).to.equal('FULFILMENT_NOT_ALLOWED');

    const audit = await app.t.http.get(`/api/admin/v1/audit?targetType=redemption&targetId=${redemption.id}`).set(bearer(app.viewer.token));
    expect((audit.body as { items: { action: string }[] }).items.map((e) => e.action)).to.deep.equal([
      'redemption.fulfilment',
      'redemption.fulfilment',
    ]);
    const viewer = await app.t.http
      .post(`/api/admin/v1/redemptions/${redemption.id}/fulfilment`)
      .set(bearer(app.viewer.token))
      .send({ status: 'cancelled' });
    expect(viewer.status).to.equal(403);
  });

  it('returns points and stock when an operator cancels a shipped item (even of a reward that is not revocable)', async () => {
    const reward = await aReward(app, { pointsPrice: 300, stock: 4 });
    const member = await aMemberWith(app, 1000);
    const redemption = await redeemed(app, member.externalId, reward.id, 2);
    await fulfil(redemption.id, { status: 'shipped' });

    const res = await fulfil(redemption.id, { status: 'cancelled', note: 'returned by the courier' });

    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body as RedemptionView).to.deep.include({ state: 'cancelled' });
    expect((res.body as RedemptionView).fulfilment?.status).to.equal('cancelled');
    expect((await summaryOf(app, member.externalId)).available).to.equal(1000);
    expect((await rewardOf(app, reward.id)).stock).to.deep.equal({ total: 4, left: 4 });
    const again = await fulfil(redemption.id, { status: 'cancelled' });
    expect(again.status).to.equal(200);
    expect((await summaryOf(app, member.externalId)).available).to.equal(1000);
    await expectLedgerClean(app);
  });

  it('lists redemptions for operators by state, reward and member', async () => {
    const reward = await aReward(app, { pointsPrice: 1 });
    const a = await aMemberWith(app, 10);
    const b = await aMemberWith(app, 10);
    await redeemed(app, a.externalId, reward.id);
    await redeemed(app, b.externalId, reward.id);

    const byReward = await app.t.http.get(`/api/admin/v1/redemptions?rewardId=${reward.id}&state=completed`).set(bearer(app.viewer.token));
    expect((byReward.body as { items: RedemptionView[] }).items.map((r) => r.memberId).sort()).to.deep.equal([a.id, b.id].sort());
    const ofMember = await app.t.http.get(`/api/admin/v1/members/${a.id}/redemptions`).set(bearer(app.viewer.token));
    expect((ofMember.body as { items: RedemptionView[] }).items.map((r) => r.memberId)).to.deep.equal([a.id]);
    const unknown = await app.t.http.get('/api/admin/v1/members/665f0c2a1b2c3d4e5f607180/redemptions').set(bearer(app.viewer.token));
    expect(unknown.status).to.equal(404);
  });
});
