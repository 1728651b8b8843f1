import {
  BENEFIT_STATUSES,
  BENEFIT_TYPES,
  BENEFIT_USE_STATES,
  PACKAGE_SOURCE_TYPES,
  type BenefitGrantSourceType,
  type BenefitStatus,
  type BenefitType,
  type BenefitUseState,
  type BenefitValueView,
  type PackageSourceType,
  type QuotaPeriod,
  type Stacking,
} from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

export type BenefitValue = BenefitValueView;

/** A benefit definition; `code` is stable and unique, `version` grows by one with each change. */
export interface Benefit {
  _id: Types.ObjectId;
  code: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string;
  value: BenefitValue;
  status: BenefitStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Quota {
  period: QuotaPeriod;
  /** null for `unlimited`. */
  count: number | null;
}

export interface PackageItem {
  benefitCode: string;
  quota: Quota;
  /** null: the benefit's own value. */
  value: BenefitValue | null;
  stacking: Stacking;
}

/** Benefits a source (a tier, later a plan) grants, each with its quota and value. */
export interface BenefitPackage {
  _id: Types.ObjectId;
  code: string;
  name: string;
  description: string;
  source: { type: PackageSourceType; code: string };
  items: PackageItem[];
  status: BenefitStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Uses of one benefit by one member in one period: `_id` = `<memberId>:<benefitCode>:<period>:<periodKey>`. Shared by
 * every tier and plan source, so a tier change keeps the period's count. `uses` records which use took how many
 * (by hash of the use's id), so taking and giving back are each done once.
 */
export interface QuotaCounter {
  _id: string;
  memberId: string;
  benefitCode: string;
  periodKey: string;
  used: number;
  uses?: Record<string, number>;
}

/**
 * A benefit granted to one member (bought in the mall, given by a campaign, an operator or a task): `count` uses
 * from `validFrom` to `validUntil`, counted on the grant itself. `_id` = `<memberId>:<hash of key>`.
 */
export interface BenefitGrant {
  _id: string;
  memberId: string;
  key: string;
  benefitCode: string;
  count: number;
  used: number;
  uses?: Record<string, number>;
  validFrom: Date;
  validUntil: Date;
  source: { type: BenefitGrantSourceType; id: string };
  state: 'active' | 'revoked';
  createdAt: Date;
  revokedAt: Date | null;
}

/** Where a use may be taken from: a period counter (limit null = unlimited) or a grant. */
export interface PoolRef {
  id: string;
  kind: 'counter' | 'grant';
  /** The counter's or grant's `_id`. */
  docId: string;
}

/**
 * One use of a benefit, `_id` = `<memberId>:<benefitCode>:<o|k>:<order id or key>`: the caller's key makes it once.
 * `pending` until the quota is taken (`pools` lists where it may have been); anchors `benefit.used` and
 * `benefit.released`.
 */
export interface BenefitUse extends OutboxCarrier {
  _id: string;
  memberId: string;
  benefitCode: string;
  key: string | null;
  orderId: string | null;
  /** Hash of `_id`: names the use in a pool's `uses`. */
  hash: string;
  count: number;
  state: BenefitUseState;
  pools: PoolRef[];
  pool: PoolRef | null;
  remaining: number | null;
  createdAt: Date;
  updatedAt: Date;
  usedAt: Date | null;
  releasedAt: Date | null;
}

export type IssueKind = 'periodic' | 'birthday';

/**
 * One scheduled issuance: `_id` = `<benefitCode>:<memberId>:<periodKey>`, so a member gets a benefit once per
 * period however often the job runs. `issuing` until the coupons and points are issued (by idempotent keys);
 * anchors `benefit.issued`.
 */
export interface BenefitIssue extends OutboxCarrier {
  _id: string;
  memberId: string;
  benefitCode: string;
  kind: IssueKind;
  periodKey: string;
  packageCode: string;
  value: BenefitValue;
  state: 'issuing' | 'issued' | 'failed';
  couponIds: string[];
  entryIds: string[];
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
  issuedAt: Date | null;
}

const benefitSchema = new Schema<Benefit>(
  {
    code: { type: String, required: true },
    type: { type: String, required: true, enum: BENEFIT_TYPES },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    icon: { type: String, default: '' },
    value: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: BENEFIT_STATUSES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'benefits', versionKey: false, minimize: false },
);
benefitSchema.index({ code: 1 }, { unique: true });

const packageSchema = new Schema<BenefitPackage>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    source: {
      type: new Schema({ type: { type: String, enum: PACKAGE_SOURCE_TYPES }, code: String }, { _id: false }),
      required: true,
    },
    items: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: BENEFIT_STATUSES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'benefit_packages', versionKey: false, minimize: false },
);
packageSchema.index({ code: 1 }, { unique: true });

// No defaults: counters are created by an upsert whose `$set` of `uses.<hash>` must not meet a `$setOnInsert` of `uses`.
const counterSchema = new Schema<QuotaCounter>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    benefitCode: { type: String, required: true },
    periodKey: { type: String, required: true },
    used: { type: Number },
    uses: { type: Schema.Types.Mixed },
  },
  { collection: 'benefit_quota_counters', versionKey: false, minimize: false },
);
counterSchema.index({ memberId: 1 });

