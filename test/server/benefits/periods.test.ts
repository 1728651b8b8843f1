import { expect } from 'chai';
import { aBenefit, aMember, aPackage, entitlementOf, setClock, startBenefitsApp, use, type BenefitsApp } from './support.js';

/** A quota's counters start again at the period boundary of the business time zone. */
for (const { zone, lastInstant, firstInstant, day, nextDay } of [
  {
    zone: 'Asia/Shanghai',
    lastInstant: '2026-06-10T23:59:59.999+08:00',
    firstInstant: '2026-06-11T00:00:00.000+08:00',
    day: '2026-06-10',
    nextDay: '2026-06-11',
  },
  // The day daylight saving time starts in New York (23 hours long), then the day after.
  {
    zone: 'America/New_York',
    lastInstant: '2026-03-08T23:59:59.999-04:00',
    firstInstant: '2026-03-09T00:00:00.000-04:00',
    day: '2026-03-08',
    nextDay: '2026-03-09',
  },
]) {
  describe(`benefits: quota periods in ${zone}`, function () {
    this.timeout(120_000);
    let app: BenefitsApp;

    before(async () => {
      app = await startBenefitsApp({ zone, start: `${day}T10:00:00.000Z` });
    });
    after(() => app.close());

    it('resets a daily quota at local midnight: 23:59:59.999 is still the day, 00:00 the next', async () => {
      const benefit = await aBenefit(app);
      await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'day', count: 1 } }]);
      const member = await aMember(app, 'gold');
      await setClock(app, `${day}T12:00:00.000${lastInstant.slice(-6)}`);
      await use(app, app.api, member, benefit.code, { key: 'morning' }).expect(200);
      await setClock(app, lastInstant);
      expect((await use(app, app.api, member, benefit.code, { key: 'last' })).status).to.equal(422);
      const before = await entitlementOf(app, member, benefit.code);
      expect(before!.pools[0]).to.deep.include({ periodKey: day, remaining: 0, resetsAt: new Date(firstInstant).toISOString() });

      await setClock(app, firstInstant);
      await use(app, app.api, member, benefit.code, { key: 'first' }).expect(200);
      expect((await entitlementOf(app, member, benefit.code))!.pools[0]).to.deep.include({ periodKey: nextDay, used: 1 });
    });

    it('keys weeks by ISO week and months by month, each with its reset', async () => {
      const weekly = await aBenefit(app);
      const monthly = await aBenefit(app);
      const yearly = await aBenefit(app);
      await aPackage(app, 'gold', [
        { benefitCode: weekly.code, quota: { period: 'week', count: 2 } },
        { benefitCode: monthly.code, quota: { period: 'month', count: 4 } },
        { benefitCode: yearly.code, quota: { period: 'year', count: 12 } },
      ]);
      const member = await aMember(app, 'gold');
      await setClock(app, firstInstant);
      const year = nextDay.slice(0, 4);
      const [w, m, y] = await Promise.all([weekly, monthly, yearly].map((b) => entitlementOf(app, member, b.code)));
      expect(w!.pools[0]!.periodKey).to.match(/^\d{4}-W\d{2}$/);
      expect(m!.pools[0]).to.deep.include({ periodKey: nextDay.slice(0, 7) });
      expect(y!.pools[0]).to.deep.include({ periodKey: year });
      expect(new Date(y!.pools[0]!.resetsAt!).toLocaleString('sv-SE', { timeZone: zone })).to.equal(`${Number(year) + 1}-01-01 00:00:00`);
      expect(new Date(m!.pools[0]!.resetsAt!).toLocaleString('sv-SE', { timeZone: zone }).slice(8)).to.equal('01 00:00:00');
      expect(new Date(w!.pools[0]!.resetsAt!).toLocaleString('sv-SE', { timeZone: zone }).slice(11)).to.equal('00:00:00');
    });
  });
}
