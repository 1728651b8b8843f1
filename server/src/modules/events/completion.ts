import { KnownEventType, type EventOutcomeView } from '@laurel/shared';
import type { Model } from 'mongoose';
import { backoffMs } from '../../platform/backoff.js';
import type { Clock } from '../../platform/clock.js';
import { toPipelineEvent, withOrderAmount } from './facts.js';
import { orderSlot } from './keys.js';
import type { EventState, StoredEvent } from './model.js';
import type { EventPipeline, PipelineEvent } from './pipeline.js';
import type { EventWrites } from './writes.js';

export interface RetrySettings {
  /** Delay after the first failed attempt; it doubles with each further failure (at most a day). */
  baseMs: number;
  /** After this many failed attempts the event is `failed`: skipped until an operator retries it. */
  maxAttempts: number;
}

/** The order.paid event a refund needs applied first; `applied` when its consumers are known to be done. */
export interface OrderOfRefund {
  stored: StoredEvent;
  applied: boolean;
}

/** What one attempt at a stored event came to. */
export type AttemptResult = 'processed' | 'waiting' | 'retrying' | 'failed';

export interface ResumeResult {
  [count: string]: number;
  resumed: number;
  retrying: number;
  failed: number;
  waiting: number;
}

const DAY_MS = 86_400_000;
const ERROR_MAX_CHARS = 1_000;
const OPEN: EventState[] = ['received', 'waiting'];

/**
 * Applies stored events: each consumer's stored plan, then the outcome. Safe to run twice, even at once: every
 * consumer is idempotent by keys derived from the event id. Keeps the order of an order and its refunds (a refund
 * is applied after its order.paid, see docs/decisions/refunds-before-earning.md), and records failures, retried
 * with backoff and parked as `failed` after the last attempt, so one failing event never holds up the others.
 */
export class EventCompletion {
  constructor(
    private readonly events: Model<StoredEvent>,
    private readonly pipeline: EventPipeline,
    private readonly writes: EventWrites,
    private readonly clock: Clock,
    private readonly retry: RetrySettings,
  ) {}

  /** The order.paid event of a member's order, if one was accepted. */
  async orderOf(memberId: string, orderId: string): Promise<OrderOfRefund | null> {
    const stored = await this.events.findOne({ memberId, orderId, type: KnownEventType.OrderPaid }).lean();
    return stored ? { stored, applied: stored.state === 'processed' } : null;
  }

  /**
   * Completes an event for the request that sent (or resent) it. A failure is recorded on the event (retried
   * later by the resume job) and thrown. `order`: a refund's order.paid as the caller found it after the refund
   * was stored; without it, it is looked up.
   */
  async complete(stored: StoredEvent, order?: OrderOfRefund | null): Promise<EventOutcomeView> {
    try {
      return await this.run(stored, order);
    } catch (err) {
      // Best effort: if the database is what failed, the event stays `received` and the resume job finds it anyway.
      await this.recordFailure(stored, err).catch(() => undefined);
      throw err;
    }
  }

  /** One attempt, for the resume job and operators: a failure is recorded, not thrown. */
  async attempt(stored: StoredEvent): Promise<AttemptResult> {
    try {
      return (await this.run(stored)).state;
    } catch (err) {
      return this.recordFailure(stored, err);
    }
  }

  /**
   * Job: attempts every event whose time has come — events a crash left `received` (after a grace period),
   * failed ones due for a retry, refunds waiting for their order (checked with a growing interval) — oldest
   * due first, in bounded batches. A failure moves the event's next attempt into the future, so the run goes on
   * past it.
   */
  async resume(batchSize = 100): Promise<ResumeResult> {
    const now = this.clock.now();
    const result: ResumeResult = { resumed: 0, retrying: 0, failed: 0, waiting: 0 };
    for (const state of OPEN) {
      // Attempted events leave the filter (or move their next attempt past now); `seen` stops a batch that made no progress.
      const seen = new Set<string>();
      for (;;) {
        const batch = await this.events
          .find({ state, nextAttemptAt: { $lte: now } })
          .sort({ nextAttemptAt: 1 })
          .limit(batchSize)
          .lean();
        const fresh = batch.filter((stored) => !seen.has(stored._id));
        for (const stored of fresh) {
          seen.add(stored._id);
          const attempt = await this.attempt(stored);
          result[attempt === 'processed' ? 'resumed' : attempt] += 1;
        }
        if (batch.length < batchSize || fresh.length === 0) break;
      }
    }
    return result;
  }

  /** The answer for a refund stored to wait for its order. */
  waitingOutcome(stored: StoredEvent): EventOutcomeView {
    return {
      ...this.outcomeHead(stored),
      state: 'waiting',
      waitingFor: { orderId: stored.orderId ?? '' },
      grants: [],
      skipped: [],
      reversals: [],
      refusals: [],
    };
  }

