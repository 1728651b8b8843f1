import type { EventRecordState } from '@laurel/shared';
import { Schema, type Connection, type Model } from 'mongoose';

/**
 * `received`: anchored, consumers may not have finished (in flight, a crash, or a failure retried with backoff);
 * `waiting`: a refund whose order.paid has not arrived; `failed`: parked after the last automatic attempt;
 * `processed`: the outcome is stored.
 */
export type EventState = EventRecordState;

/**
 * One accepted event. `_id` is the event id: ids are unique per deployment, whichever system sends them.
 * Attributes, consumer plans and the outcome are JSON text: free attributes may hold shapes (arrays of
 * arrays) that not every engine stores as documents.
 */
export interface StoredEvent {
  _id: string;
  type: string;
  memberId: string;
  externalId: string;
  occurredAt: Date;
  /** order.paid / order.refunded: the order, so a refund finds what the order paid. */
  orderId: string | null;
  /** order.paid: the order amount in minor units. */
  orderAmount: number | null;
  attributes: string;
  /** SHA-256 of the canonical event body: the same id with another body is a 409. */
  fingerprint: string;
  state: EventState;
  /**
   * Unique. `order:<memberId>:<orderId>` for the first order.paid of an order, or for a refund that arrived before
   * it (then the order.paid's insert collides and knows a refund waits); `event:<id>` for every other event.
   */
  slot: string;
  /** Consumer name → its plan, decided before the event was stored. */
  plans: string;
  outcome: string | null;
  /** Who sent it first (`service:<api key id>`). */
  source: string;
  receivedAt: Date;
  processedAt: Date | null;
  /** Failed attempts to apply it, the last one's message and time. */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
  /** When the resume job takes it up (received, waiting); null once processed or failed. */
  nextAttemptAt: Date | null;
}

const schema = new Schema<StoredEvent>(
  {
    _id: { type: String },
    type: { type: String, required: true },
    memberId: { type: String, required: true },
    externalId: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    orderId: { type: String, default: null },
    orderAmount: { type: Number, default: null },
    attributes: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true, enum: ['received', 'waiting', 'failed', 'processed'] },
    slot: { type: String, required: true },
    plans: { type: String, required: true },
    outcome: { type: String, default: null },
    source: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    processedAt: { type: Date, default: null },
    attempts: { type: Number, required: true },
    lastError: { type: String, default: null },
    lastAttemptAt: { type: Date, default: null },
    nextAttemptAt: { type: Date, default: null },
  },
  { collection: 'events', versionKey: false, minimize: false },
);
// A refund looks up the order's order.paid event, an order.paid its waiting refunds, an operator a member's open
// events: by member (the shard key) and order.
schema.index({ memberId: 1, orderId: 1 });
// The resume job finds events due for an attempt; operators list events by state.
schema.index({ state: 1, nextAttemptAt: 1 });
// An order.paid and a refund that arrives before it cannot both miss each other: they compete for one slot.
schema.index({ slot: 1 }, { unique: true });

export function eventModel(connection: Connection): Model<StoredEvent> {
  return connection.models.StoredEvent ?? connection.model<StoredEvent>('StoredEvent', schema);
}
