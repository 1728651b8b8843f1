import { expect } from 'chai';
import { aMember, anEvent, anOrderPaid, accepted, aRule, pointsOf, sendEvent, startEventsApp, type EventsApp } from './support.js';

describe('events: order.refunded reverses what the order earned', () => {
  let app: EventsApp;

  before(async () => {
    app = await startEventsApp();
    await aRule(app, { name: 'points', formula: { kind: 'per_amount', unit: 100, rate: 1 } });
    await aRule(app, { name: 'growth', currency: 'growth', formula: { kind: 'per_amount', unit: 100, rate: 2 } });
  });

  after(async () => {
    await app.t.close();
  });

  const refund = (externalId: string, orderId: string, refundAmount: number, orderAmount?: number) =>
    anEvent('order.refunded', externalId, { orderId, refundAmount, ...(orderAmount === undefined ? {} : { orderAmount }) });

  it('takes back a proportional share of points and growth, the order amount defaulting to the order.paid event', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    await accepted(app, paid);
    const orderId = paid.attributes?.orderId as string;
    expect(await pointsOf(app, member)).to.deep.equal({ available: 100, pending: 0, growth: 200 });

    const quarter = await accepted(app, refund(member, orderId, 2_500));

    expect(quarter.reversals.map((r) => [r.currency, r.delta])).to.deep.equal([
      ['points', -25],
      ['growth', -50],
    ]);
    expect(quarter.grants).to.deep.equal([]);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 75, pending: 0, growth: 150 });

    const rest = refund(member, orderId, 7_500);
    await accepted(app, rest);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });

    // A replay of a refund changes nothing.
    expect((await sendEvent(app, rest).expect(201)).headers['idempotent-replayed']).to.equal('true');
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
  });

  it('rounds the reversed share down on partial refunds and takes back exactly all on the full refund', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 999); // 9 points, 18 growth
    await accepted(app, paid);
    const orderId = paid.attributes?.orderId as string;

    await accepted(app, refund(member, orderId, 333, 999));
    expect(await pointsOf(app, member)).to.deep.equal({ available: 6, pending: 0, growth: 12 });
    await accepted(app, refund(member, orderId, 666, 999));
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
  });

  it('accepts a refund of an order not seen yet (202, waiting) and reverses when the order.paid arrives', async () => {
    const member = aMember();
    const event = refund(member, 'paid-later', 100);
    const res = await sendEvent(app, event).expect(202);
    expect(res.body).to.deep.include({ state: 'waiting', waitingFor: { orderId: 'paid-later' }, reversals: [] });

    const paid = { ...anOrderPaid(member, 1_000), attributes: { orderId: 'paid-later', amount: 1_000, currency: 'CNY' } };
    await accepted(app, paid);
    const outcome = await accepted(app, event);
    expect(outcome.reversals.map((r) => r.delta)).to.deep.equal([-1, -2]);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 9, pending: 0, growth: 18 });
  });

  it('accepts a refund of a paid order that earned nothing and reverses nothing', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 50); // below one unit of both rules
    await accepted(app, paid);
    const outcome = await accepted(app, refund(member, paid.attributes?.orderId as string, 50, 100));
    expect(outcome).to.deep.include({ state: 'processed', reversals: [] });
  });
});
