import { Schema, type Connection, type Model } from 'mongoose';

export interface IdempotencyRecord {
  _id: string;
  scope: string;
  key: string;
  fingerprint: string;
  state: 'pending' | 'done';
  lockedUntil: Date;
  status?: number;
  body?: string;
  createdAt: Date;
  expiresAt: Date;
}

const schema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String },
    scope: { type: String, required: true },
    key: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done'] },
    lockedUntil: { type: Date, required: true },
    status: { type: Number },
    // Stored as JSON text: a response body may hold keys MongoDB will not store as field names.
    body: { type: String },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);
// No TTL index (FerretDB has none): the cleanup job deletes expired records.
schema.index({ expiresAt: 1 });

export function idempotencyModel(connection: Connection): Model<IdempotencyRecord> {
  return connection.models.IdempotencyRecord ?? connection.model<IdempotencyRecord>('IdempotencyRecord', schema);
}
