import { expect } from 'chai';
import { parseEvent } from '@laurel/server/modules/events/parse.js';
import type { Services } from '@laurel/server/services.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { aMember, anEvent, anOrderPaid } from './support.js';

const SYSTEM = { type: 'system' as const, id: 'test', label: 'test' };

describe('events: database commands per event', () => {
  let t: TestApp;
  let services: Services;
  let counted: string[] | null = null;

  before(async () => {
    t = await startTestApp({ onCommand: (name) => counted?.push(name) });
    t.clock.set('2026-06-01T02:00:00.000Z');
    services = t.services;
  });

  after(async () => {
    await t.close();
  });

  /** The commands one event costs once the member, the rule cache and the wallet exist. */
  async function commandsFor(rule: Parameters<Services['earningRules']['create']>[0]): Promise<string[]> {
    await services.earningRules.create(rule, SYSTEM);
    const member = aMember();
    await services.events.ingest(await parseEvent(anOrderPaid(member, 10_000)), 'service:test');
    counted = [];
    await services.events.ingest(await parseEvent(anOrderPaid(member, 10_000)), 'service:test');
    const commands = counted;
    counted = null;
    const active = await services.earningRules.list({ status: 'active' });
    for (const r of active.items) await services.earningRules.archive(r.id, SYSTEM);
    return commands;
  }

  it('costs 5 commands with one uncapped rule: anchor, 3 in the ledger, outcome; no rule or member query', async () => {
    const commands = await commandsFor({
      name: 'plain',
      eventType: 'order.paid',
      currency: 'points',
      formula: { kind: 'fixed', amount: 5 },
    });
    expect(commands).to.deep.equal(['insert', 'find', 'insert', 'update', 'update']);
  });

  it('costs at most 4 commands per earn event when 32 arrive at once: their anchors and outcomes leave in shared commands', async () => {
    await services.earningRules.create(
      { name: 'burst', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 5 } },
      SYSTEM,
    );
    const members = Array.from({ length: 32 }, () => aMember());
    // Enrolled, rule cache warm, wallets there: what is left is each event's own work.
    await Promise.all(members.map(async (m) => services.events.ingest(await parseEvent(anOrderPaid(m, 100)), 'service:test')));
    const events = await Promise.all(members.map((m) => parseEvent(anOrderPaid(m, 10_000))));
    counted = [];
    const outcomes = await Promise.all(events.map((e) => services.events.ingest(e, 'service:test')));
    const commands = counted;
    counted = null;

    expect(outcomes.map((o) => o.outcome.grants.length)).to.deep.equal(members.map(() => 1));
    const stored = await t.mongo.connection
      .db!.collection('events')
      .find({ _id: { $in: events.map((e) => e.id) } } as never)
      .toArray();
    expect(stored.map((e) => e.state)).to.deep.equal(events.map(() => 'processed'));
    // Each event's 3 ledger commands (wallet read, entry insert, wallet update) stay its own.
    expect(commands.filter((c) => c === 'find')).to.have.length(32);
    expect(commands.length).to.be.at.most(4 * 32);
    for (const r of (await services.earningRules.list({ status: 'active' })).items) await services.earningRules.archive(r.id, SYSTEM);
  });

  /** The commands of `events` sent one after another, the first after a warm-up event for the member. */
  async function commandsOf(member: string, ...events: ReturnType<typeof anEvent>[]): Promise<string[][]> {
    await services.events.ingest(await parseEvent(anEvent('warm.up', member)), 'service:test');
    const perEvent: string[][] = [];
    for (const event of events) {
      counted = [];
      await services.events.ingest(await parseEvent(event), 'service:test');
      perEvent.push(counted);
    }
    counted = null;
    return perEvent;
  }

  it('costs a custom event without rules its anchor and outcome only', async () => {
    const member = aMember();
    const [commands] = await commandsOf(member, anEvent('page.viewed', member));
    expect(commands).to.deep.equal(['insert', 'update']);
  });

  it('costs a refund that arrives before its order the order lookup and its anchor; the order.paid then finds it', async () => {
    const member = aMember();
    const paid = anOrderPaid(member, 10_000);
    const refund = anEvent('order.refunded', member, { orderId: paid.attributes?.orderId, refundAmount: 10_000 });
    const [early, order] = await commandsOf(member, refund, paid);

    expect(early).to.deep.equal(['find', 'insert']);
    // No rule here: the order's insert collides with the waiting refund (insert, find by id, insert in its own slot),
    // then the waiting refunds of the order (find), the refund's reversal (a ledger lookup) and outcome, the order's outcome.
    expect(order).to.deep.equal(['insert', 'find', 'insert', 'find', 'find', 'update', 'update']);
  });

  it('adds one command per capped period on the fast path', async () => {
    const commands = await commandsFor({
      name: 'capped',
      eventType: 'order.paid',
      currency: 'points',
      formula: { kind: 'fixed', amount: 5 },
      caps: { perDay: 1_000 },
    });
    expect(commands).to.have.length(6);
  });
});
