import { expect } from 'chai';
import type { AuditRecord } from '@laurel/server/modules/audit/service.js';
import { LedgerService } from '@laurel/server/modules/ledger/service.js';
import { aKey, aMemberId, DAY, expectAppError, expectNoDrift, SHANGHAI, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt-1' };
const operator = { type: 'admin' as const, id: 'op-1', label: 'Ops One' };

describe('ledger operations', () => {
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

  describe('earn', () => {
    it('credits available points expiring at the end of next business year, and records the entry', async () => {
      const memberId = aMemberId();
      const { entry, replayed } = await ledger.earn({
        memberId,
        currency: 'points',
        amount: 120,
        key: aKey(),
        source: event,
        reason: 'signup',
      });
      expect(replayed).to.equal(false);
      expect(entry).to.include({ memberId, currency: 'points', seq: 1, kind: 'earn', delta: 120, reason: 'signup', orderId: null });
      expect(entry.source).to.deep.equal(event);
      expect(entry.balanceAfter).to.deep.equal({ available: 120, pending: 0, held: 0, debt: 0 });
      expect(entry.lots).to.have.length(1);
      expect(entry.lots[0]).to.include({ delta: 120, expiresAt: '2027-12-31T15:59:59.999Z' });
      const summary = await ledger.summary(memberId);
      expect(summary).to.include({ available: 120, pending: 0, held: 0, debt: 0, growth: 0 });
      expect(summary.lifetime.points.earned).to.equal(120);
      expect(summary.nextExpiries).to.deep.equal([{ at: '2027-12-31T15:59:59.999Z', amount: 120 }]);
    });

    it('keeps growth in its own wallet that never expires by default', async () => {
      const memberId = aMemberId();
      const { entry } = await ledger.earn({ memberId, currency: 'growth', amount: 30, key: aKey(), source: event });
      expect(entry.lots[0]!.expiresAt).to.equal(null);
      expect(await ledger.summary(memberId)).to.include({ available: 0, growth: 30 });
    });

    it('keeps pending points unspendable until releasePending runs at their availableAt', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 50, pendingDays: 7, key: aKey(), source: event });
      expect(await ledger.summary(memberId)).to.include({ available: 0, pending: 50 });
      await expectAppError(ledger.spend({ memberId, amount: 1, key: aKey(), reason: 'x' }), 422, 'INSUFFICIENT_POINTS');

      h.clock.advance(7 * DAY - 1);
      expect(await ledger.releasePending()).to.include({ entries: 0, units: 0 });
      h.clock.advance(1);
      const released = await ledger.releasePending();
      expect(released).to.deep.equal({ wallets: 1, entries: 1, units: 50 });
      expect(await ledger.releasePending()).to.include({ entries: 0 });
      expect(await ledger.summary(memberId)).to.include({ available: 50, pending: 0 });
      const page = await ledger.ledger(memberId, { kind: 'release_pending' });
      expect(page.items[0]).to.include({ delta: 0 });
      expect(page.items[0]!.change).to.deep.equal({ available: 50, pending: -50, held: 0, debt: 0 });
    });

    it('returns the first result for a replayed key and changes nothing', async () => {
      const memberId = aMemberId();
      const key = aKey();
      const first = await ledger.earn({ memberId, currency: 'points', amount: 10, key, source: event });
      h.clock.advance(60_000);
      const again = await ledger.earn({ memberId, currency: 'points', amount: 10, key, source: event });
      expect(again.replayed).to.equal(true);
      expect(again.entry).to.deep.equal(first.entry);
      expect(await ledger.summary(memberId)).to.include({ available: 10 });
      expect(await h.entries.countDocuments({ memberId })).to.equal(1);
    });

    it('refuses a key reused with different parameters or for another operation (409 IDEMPOTENCY_KEY_REUSED)', async () => {
      const memberId = aMemberId();
      const key = aKey();
      await ledger.earn({ memberId, currency: 'points', amount: 10, key, source: event });
      await expectAppError(ledger.earn({ memberId, currency: 'points', amount: 11, key, source: event }), 409, 'IDEMPOTENCY_KEY_REUSED');
      await expectAppError(
        ledger.earn({ memberId, currency: 'points', amount: 10, key, source: { type: 'rule', id: 'r' } }),
        409,
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectAppError(ledger.spend({ memberId, amount: 1, key, reason: 'x' }), 409, 'IDEMPOTENCY_KEY_REUSED');
      expect(await ledger.summary(memberId)).to.include({ available: 10 });
    });

    it('rejects invalid input before touching the database', async () => {
      const memberId = aMemberId();
      for (const amount of [0, -5, 1.5, Number.NaN, 2e9]) {
        await expectAppError(ledger.earn({ memberId, currency: 'points', amount, key: aKey(), source: event }), 400, 'VALIDATION_FAILED');
      }
      await expectAppError(
        ledger.earn({ memberId, currency: 'gold' as 'points', amount: 1, key: aKey(), source: event }),
        400,
        'VALIDATION_FAILED',
      );
      await expectAppError(
        ledger.earn({ memberId, currency: 'points', amount: 1, key: 'system:expire:1', source: event }),
        400,
        'VALIDATION_FAILED',
      );
      await expectAppError(ledger.earn({ memberId, currency: 'points', amount: 1, key: '', source: event }), 400, 'VALIDATION_FAILED');
      await expectAppError(
        ledger.earn({ memberId, currency: 'points', amount: 1, key: aKey(), source: event, pendingDays: -1 }),
        400,
        'VALIDATION_FAILED',
      );
      await expectAppError(ledger.spend({ memberId, amount: 1, key: aKey(), reason: '' }), 400, 'VALIDATION_FAILED');
      expect(await h.wallets.countDocuments({ memberId })).to.equal(0);
    });
  });

  describe('spend', () => {
    it('spends the earliest-expiring lots first, never-expiring last', async () => {
      const memberId = aMemberId();
      // Policies change over time: lots earned later may expire earlier.
      const never = h.service({ expiry: { points: { kind: 'never' }, growth: { kind: 'never' } } });
      const tenDays = h.service({ expiry: { points: { kind: 'days', days: 10 }, growth: { kind: 'never' } } });
      await never.earn({ memberId, currency: 'points', amount: 40, key: aKey(), source: event });
      await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event }); // 2027-12-31
      h.clock.advance(DAY);
      await tenDays.earn({ memberId, currency: 'points', amount: 50, key: aKey(), source: event }); // 2026-06-12

      const { entry } = await ledger.spend({ memberId, amount: 120, key: aKey(), reason: 'mall' });
      expect(entry.lots.map((l) => [l.delta, l.expiresAt])).to.deep.equal([
        [-50, '2026-06-12T15:59:59.999Z'],
        [-70, '2027-12-31T15:59:59.999Z'],
      ]);
      expect(entry).to.include({ kind: 'spend', delta: -120 });
      expect(entry.balanceAfter).to.deep.equal({ available: 70, pending: 0, held: 0, debt: 0 });
      const summary = await ledger.summary(memberId);
      expect(summary.nextExpiries).to.deep.equal([{ at: '2027-12-31T15:59:59.999Z', amount: 30 }]);
      expect(summary.lifetime.points.spent).to.equal(120);

      const rest = await ledger.spend({ memberId, amount: 70, key: aKey(), reason: 'mall' });
      expect(rest.entry.lots.map((l) => [l.delta, l.expiresAt])).to.deep.equal([
        [-30, '2027-12-31T15:59:59.999Z'],
        [-40, null],
      ]);
    });

    it('refuses a spend larger than the available balance (422 INSUFFICIENT_POINTS) and records nothing', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 30, key: aKey(), source: event });
      const err = await expectAppError(ledger.spend({ memberId, amount: 31, key: aKey(), reason: 'x' }), 422, 'INSUFFICIENT_POINTS');
      expect(err.details).to.deep.equal({ available: 30, requested: 31 });
      expect(await h.entries.countDocuments({ memberId })).to.equal(1);
      expect(await ledger.summary(memberId)).to.include({ available: 30 });
    });

    it('replays a spend even when the balance no longer covers it', async () => {
      const memberId = aMemberId();
      const key = aKey();
      await ledger.earn({ memberId, currency: 'points', amount: 30, key: aKey(), source: event });
      const first = await ledger.spend({ memberId, amount: 30, key, reason: 'x' });
      const again = await ledger.spend({ memberId, amount: 30, key, reason: 'x' });
      expect(again).to.deep.equal({ entry: first.entry, replayed: true });
      expect(await ledger.summary(memberId)).to.include({ available: 0 });
    });
  });

  describe('hold, capture and release', () => {
    it('holds points for an order and captures them for good', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
      const held = await ledger.hold({ memberId, amount: 60, orderId: 'o-1', key: 'o-1:hold' });
      expect(held.entry).to.include({ kind: 'hold', delta: 0, orderId: 'o-1' });
      expect(await ledger.summary(memberId)).to.include({ available: 40, held: 60 });
      await expectAppError(ledger.spend({ memberId, amount: 41, key: aKey(), reason: 'x' }), 422, 'INSUFFICIENT_POINTS');

      const captured = await ledger.capture({ memberId, orderId: 'o-1', key: 'o-1:capture' });
      expect(captured.entry).to.include({ kind: 'capture', delta: -60 });
      expect(captured.entry.balanceAfter).to.deep.equal({ available: 40, pending: 0, held: 0, debt: 0 });
      const summary = await ledger.summary(memberId);
      expect(summary).to.include({ available: 40, held: 0 });
      expect(summary.lifetime.points.spent).to.equal(60);

      expect((await ledger.capture({ memberId, orderId: 'o-1', key: 'o-1:capture' })).replayed).to.equal(true);
      await expectAppError(ledger.capture({ memberId, orderId: 'o-1', key: aKey() }), 404, 'NOT_FOUND');
      await expectAppError(ledger.release({ memberId, orderId: 'o-1', key: aKey() }), 404, 'NOT_FOUND');
    });

    it('releases held points back to the lots they came from, with their expiry', async () => {
      const memberId = aMemberId();
      const tenDays = h.service({ expiry: { points: { kind: 'days', days: 10 }, growth: { kind: 'never' } } });
      await tenDays.earn({ memberId, currency: 'points', amount: 30, key: aKey(), source: event });
      await ledger.earn({ memberId, currency: 'points', amount: 70, key: aKey(), source: event });
      const before = (await h.wallets.findOne({ memberId }).lean())!.lots;
      await ledger.hold({ memberId, amount: 50, orderId: 'o-2', key: aKey() });
      const released = await ledger.release({ memberId, orderId: 'o-2', key: aKey() });
      expect(released.entry).to.include({ kind: 'release', delta: 0 });
      const after = (await h.wallets.findOne({ memberId }).lean())!.lots;
      expect(after.map((l) => [l.lotId, l.remaining, l.expiresAt?.toISOString()])).to.deep.equal(
        before.map((l) => [l.lotId, l.remaining, l.expiresAt?.toISOString()]),
      );
      expect(await ledger.summary(memberId)).to.include({ available: 100, held: 0 });
    });

    it('refuses a second hold for the same order and a hold beyond the available balance', async () => {
      const memberId = aMemberId();
      await ledger.earn({ memberId, currency: 'points', amount: 10, key: aKey(), source: event });
      await ledger.hold({ memberId, amount: 5, orderId: 'o-3', key: aKey() });
      await expectAppError(ledger.hold({ memberId, amount: 1, orderId: 'o-3', key: aKey() }), 409, 'HOLD_EXISTS');
      await expectAppError(ledger.hold({ memberId, amount: 6, orderId: 'o-4', key: aKey() }), 422, 'INSUFFICIENT_POINTS');
    });

    it('does not expire held points; released after their expiry, they expire on the next run', async () => {
      const memberId = aMemberId();
      const oneDay = h.service({ expiry: { points: { kind: 'days', days: 1 }, growth: { kind: 'never' } } });
      await oneDay.earn({ memberId, currency: 'points', amount: 20, key: aKey(), source: event });
      await oneDay.hold({ memberId, amount: 15, orderId: 'o-5', key: aKey() });
      h.clock.advance(3 * DAY);
      expect(await oneDay.expire()).to.include({ units: 5 });
      expect(await ledger.summary(memberId)).to.include({ available: 0, held: 15 });
      await oneDay.release({ memberId, orderId: 'o-5', key: aKey() });
      // Stored, the units are back in their lot, past its expiry; the summary (settled at read time) shows them expired.
      expect((await ledger.wallets(memberId))[0]).to.include({ available: 15, held: 0 });
      expect(await ledger.summary(memberId)).to.include({ available: 0, held: 0 });
      expect(await oneDay.expire()).to.include({ units: 15 });
      expect((await ledger.summary(memberId)).lifetime.points.expired).to.equal(20);
    });
  });

  describe('adjust', () => {
    it('credits and debits by an operator, with reason, operator and an audit record', async () => {
      const memberId = aMemberId();
      const audited: AuditRecord[] = [];
      const audit = { record: async (r: AuditRecord) => void audited.push(r) };
      const service = new LedgerService(
        h.wallets,
        h.entries,
        h.clock,
        { timeZone: SHANGHAI, expiry: { points: { kind: 'never' }, growth: { kind: 'never' } }, refundPolicy: 'within_available' },
        audit,
      );
      const up = await service.adjust({ memberId, currency: 'points', amount: 25, reason: 'goodwill', operator, key: aKey() });
      expect(up.entry).to.include({ kind: 'adjust', delta: 25, reason: 'goodwill' });
      expect(up.entry.operator).to.deep.equal({ id: 'op-1', label: 'Ops One' });
      expect(up.entry.source).to.deep.equal({ type: 'operator', id: 'op-1' });
      const key = aKey();
      const down = await service.adjust({ memberId, currency: 'points', amount: -10, reason: 'correction', operator, key });
      expect(down.entry.delta).to.equal(-10);
      await service.adjust({ memberId, currency: 'points', amount: -10, reason: 'correction', operator, key });
      await expectAppError(
        service.adjust({ memberId, currency: 'points', amount: -16, reason: 'too much', operator, key: aKey() }),
        422,
        'INSUFFICIENT_POINTS',
      );
      const growth = await service.adjust({ memberId, currency: 'growth', amount: 7, reason: 'tier fix', operator, key: aKey() });
      const summary = await service.summary(memberId);
      expect(summary).to.include({ available: 15, growth: 7 });
      expect(summary.lifetime.points.adjusted).to.equal(15);
      // The replay tells the sink again under the entry's id, so an audit entry missing after a failed first run is written.
      expect(audited.map((a) => [a.action, a.target.id, a.id])).to.deep.equal([
        ['ledger.adjust', memberId, up.entry.id],
        ['ledger.adjust', memberId, down.entry.id],
        ['ledger.adjust', memberId, down.entry.id],
        ['ledger.adjust', memberId, growth.entry.id],
      ]);
    });
  });

  describe('read model', () => {
    it('summarises the next three expiry instants', async () => {
      const memberId = aMemberId();
      const monthly = h.service({ expiry: { points: { kind: 'month_end', months: 0 }, growth: { kind: 'never' } } });
      for (let month = 0; month < 4; month++) {
        await monthly.earn({ memberId, currency: 'points', amount: 10 + month, key: aKey(), source: event });
        h.clock.advance(31 * DAY);
      }
      h.clock.advance(-4 * 31 * DAY);
      const summary = await monthly.summary(memberId);
      expect(summary.nextExpiries.map((e) => e.amount)).to.deep.equal([10, 11, 12]);
      expect(summary.nextExpiries[0]!.at).to.equal('2026-06-30T15:59:59.999Z');
    });

    it('pages a member ledger newest first, filtered by currency and kind', async () => {
      const memberId = aMemberId();
      for (let i = 1; i <= 5; i++) await ledger.earn({ memberId, currency: 'points', amount: i, key: aKey(), source: event });
      await ledger.earn({ memberId, currency: 'growth', amount: 9, key: aKey(), source: event });
      await ledger.spend({ memberId, amount: 2, key: aKey(), reason: 'x' });

      const first = await ledger.ledger(memberId, { limit: 3 });
      expect(first.items.map((e) => [e.kind, e.delta])).to.deep.equal([
        ['spend', -2],
        ['earn', 9],
        ['earn', 5],
      ]);
      const second = await ledger.ledger(memberId, { limit: 3, cursor: first.nextCursor! });
      expect(second.items.map((e) => e.delta)).to.deep.equal([4, 3, 2]);
      const third = await ledger.ledger(memberId, { limit: 3, cursor: second.nextCursor! });
      expect(third.items.map((e) => e.delta)).to.deep.equal([1]);
      expect(third.nextCursor).to.equal(null);
      expect((await ledger.ledger(memberId, { currency: 'growth' })).items.map((e) => e.delta)).to.deep.equal([9]);
      expect((await ledger.ledger(memberId, { kind: 'spend' })).items).to.have.length(1);
    });
  });
});
