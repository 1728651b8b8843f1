import type { EventOutcomeView } from '@laurel/shared';
import { expect } from 'chai';
import { errorOf } from '../../support/builders.js';
import {
  aMember,
  anEvent,
  anOrderPaid,
  accepted,
  aRule,
  pointsOf,
  sendEvent,
  startEventsApp,
  type EventBody,
  type EventsApp,
} from './support.js';

type Earn = EventsApp['t']['services']['ledger']['earn'];

/** A full refund of the order an order.paid event paid. */
function fullRefundOf(paid: EventBody, extra: Record<string, unknown> = {}): EventBody {
  const { orderId, amount } = paid.attributes as { orderId: string; amount: number };
  return anEvent('order.refunded', paid.member.externalId, { orderId, refundAmount: amount, ...extra });
}

describe('events: a refund is never lost, whichever of it and its order arrives or finishes first', function () {
  this.timeout(120_000);
  let app: EventsApp;
  let realEarn: Earn;

  before(async () => {
    app = await startEventsApp();
    realEarn = app.t.services.ledger.earn.bind(app.t.services.ledger);
    await aRule(app, { name: 'points', formula: { kind: 'per_amount', unit: 100, rate: 1 } });
    await aRule(app, { name: 'growth', currency: 'growth', formula: { kind: 'per_amount', unit: 100, rate: 2 } });
  });

  after(async () => {
    await app.t.close();
  });

  afterEach(() => {
    app.t.services.ledger.earn = realEarn;
  });

  const stateOf = async (id: string) =>
    (await app.t.mongo.connection.collection<{ _id: string; state: string }>('events').findOne({ _id: id }))?.state;

  /** Sends each member's order.paid and full refund at the same moment, every pair at once; `refundFirst` orders each pair. */
  async function burst(pairs: number, refundFirst: (i: number) => boolean): Promise<{ members: string[]; statuses: number[] }> {
    const members = Array.from({ length: pairs }, () => aMember());
    const requests = members.flatMap((member, i) => {
      const paid = anOrderPaid(member, 10_000);
      const refund = fullRefundOf(paid);
      return refundFirst(i) ? [refund, paid] : [paid, refund];
    });
    const answers = await Promise.all(requests.map((event) => sendEvent(app, event)));
    return { members, statuses: answers.map((res) => res.status) };
  }

  for (const [name, refundFirst] of [
    ['order.paid sent first', () => false],
    ['the refund sent first', () => true],
    ['the two orders of arrival mixed', (i: number) => i % 2 === 0],
  ] as const) {
    it(`leaves nothing of 50 fully refunded orders sent at the same moment as their refunds (${name})`, async () => {
      const { members, statuses } = await burst(50, refundFirst);

      const wallets = await Promise.all(members.map((m) => pointsOf(app, m)));
      const kept = wallets.filter((w) => w.available !== 0 || w.pending !== 0 || w.growth !== 0);
      expect(kept, `${kept.length} of 50 members kept what a refunded order earned`).to.deep.equal([]);
      expect(statuses.filter((s) => s !== 201 && s !== 202)).to.deep.equal([]);
      const events = app.t.mongo.connection.collection<{ _id: string; state: string }>('events');
      expect(await events.countDocuments({ state: { $ne: 'processed' } })).to.equal(0);
    });
  }

  it('leaves nothing of an order and its full refund sent at the same moment, 50 times over in both orders of arrival', async () => {
    const kept: string[] = [];
    for (let round = 0; round < 50; round++) {
      const member = aMember();
      const paid = anOrderPaid(member, 10_000);
      const pair = round % 2 === 0 ? [paid, fullRefundOf(paid)] : [fullRefundOf(paid), paid];
      const answers = await Promise.all(pair.map((event) => sendEvent(app, event)));
      expect(answers.map((res) => res.status).filter((s) => s !== 201 && s !== 202)).to.deep.equal([]);
      const wallet = await pointsOf(app, member);
      if (wallet.available !== 0 || wallet.growth !== 0) kept.push(`round ${round}: ${JSON.stringify(wallet)}`);
    }
    expect(kept).to.deep.equal([]);
  });

  it('accepts a refund that arrives before its order (202, waiting) and applies it when the order lands', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    const refund = fullRefundOf(paid);

    const early = await sendEvent(app, refund).expect(202);
    const waiting = early.body as EventOutcomeView;
    expect(waiting).to.deep.include({ id: refund.id, state: 'waiting', reversals: [], refusals: [] });
    expect(waiting.waitingFor).to.deep.equal({ orderId: paid.attributes?.orderId });
    expect(await stateOf(refund.id)).to.equal('waiting');
    // A replay while the order is still missing waits too.
    expect((await sendEvent(app, refund).expect(202)).body).to.deep.include({ state: 'waiting' });

    const order = await accepted(app, paid);
    expect(order.grants.map((g) => g.amount)).to.deep.equal([100, 200]);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
    expect(await stateOf(refund.id)).to.equal('processed');

    const replay = (await sendEvent(app, refund).expect(201)).body as EventOutcomeView;
    expect(replay.state).to.equal('processed');
    expect(replay.reversals.map((r) => [r.currency, r.delta])).to.deep.equal([
      ['points', -100],
      ['growth', -200],
    ]);
  });

  it('applies several refunds waiting for one order once each, stated against the amount of the order', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    const { orderId } = paid.attributes as { orderId: string };
    const quarter = anEvent('order.refunded', member, { orderId, refundAmount: 2_500 });
    const half = anEvent('order.refunded', member, { orderId, refundAmount: 5_000 });
    await sendEvent(app, quarter).expect(202);
    await sendEvent(app, half).expect(202);

    await accepted(app, paid);

    expect(await pointsOf(app, member)).to.deep.equal({ available: 25, pending: 0, growth: 50 });
    expect([await stateOf(quarter.id), await stateOf(half.id)]).to.deep.equal(['processed', 'processed']);
  });

  it('records a refusal for a waiting refund larger than the order it waited for, and keeps the order', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 1_000);
    const refund = fullRefundOf({ ...paid, attributes: { ...paid.attributes, amount: 5_000 } });
    await sendEvent(app, refund).expect(202);

    await accepted(app, paid);

    const outcome = (await sendEvent(app, refund).expect(201)).body as EventOutcomeView;
    expect(outcome.reversals).to.deep.equal([]);
    expect(outcome.refusals.map((r) => r.code)).to.deep.equal(['REFUND_EXCEEDS_ORDER']);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 10, pending: 0, growth: 20 });
  });

  it('still refuses at once a refund larger than the order amount it states', async () => {
    const refund = anEvent('order.refunded', aMember(), { orderId: 'stated', refundAmount: 2, orderAmount: 1 });
    expect(errorOf((await sendEvent(app, refund).expect(400)).body).code).to.equal('VALIDATION_FAILED');
  });

  it('retries on its own a waiting refund that fails when its order lands; the order is applied and answered', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    const refund = fullRefundOf(paid);
    await sendEvent(app, refund).expect(202);
    const ledger = app.t.services.ledger;
    const realReverse = ledger.reverseOrder.bind(ledger);
    ledger.reverseOrder = async () => {
      ledger.reverseOrder = realReverse;
      throw new Error('simulated crash');
    };

    await accepted(app, paid);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 100, pending: 0, growth: 200 });
    expect(await stateOf(refund.id)).to.equal('received');

    app.t.clock.advance(10 * 60_000);
    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ resumed: 1 });
    expect(await stateOf(refund.id)).to.equal('processed');
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
  });

  it('has the resume job check waiting refunds with a growing interval and apply one whose order is there', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    const refund = fullRefundOf(paid);
    await sendEvent(app, refund).expect(202);
    const events = app.t.mongo.connection.collection<{ _id: string; nextAttemptAt: Date | null }>('events');
    const nextCheck = async () => (await events.findOne({ _id: refund.id }))?.nextAttemptAt?.getTime();
    const received = app.t.clock.now().getTime();
    expect(await nextCheck()).to.equal(received + 60_000);

    app.t.clock.advance(5 * 60_000);
    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ waiting: 1 });
    // Checked again as long after as it has waited: 5 minutes.
    expect(await nextCheck()).to.equal(received + 10 * 60_000);

    // A state the slots do not let arise (the order stored without meeting the refund), which the job still repairs.
    await events.updateOne({ _id: refund.id }, { $set: { slot: `event:${refund.id}` } });
    await accepted(app, paid);
    expect(await stateOf(refund.id)).to.equal('waiting');
    app.t.clock.advance(5 * 60_000);
    expect(await app.t.services.events.resumeInterrupted()).to.deep.include({ resumed: 1, waiting: 0 });
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
  });

  it('completes an order.paid stored but not applied (a crash) before reversing it', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    app.t.services.ledger.earn = async () => {
      app.t.services.ledger.earn = realEarn;
      throw new Error('simulated crash');
    };
    await sendEvent(app, paid).expect(500);
    expect(await stateOf(paid.id)).to.equal('received');
    expect((await pointsOf(app, member)).available).to.equal(0);

    const outcome = (await sendEvent(app, fullRefundOf(paid)).expect(201)).body as EventOutcomeView;

    expect(outcome.reversals.map((r) => r.delta)).to.deep.equal([-100, -200]);
    expect(await stateOf(paid.id)).to.equal('processed');
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
    app.t.clock.advance(10 * 60_000);
    await app.t.services.events.resumeInterrupted();
    await sendEvent(app, paid).expect(201);
    expect(await pointsOf(app, member)).to.deep.equal({ available: 0, pending: 0, growth: 0 });
  });

  it('ends the same when one order.paid of a concurrent burst crashes before its earnings and is resumed later', async () => {
    const members = Array.from({ length: 50 }, () => aMember());
    const pairs = members.map((member) => {
      const paid = anOrderPaid(member, 10_000);
      return { paid, refund: fullRefundOf(paid) };
    });
    const victim = pairs[17]!.paid;
    app.t.services.ledger.earn = async (input) => {
      if (input.key.includes(victim.id)) {
        app.t.services.ledger.earn = realEarn;
        throw new Error('simulated crash');
      }
      return realEarn(input);
    };
    const answers = await Promise.all(
      pairs.flatMap(({ paid, refund }, i) => (i % 2 === 0 ? [paid, refund] : [refund, paid])).map((e) => sendEvent(app, e)),
    );
    app.t.services.ledger.earn = realEarn;
    expect(answers.filter((res) => ![201, 202, 500].includes(res.status)).map((res) => res.status)).to.deep.equal([]);

    app.t.clock.advance(10 * 60_000);
    await app.t.services.events.resumeInterrupted();
    app.t.clock.advance(10 * 60_000);
    await app.t.services.events.resumeInterrupted();

    const wallets = await Promise.all(members.map((m) => pointsOf(app, m)));
    expect(wallets.filter((w) => w.available !== 0 || w.growth !== 0)).to.deep.equal([]);
    for (const { paid, refund } of pairs) {
      expect([await stateOf(paid.id), await stateOf(refund.id)]).to.deep.equal(['processed', 'processed']);
    }
  });
});
