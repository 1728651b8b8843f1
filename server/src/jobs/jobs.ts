import type { Model } from 'mongoose';
import type { Clock } from '../platform/clock.js';
import type { BatchWalker } from './batch-walker.js';
import type { JobDefinition } from './job.js';
import type { JobRun } from './model.js';
import { deleteOldRuns, JOB_RUN_RETENTION_DAYS } from './runs.js';

/** The scheduler's own housekeeping. */
export function schedulerJobs(walker: BatchWalker, runs: Model<JobRun>, clock: Clock): JobDefinition[] {
  return [
    {
      name: 'jobs.cleanup-batches',
      description: 'Deletes batch claims of job runs older than 7 days (no TTL indexes on FerretDB)',
      schedule: '15 4 * * *',
      run: async () => ({ deleted: await walker.deleteOldBatches(clock.now()) }),
    },
    {
      name: 'jobs.cleanup-runs',
      description: `Deletes job run records older than ${JOB_RUN_RETENTION_DAYS} days`,
      schedule: '20 4 * * *',
      run: async ({ now }) => ({ deleted: await deleteOldRuns(runs, new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000)) }),
    },
  ];
}
