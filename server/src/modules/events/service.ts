import { ErrorCode, type EventBatchItemView, type EventBatchView, type EventOutcomeView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { AppError, BusinessRuleError, ConflictError, ValidationError } from '../../platform/errors.js';
import type { MemberRef } from '../members/service.js';
import type { EventCompletion, ResumeResult } from './completion.js';
import { toPipelineEvent, withOrderAmount } from './facts.js';
import { eventSlot, orderSlot } from './keys.js';
import type { StoredEvent } from './model.js';
import type { EventInput } from './parse.js';
import type { EventPipeline, PipelineEvent } from './pipeline.js';
import type { EventWrites } from './writes.js';

/** Who members are: finds or enrols by external id (MemberService fits). */
export interface MemberDirectory {
  ensure(externalId: string): Promise<MemberRef>;
}

export interface IngestResult {
  outcome: EventOutcomeView;
  /** The event id had been seen with the same body: this is its first outcome (completed now if it was interrupted). */
  replayed: boolean;
}

/** One element of a batch: the validated event, or why it was refused at the edge. */
export type BatchItem = { index: number; id: string | null; input: EventInput } | { index: number; id: string | null; error: AppError };

export interface EventServiceOptions {
  /** Events may be dated at most this far ahead of the clock (client clock skew). */
  maxFutureMs?: number;
  /** The resume job leaves an event this long to the request that stored it before taking it up. */
  resumeGraceMs?: number;
}

const DAY_MS = 86_400_000;
/** The resume job leaves a fresh event this long to the request that stored it. */
export const RESUME_GRACE_MS = 120_000;

/**
 * Accepts events exactly once per event id. Without transactions: the event is stored first (the anchor,
 * with its fingerprint and every consumer's plan), then the consumers apply their plans (each idempotent by
 * keys derived from the event id), then the outcome is stored. A replay of an interrupted event completes it.
 * A refund is applied only after its order's order.paid; one that arrives first is stored to wait for it.
 * See docs/decisions/events-pipeline.md and docs/decisions/refunds-before-earning.md.
 */
export class EventService {
  private readonly maxFutureMs: number;
  private readonly resumeGraceMs: number;

  constructor(
    private readonly events: Model<StoredEvent>,
    private readonly members: MemberDirectory,
    private readonly pipeline: EventPipeline,
    private readonly completion: EventCompletion,
    private readonly writes: EventWrites,
    private readonly clock: Clock,
    options: EventServiceOptions = {},
  ) {
    this.maxFutureMs = options.maxFutureMs ?? DAY_MS;
    this.resumeGraceMs = options.resumeGraceMs ?? RESUME_GRACE_MS;
  }

  async ingest(input: EventInput, source: string): Promise<IngestResult> {
    const now = this.clock.now();
    if (input.occurredAt.getTime() > now.getTime() + this.maxFutureMs) {
      throw new ValidationError([{ field: 'occurredAt', reasons: ['occurredAt may not be more than 24 hours in the future'] }]);
    }
    const member = await this.members.ensure(input.externalId);
    let event = toPipelineEvent(input, member, now);
    // A refund is stated against its order: the order.paid event, if it is here (a read for refunds only).
    const order = event.refund ? await this.completion.orderOf(member.id, event.refund.orderId) : null;
    if (order) event = withOrderAmount(event, order.stored.orderAmount);
    let plans: Record<string, unknown>;
    try {
      plans = await this.pipeline.plan(event);
    } catch (err) {
      // A refusal (say, a refund larger than its order) must not turn an accepted event's replay into an error.
      const stored = err instanceof AppError ? await this.events.findById(input.id).lean() : null;
      if (stored) return this.replay(stored, input);
      throw err;
    }
    const anchor = this.anchorOf(input, event, plans, { source, awaitsOrder: event.refund !== null && order === null });
    const stored = await this.anchor(anchor, input);
    if ('replayed' in stored) return stored;
    // Stored in the order's slot: no order.paid was here, and the order's own insert will find this refund.
    if (stored.state === 'waiting') return { outcome: this.completion.waitingOutcome(stored), replayed: false };
    return { outcome: await this.completion.complete(stored, order), replayed: false };
  }

  /** Ingests each event in order; an event refused (400, 409, 422) is reported and the rest go on. */
  async ingestBatch(items: BatchItem[], source: string): Promise<EventBatchView> {
    const results: EventBatchItemView[] = [];
    for (const item of items) {
      if ('error' in item) {
        results.push({ index: item.index, id: item.id, status: 'rejected', error: errorBody(item.error) });
        continue;
      }
      try {
        const { outcome, replayed } = await this.ingest(item.input, source);
        results.push({ index: item.index, id: item.id, status: replayed ? 'replayed' : 'accepted', outcome });
      } catch (err) {
        // Anything else (the database is down) fails the batch: every event is idempotent, so the client retries it whole.
        if (!(err instanceof AppError) || err.status >= 500 || err.status === 429) throw err;
        results.push({ index: item.index, id: item.id, status: 'rejected', error: errorBody(err) });
      }
    }
    const count = (status: string) => results.filter((r) => r.status === status).length;
    return { results, accepted: count('accepted'), replayed: count('replayed'), rejected: count('rejected') };
  }

  /** Job: attempts events a crash interrupted, failed ones due for a retry and refunds waiting for their order. */
  resumeInterrupted(batchSize = 100): Promise<ResumeResult> {
    return this.completion.resume(batchSize);
  }

  private anchorOf(
    input: EventInput,
    event: PipelineEvent,
    plans: Record<string, unknown>,
    { source, awaitsOrder }: { source: string; awaitsOrder: boolean },
  ): StoredEvent {
    const orderId = event.order?.orderId ?? event.refund?.orderId ?? null;
    const now = event.receivedAt;
    return {
      _id: input.id,
      type: input.type,
      memberId: event.member.id,
      externalId: event.member.externalId,
      occurredAt: input.occurredAt,
      orderId,
      orderAmount: event.order?.amount ?? null,
      attributes: JSON.stringify(input.attributes),
      fingerprint: input.fingerprint,
      state: awaitsOrder ? 'waiting' : 'received',
      // The first order.paid of an order, and a refund that comes before it, compete for the order's slot.
      slot: orderId !== null && (event.order !== null || awaitsOrder) ? orderSlot(event.member.id, orderId) : eventSlot(input.id),
      plans: JSON.stringify(plans),
      outcome: null,
      source,
      receivedAt: now,
      processedAt: null,
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      nextAttemptAt: awaitsOrder ? this.completion.checkAgainAt(now, now) : new Date(now.getTime() + this.resumeGraceMs),
    };
  }

  /**
   * Inserts the anchor. Its id taken: the event is known (a replay). Its order slot taken: an order.paid or an
   * earlier refund holds it, so the event takes its own slot and is applied now (a refund then finds its order,
   * or waits; an order.paid then looks for the refunds waiting for it).
   */
  private async anchor(anchor: StoredEvent, input: EventInput): Promise<StoredEvent | IngestResult> {
    if (await this.insert(anchor)) return anchor;
    const known = await this.events.findById(input.id).lean();
    if (known) return this.replay(known, input);
    const own = { ...anchor, slot: eventSlot(anchor._id), state: 'received' as const };
    if (await this.insert(own)) return own;
    const raced = await this.events.findById(input.id).lean();
    if (!raced) throw new Error(`event ${input.id} could not be stored`);
    return this.replay(raced, input);
  }

  private insert(anchor: StoredEvent): Promise<boolean> {
    return this.writes.insert(anchor);
  }

  private async replay(stored: StoredEvent, input: EventInput): Promise<IngestResult> {
    if (stored.fingerprint !== input.fingerprint) {
      throw new ConflictError('This event id was used for a different event', ErrorCode.IdempotencyKeyReused, { id: input.id });
    }
    if (stored.state === 'processed' && stored.outcome !== null)
      return { outcome: JSON.parse(stored.outcome) as EventOutcomeView, replayed: true };
    if (stored.state === 'failed') {
      throw new BusinessRuleError('EVENT_FAILED', 'This event was accepted but failed every attempt; an operator can retry it', {
        id: stored._id,
        attempts: stored.attempts,
      });
    }
    return { outcome: await this.completion.complete(stored), replayed: true };
  }
}

function errorBody(err: AppError): { code: string; message: string; details: Record<string, unknown> } {
  return { code: err.code, message: err.message, details: err.details };
}
