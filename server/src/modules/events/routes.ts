import { ApiScope, EventBatchDto, EventDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { AppError } from '../../platform/errors.js';
import { principalKey } from '../../platform/http/principal.js';
import { parseEvent, typedEvent } from './parse.js';
import type { BatchItem, EventService } from './service.js';

/** Event ids are the idempotency keys here, so the routes do not also take an Idempotency-Key. */
export function registerEventRoutes(service: ApiRouter, events: EventService): void {
  service
    .route<EventDto>({
      method: 'post',
      path: '/events',
      summary: 'Send one event; its id makes it exactly-once (a replay answers the first outcome)',
      tag: 'Events',
      auth: { kind: 'service', scope: ApiScope.EventsWrite },
      body: EventDto,
      idempotent: false,
      responds: { status: 201, description: 'What the event granted and skipped, and why' },
      handler: async ({ req, body, who }) => {
        const { outcome, replayed } = await events.ingest(await typedEvent(body), principalKey(who));
        if (replayed) req.res?.setHeader('Idempotent-Replayed', 'true');
        return { status: 201, body: outcome };
      },
    })
    .route<EventBatchDto>({
      method: 'post',
      path: '/events/batch',
      summary: 'Send up to 500 events, processed in order; each is accepted, replayed or rejected on its own',
      tag: 'Events',
      auth: { kind: 'service', scope: ApiScope.EventsWrite },
      body: EventBatchDto,
      idempotent: false,
      responds: { status: 200, description: 'One result per event, in the order sent' },
      handler: async ({ body, who }) => {
        const items = await Promise.all(body.events.map((raw, index) => parseBatchItem(raw, index)));
        return { status: 200, body: await events.ingestBatch(items, principalKey(who)) };
      },
    });
}

async function parseBatchItem(raw: Record<string, unknown>, index: number): Promise<BatchItem> {
  const id = typeof raw.id === 'string' ? raw.id : null;
  try {
    return { index, id, input: await parseEvent(raw) };
  } catch (err) {
    if (err instanceof AppError) return { index, id, error: err };
    throw err;
  }
}
