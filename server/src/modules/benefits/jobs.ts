import { addCounts, type JobCounts, type JobDefinition } from '../../jobs/job.js';
import type { BenefitIssuer } from './issuance.js';
import type { BenefitSchedules } from './schedules.js';
import type { BenefitUses } from './uses.js';

/** The benefits feature's scheduled work; each run is idempotent, in claimed batches, safe on two workers. */
export function benefitJobs(schedules: BenefitSchedules, uses: BenefitUses, issuer: BenefitIssuer): JobDefinition[] {
  return [
    {
      name: 'benefits.issue-periodic',
      description:
        "Issues each tier's coupon packs to its members once per period (a member who reaches the tier mid-period gets the pack at the next run)",
      schedule: '10 0 * * *',
      run: ({ now, runKey }) => schedules.issuePeriodic(now, runKey),
    },
    {
      name: 'benefits.birthday-gifts',
      description: 'Issues birthday gifts (points, growth, coupons) days ahead of members’ birthdays, once per member and year',
      schedule: '20 0 * * *',
      run: ({ now, runKey }) => schedules.issueBirthdays(now, runKey),
    },
    {
      name: 'benefits.resume',
      description: 'Finishes benefit uses, releases and issuances a crash left half done (or cancels uses that took no quota)',
      schedule: '5 minutes',
      run: async ({ now, runKey }) => {
        const counts: JobCounts = {};
        addCounts(counts, await uses.resume(now, runKey));
        addCounts(counts, await issuer.resume(now, runKey));
        return counts;
      },
    },
  ];
}
