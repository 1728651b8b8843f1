import { AdminRole, ApiScope, EventBatchDto, EventDto, EventRecordQueryDto, MemberEventRecordQueryDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { AppError } from '../../platform/errors.js';
import { principalActor, principalKey } from '../../platform/http/principal.js';
import type { MemberService } from '../members/service.js';
import { parseEvent, typedEvent } from './parse.js';
import type { EventRecords } from './records.js';
import type { BatchItem, EventService } from './service.js';

/** Event ids are the idempotency keys here, so the routes do not also take an Idempotency-Key. */
export function registerEventRoutes(service: ApiRouter, events: EventService): void {
  service
    .route<EventDto>({
      method: 'post',
      path: '/events',
      summary:
        'Send one event; its id makes it exactly-once (a replay answers the first outcome). 202: accepted and stored, waiting for another event (a refund for its order.paid)',
      tag: 'Events',
      auth: { kind: 'service', scope: ApiScope.EventsWrite },
      body: EventDto,
      idempotent: false,
      responds: { status: 201, description: 'What the event granted and skipped, and why' },
      handler: async ({ req, body, who }) => {
        const { outcome, replayed } = await events.ingest(await typedEvent(body), principalKey(who));
        if (replayed) req.res?.setHeader('Idempotent-Replayed', 'true');
        return { status: outcome.state === 'waiting' ? 202 : 201, body: outcome };
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

/** The admin API: events not processed yet (retrying, waiting, failed) and an operator's retry. */
export function registerEventAdminRoutes(admin: ApiRouter, records: EventRecords, members: Pick<MemberService, 'get'>): void {
  admin
    .route<Record<string, never>, EventRecordQueryDto>({
      method: 'get',
      path: '/events',
      summary: 'Events not processed yet (received and retrying, waiting, failed), by event id descending',
      tag: 'Events',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: EventRecordQueryDto,
      responds: { status: 200, description: 'A page of stored events' },
      handler: async ({ query }) => ({ status: 200, body: await records.list(query) }),
    })
    .route<Record<string, never>, MemberEventRecordQueryDto>({
      method: 'get',
      path: '/members/:id/events',
      summary: "A member's events not processed yet (received and retrying, waiting, failed)",
      tag: 'Events',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: MemberEventRecordQueryDto,
      responds: { status: 200, description: 'A page of stored events' },
      handler: async ({ params, query }) => {
        const member = await members.get(params.id ?? '');
        return { status: 200, body: await records.list({ ...query, memberId: member.id }) };
      },
    })
    .route({
      method: 'post',
      path: '/events/:id/retry',
      summary: 'Attempt an event now (a failed one gets one more attempt); audited; a processed event is left as it is',
      tag: 'Events',
      auth: { kind: 'admin', role: AdminRole.Operator },
      responds: { status: 200, description: 'The event after the attempt' },
      handler: async ({ params, who }) => ({ status: 200, body: await records.retry(params.id ?? '', principalActor(who)) }),
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
