import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface AuditEntry {
  _id: Types.ObjectId;
  at: Date;
  actor: { type: 'admin' | 'service' | 'system'; id: string; label: string };
  action: string;
  target: { type: string; id: string };
  // JSON text: configuration documents may hold keys that cannot be field names.
  before: string;
  after: string;
}

const schema = new Schema<AuditEntry>(
  {
    at: { type: Date, required: true },
    actor: { type: { type: String, required: true }, id: { type: String, required: true }, label: { type: String, required: true } },
    action: { type: String, required: true },
    target: { type: { type: String, required: true }, id: { type: String, required: true } },
    before: { type: String, required: true },
    after: { type: String, required: true },
  },
  { collection: 'audit_entries', versionKey: false },
);

export function auditModel(connection: Connection): Model<AuditEntry> {
  return connection.models.AuditEntry ?? connection.model<AuditEntry>('AuditEntry', schema);
}
