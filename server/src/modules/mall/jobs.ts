import type { JobDefinition } from '../../jobs/job.js';
import type { RedemptionService } from './redemptions.js';

export function mallJobs(redemptions: RedemptionService): JobDefinition[] {
  return [
    {
      name: 'mall.resume',
      description:
        'Finishes redemptions a crash left mid-way (each saga step again, by its keys) and finishes the undo of failed or cancelled ones',
      schedule: '*/5 * * * *',
      run: ({ now, runKey }) => redemptions.resume(now, runKey),
    },
  ];
}
