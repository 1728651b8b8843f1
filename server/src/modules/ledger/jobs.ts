import type { JobDefinition } from '../../jobs/job.js';
import type { LedgerService } from './service.js';

/** How many wallet issues a reconcile run writes to the log (the counts cover them all). */
const LOGGED_ISSUES = 50;

/** The ledger's scheduled work; each run is idempotent, batched by the service, and safe on two workers. */
export function ledgerJobs(ledger: LedgerService): JobDefinition[] {
  return [
    {
      name: 'ledger.expire-points',
      description: 'Expires every lot of points and growth past its expiry, for exactly its remaining units',
      schedule: '5 * * * *',
      run: async ({ now, runKey }) => {
        const result = await ledger.expire(now, { runKey });
        return { wallets: result.wallets, entries: result.entries, expired: result.units };
      },
    },
    {
      name: 'ledger.release-pending',
      description: 'Makes pending points and growth whose pending period has ended available',
      schedule: '*/10 * * * *',
      run: async ({ now, runKey }) => {
        const result = await ledger.releasePending(now, { runKey });
        return { wallets: result.wallets, entries: result.entries, released: result.units };
      },
    },
    {
      name: 'ledger.reconcile',
      description: 'Checks every wallet against its ledger, finishes interrupted operations and repairs drift',
      schedule: '30 3 * * *',
      lockLifetimeMs: 60 * 60_000,
      run: async ({ logger }) => {
        const report = await ledger.reconcile({ repair: true });
        const repaired = report.issues.filter((issue) => issue.repaired).length;
        const unresolved = report.issues.length - repaired;
        if (report.issues.length > 0) {
          const details = { issues: report.issues.slice(0, LOGGED_ISSUES), total: report.issues.length, repaired, unresolved };
          if (unresolved > 0) logger.error(details, 'ledger drift found and not repaired');
          else logger.warn(details, 'ledger drift found and repaired');
        }
        return { wallets: report.wallets, issues: report.issues.length, repaired, unresolved };
      },
    },
  ];
}
