import { EVENT_OPEN_STATES, type EventOpenState, type EventOutcomeView, type EventRecordView, type Page } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import { pageQuery, textCursors, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { EventCompletion } from './completion.js';
import type { StoredEvent } from './model.js';

export interface EventRecordFilter extends PageRequest {
  /** One open state; all three (received, waiting, failed) when absent. */
  state?: EventOpenState | undefined;
  memberId?: string | undefined;
}

/**
 * What operators see and do with stored events: lists of the events not processed yet (failing, parked,
 * waiting for their order) and a retry of one event now.
 */
export class EventRecords {
  constructor(
    private readonly events: Model<StoredEvent>,
    private readonly completion: EventCompletion,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly resumeGraceMs: number,
  ) {}

  /** Open events, by event id descending (a stable cursor under concurrent inserts). */
  async list(filter: EventRecordFilter): Promise<Page<EventRecordView>> {
    const { idFilter, fetch, limit } = pageQuery(filter, textCursors);
    const query: Record<string, unknown> = { ...idFilter, state: filter.state ?? { $in: EVENT_OPEN_STATES } };
    if (filter.memberId) query.memberId = filter.memberId;
    const docs = await this.events.find(query).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toRecordView, textCursors);
  }

  /**
   * Attempts an event now, whatever its next attempt time: a failed one gets one more attempt (and is failed
   * again if it fails), a waiting refund checks for its order. Audited. A processed event is left as it is,
   * so a repeated retry changes nothing.
   */
  async retry(id: string, actor: Actor): Promise<EventRecordView> {
    const before = await this.events.findById(id).lean();
    if (!before) throw new NotFoundError('Event', { id });
    if (before.state === 'processed') return toRecordView(before);
    let current = before;
    if (before.state === 'failed') {
      // Due again after the grace period, so that a crash during this attempt leaves it to the resume job.
      const nextAttemptAt = new Date(this.clock.now().getTime() + this.resumeGraceMs);
      await this.events.updateOne({ _id: id, state: 'failed' }, { $set: { state: 'received', nextAttemptAt } });
      current = { ...before, state: 'received', nextAttemptAt };
    }
    await this.completion.attempt(current);
    const after = (await this.events.findById(id).lean()) ?? current;
    await this.audit.record({
      actor,
      action: 'event.retry',
      target: { type: 'event', id },
      before: attemptSummary(before),
      after: attemptSummary(after),
    });
    return toRecordView(after);
  }
}

function attemptSummary(doc: StoredEvent): Record<string, unknown> {
  return { state: doc.state, attempts: doc.attempts, lastError: doc.lastError };
}

export function toRecordView(doc: StoredEvent): EventRecordView {
  return {
    id: doc._id,
    type: doc.type,
    memberId: doc.memberId,
    externalId: doc.externalId,
    state: doc.state,
    occurredAt: doc.occurredAt.toISOString(),
    receivedAt: doc.receivedAt.toISOString(),
    processedAt: doc.processedAt?.toISOString() ?? null,
    orderId: doc.orderId,
    attributes: JSON.parse(doc.attributes) as Record<string, unknown>,
    attempts: doc.attempts,
    lastError: doc.lastError,
    lastAttemptAt: doc.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: doc.nextAttemptAt?.toISOString() ?? null,
    waitingFor: doc.state === 'waiting' && doc.orderId !== null ? { orderId: doc.orderId } : null,
    outcome: doc.outcome === null ? null : (JSON.parse(doc.outcome) as EventOutcomeView),
  };
}
