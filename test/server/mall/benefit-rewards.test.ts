import { randomBytes } from 'node:crypto';
import { ApiScope, type EntitlementView, type RedemptionView } from '@laurel/shared';
import { expect } from 'chai';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import {
  aMemberWith,
  aReward,
  expectLedgerClean,
  memberAuth,
  redeemed,
  redeemRequest,
  rewardOf,
  setClock,
  START,
  startMallApp,
  summaryOf,
  type MallApp,
} from './support.js';

describe('mall: benefit rewards grant uses of a benefit', function () {
  this.timeout(120_000);
  let app: MallApp;
  let checkoutKey: string;

  before(async () => {
    app = await startMallApp();
    checkoutKey = await anApiKey(app.t, [ApiScope.BenefitsWrite]);
  });
  after(() => app.t.close());
  beforeEach(() => {
    app.faults.revive();
    return setClock(app, START);
  });

  async function aBenefit(): Promise<string> {
    const code = `ship-${randomBytes(4).toString('hex')}`;
    const res = await app.t.http
      .post('/api/admin/v1/benefits')
      .set(bearer(app.operator.token))
      .send({ code, type: 'free_shipping', name: 'Free shipping' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return code;
  }

  async function remainingOf(externalId: string, code: string): Promise<number | null> {
    const res = await app.t.http.get('/api/v1/me/benefits').set(memberAuth(app, externalId)).expect(200);
    const found = (res.body as { items: EntitlementView[] }).items.find((e) => e.benefitCode === code);
    return found ? found.remaining : 0;
  }

  it('grants count × quantity uses, valid for the given days, to the member', async () => {
    const code = await aBenefit();
    const reward = await aReward(app, { type: 'benefit', benefit: { code, count: 2, validDays: 30 }, pointsPrice: 50 });
    const member = await aMemberWith(app, 200);

    const redemption = await redeemed(app, member.externalId, reward.id, 3);

    expect(redemption.issued).to.have.length(1);
    expect(redemption.issued[0]!.kind).to.equal('benefit');
    expect(await remainingOf(member.externalId, code)).to.equal(6);
    expect((await summaryOf(app, member.externalId)).available).to.equal(50);
  });

  it('revokes the unused grant when a later step fails', async () => {
    const code = await aBenefit();
    const reward = await aReward(app, { type: 'benefit', benefit: { code, count: 1, validDays: 7 }, pointsPrice: 50 });
    const member = await aMemberWith(app, 200);
    app.faults.failOnce('issued');

    expect((await redeemRequest(app, member.externalId, { rewardId: reward.id })).status).to.equal(500);

    expect(await remainingOf(member.externalId, code)).to.equal(0);
    expect((await summaryOf(app, member.externalId)).available).to.equal(200);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(10);
    await expectLedgerClean(app);
  });

  it('revokes an unused grant on cancel, and refuses NOT_REVOCABLE once a use was taken', async () => {
    const code = await aBenefit();
    const reward = await aReward(app, { type: 'benefit', benefit: { code, count: 1, validDays: 7 }, pointsPrice: 50, revocable: true });
    const unusedOwner = await aMemberWith(app, 200);
    const usedOwner = await aMemberWith(app, 200);
    const unused = await redeemed(app, unusedOwner.externalId, reward.id);
    const used = await redeemed(app, usedOwner.externalId, reward.id);
    const use = await app.t.http
      .post(`/api/v1/members/${usedOwner.externalId}/benefits/${code}/use`)
      .set(bearer(checkoutKey))
      .send({ orderId: 'order-1' });
    expect(use.status, JSON.stringify(use.body)).to.be.oneOf([200, 201]);

    const cancelled = await app.t.http.post(`/api/v1/me/redemptions/${unused.id}/cancel`).set(memberAuth(app, unusedOwner.externalId));
    const refused = await app.t.http.post(`/api/v1/me/redemptions/${used.id}/cancel`).set(memberAuth(app, usedOwner.externalId));

    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
    expect((cancelled.body as RedemptionView).state).to.equal('cancelled');
    expect(await remainingOf(unusedOwner.externalId, code)).to.equal(0);
    expect((await summaryOf(app, unusedOwner.externalId)).available).to.equal(200);
    expect(refused.status).to.equal(422);
    expect(errorOf(refused.body).code).to.equal('NOT_REVOCABLE');
    expect((await summaryOf(app, usedOwner.externalId)).available).to.equal(150);
    expect((await rewardOf(app, reward.id)).stock.left).to.equal(9);
    await expectLedgerClean(app);
  });

  it('refuses a benefit reward whose benefit does not exist, or is a points multiplier (it applies through packages only)', async () => {
    const create = (code: string) =>
      app.t.http
        .post('/api/admin/v1/rewards')
        .set(bearer(app.operator.token))
        .send({ name: 'ghost', type: 'benefit', benefit: { code, count: 1, validDays: 1 }, pointsPrice: 10, stock: 1 });
    const unknown = await create('no-such-benefit');
    expect(unknown.status).to.equal(400);
    expect(errorOf(unknown.body).details.fields).to.deep.equal([{ field: 'benefit.code', reasons: ['no active benefit no-such-benefit'] }]);

    const multiplier = `boost-${randomBytes(4).toString('hex')}`;
    await app.t.http
      .post('/api/admin/v1/benefits')
      .set(bearer(app.operator.token))
      .send({ code: multiplier, type: 'points_multiplier', name: 'Points boost', value: { percent: 150 } })
      .expect(201);
    const boost = await create(multiplier);
    expect(boost.status).to.equal(400);
    expect(errorOf(boost.body).details.fields).to.deep.equal([
      { field: 'benefit.code', reasons: ['a points multiplier applies through packages only and cannot be granted'] },
    ]);
  });
});
