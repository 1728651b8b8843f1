import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { Schema, type Model } from 'mongoose';
import { outboxCarrierFields, outboxMessageModel, type StoredOutboxMessage } from '@laurel/server/modules/outbox/model.js';
import { OutboxService } from '@laurel/server/modules/outbox/service.js';
import type { OutboxCarrier } from '@laurel/server/modules/outbox/types.js';
import { ledgerEntryModel, type LedgerEntry } from '@laurel/server/modules/ledger/model.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

const source = { type: 'event' as const, id: 'evt' };
const DAY = 86_400_000;

function aMemberId(): string {
  return randomBytes(12).toString('hex');
}

let keys = 0;
function aKey(): string {
  keys += 1;
  return `k-${keys}-${randomBytes(3).toString('hex')}`;
}

describe('outbox: ledger messages and the relay', () => {
  let t: TestApp;
  let entries: Model<LedgerEntry>;
  let messages: Model<StoredOutboxMessage>;

  before(async () => {
    t = await startTestApp();
    t.clock.set('2026-06-01T02:00:00.000Z');
    entries = ledgerEntryModel(t.mongo.connection);
    messages = outboxMessageModel(t.mongo.connection);
  });

  after(async () => {
    await t.close();
  });

  it('writes an earn and its points.earned message in one entry, pending relay, with an id derived from the key', async () => {
    const memberId = aMemberId();
    const key = aKey();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 120, key, source, orderId: 'order-1' });
    const entry = await entries.findOne({ memberId, key }).lean();
    expect(entry?.outboxPending).to.equal(true);
    expect(entry?.outbox).to.have.length(1);
    const message = entry!.outbox![0]!;
    expect(message.id).to.equal(`points.earned:${memberId}:${key}`);
    expect(message.type).to.equal('points.earned');
    expect(message.memberId).to.equal(memberId);
    expect(message.data).to.include({ currency: 'points', kind: 'earn', delta: 120, orderId: 'order-1', seq: 1 });
    expect(message.data.balanceAfter).to.deep.equal({ available: 120, pending: 0, held: 0, debt: 0 });
    expect(message.data).to.not.have.property('operator');
    expect(message.data).to.not.have.property('fingerprint');
  });

  it('copies each pending message into the outbox once and clears the flag', async () => {
    const memberId = aMemberId();
    const key = aKey();
    await t.services.ledger.earn({ memberId, currency: 'growth', amount: 5, key, source });
    await t.services.outbox.relay();
    const stored = await messages.findById(`growth.earned:${memberId}:${key}`).lean();
    expect(stored?.type).to.equal('growth.earned');
    expect(stored?.anchor.source).to.equal('ledger_entries');
    expect(stored?.fanoutPending).to.equal(true);
    const entry = await entries.findOne({ memberId, key }).lean();
    expect(entry?.outboxPending).to.equal(undefined);
    expect(entry?.outbox).to.have.length(1);
    expect(await t.services.outbox.relay()).to.deep.equal({ anchors: 0, messages: 0, duplicates: 0 });
  });

  it('publishes one message type per ledger operation, points and growth alike', async () => {
    const memberId = aMemberId();
    const ledger = t.services.ledger;
    await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source, orderId: 'o-1' });
    await ledger.earn({ memberId, currency: 'growth', amount: 100, key: aKey(), source, orderId: 'o-1' });
    await ledger.spend({ memberId, amount: 10, key: aKey(), reason: 'coupon' });
    await ledger.hold({ memberId, amount: 5, orderId: 'o-2', key: aKey() });
    await ledger.capture({ memberId, orderId: 'o-2', key: aKey() });
    await ledger.hold({ memberId, amount: 5, orderId: 'o-3', key: aKey() });
    await ledger.release({ memberId, orderId: 'o-3', key: aKey() });
    await ledger.adjust({
      memberId,
      currency: 'points',
      amount: -1,
      reason: 'goodwill correction',
      operator: { type: 'admin', id: 'op-1', label: 'ops@example.com' },
      key: aKey(),
    });
    await ledger.reverseOrder({ memberId, orderId: 'o-1', refundAmount: 50, orderAmount: 100, key: aKey() });
    await ledger.earn({ memberId, currency: 'points', amount: 7, key: aKey(), source, pendingDays: 1 });
    t.clock.advance(2 * DAY);
    await ledger.releasePending();
    t.clock.set('2028-01-02T00:00:00.000Z');
    await ledger.expire();
    t.clock.set('2026-06-01T02:00:00.000Z');
    await t.services.outbox.relay();
    const types = (await messages.find({ memberId }).lean()).map((m) => m.type).sort();
    expect(types).to.deep.equal(
      [
        'points.earned',
        'points.earned',
        'growth.earned',
        'points.spent',
        'points.held',
        'points.captured',
        'points.held',
        'points.released',
        'points.adjusted',
        'points.reversed',
        'growth.reversed',
        'points.pending_released',
        'points.expired',
      ].sort(),
    );
    const adjusted = await messages.findOne({ memberId, type: 'points.adjusted' }).lean();
    expect(JSON.stringify(adjusted?.data)).to.not.include('ops@example.com');
  });

  it('publishes no second message when an operation is replayed with its key', async () => {
    const memberId = aMemberId();
    const key = aKey();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 3, key, source });
    await t.services.outbox.relay();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 3, key, source });
    await t.services.outbox.relay();
    expect(await messages.countDocuments({ memberId })).to.equal(1);
  });

  it('copies nothing twice when a relay stopped between copying and clearing the flag', async () => {
    const memberId = aMemberId();
    const key = aKey();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 9, key, source });
    await t.services.outbox.relay();
    // The state a crash after the insert and before the $unset leaves behind.
    await entries.updateOne({ memberId, key }, { $set: { outboxPending: true } });
    const rerun = await t.services.outbox.relay();
    expect(rerun).to.deep.equal({ anchors: 1, messages: 0, duplicates: 1 });
    expect(await messages.countDocuments({ memberId })).to.equal(1);
    expect((await entries.findOne({ memberId, key }).lean())?.outboxPending).to.equal(undefined);
  });

  it('never duplicates a message when several relays run at once', async () => {
    const memberId = aMemberId();
    for (let i = 0; i < 30; i++) await t.services.ledger.earn({ memberId, currency: 'points', amount: 1, key: aKey(), source });
    const other = new OutboxService(messages, t.clock, { batchSize: 7 }).registerSource(entries, { shardKey: 'memberId' });
    const results = await Promise.all([t.services.outbox.relay(), other.relay(), t.services.outbox.relay(), other.relay()]);
    expect(results.reduce((sum, r) => sum + r.messages, 0)).to.equal(30);
    expect(await messages.countDocuments({ memberId })).to.equal(30);
    expect(await entries.countDocuments({ memberId, outboxPending: true })).to.equal(0);
  });

  it('relays any registered collection whose documents carry an outbox', async () => {
    interface Change extends OutboxCarrier {
      _id: string;
      memberId: string;
    }
    const schema = new Schema<Change>({ _id: String, memberId: String, ...outboxCarrierFields }, { collection: 'test_changes' });
    schema.index({ outboxPending: 1 });
    const changes = t.mongo.connection.model<Change>('TestChange', schema);
    await changes.init();
    const memberId = aMemberId();
    const occurredAt = t.clock.now();
    await changes.create({
      _id: 'change-1',
      memberId,
      outbox: [{ id: 'tier.changed:change-1', type: 'tier.changed', memberId, occurredAt, data: { from: 'silver', to: 'gold' } }],
      outboxPending: true,
    });
    const relay = new OutboxService(messages, t.clock).registerSource(changes);
    expect(() => relay.registerSource(changes)).to.throw(/registered twice/);
    expect(await relay.relay()).to.deep.equal({ anchors: 1, messages: 1, duplicates: 0 });
    const stored = await messages.findById('tier.changed:change-1').lean();
    expect(stored?.data).to.deep.equal({ from: 'silver', to: 'gold' });
    expect(stored?.anchor).to.deep.equal({ source: 'test_changes', id: 'change-1' });
  });

  it('keeps the flag of an anchor that gained a message while it was relayed, and relays that message next', async () => {
    interface Completion extends OutboxCarrier {
      _id: string;
      memberId: string;
    }
    const schema = new Schema<Completion>({ _id: String, memberId: String, ...outboxCarrierFields }, { collection: 'test_completions' });
    schema.index({ outboxPending: 1 });
    const completions = t.mongo.connection.model<Completion>('TestCompletion', schema);
    await completions.init();
    const memberId = aMemberId();
    const occurredAt = t.clock.now();
    const message = (type: string) => ({ id: `${type}:c-1`, type, memberId, occurredAt, data: {} });
    await completions.create({ _id: 'c-1', memberId, outbox: [message('task.completed')], outboxPending: true });
    // The claim lands between the relay's read of the anchor and its clearing of the flag.
    const clear = completions.updateOne.bind(completions);
    let raced = false;
    const racing = new Proxy(completions, {
      get(target, property, receiver) {
        if (property !== 'updateOne') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof clear>) => {
          if (!raced) {
            raced = true;
            await completions.collection.updateOne(
              { _id: 'c-1' as never },
              { $push: { outbox: message('task.claimed') as never }, $set: { outboxPending: true } },
            );
          }
          return clear(...args);
        };
      },
    });
    const relay = new OutboxService(messages, t.clock).registerSource(racing);
    expect(await relay.relay()).to.deep.equal({ anchors: 1, messages: 1, duplicates: 0 });
    expect((await completions.findById('c-1').lean())?.outboxPending).to.equal(true);
    expect(await relay.relay()).to.deep.equal({ anchors: 1, messages: 1, duplicates: 1 });
    expect((await completions.findById('c-1').lean())?.outboxPending).to.equal(undefined);
    expect(await messages.countDocuments({ _id: { $in: ['task.completed:c-1', 'task.claimed:c-1'] } })).to.equal(2);
  });

  it('runs as the outbox.relay job and reports its counts', async () => {
    const memberId = aMemberId();
    await t.services.ledger.earn({ memberId, currency: 'points', amount: 2, key: aKey(), source });
    const run = await t.services.scheduler.runJob('outbox.relay');
    expect(run.outcome).to.equal('success');
    expect(run.counts).to.include({ anchors: 1, messages: 1 });
  });
});
