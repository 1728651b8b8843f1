import { ErrorCode, KnownEventType, type EventBatchItemView, type EventBatchView, type EventOutcomeView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { AppError, ConflictError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { MemberRef } from '../members/service.js';
import { toPipelineEvent } from './facts.js';
import type { StoredEvent } from './model.js';
import type { EventInput } from './parse.js';
import type { EventPipeline } from './pipeline.js';

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
}

const DAY_MS = 86_400_000;

/**
 * Accepts events exactly once per event id. Without transactions: the event is stored first (the anchor,
 * with its fingerprint and every consumer's plan), then the consumers apply their plans (each idempotent by
 * keys derived from the event id), then the outcome is stored. A replay of an interrupted event completes it.
 * See docs/decisions/events-pipeline.md.
 */
export class EventService {
  private readonly maxFutureMs: number;

  constructor(
    private readonly events: Model<StoredEvent>,
    private readonly members: MemberDirectory,
    private readonly pipeline: EventPipeline,
    private readonly clock: Clock,
    options: EventServiceOptions = {},
  ) {
    this.maxFutureMs = options.maxFutureMs ?? DAY_MS;
  }

  async ingest(input: EventInput, source: string): Promise<IngestResult> {
    const now = this.clock.now();
    if (input.occurredAt.getTime() > now.getTime() + this.maxFutureMs) {
      throw new ValidationError([{ field: 'occurredAt', reasons: ['occurredAt may not be more than 24 hours in the future'] }]);
    }
    const member = await this.members.ensure(input.externalId);
    const event = toPipelineEvent(input, member, now);
    let plans: Record<string, unknown>;
    try {
      plans = await this.pipeline.plan(event);
    } catch (err) {
      // A refusal (say, a refund of an order not seen yet) must not turn an accepted event's replay into an error.
      const stored = err instanceof AppError ? await this.events.findById(input.id).lean() : null;
      if (stored) return this.replay(stored, input);
      throw err;
    }
    const anchor: StoredEvent = {
      _id: input.id,
      type: input.type,
      memberId: member.id,
      externalId: member.externalId,
      occurredAt: input.occurredAt,
      orderId: event.order?.orderId ?? event.refund?.orderId ?? null,
      orderAmount: event.order?.amount ?? null,
      attributes: JSON.stringify(input.attributes),
      fingerprint: input.fingerprint,
      state: 'received',
      plans: JSON.stringify(plans),
      outcome: null,
      source,
      receivedAt: now,
      processedAt: null,
    };
    try {
      await this.events.create(anchor);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const stored = await this.events.findById(input.id).lean();
      if (!stored) throw err;
      return this.replay(stored, input);
    }
    return { outcome: await this.complete(anchor), replayed: false };
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

  /** The amount of the order's order.paid event, if one was accepted for this member. */
  async paidOrderAmount(memberId: string, orderId: string): Promise<number | null> {
    const paid = await this.events.findOne({ memberId, orderId, type: KnownEventType.OrderPaid }, { orderAmount: 1 }).lean();
    return paid?.orderAmount ?? null;
  }

  /** Job: completes events a crash left `received` for longer than `graceMs`, in bounded batches. */
  async resumeInterrupted(graceMs = 120_000, batchSize = 100): Promise<{ resumed: number }> {
    const before = new Date(this.clock.now().getTime() - graceMs);
    let resumed = 0;
    // Completed events leave the filter, so each query sees the next ones; `seen` stops a batch that made no progress.
    const seen = new Set<string>();
    for (;;) {
      const batch = await this.events
        .find({ state: 'received', receivedAt: { $lt: before } })
        .sort({ receivedAt: 1 })
        .limit(batchSize)
        .lean();
      const fresh = batch.filter((stored) => !seen.has(stored._id));
      for (const stored of fresh) {
        seen.add(stored._id);
        await this.complete(stored);
        resumed += 1;
      }
      if (batch.length < batchSize || fresh.length === 0) return { resumed };
    }
  }

  private async replay(stored: StoredEvent, input: EventInput): Promise<IngestResult> {
    if (stored.fingerprint !== input.fingerprint) {
      throw new ConflictError('This event id was used for a different event', ErrorCode.IdempotencyKeyReused, { id: input.id });
    }
    if (stored.state === 'processed' && stored.outcome !== null)
      return { outcome: JSON.parse(stored.outcome) as EventOutcomeView, replayed: true };
    return { outcome: await this.complete(stored), replayed: true };
  }

  /** Applies the stored plans and stores the outcome. Safe to run twice, even at once: every consumer is idempotent. */
  private async complete(stored: StoredEvent): Promise<EventOutcomeView> {
    const member = { id: stored.memberId, externalId: stored.externalId };
    const attributes = JSON.parse(stored.attributes) as Record<string, unknown>;
    const input = { id: stored._id, type: stored.type, occurredAt: stored.occurredAt, attributes };
    const event = toPipelineEvent(input, member, stored.receivedAt);
    const result = await this.pipeline.apply(event, JSON.parse(stored.plans) as Record<string, unknown>);
    const outcome: EventOutcomeView = {
      id: stored._id,
      type: stored.type,
      memberId: stored.memberId,
      occurredAt: stored.occurredAt.toISOString(),
      ...result,
    };
    await this.events.updateOne(
      { _id: stored._id, state: 'received' },
      { $set: { state: 'processed', outcome: JSON.stringify(outcome), processedAt: this.clock.now() } },
    );
    return outcome;
  }
}

function errorBody(err: AppError): { code: string; message: string; details: Record<string, unknown> } {
  return { code: err.code, message: err.message, details: err.details };
}
