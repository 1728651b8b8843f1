import type { Model } from 'mongoose';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { AuditSink } from '../audit/service.js';
import { EventCompletion, type RetrySettings } from './completion.js';
import type { StoredEvent } from './model.js';
import { EventPipeline } from './pipeline.js';
import { EventRecords } from './records.js';
import { RefundConsumer, type RefundLedger } from './refund-consumer.js';
import { EventWrites } from './writes.js';
import { EventService, RESUME_GRACE_MS, type MemberDirectory } from './service.js';

export interface EventsDeps {
  events: Model<StoredEvent>;
  members: MemberDirectory;
  ledger: RefundLedger;
  audit: AuditSink;
  clock: Clock;
  retry: RetrySettings;
}

/**
 * Builds the events feature: the pipeline (consumers subscribe to it in the wiring file), the service,
 * the operators' records, the refund consumer and the job that completes interrupted, failing and waiting events.
 */
export function createEvents(deps: EventsDeps) {
  const pipeline = new EventPipeline();
  const writes = new EventWrites(deps.events);
  const completion = new EventCompletion(deps.events, pipeline, writes, deps.clock, deps.retry);
  const service = new EventService(deps.events, deps.members, pipeline, completion, writes, deps.clock);
  const records = new EventRecords(deps.events, completion, deps.audit, deps.clock, RESUME_GRACE_MS);
  const refunds = new RefundConsumer(deps.ledger);
  const jobs: JobDefinition[] = [
    {
      name: 'events.resume',
      description:
        'Completes events left half-processed by a crash, retries failed ones with backoff (parking them as failed after the last attempt) and applies refunds whose order has arrived',
      schedule: '5 minutes',
      run: async () => service.resumeInterrupted(),
    },
  ];
  return { pipeline, service, records, refunds, jobs };
}
