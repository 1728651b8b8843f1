import {
  COUPON_DISCOUNT_TYPES,
  COUPON_SOURCE_TYPES,
  COUPON_TEMPLATE_STATUSES,
  type CouponDiscountType,
  type CouponSourceType,
  type CouponTemplateStatus,
  type CouponValidityType,
} from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

export interface CouponDiscount {
  type: CouponDiscountType;
  amountOff: number | null;
  percentOff: number | null;
  maxDiscount: number | null;
}

/** `fixed`: business days `from`–`to`; `relative`: `days` business days from the day of issue. */
export interface CouponValidity {
  type: CouponValidityType;
  from: string | null;
  to: string | null;
  days: number | null;
}

/**
 * A coupon template. Its stock and counts live on it and change only by conditional `$inc`s keyed in `stockOps`
 * (`<coupon id>-<attempt>` taking one, `<coupon id>-return` giving one back): an op is applied once however often it
 * is retried, and cleared once the coupon records it, so the map holds only issues in flight. `version` counts
 * operators' changes only.
 */
export interface CouponTemplate {
  _id: Types.ObjectId;
  name: string;
  description: string;
  discount: CouponDiscount;
  minSpend: number;
  currency: string;
  validity: CouponValidity;
  /** null = unlimited; set at creation. */
  totalStock: number | null;
  stockLeft: number | null;
  perMemberLimit: number | null;
  audience: { tiers: string[] };
  status: CouponTemplateStatus;
  issued: number;
  redeemed: number;
  restored: number;
  expired: number;
  voided: number;
  stockOps?: Record<string, Date>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Stored states: the API's (`issued` … `voided`) and two of the issue's own: `pending` (written, steps under way)
 * and `cancelled` (an issue that failed or was undone before it completed; `undone` marks one that must never be
 * issued, a retry with its key is refused).
 */
export type StoredCouponState = 'pending' | 'issued' | 'locked' | 'redeemed' | 'restored' | 'expired' | 'voided' | 'cancelled';

/** How far an issue got: `written` (pending, steps under way), `issued` (its stock op left to clear), `done`. */
export type IssueStage = 'written' | 'issued' | 'done';

/**
 * One coupon of one member, written first (`pending`) under the unique `(memberId, issueKey)`: the issue's
 * idempotency key. Terms are a snapshot of the template at issue. It anchors its outbox messages. `followUp` marks
 * work a crash may have left (a pending issue, an op to clear, an undo to finish), due at `followUpAt`.
 */
export interface Coupon extends OutboxCarrier {
  _id: Types.ObjectId;
  code: string;
  memberId: string;
  templateId: string;
  issueKey: string;
  /** null only on the record of an undo that came before its issue. */
  source: { type: CouponSourceType; id: string } | null;
  templateName: string;
  discount: CouponDiscount;
  minSpend: number;
  currency: string;
  validFrom: Date;
  validUntil: Date;
  state: StoredCouponState;
  stage: IssueStage;
  attempt: number;
  /** Whether the template had a per-member limit at issue (a count to give back on undo). */
  counted: boolean;
  /** Whether the template had limited stock at issue (a unit to give back on undo). */
  stocked: boolean;
  undone: boolean;
  /** The order that holds (locked) or used (redeemed) it. */
  orderId: string | null;
  lockedUntil: Date | null;
  redeemedAt: Date | null;
  discountApplied: number | null;
  /** Orders whose refund restored it: they can never lock or redeem it again. */
  restoredOrderIds: string[];
  issuedAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  /** The operator who issued or voided it (who is also in the audit trail). */
  actor: { type: string; id: string; label: string } | null;
  followUp?: boolean;
  followUpAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Coupons of one template issued to one member (`_id` = `<templateId>:<memberId>`), each issue attempt once. */
export interface CouponMemberCount {
  _id: string;
  templateId: string;
  memberId: string;
  count: number;
  issues?: Record<string, boolean>;
}

const discountSchema = new Schema<CouponDiscount>(
  {
    type: { type: String, required: true, enum: COUPON_DISCOUNT_TYPES },
    amountOff: { type: Number, default: null },
    percentOff: { type: Number, default: null },
    maxDiscount: { type: Number, default: null },
  },
  { _id: false },
);

const validitySchema = new Schema<CouponValidity>(
  {
    type: { type: String, required: true },
    from: { type: String, default: null },
    to: { type: String, default: null },
    days: { type: Number, default: null },
  },
  { _id: false },
);

const templateSchema = new Schema<CouponTemplate>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    discount: { type: discountSchema, required: true },
    minSpend: { type: Number, required: true },
    currency: { type: String, required: true },
    validity: { type: validitySchema, required: true },
    totalStock: { type: Number, default: null },
    stockLeft: { type: Number, default: null },
    perMemberLimit: { type: Number, default: null },
    audience: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, enum: COUPON_TEMPLATE_STATUSES },
    issued: { type: Number, default: 0 },
    redeemed: { type: Number, default: 0 },
    restored: { type: Number, default: 0 },
    expired: { type: Number, default: 0 },
    voided: { type: Number, default: 0 },
    // No default: `$set` of `stockOps.<op>` must work on a template that never had one.
    stockOps: { type: Schema.Types.Mixed },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'coupon_templates', versionKey: false, minimize: false },
);
templateSchema.index({ status: 1 });

