import { expect } from 'chai';
import { expiresAtFor, expiryPolicyProblems, pendingUntil, type ExpiryPolicy } from '@laurel/server/modules/ledger/expiry-policy.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('ledger expiry policy (date math)', () => {
  it('never expires under the never policy', () => {
    expect(expiresAtFor({ kind: 'never' }, new Date('2026-05-01T00:00:00Z'), SH)).to.equal(null);
  });

  it('expires at the end of the business year N years after the year of earning', () => {
    // 2026-12-31T20:00Z is already 2027-01-01 04:00 in Shanghai: earned in 2027.
    expect(iso(expiresAtFor({ kind: 'year_end', years: 1 }, new Date('2026-06-15T08:00:00Z'), SH))).to.equal('2027-12-31T15:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'year_end', years: 1 }, new Date('2026-12-31T20:00:00Z'), SH))).to.equal('2028-12-31T15:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'year_end', years: 0 }, new Date('2026-01-01T00:00:00Z'), SH))).to.equal('2026-12-31T15:59:59.999Z');
  });

  it('expires at the end of the month N months later, also from the 31st', () => {
    expect(iso(expiresAtFor({ kind: 'month_end', months: 1 }, new Date('2026-01-31T04:00:00Z'), SH))).to.equal('2026-02-28T15:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'month_end', months: 0 }, new Date('2026-03-10T04:00:00Z'), SH))).to.equal('2026-03-31T15:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'month_end', months: 12 }, new Date('2026-03-10T04:00:00Z'), SH))).to.equal('2027-03-31T15:59:59.999Z');
  });

  it('expires at the end of the business day N days after earning', () => {
    // 2026-03-01T17:00Z is 2026-03-02 01:00 in Shanghai.
    expect(iso(expiresAtFor({ kind: 'days', days: 30 }, new Date('2026-03-01T17:00:00Z'), SH))).to.equal('2026-04-01T15:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'days', days: 0 }, new Date('2026-03-01T10:00:00Z'), SH))).to.equal('2026-03-01T15:59:59.999Z');
  });

  it('keeps local end of day across daylight saving changes (America/New_York)', () => {
    // Earned Sat 2026-03-07 12:00 EST; DST starts Sun 2026-03-08 02:00: end of that Sunday is 23:59:59.999 EDT (UTC-4).
    expect(iso(expiresAtFor({ kind: 'days', days: 1 }, new Date('2026-03-07T17:00:00Z'), NY))).to.equal('2026-03-09T03:59:59.999Z');
    // DST ends Sun 2026-11-01 02:00: end of that Sunday is 23:59:59.999 EST (UTC-5).
    expect(iso(expiresAtFor({ kind: 'days', days: 1 }, new Date('2026-10-31T16:00:00Z'), NY))).to.equal('2026-11-02T04:59:59.999Z');
    expect(iso(expiresAtFor({ kind: 'year_end', years: 1 }, new Date('2026-07-01T16:00:00Z'), NY))).to.equal('2028-01-01T04:59:59.999Z');
  });

  it('releases pending units at the same local time N days later, 23 or 25 hours across DST', () => {
    const start = new Date('2026-03-07T17:00:00Z'); // 12:00 EST
    expect(iso(pendingUntil(start, 1, NY))).to.equal('2026-03-08T16:00:00.000Z'); // 12:00 EDT, 23 h later
    expect(iso(pendingUntil(new Date('2026-10-31T16:00:00Z'), 1, NY))).to.equal('2026-11-01T17:00:00.000Z'); // 25 h later
    expect(iso(pendingUntil(start, 7, SH))).to.equal('2026-03-14T17:00:00.000Z');
  });

  it('answers by the local day of earning whatever the order of calls: the last instant of a day, the first of the next, back again', () => {
    const yearEnd = { kind: 'year_end', years: 1 } as const;
    const oneDay = { kind: 'days', days: 1 } as const;
    const monthEnd = { kind: 'month_end', months: 0 } as const;
    // [policy, zone, earned at, expected]. Shanghai's 2026-12-31 ends at 15:59:59.999Z; New York's 2026-03-08 (23 h) at 03:59:59.999Z on the 9th.
    const calls: [ExpiryPolicy, string, string, string][] = [
      [yearEnd, SH, '2026-12-31T15:59:59.999Z', '2027-12-31T15:59:59.999Z'],
      [yearEnd, SH, '2026-12-31T16:00:00.000Z', '2028-12-31T15:59:59.999Z'],
      [yearEnd, NY, '2026-12-31T16:00:00.000Z', '2028-01-01T04:59:59.999Z'],
      [yearEnd, SH, '2026-12-31T15:59:59.999Z', '2027-12-31T15:59:59.999Z'],
      [yearEnd, SH, '2026-12-30T16:00:00.000Z', '2027-12-31T15:59:59.999Z'],
      [oneDay, NY, '2026-03-08T05:00:00.000Z', '2026-03-10T03:59:59.999Z'],
      [oneDay, NY, '2026-03-09T03:59:59.999Z', '2026-03-10T03:59:59.999Z'],
      [oneDay, SH, '2026-03-09T03:59:59.999Z', '2026-03-10T15:59:59.999Z'],
      [oneDay, NY, '2026-03-08T04:59:59.999Z', '2026-03-09T03:59:59.999Z'],
      [monthEnd, SH, '2026-01-31T15:59:59.999Z', '2026-01-31T15:59:59.999Z'],
      [monthEnd, SH, '2026-01-31T16:00:00.000Z', '2026-02-28T15:59:59.999Z'],
      [{ kind: 'month_end', months: 1 }, SH, '2026-01-31T16:00:00.000Z', '2026-03-31T15:59:59.999Z'],
    ];
    expect(calls.map(([policy, zone, at]) => iso(expiresAtFor(policy, new Date(at), zone)))).to.deep.equal(calls.map((c) => c[3]));
  });

  it('rejects unknown zones and negative or fractional counts', () => {
    expect(expiryPolicyProblems({ kind: 'days', days: 30 }, SH)).to.deep.equal([]);
    expect(expiryPolicyProblems({ kind: 'days', days: 30 }, 'Mars/Olympus')).to.have.length(1);
    expect(expiryPolicyProblems({ kind: 'month_end', months: -1 }, SH)).to.have.length(1);
    expect(expiryPolicyProblems({ kind: 'year_end', years: 1.5 }, SH)).to.have.length(1);
  });
});
