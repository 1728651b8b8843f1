import { expect } from 'chai';
import type { Model } from 'mongoose';
import type { LedgerEntry } from '@laurel/server/modules/ledger/model.js';
import { defaultLedgerOptions, LedgerService } from '@laurel/server/modules/ledger/service.js';
import { aKey, aMemberId, DAY, expectAppError, expectNoDrift, SHANGHAI, startLedger, type LedgerHarness } from './support.js';

/** The entries model of a process that dies when it is about to write an entry that `dies` picks. */
/** `target` with its property `name` replaced; everything else as it is (methods bound to the target). */
function withProperty<T extends object>(target: T, name: PropertyKey, replacement: unknown): T {
  return new Proxy(target, {
    get(real, property) {
      if (property === name) return replacement;
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
  });
}

function dyingOn(entries: Model<LedgerEntry>, dies: (entry: LedgerEntry) => boolean): Model<LedgerEntry> {
  // The engine inserts its entries through the driver collection: the process dies in that insert.
  const insertOne = async (entry: LedgerEntry) => {
    if (dies(entry)) throw new Error('the process died');
    return entries.collection.insertOne(entry as never);
  };
  return withProperty(entries, 'collection', withProperty(entries.collection, 'insertOne', insertOne));
}

const orderSource = (orderId: string) => ({ type: 'order' as const, id: orderId });

describe('ledger refunds (reverseOrder)', () => {
  let h: LedgerHarness;
  let ledger: LedgerService;

  before(async () => {
    h = await startLedger();
    ledger = h.ledger;
  });

  after(async () => {
    await h.close();
  });

  beforeEach(() => {
    h.clock.set('2026-06-01T02:00:00.000Z');
  });

  afterEach(async () => {
    await expectNoDrift(ledger);
  });

  async function earnForOrder(memberId: string, orderId: string, points: number, growth: number, pendingDays = 0): Promise<void> {
    await ledger.earn({
      memberId,
      currency: 'points',
      amount: points,
      pendingDays,
      key: `${orderId}:earn`,
      source: orderSource(orderId),
      orderId,
    });
    await ledger.earn({
      memberId,
      currency: 'growth',
      amount: growth,
      pendingDays,
      key: `${orderId}:earn`,
      source: orderSource(orderId),
      orderId,
    });
  }

  it('pending_only: takes back pending points and growth, forgives what is already available', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o1', 100, 40, 7);
    const half = await ledger.reverseOrder({
      memberId,
      orderId: 'o1',
      refundAmount: 5000,
      orderAmount: 10000,
      key: 'o1:refund:1',
      policy: 'pending_only',
    });
    expect(half.entries.map((e) => [e.currency, e.kind, e.delta])).to.deep.equal([
      ['points', 'reverse', -50],
      ['growth', 'reverse', -20],
    ]);
    expect(half.entries[0]!.refund).to.deep.equal({
      refundAmount: 5000,
      orderAmount: 10000,
      policy: 'pending_only',
      reversed: 50,
      restored: 0,
      debt: 0,
      forgiven: 0,
    });
    expect(await ledger.summary(memberId)).to.include({ pending: 50, growthPending: 20 });

    h.clock.advance(7 * DAY);
    await ledger.releasePending();
    const rest = await ledger.reverseOrder({
      memberId,
      orderId: 'o1',
      refundAmount: 5000,
      orderAmount: 10000,
      key: 'o1:refund:2',
      policy: 'pending_only',
    });
    expect(rest.entries.map((e) => e.delta)).to.deep.equal([0, 0]);
    expect(rest.entries[0]!.refund).to.include({ reversed: 0, forgiven: 50 });
    expect(await ledger.summary(memberId)).to.include({ available: 50, pending: 0, growth: 20, debt: 0 });
  });

  it('within_available: takes back from available too and records the shortfall it forgives', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o2', 100, 10);
    await ledger.spend({ memberId, amount: 80, key: aKey(), reason: 'elsewhere' });
    const { entries } = await ledger.reverseOrder({
      memberId,
      orderId: 'o2',
      refundAmount: 300,
      orderAmount: 300,
      key: aKey(),
      policy: 'within_available',
    });
    expect(entries[0]).to.include({ delta: -20 });
    expect(entries[0]!.refund).to.include({ reversed: 20, forgiven: 80, debt: 0 });
    expect(entries[1]).to.include({ currency: 'growth', delta: -10 });
    const summary = await ledger.summary(memberId);
    expect(summary).to.include({ available: 0, debt: 0, growth: 0 });
    expect(summary.lifetime.points.reversed).to.equal(20);
  });

  it('allow_debt: records the shortfall as debt that later earnings repay first', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o3', 100, 10);
    await ledger.spend({ memberId, amount: 80, key: aKey(), reason: 'elsewhere' });
    const { entries } = await ledger.reverseOrder({
      memberId,
      orderId: 'o3',
      refundAmount: 1,
      orderAmount: 1,
      key: aKey(),
      policy: 'allow_debt',
    });
    expect(entries[0]).to.include({ delta: -100 });
    expect(entries[0]!.change).to.deep.equal({ available: -20, pending: 0, held: 0, debt: 80 });
    expect(await ledger.summary(memberId)).to.include({ available: 0, debt: 80 });

    const repay = await ledger.earn({ memberId, currency: 'points', amount: 50, key: aKey(), source: { type: 'event', id: 'e' } });
    expect(repay.entry).to.include({ delta: 50 });
    expect(repay.entry.change).to.deep.equal({ available: 0, pending: 0, held: 0, debt: -50 });
    expect(repay.entry.lots).to.deep.equal([]);

    // Pending earnings repay when they are released, not before.
    await ledger.earn({ memberId, currency: 'points', amount: 50, pendingDays: 1, key: aKey(), source: { type: 'event', id: 'e' } });
    expect(await ledger.summary(memberId)).to.include({ available: 0, pending: 50, debt: 30 });
    h.clock.advance(DAY);
    await ledger.releasePending();
    expect(await ledger.summary(memberId)).to.include({ available: 20, pending: 0, debt: 0 });
  });

  it('never reverses more than the order earned across repeated partial refunds (integer shares, floor)', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o4', 10, 7);
    const reversed: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const { entries } = await ledger.reverseOrder({ memberId, orderId: 'o4', refundAmount: 1, orderAmount: 3, key: `o4:refund:${i}` });
      reversed.push(-entries[0]!.delta, -entries[1]!.delta);
    }
    // Cumulative shares: floor(10·1/3)=3, floor(10·2/3)=6, 10; growth floor(7/3)=2, floor(14/3)=4, 7.
    expect(reversed).to.deep.equal([3, 2, 3, 2, 4, 3]);
    const again = await ledger.reverseOrder({ memberId, orderId: 'o4', refundAmount: 1, orderAmount: 3, key: 'o4:refund:4' });
    expect(again.entries.map((e) => [e.delta, e.refund!.refundAmount])).to.deep.equal([
      [0, 0],
      [0, 0],
    ]);
    expect(await ledger.summary(memberId)).to.include({ available: 0, growth: 0 });
  });

  it('gives back the points an order spent, proportionally, latest-expiring first with their original expiry', async () => {
    const memberId = aMemberId();
    const tenDays = h.service({ expiry: { points: { kind: 'days', days: 10 }, growth: { kind: 'never' } } });
    await tenDays.earn({ memberId, currency: 'points', amount: 60, key: aKey(), source: { type: 'event', id: 'e' } }); // 2026-06-11
    await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: { type: 'event', id: 'e' } }); // 2027-12-31
    await ledger.spend({ memberId, amount: 50, key: aKey(), reason: 'checkout', orderId: 'o5' }); // 50 of the 06-11 lot
    await ledger.hold({ memberId, amount: 30, orderId: 'o5', key: 'o5:hold' }); // 10 of 06-11, 20 of 2027
    await ledger.capture({ memberId, orderId: 'o5', key: 'o5:capture' });
    expect(await ledger.summary(memberId)).to.include({ available: 80 });

    const half = await ledger.reverseOrder({ memberId, orderId: 'o5', refundAmount: 50, orderAmount: 100, key: 'o5:refund:1' });
    // The order earned no growth: the growth wallet records the refund with no change.
    expect(half.entries.map((e) => [e.currency, e.delta])).to.deep.equal([
      ['points', 40],
      ['growth', 0],
    ]);
    expect(half.entries[0]).to.include({ kind: 'reverse', delta: 40 });
    expect(half.entries[0]!.refund).to.include({ restored: 40, reversed: 0 });
    expect(half.entries[0]!.lots.map((l) => [l.delta, l.expiresAt])).to.deep.equal([
      [20, '2027-12-31T15:59:59.999Z'],
      [20, '2026-06-11T15:59:59.999Z'],
    ]);
    const full = await ledger.reverseOrder({ memberId, orderId: 'o5', refundAmount: 50, orderAmount: 100, key: 'o5:refund:2' });
    expect(full.entries[0]!.lots.map((l) => [l.delta, l.expiresAt])).to.deep.equal([[40, '2026-06-11T15:59:59.999Z']]);
    const summary = await ledger.summary(memberId);
    expect(summary).to.include({ available: 160 });
    expect(summary.lifetime.points).to.include({ spent: 80, restored: 80 });
  });

  it('replays a refund by key, refuses the key with another amount, and refuses a changed order amount', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o6', 40, 4);
    const first = await ledger.reverseOrder({ memberId, orderId: 'o6', refundAmount: 25, orderAmount: 100, key: 'o6:refund:1' });
    const again = await ledger.reverseOrder({ memberId, orderId: 'o6', refundAmount: 25, orderAmount: 100, key: 'o6:refund:1' });
    expect(again.replayed).to.equal(true);
    expect(again.entries).to.deep.equal(first.entries);
    await expectAppError(
      ledger.reverseOrder({ memberId, orderId: 'o6', refundAmount: 26, orderAmount: 100, key: 'o6:refund:1' }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    await expectAppError(
      ledger.reverseOrder({ memberId, orderId: 'o6', refundAmount: 1, orderAmount: 99, key: aKey() }),
      422,
      'ORDER_AMOUNT_MISMATCH',
    );
    await expectAppError(
      ledger.reverseOrder({ memberId, orderId: 'o6', refundAmount: 101, orderAmount: 100, key: aKey() }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await ledger.summary(memberId)).to.include({ available: 30, growth: 3 });
  });

  it('keeps the policy a refund was first recorded with when the default changes before its second wallet', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o7', 100, 40);
    // A process with the default within_available records the points half and dies before the growth half.
    const dying = new LedgerService(
      h.wallets,
      dyingOn(h.entries, (entry) => entry.currency === 'growth' && entry.kind === 'reverse'),
      h.clock,
      { ...defaultLedgerOptions(SHANGHAI), refundPolicy: 'within_available' },
    );
    const input = { memberId, orderId: 'o7', refundAmount: 1, orderAmount: 1, key: 'o7:refund' };
    try {
      await dying.reverseOrder(input);
      expect.fail('the process should have died');
    } catch (err) {
      expect((err as Error).message).to.equal('the process died');
    }
    expect(await ledger.summary(memberId)).to.include({ available: 0, growth: 40 });

    // Restarted with REFUND_POLICY=pending_only (which would forgive the available growth), the retry completes as begun.
    const restarted = h.service({ refundPolicy: 'pending_only' });
    const retry = await restarted.reverseOrder(input);
    expect(retry.entries.map((e) => [e.currency, e.delta, e.refund!.policy])).to.deep.equal([
      ['points', -100, 'within_available'],
      ['growth', -40, 'within_available'],
    ]);
    expect(await ledger.summary(memberId)).to.include({ available: 0, growth: 0 });
    expect((await restarted.reverseOrder(input)).replayed).to.equal(true);
  });

  it('replays a refund after the default policy changed; a policy the caller names is part of the request', async () => {
    const memberId = aMemberId();
    await earnForOrder(memberId, 'o8', 100, 40);
    const input = { memberId, orderId: 'o8', refundAmount: 1, orderAmount: 2, key: 'o8:refund' };
    const first = await ledger.reverseOrder(input);
    const again = await h.service({ refundPolicy: 'allow_debt' }).reverseOrder(input);
    expect(again.replayed).to.equal(true);
    expect(again.entries).to.deep.equal(first.entries);
    await expectAppError(ledger.reverseOrder({ ...input, policy: 'pending_only' }), 409, 'IDEMPOTENCY_KEY_REUSED');
    const named = { ...input, key: 'o8:refund:2', policy: 'within_available' as const };
    await ledger.reverseOrder(named);
    expect((await h.service({ refundPolicy: 'pending_only' }).reverseOrder(named)).replayed).to.equal(true);
    expect(await ledger.summary(memberId)).to.include({ available: 0, growth: 0 });
  });

  it('does nothing, and records nothing, for an order the member never earned or spent on', async () => {
    const memberId = aMemberId();
    await ledger.earn({ memberId, currency: 'points', amount: 5, key: aKey(), source: { type: 'event', id: 'e' } });
    expect(await ledger.reverseOrder({ memberId, orderId: 'nope', refundAmount: 1, orderAmount: 1, key: aKey() })).to.deep.equal({
      entries: [],
      replayed: false,
    });
    expect(await h.entries.countDocuments({ memberId })).to.equal(1);
  });
});
