import type { JobDefinition } from '../../jobs/job.js';
import type { TaskSweeps } from './sweeps.js';

/** The tasks feature's scheduled work; each run is idempotent, in claimed batches, safe on two workers. */
export function taskJobs(sweeps: TaskSweeps): JobDefinition[] {
  return [
    {
      name: 'tasks.resume',
      description:
        'Finishes task claims, grants and reversals a crash left half done (automatic claims, rewards not granted yet, revoked rewards not reversed yet)',
      schedule: '5 minutes',
      run: ({ now, runKey, logger }) =>
        sweeps.resume(now, runKey, (err, completionId) => logger.warn({ err, completionId }, 'task follow-up failed; retried next run')),
    },
    {
      name: 'tasks.expire',
      description: 'Expires manual task rewards left unclaimed past their claim window, and progress whose period ended unfinished',
      schedule: '20 * * * *',
      run: ({ now, runKey }) => sweeps.expire(now, runKey),
    },
  ];
}