  /** When a waiting refund is checked again: as long after now as it has waited already, from the retry base to a day. */
  checkAgainAt(receivedAt: Date, now: Date): Date {
    const waited = now.getTime() - receivedAt.getTime();
    return new Date(now.getTime() + Math.min(Math.max(waited, this.retry.baseMs), DAY_MS));
  }

  private async run(stored: StoredEvent, known?: OrderOfRefund | null): Promise<EventOutcomeView> {
    let event = pipelineEventOf(stored);
    if (event.refund) {
      const order = known ?? (await this.orderOf(stored.memberId, event.refund.orderId));
      if (!order) return this.wait(stored);
      if (!order.applied) {
        if (order.stored.state === 'failed') throw new Error(`the order.paid event ${order.stored._id} of this refund has failed`);
        await this.complete(order.stored);
      }
      event = withOrderAmount(event, order.stored.orderAmount);
    }
    const result = await this.pipeline.apply(event, JSON.parse(stored.plans) as Record<string, unknown>);
    // An order.paid that found its slot taken may have refunds waiting: they go before its outcome, so a crash
    // in between leaves the order `received` and its next attempt finishes them.
    if (event.order && stored.slot !== orderSlot(stored.memberId, event.order.orderId)) await this.completeWaitingRefunds(stored);
    const outcome: EventOutcomeView = { ...this.outcomeHead(stored), state: 'processed', ...result };
    await this.writes.update(
      { _id: stored._id, state: { $in: OPEN } },
      {
        $set: { state: 'processed', outcome: JSON.stringify(outcome), processedAt: this.clock.now(), lastError: null, nextAttemptAt: null },
      },
    );
    return outcome;
  }

  private async completeWaitingRefunds(order: StoredEvent): Promise<void> {
    const refunds = await this.events
      .find({ memberId: order.memberId, orderId: order.orderId, type: KnownEventType.OrderRefunded, state: { $in: OPEN } })
      .lean();
    for (const refund of refunds) {
      // A refund that fails has its failure recorded and is retried on its own; the order goes on.
      await this.attemptWithOrder(refund, { stored: order, applied: true });
    }
  }

  private async attemptWithOrder(refund: StoredEvent, order: OrderOfRefund): Promise<void> {
    try {
      await this.run(refund, order);
    } catch (err) {
      await this.recordFailure(refund, err);
    }
  }

  /** Marks a refund whose order has not arrived as waiting; if someone completed it meanwhile, answers that. */
  private async wait(stored: StoredEvent): Promise<EventOutcomeView> {
    const now = this.clock.now();
    const marked = await this.events.updateOne(
      { _id: stored._id, state: { $in: OPEN } },
      { $set: { state: 'waiting', nextAttemptAt: this.checkAgainAt(stored.receivedAt, now) } },
    );
    if (marked.matchedCount === 1) return this.waitingOutcome(stored);
    const current = await this.events.findById(stored._id).lean();
    if (current?.state === 'processed' && current.outcome !== null) return JSON.parse(current.outcome) as EventOutcomeView;
    throw new Error(`event ${stored._id} changed state while it was applied`);
  }

  /** Counts a failed attempt (once per attempt seen: conditional on the count read) and schedules the next one. */
  private async recordFailure(stored: StoredEvent, err: unknown): Promise<'retrying' | 'failed'> {
    const now = this.clock.now();
    const attempts = stored.attempts + 1;
    const parked = attempts >= this.retry.maxAttempts;
    await this.events.updateOne(
      { _id: stored._id, state: { $in: OPEN }, attempts: stored.attempts },
      {
        $set: {
          state: parked ? 'failed' : 'received',
          attempts,
          lastError: messageOf(err),
          lastAttemptAt: now,
          nextAttemptAt: parked ? null : new Date(now.getTime() + backoffMs(this.retry.baseMs, attempts)),
        },
      },
    );
    return parked ? 'failed' : 'retrying';
  }

  private outcomeHead(stored: StoredEvent): Pick<EventOutcomeView, 'id' | 'type' | 'memberId' | 'occurredAt'> {
    return { id: stored._id, type: stored.type, memberId: stored.memberId, occurredAt: stored.occurredAt.toISOString() };
  }
}

/** The event as consumers saw it when it was first stored. */
function pipelineEventOf(stored: StoredEvent): PipelineEvent {
  const member = { id: stored.memberId, externalId: stored.externalId };
  const attributes = JSON.parse(stored.attributes) as Record<string, unknown>;
  const input = { id: stored._id, type: stored.type, occurredAt: stored.occurredAt, attributes };
  return toPipelineEvent(input, member, stored.receivedAt);
}

/** What an operator sees of a failure: the message, never the stack. */
function messageOf(err: unknown): string {
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return message.length > ERROR_MAX_CHARS ? `${message.slice(0, ERROR_MAX_CHARS - 1)}…` : message;
}