const couponSchema = new Schema<Coupon>(
  {
    code: { type: String, required: true },
    memberId: { type: String, required: true },
    templateId: { type: String, required: true },
    issueKey: { type: String, required: true },
    source: {
      type: new Schema(
        { type: { type: String, required: true, enum: COUPON_SOURCE_TYPES }, id: { type: String, required: true } },
        { _id: false },
      ),
      default: null,
    },
    // Not required: the record of an undo that came before its issue carries no terms.
    templateName: { type: String, default: '' },
    discount: { type: discountSchema, default: null },
    minSpend: { type: Number, default: 0 },
    currency: { type: String, default: '' },
    validFrom: { type: Date, default: null },
    validUntil: { type: Date, default: null },
    state: { type: String, required: true },
    stage: { type: String, required: true },
    attempt: { type: Number, required: true },
    counted: { type: Boolean, required: true },
    stocked: { type: Boolean, required: true },
    undone: { type: Boolean, default: false },
    orderId: { type: String, default: null },
    lockedUntil: { type: Date, default: null },
    redeemedAt: { type: Date, default: null },
    discountApplied: { type: Number, default: null },
    restoredOrderIds: { type: [String], default: [] },
    issuedAt: { type: Date, default: null },
    voidedAt: { type: Date, default: null },
    voidReason: { type: String, default: null },
    actor: { type: Schema.Types.Mixed, default: null },
    followUp: { type: Boolean, default: undefined },
    followUpAt: { type: Date, default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxCarrierFields,
  },
  { collection: 'coupons', versionKey: false, minimize: false },
);
// The issue's idempotency key, per member (the shard key leads).
couponSchema.index({ memberId: 1, issueKey: 1 }, { unique: true });
couponSchema.index({ code: 1 }, { unique: true });
// A member's coupons, by state; the operators' lists by template.
couponSchema.index({ memberId: 1, state: 1 });
couponSchema.index({ templateId: 1 });
// The expiry job: usable coupons past validity, locks past their expiry.
couponSchema.index({ state: 1, validUntil: 1 });
couponSchema.index({ state: 1, lockedUntil: 1 });
couponSchema.index({ followUp: 1 });
couponSchema.index({ outboxPending: 1 });

const memberCountSchema = new Schema<CouponMemberCount>(
  {
    _id: { type: String },
    templateId: { type: String, required: true },
    memberId: { type: String, required: true },
    count: { type: Number },
    // No default: an upsert's `$set` of `issues.<ref>` must not meet a `$setOnInsert` of `issues`.
    issues: { type: Schema.Types.Mixed },
  },
  { collection: 'coupon_member_counts', versionKey: false, minimize: false },
);
memberCountSchema.index({ memberId: 1 });

export function couponTemplateModel(connection: Connection): Model<CouponTemplate> {
  return connection.models.CouponTemplate ?? connection.model<CouponTemplate>('CouponTemplate', templateSchema);
}

export function couponModel(connection: Connection): Model<Coupon> {
  return connection.models.Coupon ?? connection.model<Coupon>('Coupon', couponSchema);
}

export function couponMemberCountModel(connection: Connection): Model<CouponMemberCount> {
  return connection.models.CouponMemberCount ?? connection.model<CouponMemberCount>('CouponMemberCount', memberCountSchema);
}
