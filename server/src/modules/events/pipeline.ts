import type { EventGrantView, EventRefusalView, EventReversalView, EventSkipView } from '@laurel/shared';
import { BusinessRuleError } from '../../platform/errors.js';
import type { MemberRef } from '../members/service.js';

export interface OrderItem {
  sku: string;
  category: string | null;
  amount: number;
  quantity: number;
}

/** What an order.paid event says about the order. */
export interface OrderFacts {
  orderId: string;
  amount: number;
  currency: string;
  channel: string | null;
  items: OrderItem[];
}

/** What an order.refunded event says; orderAmount null = the amount of the stored order.paid event. */
export interface RefundFacts {
  orderId: string;
  refundAmount: number;
  orderAmount: number | null;
}

/** An accepted, validated event as consumers see it. */
export interface PipelineEvent {
  id: string;
  type: string;
  occurredAt: Date;
  /** When the event was first stored: periods of caps count from here, so a re-run lands in the same period. */
  receivedAt: Date;
  member: MemberRef;
  /** As sent (validated for known types, free JSON for custom types). */
  attributes: Record<string, unknown>;
  order: OrderFacts | null;
  refund: RefundFacts | null;
}

/** A consumer's contribution to the event's outcome. */
export interface OutcomePart {
  grants?: EventGrantView[];
  skipped?: EventSkipView[];
  reversals?: EventReversalView[];
}

export interface Outcome {
  grants: EventGrantView[];
  skipped: EventSkipView[];
  reversals: EventReversalView[];
  refusals: EventRefusalView[];
}

/**
 * A feature that reacts to events (earning rules, refunds; later task progress, analytics counters).
 * The pipeline calls `plan` before the event is stored and `apply` after; a crash between the two
 * makes `apply` run again with the stored plan, so `apply` must be idempotent (derive keys from the event id).
 */
export interface EventConsumer<P> {
  /** Names the consumer's plan in the stored event: stable across releases. */
  readonly name: string;
  /**
   * Decides what to do, without writing: a JSON-serialisable plan (null = nothing to do). May refuse the
   * event with a 4xx AppError, which stores nothing. A stored plan makes the re-run of an interrupted event
   * do what the first run decided, even if the configuration changed meanwhile.
   */
  plan(event: PipelineEvent): Promise<P | null>;
  /** Carries the plan out; idempotent. A BusinessRuleError becomes a refusal in the outcome. */
  apply(event: PipelineEvent, plan: P | null): Promise<OutcomePart>;
}

type Plans = Record<string, unknown>;

interface Subscriber {
  name: string;
  plan(event: PipelineEvent): Promise<unknown>;
  apply(event: PipelineEvent, plan: unknown): Promise<OutcomePart>;
}

/** The one place event consumers subscribe to; runs them in subscription order. */
export class EventPipeline {
  private readonly subscribers: Subscriber[] = [];

  subscribe<P>(consumer: EventConsumer<P>): this {
    if (this.subscribers.some((s) => s.name === consumer.name)) throw new Error(`event consumer ${consumer.name} subscribed twice`);
    this.subscribers.push({
      name: consumer.name,
      plan: (event) => consumer.plan(event),
      // The stored plan is what this consumer's own `plan` produced for this event (JSON round trip).
      apply: (event, plan) => consumer.apply(event, (plan ?? null) as P | null),
    });
    return this;
  }

  /** Every consumer's plan, by name; consumers with nothing to do are left out. */
  async plan(event: PipelineEvent): Promise<Plans> {
    const plans: Plans = {};
    for (const subscriber of this.subscribers) {
      const plan = await subscriber.plan(event);
      if (plan !== null && plan !== undefined) plans[subscriber.name] = plan;
    }
    return plans;
  }

  /** Applies every consumer's plan and merges their contributions. */
  async apply(event: PipelineEvent, plans: Plans): Promise<Outcome> {
    const outcome: Outcome = { grants: [], skipped: [], reversals: [], refusals: [] };
    for (const subscriber of this.subscribers) {
      try {
        const part = await subscriber.apply(event, plans[subscriber.name] ?? null);
        outcome.grants.push(...(part.grants ?? []));
        outcome.skipped.push(...(part.skipped ?? []));
        outcome.reversals.push(...(part.reversals ?? []));
      } catch (err) {
        if (!(err instanceof BusinessRuleError)) throw err;
        outcome.refusals.push({ consumer: subscriber.name, code: err.code, message: err.message });
      }
    }
    return outcome;
  }
}
