import type { JobDefinition } from '../../jobs/job.js';
import type { CheckInService } from './service.js';

export function checkInJobs(checkIns: CheckInService): JobDefinition[] {
  return [
    {
      name: 'check-ins.resume',
      description: 'Finishes check-ins a crash left unsettled (grants by idempotent keys) and undoes make-ups that had not got to paying',
      schedule: '*/5 * * * *',
      run: ({ now, runKey }) => checkIns.resume(now, runKey),
    },
  ];
}
