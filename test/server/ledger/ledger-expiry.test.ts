import { expect } from 'chai';
import { aKey, aMemberId, DAY, expectAppError, expectNoDrift, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt' };
/** 2027-12-31T23:59:59.999 in Asia/Shanghai. */
const END_OF_2027 = new Date('2027-12-31T15:59:59.999Z');

describe('ledger expiry', () => {
  let h: LedgerHarness;

  beforeEach(async () => {
    h = await startLedger({}, { start: '2026-03-15T04:00:00.000Z' });
  });

  afterEach(async () => {
    await expectNoDrift(h.ledger);
    await h.close();
  });

  it('keeps a lot expiring at 2027-12-31T23:59:59.999 Shanghai available at that instant and expires it 1 ms later, once', async () => {
    const memberId = aMemberId();
    await h.ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
    h.clock.set(END_OF_2027);
    expect(await h.ledger.expire()).to.deep.equal({ wallets: 0, entries: 0, units: 0 });
    await h.ledger.spend({ memberId, amount: 1, key: aKey(), reason: 'last chance' });

    h.clock.set(new Date(END_OF_2027.getTime() + 1));
    expect(await h.ledger.expire()).to.deep.equal({ wallets: 1, entries: 1, units: 99 });
    expect(await h.ledger.expire()).to.deep.equal({ wallets: 0, entries: 0, units: 0 });
    h.clock.advance(DAY);
    expect(await h.ledger.expire()).to.deep.equal({ wallets: 0, entries: 0, units: 0 });

    const summary = await h.ledger.summary(memberId);
    expect(summary).to.include({ available: 0 });
    expect(summary.lifetime.points).to.include({ earned: 100, spent: 1, expired: 99 });
    const [entry] = (await h.ledger.ledger(memberId, { kind: 'expire' })).items;
    expect(entry).to.include({ delta: -99, kind: 'expire' });
    expect(entry!.source).to.deep.equal({ type: 'system', id: 'expire' });
  });

  it('catches up exactly after three days without a run', async () => {
    const daily = h.service({ expiry: { points: { kind: 'days', days: 0 }, growth: { kind: 'never' } } });
    const memberId = aMemberId();
    // One lot per day, each expiring at the end of its business day: 10, 11, 12, 13, 14, 15.
    for (let day = 0; day < 6; day++) {
      await daily.earn({ memberId, currency: 'points', amount: 10 + day, key: aKey(), source: event });
      h.clock.advance(DAY);
    }
    // Now 2026-03-21 12:00 Shanghai. The last run was "yesterday"; the scheduler then stays down for three days.
    h.clock.set('2026-03-16T16:00:00.000Z'); // 2026-03-17 00:00 Shanghai: lots of the 15th and 16th are due
    expect(await daily.expire()).to.include({ units: 10 + 11 });
    h.clock.set(new Date(Date.parse('2026-03-19T16:00:00.000Z') + 1)); // three days later
    expect(await daily.expire()).to.deep.equal({ wallets: 1, entries: 1, units: 12 + 13 + 14 });
    expect(await daily.expire()).to.include({ units: 0 });
    const summary = await daily.summary(memberId);
    expect(summary).to.include({ available: 15 });
    expect(summary.lifetime.points.expired).to.equal(10 + 11 + 12 + 13 + 14);
  });

  it('never lets units past their expiry be spent, even before the job has run', async () => {
    const memberId = aMemberId();
    const never = h.service({ expiry: { points: { kind: 'never' }, growth: { kind: 'never' } } });
    await h.ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event });
    await never.earn({ memberId, currency: 'points', amount: 5, key: aKey(), source: event });
    h.clock.set(new Date(END_OF_2027.getTime() + 1));
    await expectAppError(h.ledger.spend({ memberId, amount: 6, key: aKey(), reason: 'x' }), 422, 'INSUFFICIENT_POINTS');
    // The refused spend still settled what was due: the expiry is on the ledger, and the job finds nothing.
    expect((await h.ledger.summary(memberId)).lifetime.points.expired).to.equal(100);
    expect(await h.ledger.expire()).to.include({ units: 0 });
    await h.ledger.spend({ memberId, amount: 5, key: aKey(), reason: 'x' });
  });

  it('expires pending units that reach their expiry before they are released', async () => {
    const daily = h.service({ expiry: { points: { kind: 'days', days: 1 }, growth: { kind: 'never' } } });
    const memberId = aMemberId();
    await daily.earn({ memberId, currency: 'points', amount: 8, pendingDays: 5, key: aKey(), source: event });
    h.clock.advance(6 * DAY);
    expect(await daily.releasePending()).to.include({ units: 0 });
    expect(await daily.expire()).to.include({ units: 8 });
    expect(await daily.summary(memberId)).to.include({ available: 0, pending: 0 });
  });

  it('is safe with two workers expiring and releasing at once', async () => {
    const daily = h.service({ expiry: { points: { kind: 'days', days: 2 }, growth: { kind: 'never' } } });
    const members = Array.from({ length: 12 }, () => aMemberId());
    for (const memberId of members) {
      await daily.earn({ memberId, currency: 'points', amount: 7, key: aKey(), source: event });
      await daily.earn({ memberId, currency: 'points', amount: 3, pendingDays: 1, key: aKey(), source: event });
    }
    const workerA = h.service({ batchSize: 5 });
    const workerB = h.service({ batchSize: 3, serializeInProcess: false });
    h.clock.advance(DAY);
    const released = await Promise.all([workerA.releasePending(), workerB.releasePending()]);
    expect(released[0].units + released[1].units).to.equal(3 * members.length);
    h.clock.advance(5 * DAY);
    const expired = await Promise.all([workerA.expire(), workerB.expire(), workerA.expire()]);
    expect(expired.reduce((total, r) => total + r.units, 0)).to.equal(10 * members.length);
    expect(await h.entries.countDocuments({ kind: 'expire' })).to.equal(members.length);
  });
});
