import type { AdminRole } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface AdminUser {
  _id: Types.ObjectId;
  email: string;
  name: string;
  role: AdminRole;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

const schema = new Schema<AdminUser>(
  {
    email: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: ['admin', 'operator', 'viewer'] },
    passwordHash: { type: String, required: true },
    disabled: { type: Boolean, required: true, default: false },
    createdAt: { type: Date, required: true },
    lastLoginAt: { type: Date, default: null },
  },
  { collection: 'admin_users', versionKey: false },
);
schema.index({ email: 1 }, { unique: true });

export function adminUserModel(connection: Connection): Model<AdminUser> {
  return connection.models.AdminUser ?? connection.model<AdminUser>('AdminUser', schema);
}
