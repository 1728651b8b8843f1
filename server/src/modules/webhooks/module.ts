import type { Model } from 'mongoose';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { StoredOutboxMessage } from '../outbox/model.js';
import { WebhookDispatcher, type DispatchSettings } from './dispatcher.js';
import { EgressGuard, type EgressSettings } from './egress.js';
import type { WebhookDelivery, WebhookSubscription } from './model.js';
import { WebhookRetention } from './retention.js';
import type { AuditSink } from '../audit/service.js';
import { WebhookService } from './service.js';

export interface WebhooksDeps {
  messages: Model<StoredOutboxMessage>;
  subscriptions: Model<WebhookSubscription>;
  deliveries: Model<WebhookDelivery>;
  audit: AuditSink;
  clock: Clock;
  logger: Logger;
  settings: DispatchSettings;
  /** Which receivers' addresses are allowed, and the resolver that tells them. */
  egress: EgressSettings;
  /** Finished deliveries and relayed messages are deleted this long after their last change. */
  retentionDays: number;
}

const DAY_MS = 86_400_000;

/** Builds the webhooks feature: the admin service, the dispatcher and its job. */
export function createWebhooks(deps: WebhooksDeps) {
  const egress = new EgressGuard(deps.egress);
  const dispatcher = new WebhookDispatcher(
    deps.messages,
    deps.subscriptions,
    deps.deliveries,
    deps.clock,
    deps.logger,
    deps.settings,
    egress,
  );
  const service = new WebhookService(deps.subscriptions, deps.deliveries, dispatcher, egress, deps.audit, deps.clock);
  const retention = new WebhookRetention(deps.messages, deps.deliveries);
  const jobs: JobDefinition[] = [
    {
      name: 'webhooks.dispatch',
      description: 'Creates webhook deliveries for new outbox messages and sends those that are due (with retries)',
      schedule: '15 seconds',
      run: async () => ({ ...(await dispatcher.run()) }),
    },
    {
      name: 'webhooks.cleanup',
      description: 'Deletes finished webhook deliveries and relayed outbox messages past their retention',
      schedule: '40 4 * * *',
      run: async ({ now }) => ({ ...(await retention.run(new Date(now.getTime() - deps.retentionDays * DAY_MS))) }),
    },
  ];
  return { service, dispatcher, jobs };
}