const grantSchema = new Schema<BenefitGrant>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    key: { type: String, required: true },
    benefitCode: { type: String, required: true },
    count: { type: Number, required: true },
    used: { type: Number, required: true },
    uses: { type: Schema.Types.Mixed },
    validFrom: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    source: { type: new Schema({ type: String, id: String }, { _id: false }), required: true },
    state: { type: String, required: true, enum: ['active', 'revoked'] },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'benefit_grants', versionKey: false, minimize: false },
);
// Led by memberId (the shard key): a member's grants are read with their entitlements.
grantSchema.index({ memberId: 1 });

const poolRefSchema = new Schema<PoolRef>({ id: String, kind: String, docId: String }, { _id: false });

const useSchema = new Schema<BenefitUse>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    benefitCode: { type: String, required: true },
    key: { type: String, default: null },
    orderId: { type: String, default: null },
    hash: { type: String, required: true },
    count: { type: Number, required: true },
    state: { type: String, required: true, enum: BENEFIT_USE_STATES },
    pools: { type: [poolRefSchema], default: [] },
    pool: { type: poolRefSchema, default: null },
    remaining: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    releasedAt: { type: Date, default: null },
    ...outboxCarrierFields,
  },
  { collection: 'benefit_uses', versionKey: false, minimize: false },
);
useSchema.index({ memberId: 1, createdAt: -1 });
// The resume job finds uses a crash left `pending` or `releasing`.
useSchema.index({ state: 1 });
useSchema.index({ outboxPending: 1 });

const issueSchema = new Schema<BenefitIssue>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    benefitCode: { type: String, required: true },
    kind: { type: String, required: true, enum: ['periodic', 'birthday'] },
    periodKey: { type: String, required: true },
    packageCode: { type: String, required: true },
    value: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true, enum: ['issuing', 'issued', 'failed'] },
    couponIds: { type: [String], default: [] },
    entryIds: { type: [String], default: [] },
    failure: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    issuedAt: { type: Date, default: null },
    ...outboxCarrierFields,
  },
  { collection: 'benefit_issues', versionKey: false, minimize: false },
);
issueSchema.index({ memberId: 1 });
issueSchema.index({ state: 1 });
issueSchema.index({ outboxPending: 1 });

export function benefitModel(connection: Connection): Model<Benefit> {
  return connection.models.Benefit ?? connection.model<Benefit>('Benefit', benefitSchema);
}

export function benefitPackageModel(connection: Connection): Model<BenefitPackage> {
  return connection.models.BenefitPackage ?? connection.model<BenefitPackage>('BenefitPackage', packageSchema);
}

export function quotaCounterModel(connection: Connection): Model<QuotaCounter> {
  return connection.models.BenefitQuotaCounter ?? connection.model<QuotaCounter>('BenefitQuotaCounter', counterSchema);
}

export function benefitGrantModel(connection: Connection): Model<BenefitGrant> {
  return connection.models.BenefitGrant ?? connection.model<BenefitGrant>('BenefitGrant', grantSchema);
}

export function benefitUseModel(connection: Connection): Model<BenefitUse> {
  return connection.models.BenefitUse ?? connection.model<BenefitUse>('BenefitUse', useSchema);
}

export function benefitIssueModel(connection: Connection): Model<BenefitIssue> {
  return connection.models.BenefitIssue ?? connection.model<BenefitIssue>('BenefitIssue', issueSchema);
}

/**
 * The benefits feature's view of a member document (collection `members`, owned by the members and tiers features):
 * read only, for the tier that grants packages and the birthday that gifts are issued for.
 */
export interface BenefitMember {
  _id: Types.ObjectId;
  tier?: string | null;
  tierSince?: Date | null;
  tierValidUntil?: Date | null;
  profile?: { birthday?: string };
  birthMonthDay?: string | null;
}

const benefitMemberSchema = new Schema<BenefitMember>(
  {
    tier: { type: String },
    tierSince: { type: Date },
    tierValidUntil: { type: Date },
    profile: { birthday: String },
    birthMonthDay: { type: String },
  },
  { collection: 'members', versionKey: false, minimize: false, autoCreate: false, autoIndex: false },
);

export function benefitMemberModel(connection: Connection): Model<BenefitMember> {
  return connection.models.BenefitMember ?? connection.model<BenefitMember>('BenefitMember', benefitMemberSchema);
}
