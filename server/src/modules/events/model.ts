import { Schema, type Connection, type Model } from 'mongoose';

/** `received`: anchored, consumers may not have finished (a crash); `processed`: the outcome is stored. */
export type EventState = 'received' | 'processed';

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
  /** Consumer name → its plan, decided before the event was stored. */
  plans: string;
  outcome: string | null;
  /** Who sent it first (`service:<api key id>`). */
  source: string;
  receivedAt: Date;
  processedAt: Date | null;
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
    state: { type: String, required: true, enum: ['received', 'processed'] },
    plans: { type: String, required: true },
    outcome: { type: String, default: null },
    source: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    processedAt: { type: Date, default: null },
  },
  { collection: 'events', versionKey: false, minimize: false },
);
// A refund looks up the order's order.paid event by member and order (memberId leads: the shard key).
schema.index({ memberId: 1, orderId: 1 });
// The resume job finds events left `received` by a crash.
schema.index({ state: 1, receivedAt: 1 });

export function eventModel(connection: Connection): Model<StoredEvent> {
  return connection.models.StoredEvent ?? connection.model<StoredEvent>('StoredEvent', schema);
}
