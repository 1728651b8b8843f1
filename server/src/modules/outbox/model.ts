import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboxMessage } from './types.js';

/** A message copied out of its anchor: `_id` is the message id, so a second copy is a duplicate key. */
export interface StoredOutboxMessage {
  _id: string;
  type: string;
  memberId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
  /** The anchor's source (its collection) and id, to trace a message back to the change it reports. */
  anchor: { source: string; id: string };
  relayedAt: Date;
  /** true until the webhook dispatcher has created this message's deliveries. */
  fanoutPending?: boolean;
}

const messageFields = {
  id: { type: String, required: true },
  type: { type: String, required: true },
  memberId: { type: String, default: null },
  occurredAt: { type: Date, required: true },
  data: { type: Schema.Types.Mixed, required: true },
};

/** The schema of one embedded message, for anchors that carry an outbox. */
export const outboxMessageSchema = new Schema<OutboxMessage>(messageFields, { _id: false, minimize: false });

/**
 * Fields to spread into an anchor's schema (`new Schema({ ...fields, ...outboxCarrierFields })`); the anchor's
 * schema must also declare `schema.index({ outboxPending: 1 })` so the relay finds pending anchors by equality.
 */
export const outboxCarrierFields = {
  outbox: { type: [outboxMessageSchema], default: undefined },
  outboxPending: { type: Boolean, default: undefined },
};

const storedSchema = new Schema<StoredOutboxMessage>(
  {
    _id: { type: String },
    type: { type: String, required: true },
    memberId: { type: String, default: null },
    occurredAt: { type: Date, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    anchor: {
      type: new Schema({ source: { type: String, required: true }, id: { type: String, required: true } }, { _id: false }),
      required: true,
    },
    relayedAt: { type: Date, required: true },
    fanoutPending: { type: Boolean, default: undefined },
  },
  { collection: 'outbox_messages', versionKey: false, minimize: false },
);
storedSchema.index({ fanoutPending: 1 });
storedSchema.index({ memberId: 1 });

export function outboxMessageModel(connection: Connection): Model<StoredOutboxMessage> {
  return connection.models.OutboxMessage ?? connection.model<StoredOutboxMessage>('OutboxMessage', storedSchema);
}
