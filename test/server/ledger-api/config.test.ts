import { expect } from 'chai';
import { ConfigError, loadConfig, parseExpiryPolicy } from '@laurel/server/config.js';

describe('ledger configuration settings', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  it('defaults to points expiring at the end of next year, growth never, refunds within the available balance, no restore grace', () => {
    const { ledger } = loadConfig({});
    expect(ledger).to.deep.equal({
      pointsExpiry: { kind: 'year_end', years: 1 },
      growthExpiry: { kind: 'never' },
      refundPolicy: 'within_available',
      refundRestoreGraceDays: 0,
      summaryCacheTtlSeconds: 600,
    });
  });

  it('reads every expiry policy kind and refund policy', () => {
    const { ledger } = loadConfig({
      POINTS_EXPIRY: 'days:365',
      GROWTH_EXPIRY: 'month_end:12',
      REFUND_POLICY: 'allow_debt',
      REFUND_RESTORE_GRACE_DAYS: '7',
      SUMMARY_CACHE_TTL_SECONDS: '30',
    });
    expect(ledger).to.deep.equal({
      pointsExpiry: { kind: 'days', days: 365 },
      growthExpiry: { kind: 'month_end', months: 12 },
      refundPolicy: 'allow_debt',
      refundRestoreGraceDays: 7,
      summaryCacheTtlSeconds: 30,
    });
    expect(parseExpiryPolicy('never')).to.deep.equal({ kind: 'never' });
    expect(parseExpiryPolicy('year_end:0')).to.deep.equal({ kind: 'year_end', years: 0 });
    expect(parseExpiryPolicy('days:36500')).to.deep.equal({ kind: 'days', days: 36_500 });
  });

  it('refuses malformed policies, naming each setting', () => {
    for (const bad of ['forever', 'days', 'days:', 'days:-1', 'days:1.5', 'days:36501', 'weeks:2', 'Days:3', ' days:3', 'never:1']) {
      expect(parseExpiryPolicy(bad), bad).to.equal(null);
    }
    const problems = problemsOf({
      POINTS_EXPIRY: 'days:x',
      GROWTH_EXPIRY: 'sometimes',
      REFUND_POLICY: 'never',
      REFUND_RESTORE_GRACE_DAYS: '-1',
      SUMMARY_CACHE_TTL_SECONDS: '0',
    });
    expect(problems).to.have.length(5);
    expect(problems.join('\n'))
      .to.include('POINTS_EXPIRY')
      .and.include('GROWTH_EXPIRY')
      .and.include('REFUND_POLICY')
      .and.include('REFUND_RESTORE_GRACE_DAYS')
      .and.include('SUMMARY_CACHE_TTL_SECONDS');
  });
});
