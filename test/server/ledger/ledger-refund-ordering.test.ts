import { expect } from 'chai';
import type { LedgerService } from '@laurel/server/modules/ledger/service.js';
import { aKey, aMemberId, DAY, expectNoDrift, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt' };
const orderSource = (orderId: string) => ({ type: 'order' as const, id: orderId });

/** End of 2026-12-31 and of 2027-12-31 in Asia/Shanghai: what year_end:1 gives earnings of 2025 and 2026. */
const END_2026 = '2026-12-31T15:59:59.999Z';
const END_2027 = '2027-12-31T15:59:59.999Z';

describe('ledger refunds: the order’s own earnings are taken back first, restored points keep their expiry', () => {
  let h: LedgerHarness;
  let ledger: LedgerService;

  before(async () => {
    h = await startLedger();
    ledger = h.ledger;
  });

  after(async () => {
    await h.close();
  });

  afterEach(async () => {
    await expectNoDrift(ledger);
  });

  /**
   * 1,000 points earned in 2025 (expiring 2026-12-31), all spent on the order on 2026-12-30, and the order's own
   * earning of `earned` points (expiring 2027-12-31), as the year-end sequence goes.
   */
  async function spendExpiringPointsOnAnOrder(service: LedgerService, memberId: string, orderId: string, earned = 1_000): Promise<void> {
    h.clock.set('2025-06-01T02:00:00.000Z');
    await service.earn({ memberId, currency: 'points', amount: 1_000, key: aKey(), source: event });
    h.clock.set('2026-12-30T02:00:00.000Z');
    await service.spend({ memberId, amount: 1_000, key: `${orderId}:spend`, reason: 'checkout', orderId });
    await service.earn({
      memberId,
      currency: 'points',
      amount: earned,
      key: `${orderId}:earn`,
      source: orderSource(orderId),
      orderId,
    });
    expect((await service.summary(memberId)).nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([[END_2027, earned]]);
  }

  it('a full refund after the spent points expired reverses the order’s own earn lot and expires the restored points', async () => {
    const memberId = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, memberId, 'O1');

    h.clock.set('2027-01-02T02:00:00.000Z');
    const { entries } = await ledger.reverseOrder({ memberId, orderId: 'O1', refundAmount: 10_000, orderAmount: 10_000, key: 'O1:refund' });

    expect(entries[0]!.refund).to.include({ restored: 1_000, reversed: 1_000, forgiven: 0, debt: 0 });
    expect(entries[0]!.lots.map((l) => [l.delta, l.expiresAt])).to.have.deep.members([
      [1_000, END_2026],
      [-1_000, END_2027],
    ]);
    const summary = await ledger.summary(memberId);
    expect(summary).to.include({ available: 0, pending: 0 });
    expect(summary.lifetime.points).to.include({ earned: 2_000, spent: 1_000, restored: 1_000, reversed: 1_000, expired: 1_000 });
    expect(summary.nextExpiries).to.deep.equal([]);
    // The wallet as stored agrees: the restored, expired points were expired by the refund itself, not left for a job.
    const wallet = (await h.wallets.findById(`${memberId}:points`).lean())!;
    expect(wallet).to.include({ available: 0 });
    expect(wallet.lots).to.deep.equal([]);
    const kinds = (await ledger.ledger(memberId, { currency: 'points' })).items.map((e) => [e.kind, e.delta]);
    expect(kinds.slice(0, 2)).to.deep.equal([
      ['expire', -1_000],
      ['reverse', 0],
    ]);
    await ledger.expire(h.clock.now());
    expect(await h.entries.countDocuments({ memberId, kind: 'expire' })).to.equal(1);
  });

  it('a refund replayed after the restored points were expired changes nothing', async () => {
    const memberId = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, memberId, 'O2');
    h.clock.set('2027-01-02T02:00:00.000Z');
    const input = { memberId, orderId: 'O2', refundAmount: 1, orderAmount: 1, key: 'O2:refund' };
    const first = await ledger.reverseOrder(input);
    const again = await ledger.reverseOrder(input);
    expect(again.replayed).to.equal(true);
    expect(again.entries).to.deep.equal(first.entries);
    expect(await ledger.summary(memberId)).to.include({ available: 0 });
    expect(await h.entries.countDocuments({ memberId, currency: 'points' })).to.equal(5);
  });

  it('partial refunds, repeated, each take back from the order’s own lot and expire their restored share', async () => {
    const memberId = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, memberId, 'O3');
    h.clock.set('2027-01-02T02:00:00.000Z');
    const after: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const { entries } = await ledger.reverseOrder({ memberId, orderId: 'O3', refundAmount: 1, orderAmount: 3, key: `O3:refund:${i}` });
      expect(entries[0]!.delta, `refund ${i}`).to.equal(0);
      after.push((await ledger.summary(memberId)).available);
    }
    // Shares floor(1000·k/3): 333, 666, 1000 restored (all expired) and the same taken back from the 2027 lot.
    expect(after).to.deep.equal([667, 334, 0]);
    const summary = await ledger.summary(memberId);
    expect(summary.lifetime.points).to.include({ restored: 1_000, reversed: 1_000, expired: 1_000 });
  });

  it('a partial refund leaves the rest of the order’s earning in its own lot, with its own expiry', async () => {
    const memberId = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, memberId, 'O4');
    h.clock.set('2027-01-02T02:00:00.000Z');
    await ledger.reverseOrder({ memberId, orderId: 'O4', refundAmount: 40, orderAmount: 100, key: 'O4:refund' });
    const summary = await ledger.summary(memberId);
    expect(summary).to.include({ available: 600 });
    expect(summary.nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([[END_2027, 600]]);
    expect(summary.lifetime.points).to.include({ restored: 400, expired: 400, reversed: 400 });
  });

  it('never pays back the earning with restored points that are expired: the shortfall follows the policy', async () => {
    const memberId = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, memberId, 'O5');
    // The order's earning is spent elsewhere before the refund.
    h.clock.set('2027-01-01T02:00:00.000Z');
    await ledger.spend({ memberId, amount: 1_000, key: aKey(), reason: 'elsewhere' });
    h.clock.set('2027-01-02T02:00:00.000Z');
    const forgiving = await ledger.reverseOrder({ memberId, orderId: 'O5', refundAmount: 1, orderAmount: 1, key: aKey() });
    expect(forgiving.entries[0]!.refund).to.include({ restored: 1_000, reversed: 0, forgiven: 1_000 });
    expect(await ledger.summary(memberId)).to.include({ available: 0, debt: 0 });

    const other = aMemberId();
    await spendExpiringPointsOnAnOrder(ledger, other, 'O6');
    h.clock.set('2027-01-01T02:00:00.000Z');
    await ledger.spend({ memberId: other, amount: 1_000, key: aKey(), reason: 'elsewhere' });
    h.clock.set('2027-01-02T02:00:00.000Z');
    const owing = await ledger.reverseOrder({
      memberId: other,
      orderId: 'O6',
      refundAmount: 1,
      orderAmount: 1,
      key: aKey(),
      policy: 'allow_debt',
    });
    expect(owing.entries[0]!.refund).to.include({ restored: 1_000, reversed: 0, debt: 1_000 });
    expect(await ledger.summary(other)).to.include({ available: 0, debt: 1_000 });
  });

  it('takes back the order’s own earning before earlier-expiring points, also after it left pending', async () => {
    const memberId = aMemberId();
    h.clock.set('2025-06-01T02:00:00.000Z');
    await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event }); // 2026-12-31
    h.clock.set('2026-06-01T02:00:00.000Z');
    await ledger.earn({
      memberId,
      currency: 'points',
      amount: 50,
      pendingDays: 7,
      key: 'O7:earn',
      source: orderSource('O7'),
      orderId: 'O7',
    }); // 2027-12-31, pending
    h.clock.advance(8 * DAY);
    await ledger.releasePending();
    await ledger.reverseOrder({ memberId, orderId: 'O7', refundAmount: 1, orderAmount: 1, key: aKey() });
    const summary = await ledger.summary(memberId);
    expect(summary.nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([[END_2026, 100]]);
  });

  it('a pending earning of the order is taken back from its pending lot, not from available points', async () => {
    const memberId = aMemberId();
    h.clock.set('2026-06-01T02:00:00.000Z');
    await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
    await ledger.earn({
      memberId,
      currency: 'points',
      amount: 50,
      pendingDays: 7,
      key: 'O8:earn',
      source: orderSource('O8'),
      orderId: 'O8',
    });
    await ledger.reverseOrder({ memberId, orderId: 'O8', refundAmount: 1, orderAmount: 2, key: aKey() });
    expect(await ledger.summary(memberId)).to.include({ available: 100, pending: 25 });
  });

  describe('with a grace for restored points (restoreGraceDays)', () => {
    it('restores points already past their expiry until the end of the business day `grace` days after the refund', async () => {
      const graced = h.service({ restoreGraceDays: 3 });
      const memberId = aMemberId();
      await spendExpiringPointsOnAnOrder(graced, memberId, 'G1');
      h.clock.set('2027-01-02T02:00:00.000Z');
      const { entries } = await graced.reverseOrder({ memberId, orderId: 'G1', refundAmount: 1, orderAmount: 1, key: aKey() });
      expect(entries[0]!.lots.map((l) => [l.delta, l.expiresAt])).to.have.deep.members([
        [1_000, '2027-01-05T15:59:59.999Z'],
        [-1_000, END_2027],
      ]);
      const summary = await graced.summary(memberId);
      expect(summary).to.include({ available: 1_000 });
      expect(summary.nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([['2027-01-05T15:59:59.999Z', 1_000]]);

      h.clock.set('2027-01-05T15:59:59.999Z');
      expect(await graced.summary(memberId)).to.include({ available: 1_000 });
      h.clock.set('2027-01-05T16:00:00.000Z');
      await graced.expire();
      const expired = await graced.summary(memberId);
      expect(expired).to.include({ available: 0 });
      expect(expired.lifetime.points).to.include({ restored: 1_000, expired: 1_000, reversed: 1_000 });
    });

    it('extends restored points expiring within the grace, and leaves later expiries as they were', async () => {
      const graced = h.service({ restoreGraceDays: 3 });
      const memberId = aMemberId();
      h.clock.set('2025-06-01T02:00:00.000Z');
      await graced.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event }); // 2026-12-31
      h.clock.set('2026-06-01T02:00:00.000Z');
      await graced.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event }); // 2027-12-31
      h.clock.set('2026-12-30T02:00:00.000Z');
      await graced.spend({ memberId, amount: 20, key: aKey(), reason: 'checkout', orderId: 'G2' });
      await graced.reverseOrder({ memberId, orderId: 'G2', refundAmount: 1, orderAmount: 1, key: aKey() });
      const summary = await graced.summary(memberId);
      expect(summary.nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([
        ['2027-01-02T15:59:59.999Z', 10],
        [END_2027, 10],
      ]);
    });

    it('with no grace, restored points that have not expired yet keep their own expiry', async () => {
      const memberId = aMemberId();
      h.clock.set('2025-06-01T02:00:00.000Z');
      await ledger.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event });
      h.clock.set('2026-12-30T02:00:00.000Z');
      await ledger.spend({ memberId, amount: 10, key: aKey(), reason: 'checkout', orderId: 'G3' });
      await ledger.reverseOrder({ memberId, orderId: 'G3', refundAmount: 1, orderAmount: 1, key: aKey() });
      expect((await ledger.summary(memberId)).nextExpiries.map((e) => [e.at, e.amount])).to.deep.equal([[END_2026, 10]]);
    });
  });
});
