import type { Model } from 'mongoose';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { StoredEvent } from './model.js';
import { EventPipeline } from './pipeline.js';
import { RefundConsumer, type RefundLedger } from './refund-consumer.js';
import { EventService, type MemberDirectory } from './service.js';

export interface EventsDeps {
  events: Model<StoredEvent>;
  members: MemberDirectory;
  ledger: RefundLedger;
  clock: Clock;
}

/**
 * Builds the events feature: the pipeline (consumers subscribe to it in the wiring file), the service,
 * the refund consumer and the job that completes events a crash interrupted.
 */
export function createEvents(deps: EventsDeps) {
  const pipeline = new EventPipeline();
  const service = new EventService(deps.events, deps.members, pipeline, deps.clock);
  const refunds = new RefundConsumer(service, deps.ledger);
  const jobs: JobDefinition[] = [
    {
      name: 'events.resume',
      description: 'Completes events left half-processed by a crash (received but without an outcome)',
      schedule: '5 minutes',
      run: async () => service.resumeInterrupted(),
    },
  ];
  return { pipeline, service, refunds, jobs };
}
