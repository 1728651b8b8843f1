import type { JobDefinition } from '../../jobs/job.js';
import type { OutboxService } from './service.js';

export function outboxJobs(outbox: OutboxService): JobDefinition[] {
  return [
    {
      name: 'outbox.relay',
      description: 'Copies messages that changes carry (ledger entries, tier changes, ...) into the outbox',
      schedule: '15 seconds',
      run: async () => ({ ...(await outbox.relay()) }),
    },
  ];
}
