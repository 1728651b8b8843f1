import type { ExpiringPointsView, LedgerEntryView, LedgerSummaryView, Page } from '@laurel/shared';
import { expect } from 'chai';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, bearer, errorOf, nowSeconds } from '../../support/builders.js';
import { aMember, DAY, earn } from './support.js';

describe('member API: my points', () => {
  let t: TestApp;

  before(async () => {
    // 10:00 in Shanghai; points expire at the end of the 10th business day after earning.
    t = await startTestApp({ clock: new ManualClock('2026-03-01T02:00:00.000Z'), env: { POINTS_EXPIRY: 'days:10' } });
  });

  after(async () => {
    await t.close();
  });

  const tokenFor = (externalId: string): string => aMemberToken(externalId, { nowSeconds: nowSeconds(t) });
  const me = async (externalId: string, path = ''): Promise<unknown> =>
    (
      await t.http
        .get(`/api/v1/me${path}`)
        .set(bearer(tokenFor(externalId)))
        .expect(200)
    ).body as unknown;

  it('enrols a member on their first call and answers an empty summary', async () => {
    const externalId = uniqueName('first');
    const summary = (await me(externalId)) as LedgerSummaryView;
    const memberId = (await t.services.members.findByExternalId(externalId)).id;
    expect(summary).to.deep.equal({
      memberId,
      available: 0,
      pending: 0,
      held: 0,
      debt: 0,
      growth: 0,
      growthPending: 0,
      growthDebt: 0,
      lifetime: {
        points: { earned: 0, spent: 0, expired: 0, reversed: 0, restored: 0, adjusted: 0 },
        growth: { earned: 0, spent: 0, expired: 0, reversed: 0, restored: 0, adjusted: 0 },
      },
      nextExpiries: [],
    });
  });

  it('answers my balances, lifetime totals and next expiries with dates and amounts', async () => {
    const externalId = uniqueName('saver');
    const memberId = await aMember(t, externalId);
    await earn(t, memberId, 100);
    await earn(t, memberId, 40, { pendingDays: 7 });
    await earn(t, memberId, 25, { currency: 'growth' });
    await t.services.ledger.spend({ memberId, amount: 30, reason: 'gift', key: 'member-api-spend' });

    const summary = (await me(externalId)) as LedgerSummaryView;

    expect(summary).to.include({ memberId, available: 70, pending: 40, held: 0, debt: 0, growth: 25 });
    expect(summary.lifetime.points).to.include({ earned: 140, spent: 30 });
    // Both lots expire at the end of the 10th day after earning, in the business time zone (UTC+8).
    expect(summary.nextExpiries).to.deep.equal([{ at: '2026-03-11T15:59:59.999Z', amount: 110 }]);
  });

  it('shows each member only their own summary and ledger', async () => {
    const alice = uniqueName('alice');
    const bob = uniqueName('bob');
    const aliceId = await aMember(t, alice);
    const bobId = await aMember(t, bob);
    await earn(t, aliceId, 11);
    await earn(t, bobId, 22);
    await earn(t, bobId, 33);

    expect(await me(alice)).to.include({ memberId: aliceId, available: 11 });
    expect(await me(bob)).to.include({ memberId: bobId, available: 55 });
    const aliceLedger = (await me(alice, '/ledger')) as Page<LedgerEntryView>;
    expect(aliceLedger.items.map((e) => [e.memberId, e.delta])).to.deep.equal([[aliceId, 11]]);
    const bobLedger = (await me(bob, '/ledger')) as Page<LedgerEntryView>;
    expect(bobLedger.items.map((e) => e.delta)).to.deep.equal([33, 22]);
    expect(bobLedger.items.every((e) => e.memberId === bobId)).to.equal(true);
  });

  it("refuses to be pointed at another member's data through the query", async () => {
    const alice = uniqueName('alice');
    const bobId = await aMember(t, uniqueName('bob'));
    for (const query of [`memberId=${bobId}`, `externalId=bob`]) {
      const res = await t.http
        .get(`/api/v1/me/ledger?${query}`)
        .set(bearer(tokenFor(alice)))
        .expect(400);
      expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    }
  });

  it('pages my ledger by cursor and filters it by currency and kind', async () => {
    const externalId = uniqueName('pager');
    const memberId = await aMember(t, externalId);
    for (const amount of [1, 2, 3]) await earn(t, memberId, amount);
    await earn(t, memberId, 9, { currency: 'growth' });

    const first = (await me(externalId, '/ledger?currency=points&kind=earn&limit=2')) as Page<LedgerEntryView>;
    expect(first.items.map((e) => e.delta)).to.deep.equal([3, 2]);
    const second = (await me(externalId, `/ledger?currency=points&kind=earn&limit=2&cursor=${first.nextCursor}`)) as Page<LedgerEntryView>;
    expect(second.items.map((e) => e.delta)).to.deep.equal([1]);
    expect(second.nextCursor).to.equal(null);
    const growth = (await me(externalId, '/ledger?currency=growth')) as Page<LedgerEntryView>;
    expect(growth.items.map((e) => [e.currency, e.delta])).to.deep.equal([['growth', 9]]);

    const bad = await t.http
      .get('/api/v1/me/ledger?currency=gold&limit=1000')
      .set(bearer(tokenFor(externalId)))
      .expect(400);
    expect((errorOf(bad.body).details.fields as { field: string }[]).map((f) => f.field)).to.have.members(['currency', 'limit']);
  });

  it('answers the points expiring within the next N days, by expiry date', async () => {
    const externalId = uniqueName('expiring');
    const memberId = await aMember(t, externalId);
    const start = t.clock.now();
    await earn(t, memberId, 10); // expires at the end of 2026-03-11 (Shanghai)
    t.clock.advance(5 * DAY);
    await earn(t, memberId, 20); // end of 2026-03-16
    t.clock.advance(3 * DAY);
    await earn(t, memberId, 30); // end of 2026-03-19; now is 2026-03-09 10:00 in Shanghai
    try {
      const within = async (query: string): Promise<ExpiringPointsView> =>
        (await me(externalId, `/expiring${query}`)) as ExpiringPointsView;

      expect(await within('?days=0')).to.deep.equal({ days: 0, until: '2026-03-09T15:59:59.999Z', total: 0, items: [] });
      expect(await within('?days=3')).to.deep.equal({
        days: 3,
        until: '2026-03-12T15:59:59.999Z',
        total: 10,
        items: [{ date: '2026-03-11', at: '2026-03-11T15:59:59.999Z', amount: 10 }],
      });
      const month = await within('');
      expect(month).to.include({ days: 30, total: 60, until: '2026-04-08T15:59:59.999Z' });
      expect(month.items).to.deep.equal([
        { date: '2026-03-11', at: '2026-03-11T15:59:59.999Z', amount: 10 },
        { date: '2026-03-16', at: '2026-03-16T15:59:59.999Z', amount: 20 },
        { date: '2026-03-19', at: '2026-03-19T15:59:59.999Z', amount: 30 },
      ]);

      for (const days of ['-1', '1.5', 'soon', '3651']) {
        const res = await t.http
          .get(`/api/v1/me/expiring?days=${days}`)
          .set(bearer(tokenFor(externalId)))
          .expect(400);
        expect(
          (errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field),
          days,
        ).to.deep.equal(['days']);
      }
    } finally {
      t.clock.set(start);
    }
  });

  it('needs a valid member token', async () => {
    await t.http.get('/api/v1/me').expect(401);
    await t.http.get('/api/v1/me/ledger').set(bearer('not-a-jwt')).expect(401);
    const expired = aMemberToken(uniqueName('late'), { nowSeconds: nowSeconds(t) - 7200, expiresInSeconds: 60 });
    const res = await t.http.get('/api/v1/me/expiring').set(bearer(expired)).expect(401);
    expect(errorOf(res.body).code).to.equal('UNAUTHENTICATED');
  });
});
