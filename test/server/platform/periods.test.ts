import { expect } from 'chai';
import {
  addDays,
  businessDayOf,
  dayStartOf,
  daysBetween,
  isDayKey,
  periodOf,
  type BusinessCalendar,
} from '@laurel/server/platform/periods.js';

const shanghai: BusinessCalendar = { zone: 'Asia/Shanghai' };
const newYork4am: BusinessCalendar = { zone: 'America/New_York', dayStartMinutes: 240 };
const at = (iso: string) => new Date(iso);

describe('business periods', () => {
  it('puts 23:59:59.999 and 00:00:00 of the business zone on different days', () => {
    // 2027-03-14 00:00 in Shanghai is 2027-03-13T16:00Z.
    expect(periodOf('day', at('2027-03-13T15:59:59.999Z'), shanghai).key).to.equal('2027-03-13');
    const day = periodOf('day', at('2027-03-13T16:00:00.000Z'), shanghai);
    expect(day.key).to.equal('2027-03-14');
    expect(day.start.toISOString()).to.equal('2027-03-13T16:00:00.000Z');
    expect(day.end.toISOString()).to.equal('2027-03-14T16:00:00.000Z');
  });

  it('turns the ISO week over from Sunday 23:59:59.999 to Monday 00:00', () => {
    // 2027-03-14 is a Sunday; Monday 2027-03-15 00:00 Shanghai = 2027-03-14T16:00Z.
    expect(periodOf('week', at('2027-03-14T15:59:59.999Z'), shanghai).key).to.equal('2027-W10');
    const week = periodOf('week', at('2027-03-14T16:00:00.000Z'), shanghai);
    expect(week.key).to.equal('2027-W11');
    expect(week.start.toISOString()).to.equal('2027-03-14T16:00:00.000Z');
    expect(week.end.toISOString()).to.equal('2027-03-21T16:00:00.000Z');
  });

  it('uses ISO week years at the turn of the year', () => {
    // 2027-01-01 is a Friday: it belongs to week 53 of 2026.
    expect(periodOf('week', at('2027-01-01T04:00:00Z'), shanghai).key).to.equal('2026-W53');
  });

  it('keys a week with another first day by the date of that day', () => {
    const sundayWeeks = { ...shanghai, weekStart: 7 };
    expect(periodOf('week', at('2027-03-13T15:59:59.999Z'), sundayWeeks).key).to.equal('2027-03-07/week');
    expect(periodOf('week', at('2027-03-13T16:00:00.000Z'), sundayWeeks).key).to.equal('2027-03-14/week');
  });

  it('ends months at the last instant of their last day, leap years included', () => {
    expect(periodOf('month', at('2028-02-29T15:59:59.999Z'), shanghai).key).to.equal('2028-02');
    const march = periodOf('month', at('2028-02-29T16:00:00.000Z'), shanghai);
    expect(march.key).to.equal('2028-03');
    expect(march.end.toISOString()).to.equal('2028-03-31T16:00:00.000Z');
  });

  it('turns the year over at local midnight of January 1', () => {
    expect(periodOf('year', at('2027-12-31T15:59:59.999Z'), shanghai).key).to.equal('2027');
    const year = periodOf('year', at('2027-12-31T16:00:00.000Z'), shanghai);
    expect(year.key).to.equal('2028');
    expect(year.start.toISOString()).to.equal('2027-12-31T16:00:00.000Z');
    expect(year.end.toISOString()).to.equal('2028-12-31T16:00:00.000Z');
  });

  it('begins the day at 04:00 in New York across both daylight-saving changes', () => {
    // Spring forward on 2027-03-14 at 02:00 EST (07:00Z): the day of the 13th, 04:00 EST to 04:00 EDT, is 23 hours.
    const day13 = periodOf('day', at('2027-03-13T12:00:00Z'), newYork4am);
    expect(day13.start.toISOString()).to.equal('2027-03-13T09:00:00.000Z');
    expect(day13.end.toISOString()).to.equal('2027-03-14T08:00:00.000Z');
    expect(businessDayOf(at('2027-03-14T07:59:59.999Z'), newYork4am)).to.equal('2027-03-13'); // 03:59:59.999 EDT
    expect(businessDayOf(at('2027-03-14T08:00:00.000Z'), newYork4am)).to.equal('2027-03-14'); // 04:00 EDT
    expect(businessDayOf(at('2027-03-14T06:30:00.000Z'), newYork4am)).to.equal('2027-03-13'); // 01:30 EST
    // Fall back on 2027-11-07 at 02:00 EDT (06:00Z): the day of the 6th, 04:00 EDT to 04:00 EST, is 25 hours.
    const day6 = periodOf('day', at('2027-11-06T12:00:00Z'), newYork4am);
    expect(day6.start.toISOString()).to.equal('2027-11-06T08:00:00.000Z');
    expect(day6.end.toISOString()).to.equal('2027-11-07T09:00:00.000Z');
    expect(businessDayOf(at('2027-11-07T05:30:00.000Z'), newYork4am)).to.equal('2027-11-06'); // 01:30 EDT
    expect(businessDayOf(at('2027-11-07T06:30:00.000Z'), newYork4am)).to.equal('2027-11-06'); // 01:30 EST, the second time
    expect(businessDayOf(at('2027-11-07T08:59:59.999Z'), newYork4am)).to.equal('2027-11-06'); // 03:59:59.999 EST
    expect(businessDayOf(at('2027-11-07T09:00:00.000Z'), newYork4am)).to.equal('2027-11-07'); // 04:00 EST
  });

  it('starts a day whose start falls into the daylight-saving gap where the gap ends', () => {
    const calendar = { zone: 'America/New_York', dayStartMinutes: 150 }; // 02:30 does not exist on 2027-03-14
    expect(dayStartOf('2027-03-14', calendar).toISOString()).to.equal('2027-03-14T07:00:00.000Z'); // 03:00 EDT
    expect(businessDayOf(at('2027-03-14T06:59:59.999Z'), calendar)).to.equal('2027-03-13'); // 01:59:59 EST
    expect(businessDayOf(at('2027-03-14T07:00:00.000Z'), calendar)).to.equal('2027-03-14');
  });

  it('agrees with itself: every instant lies within the bounds of its own day', () => {
    const zones: BusinessCalendar[] = [shanghai, newYork4am, { zone: 'America/New_York' }, { zone: 'Europe/London', dayStartMinutes: 150 }];
    for (const calendar of zones) {
      for (let t = Date.parse('2027-03-01T00:00:00Z'); t < Date.parse('2027-04-05T00:00:00Z'); t += 53 * 60_000) {
        const day = periodOf('day', new Date(t), calendar);
        expect(day.start.getTime(), `${calendar.zone} ${new Date(t).toISOString()}`).to.be.at.most(t);
        expect(day.end.getTime(), `${calendar.zone} ${new Date(t).toISOString()}`).to.be.greaterThan(t);
        expect(day.end.getTime()).to.equal(dayStartOf(addDays(day.key, 1), calendar).getTime());
      }
    }
  });

  it('does day arithmetic on keys', () => {
    expect(addDays('2027-02-28', 1)).to.equal('2027-03-01');
    expect(addDays('2028-02-28', 1)).to.equal('2028-02-29');
    expect(addDays('2027-01-01', -1)).to.equal('2026-12-31');
    expect(daysBetween('2027-03-10', '2027-03-14')).to.equal(4);
    expect(daysBetween('2027-03-14', '2027-03-10')).to.equal(-4);
    expect(isDayKey('2027-02-29')).to.equal(false);
    expect(isDayKey('2028-02-29')).to.equal(true);
    expect(isDayKey('2027-3-1')).to.equal(false);
  });
});
