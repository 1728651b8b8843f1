import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface WebhookSubscription {
  _id: Types.ObjectId;
  url: string;
  eventTypes: string[];
  description: string;
  active: boolean;
  /** Kept in clear: signing needs it. Shown once (create, rotate), never listed. */
  secret: string;
  secretCreatedAt: Date;
  /** The secret before the last rotation; messages are signed with both until `previousSecretUntil`. */
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  version: number;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookAttempt {
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
  replay: boolean;
}

/** One message to one subscription. `attemptCount` doubles as the version that claims guard. */
export interface WebhookDelivery {
  _id: Types.ObjectId;
  /** `<message id>|<subscription id>`: unique, so the dispatcher creates each delivery once. */
  key: string;
  subscriptionId: string;
  messageId: string;
  type: string;
  memberId: string | null;
  /** The JSON body, fixed at creation: every attempt sends the same bytes. */
  body: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  /** Failed attempts since creation or the last replay; the backoff doubles with each. */
  failures: number;
  nextAttemptAt: Date | null;
  retryUntil: Date;
  /** While `sending`: after this instant the attempt is taken as lost (its worker died). */
  lockedUntil: Date | null;
  deliveredAt: Date | null;
  attempts: WebhookAttempt[];
  createdAt: Date;
  updatedAt: Date;
}

const subscriptionSchema = new Schema<WebhookSubscription>(
  {
    url: { type: String, required: true },
    eventTypes: { type: [String], required: true },
    description: { type: String, default: '' },
    active: { type: Boolean, required: true },
    secret: { type: String, required: true },
    secretCreatedAt: { type: Date, required: true },
    previousSecret: { type: String, default: null },
    previousSecretUntil: { type: Date, default: null },
    version: { type: Number, required: true },
    deleted: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'webhook_subscriptions', versionKey: false },
);
subscriptionSchema.index({ deleted: 1 });

const attemptSchema = new Schema<WebhookAttempt>(
  {
    at: { type: Date, required: true },
    statusCode: { type: Number, default: null },
    durationMs: { type: Number, required: true },
    error: { type: String, default: null },
    responseExcerpt: { type: String, default: null },
    replay: { type: Boolean, required: true },
  },
  { _id: false },
);

const deliverySchema = new Schema<WebhookDelivery>(
  {
    key: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    messageId: { type: String, required: true },
    type: { type: String, required: true },
    memberId: { type: String, default: null },
    body: { type: String, required: true },
    status: { type: String, required: true, enum: WEBHOOK_DELIVERY_STATUSES },
    attemptCount: { type: Number, required: true },
    failures: { type: Number, required: true },
    nextAttemptAt: { type: Date, default: null },
    retryUntil: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    attempts: { type: [attemptSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'webhook_deliveries', versionKey: false },
);
deliverySchema.index({ key: 1 }, { unique: true });
// Due work is found by equality on status (pending, or sending past its lock); nextAttemptAt narrows on MongoDB.
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
deliverySchema.index({ subscriptionId: 1, _id: -1 });

export function webhookSubscriptionModel(connection: Connection): Model<WebhookSubscription> {
  return connection.models.WebhookSubscription ?? connection.model<WebhookSubscription>('WebhookSubscription', subscriptionSchema);
}

export function webhookDeliveryModel(connection: Connection): Model<WebhookDelivery> {
  return connection.models.WebhookDelivery ?? connection.model<WebhookDelivery>('WebhookDelivery', deliverySchema);
}
