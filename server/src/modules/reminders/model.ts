import { Schema, type Connection, type Model } from 'mongoose';
import { outboxCarrierFields, outboxMessageSchema } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

/**
 * One reminder sent to one member: the anchor of its outbound message. `_id` is the reminder's key
 * (`points.expiring:<memberId>:<expiry instant>:<window>d`), so a reminder is recorded, and its message
 * published, at most once however often the job runs.
 */
export interface Reminder extends OutboxCarrier {
  _id: string;
  kind: 'points.expiring';
  memberId: string;
  /** The expiry instant the reminder is about, and the window (days ahead) it fell in. */
  expiresAt: Date;
  windowDays: number;
  /** Points expiring at that instant when the reminder was recorded. */
  amount: number;
  createdAt: Date;
}

const schema = new Schema<Reminder>(
  {
    _id: { type: String },
    kind: { type: String, required: true, enum: ['points.expiring'] },
    memberId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    windowDays: { type: Number, required: true },
    amount: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    ...outboxCarrierFields,
    outbox: { type: [outboxMessageSchema], default: undefined },
  },
  { collection: 'reminders', versionKey: false, minimize: false },
);
schema.index({ memberId: 1 });
schema.index({ outboxPending: 1 });

export function reminderModel(connection: Connection): Model<Reminder> {
  return connection.models.Reminder ?? connection.model<Reminder>('Reminder', schema);
}
