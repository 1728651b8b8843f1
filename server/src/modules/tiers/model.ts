import { DOWNGRADE_MODES, TIER_CHANGE_REASONS, type TierChangeReason, type TierView } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { OutboxCarrier, OutboxMessage } from '../outbox/types.js';
import { outboxCarrierFields } from '../outbox/model.js';
import { COUNTING_BASES, type CountingBasis, type TierStats } from './stats.js';

export type { TierStats };

/** A tier definition as stored: the API's view with its id and instants as dates. */
export type Tier = Omit<TierView, 'createdAt' | 'updatedAt'> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** The tier fields of a member: what a tier change sets, all at once. */
export interface TierState {
  tier: string | null;
  tierSince: Date | null;
  /** null: the tier never expires (or no tier). */
  tierValidUntil: Date | null;
  /** `YYYY-MM-DD`: the business day evaluation decides (validity + grace + 1 day); indexed, null when nothing is due. */
  tierDueDay: string | null;
  tierAutoUpgrade: boolean;
}

/**
 * The tiers feature's view of a member document (collection `members`, owned by the members feature, which
 * writes only its own fields). `tierVersion` counts applied tier changes; `tierStatsSeq` is the last ledger
 * entry (of the metric's wallet) folded into `tierStats`, counted as `tierStatsMetric` says (the counting basis).
 */
export interface MemberTier extends TierState {
  _id: Types.ObjectId;
  externalId: string;
  tierVersion?: number;
  tierStatsMetric?: CountingBasis | null;
  tierStatsSeq?: number;
  tierStats?: TierStats | null;
  /** `YYYY-MM-DD`: the business day pending growth next becomes available (an upgrade may be due); indexed. */
  tierPendingDay?: string | null;
}

export interface TierActor {
  type: string;
  id: string;
  label: string;
}

/**
 * One tier change, the anchor of the change: (memberId, seq) is unique, and the member moves from tierVersion
 * seq-1 to seq only by applying this document's `state`. It carries its `tier.changed` message.
 */
export interface TierChange extends OutboxCarrier {
  _id: Types.ObjectId;
  memberId: string;
  seq: number;
  from: string | null;
  to: string | null;
  reason: TierChangeReason;
  actor: TierActor;
  /** What caused it: a ledger entry key, an operator's reason, a job run. */
  note: string | null;
  /** The caller's key of a manual placement (its Idempotency-Key, scoped): a retry finds this change instead of making another. */
  key?: string | null;
  metric: number | null;
  state: TierState;
  at: Date;
}

/** A downgrade warning: `_id` = `warn:<memberId>:<validUntil ISO>`, so one per member and validity period. */
export interface TierNotice extends OutboxCarrier {
  _id: string;
  memberId: string;
  tier: string;
  decidesOn: string;
  at: Date;
}

/** How far a job has drained its days (`_id` 'evaluate': decision days; 'available': pending growth days); the next run starts from it. */
export interface TierEvaluationMark {
  _id: string;
  /** `YYYY-MM-DD` in the business time zone: every decision day up to it was evaluated. */
  drainedThrough: string;
}

export type { OutboxMessage };

const tierSchema = new Schema<Tier>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    rank: { type: Number, required: true },
    entryThreshold: { type: Number, required: true },
    retentionThreshold: { type: Number, required: true },
    validityMonths: { type: Number, default: null },
    graceDays: { type: Number, required: true },
    downgradeMode: { type: String, required: true, enum: DOWNGRADE_MODES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tiers', versionKey: false, minimize: false },
);
tierSchema.index({ code: 1 }, { unique: true });
tierSchema.index({ rank: 1 }, { unique: true });

const stateFields = {
  tier: { type: String, default: null },
  tierSince: { type: Date, default: null },
  tierValidUntil: { type: Date, default: null },
  tierDueDay: { type: String, default: null },
  tierAutoUpgrade: { type: Boolean, default: true },
};

const memberTierSchema = new Schema<MemberTier>(
  {
    externalId: { type: String },
    ...stateFields,
    tierVersion: { type: Number },
    tierStatsMetric: { type: String, enum: [...COUNTING_BASES, null] },
    tierStatsSeq: { type: Number },
    tierStats: { type: Schema.Types.Mixed },
    tierPendingDay: { type: String, default: null },
  },
  { collection: 'members', versionKey: false, minimize: false, autoCreate: false },
);
memberTierSchema.index({ tierDueDay: 1 });
memberTierSchema.index({ tierPendingDay: 1 });
memberTierSchema.index({ tier: 1 });

const changeSchema = new Schema<TierChange>(
  {
    memberId: { type: String, required: true },
    seq: { type: Number, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    reason: { type: String, required: true, enum: TIER_CHANGE_REASONS },
    actor: { type: new Schema({ type: String, id: String, label: String }, { _id: false }), required: true },
    note: { type: String, default: null },
    key: { type: String, default: null },
    metric: { type: Number, default: null },
    state: { type: new Schema(stateFields, { _id: false }), required: true },
    at: { type: Date, required: true },
    ...outboxCarrierFields,
  },
  { collection: 'tier_changes', versionKey: false, minimize: false },
);
// Led by memberId (the shard key): one change per member version, the anchor that makes change-then-member safe.
changeSchema.index({ memberId: 1, seq: 1 }, { unique: true });
changeSchema.index({ memberId: 1, _id: -1 });
changeSchema.index({ memberId: 1, key: 1 });
changeSchema.index({ outboxPending: 1 });

const noticeSchema = new Schema<TierNotice>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    tier: { type: String, required: true },
    decidesOn: { type: String, required: true },
    at: { type: Date, required: true },
    ...outboxCarrierFields,
  },
  { collection: 'tier_notices', versionKey: false, minimize: false },
);
noticeSchema.index({ outboxPending: 1 });

const markSchema = new Schema<TierEvaluationMark>(
  { _id: { type: String }, drainedThrough: { type: String, required: true } },
  { collection: 'tier_evaluation_marks', versionKey: false },
);

export function tierEvaluationMarkModel(connection: Connection): Model<TierEvaluationMark> {
  return connection.models.TierEvaluationMark ?? connection.model<TierEvaluationMark>('TierEvaluationMark', markSchema);
}

export function tierModel(connection: Connection): Model<Tier> {
  return connection.models.Tier ?? connection.model<Tier>('Tier', tierSchema);
}

export function memberTierModel(connection: Connection): Model<MemberTier> {
  return connection.models.MemberTier ?? connection.model<MemberTier>('MemberTier', memberTierSchema);
}

/** Anchors of tier changes; carries `tier.changed` outbox messages (register with the outbox relay). */
export function tierChangeModel(connection: Connection): Model<TierChange> {
  return connection.models.TierChange ?? connection.model<TierChange>('TierChange', changeSchema);
}

/** Downgrade warnings; carries `tier.downgrade_warning` outbox messages (register with the outbox relay). */
export function tierNoticeModel(connection: Connection): Model<TierNotice> {
  return connection.models.TierNotice ?? connection.model<TierNotice>('TierNotice', noticeSchema);
}
