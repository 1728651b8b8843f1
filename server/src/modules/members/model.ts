import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface Member {
  _id: Types.ObjectId;
  /** The host app's user id: the `sub` of member JWTs and the id business systems send. */
  externalId: string;
  createdAt: Date;
  profile: { name?: string; phone?: string; email?: string; birthday?: string };
  tags: string[];
  /** The member's tier code, null without one. Written only by the tiers feature (with its other `tier*` fields). */
  tier?: string | null;
  /** `MM-DD` of `profile.birthday`, kept with it: daily birthday work finds members by equality on it. */
  birthMonthDay?: string | null;
}

const schema = new Schema<Member>(
  {
    externalId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    profile: { name: String, phone: String, email: String, birthday: String },
    tags: { type: [String], default: [] },
    tier: { type: String, default: null },
    birthMonthDay: { type: String, default: null },
  },
  { collection: 'members', versionKey: false, minimize: false },
);
schema.index({ externalId: 1 }, { unique: true });
schema.index({ birthMonthDay: 1 });

export function memberModel(connection: Connection): Model<Member> {
  return connection.models.Member ?? connection.model<Member>('Member', schema);
}
