import { expect } from 'chai';
import { parseEvent } from '@laurel/server/modules/events/parse.js';
import type { Services } from '@laurel/server/services.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { aMember, anOrderPaid } from './support.js';

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
