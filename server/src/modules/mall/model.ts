import {
  FULFILMENT_STATUSES,
  MALL_REWARD_STATUSES,
  MALL_REWARD_TYPES,
  REDEMPTION_STATES,
  type FulfilmentStatus,
  type IssuedItemView,
  type LimitPeriod,
  type MallRewardStatus,
  type MallRewardType,
  type RedemptionState,
} from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

export interface CashPrice {
  amount: number;
  currency: string;
}

export interface RewardLimit {
  count: number;
  period: LimitPeriod;
}

export interface RewardBenefit {
  code: string;
  count: number;
  validDays: number;
}

/** A stock operation's proof on the reward, kept while the redemption has not recorded it: taken or returned. */
export type StockProof = 't' | 'r';

/**
 * A points-mall reward. `stock` is what is left, `sold` what redemptions hold (taken and not returned): every stock
 * operation moves both by opposite amounts, so `stock + sold` is the total and a return can never lift `stock` above
 * it. `stockOps` holds the proof of each stock operation in flight, by redemption id, so a retried step finds it done.
 */
export interface MallReward {
  _id: Types.ObjectId;
  name: string;
  description: string;
  type: MallRewardType;
  couponTemplateId: string | null;
  benefit: RewardBenefit | null;
  pointsPrice: number;
  cash: CashPrice | null;
  stock: number;
  sold: number;
  stockOps?: Record<string, StockProof>;
  /** Code uploads counted into the stock, by batch (a retried upload is counted once). */
  codeBatches?: Record<string, number>;
  saleStartsAt: Date | null;
  saleEndsAt: Date | null;
  limit: RewardLimit | null;
  tiers: string[];
  revocable: boolean;
  displayOrder: number;
  status: MallRewardStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The reward's terms as the redemption was made: a later change of the reward does not change it. */
export interface RedemptionTerms {
  name: string;
  type: MallRewardType;
  couponTemplateId: string | null;
  benefit: RewardBenefit | null;
  pointsPrice: number;
  cash: CashPrice | null;
  revocable: boolean;
  /** The period the per-member limit counted the redemption in; null without a limit. */
  limitPeriodKey: string | null;
  limitCount: number | null;
  /** The tiers the reward was restricted to, and the member's tier that passed the check (null when unrestricted). */
  tiers: string[];
  memberTier: string | null;
  rewardVersion: number;
}

/**
 * One redemption, a saga (docs/decisions/redemption-saga.md). `state` is the last step recorded; `unwinding` marks a
 * failure or a cancellation whose undo is under way; `followUp`/`followUpAt` mark it for the resume job until it
 * ends. `requestKey` (the member's scoped Idempotency-Key, or the id) is unique per member: a retry finds it.
 */
export interface Redemption extends OutboxCarrier {
  _id: Types.ObjectId;
  memberId: string;
  rewardId: string;
  requestKey: string;
  quantity: number;
  terms: RedemptionTerms;
  pointsTotal: number;
  state: RedemptionState;
  unwinding?: 'fail' | 'cancel';
  failure: { code: string; message: string } | null;
  issued: IssuedItemView[];
  /** Physical rewards: the delivery status, kept at the top level for conditional updates. */
  fulfilmentStatus: FulfilmentStatus | null;
  fulfilment: { trackingNumber: string | null; note: string | null; updatedAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  cancelledAt: Date | null;
  followUp?: boolean;
  followUpAt?: Date;
}

/**
 * Units one member redeemed of one reward in one period (`_id` = `<rewardId>:<memberId>:<periodKey>`), and which
 * redemptions took them (`claims`: redemption id → units), so a retry never counts twice and an undo gives back
 * exactly what its redemption took. Bounded: `used` never exceeds the limit.
 */
export interface RewardLimitCounter {
  _id: string;
  rewardId: string;
  memberId: string;
  periodKey: string;
  used: number;
  claims?: Record<string, number>;
}

export type RewardCodeState = 'available' | 'assigned' | 'voided';

/** One code of a `virtual_code` reward's pool, given to one redemption at most once (voided codes are never given again). */
export interface RewardCode {
  _id: Types.ObjectId;
  rewardId: string;
  code: string;
  state: RewardCodeState;
  /** The upload it came in (a hash of the upload), so a retried upload counts its codes once. */
  batch: string;
  redemptionId: string | null;
  memberId: string | null;
  assignedAt: Date | null;
  createdAt: Date;
}

const rewardSchema = new Schema<MallReward>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    type: { type: String, required: true, enum: MALL_REWARD_TYPES },
    couponTemplateId: { type: String, default: null },
    benefit: { type: Schema.Types.Mixed, default: null },
    pointsPrice: { type: Number, required: true },
    cash: { type: Schema.Types.Mixed, default: null },
    stock: { type: Number, required: true },
    sold: { type: Number, required: true },
    // No defaults: updates `$set` and `$unset` single keys under them.
    stockOps: { type: Schema.Types.Mixed },
    codeBatches: { type: Schema.Types.Mixed },
    saleStartsAt: { type: Date, default: null },
    saleEndsAt: { type: Date, default: null },
    limit: { type: Schema.Types.Mixed, default: null },
    tiers: { type: [String], default: [] },
    revocable: { type: Boolean, required: true },
    displayOrder: { type: Number, required: true },
    status: { type: String, required: true, enum: MALL_REWARD_STATUSES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'mall_rewards', versionKey: false, minimize: false },
);
rewardSchema.index({ status: 1 });

const redemptionSchema = new Schema<Redemption>(
  {
    memberId: { type: String, required: true },
    rewardId: { type: String, required: true },
    requestKey: { type: String, required: true },
    quantity: { type: Number, required: true },
    terms: { type: Schema.Types.Mixed, required: true },
    pointsTotal: { type: Number, required: true },
    state: { type: String, required: true, enum: REDEMPTION_STATES },
    unwinding: { type: String, enum: ['fail', 'cancel'], default: undefined },
    failure: { type: Schema.Types.Mixed, default: null },
    issued: { type: Schema.Types.Mixed, default: [] },
    fulfilmentStatus: { type: String, enum: [...FULFILMENT_STATUSES, null], default: null },
    fulfilment: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    followUp: { type: Boolean, default: undefined },
    followUpAt: { type: Date, default: undefined },
    ...outboxCarrierFields,
  },
  { collection: 'mall_redemptions', versionKey: false, minimize: false },
);
// Led by memberId (the shard key): a retry finds its redemption by the member's request key; the member's list.
redemptionSchema.index({ memberId: 1, requestKey: 1 }, { unique: true });
redemptionSchema.index({ memberId: 1, state: 1 });
redemptionSchema.index({ rewardId: 1, state: 1 });
redemptionSchema.index({ state: 1 });
redemptionSchema.index({ followUp: 1 });
redemptionSchema.index({ outboxPending: 1 });

const limitSchema = new Schema<RewardLimitCounter>(
  {
    _id: { type: String },
    rewardId: { type: String, required: true },
    memberId: { type: String, required: true },
    periodKey: { type: String, required: true },
    used: { type: Number },
    // No default: an upsert's `$set` of `claims.<id>` must not meet a `$setOnInsert` of `claims`.
    claims: { type: Schema.Types.Mixed },
  },
  { collection: 'mall_limit_counters', versionKey: false, minimize: false },
);
// The mall reads a member's counters of the current periods by equality.
limitSchema.index({ memberId: 1, periodKey: 1 });

const codeSchema = new Schema<RewardCode>(
  {
    rewardId: { type: String, required: true },
    code: { type: String, required: true },
    state: { type: String, required: true, enum: ['available', 'assigned', 'voided'] },
    batch: { type: String, required: true },
    redemptionId: { type: String, default: null },
    memberId: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'mall_reward_codes', versionKey: false, minimize: false },
);
// A code is in a reward's pool once; assignment takes any available code of the reward; a redemption finds its codes.
codeSchema.index({ rewardId: 1, code: 1 }, { unique: true });
codeSchema.index({ rewardId: 1, state: 1 });
codeSchema.index({ rewardId: 1, redemptionId: 1 });
codeSchema.index({ rewardId: 1, batch: 1 });

export function mallRewardModel(connection: Connection): Model<MallReward> {
  return connection.models.MallReward ?? connection.model<MallReward>('MallReward', rewardSchema);
}

export function redemptionModel(connection: Connection): Model<Redemption> {
  return connection.models.Redemption ?? connection.model<Redemption>('Redemption', redemptionSchema);
}

export function rewardLimitCounterModel(connection: Connection): Model<RewardLimitCounter> {
  return connection.models.RewardLimitCounter ?? connection.model<RewardLimitCounter>('RewardLimitCounter', limitSchema);
}

export function rewardCodeModel(connection: Connection): Model<RewardCode> {
  return connection.models.RewardCode ?? connection.model<RewardCode>('RewardCode', codeSchema);
}
