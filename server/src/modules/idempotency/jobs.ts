import type { JobDefinition } from '../../jobs/job.js';
import type { IdempotencyService } from './service.js';

export function idempotencyJobs(idempotency: IdempotencyService): JobDefinition[] {
  return [
    {
      name: 'idempotency.cleanup',
      description: 'Deletes stored idempotency keys past their retention',
      schedule: '0 4 * * *',
      run: async () => ({ deleted: await idempotency.deleteExpired() }),
    },
  ];
}
