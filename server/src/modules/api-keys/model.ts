import type { ApiScope } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface ApiKey {
  _id: Types.ObjectId;
  name: string;
  prefix: string;
  /** SHA-256 of the whole key: keys are long random strings, so a fast hash is enough. */
  hash: string;
  scopes: ApiScope[];
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const schema = new Schema<ApiKey>(
  {
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    hash: { type: String, required: true },
    scopes: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', versionKey: false },
);
schema.index({ prefix: 1 }, { unique: true });

export function apiKeyModel(connection: Connection): Model<ApiKey> {
  return connection.models.ApiKey ?? connection.model<ApiKey>('ApiKey', schema);
}
