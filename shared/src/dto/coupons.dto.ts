import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsMongoId,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_MINOR_UNITS } from './events.dto.js';
import { LEDGER_ORDER_ID_PATTERN } from './ledger.dto.js';
import { PageQueryDto } from './page-query.dto.js';
import { AudienceDto, BUSINESS_DAY_PATTERN, type AudienceView } from './rewards.dto.js';

/** `amount`: a fixed sum off (minor units); `percent`: a share of the order amount off, optionally capped. */
export const CouponDiscountType = { Amount: 'amount', Percent: 'percent' } as const;
export type CouponDiscountType = (typeof CouponDiscountType)[keyof typeof CouponDiscountType];
export const COUPON_DISCOUNT_TYPES: readonly CouponDiscountType[] = Object.values(CouponDiscountType);

/**
 * `fixed`: from the start of business day `from` to the end of business day `to`; `relative`: from the issue until
 * the end of the business day `days − 1` days after the day of issue (1 = the day of issue only).
 */
export const CouponValidityType = { Fixed: 'fixed', Relative: 'relative' } as const;
export type CouponValidityType = (typeof CouponValidityType)[keyof typeof CouponValidityType];
export const COUPON_VALIDITY_TYPES: readonly CouponValidityType[] = Object.values(CouponValidityType);

export const CouponTemplateStatus = { Active: 'active', Paused: 'paused', Archived: 'archived' } as const;
export type CouponTemplateStatus = (typeof CouponTemplateStatus)[keyof typeof CouponTemplateStatus];
export const COUPON_TEMPLATE_STATUSES: readonly CouponTemplateStatus[] = Object.values(CouponTemplateStatus);

/**
 * A coupon's life: `issued → locked → redeemed`, `locked → issued` (released, or the lock ran out), `redeemed →
 * restored` (refunded within validity; usable again) or `expired` (refunded after it), `issued|restored → expired`
 * (validity over), `issued|restored|locked → voided` (an operator, or the undo of its issue).
 */
export const CouponState = {
  Issued: 'issued',
  Locked: 'locked',
  Redeemed: 'redeemed',
  Restored: 'restored',
  Expired: 'expired',
  Voided: 'voided',
} as const;
export type CouponState = (typeof CouponState)[keyof typeof CouponState];
export const COUPON_STATES: readonly CouponState[] = Object.values(CouponState);

/** Who a coupon was issued for. */
export const CouponSourceType = {
  Operator: 'operator',
  Benefit: 'benefit',
  Task: 'task',
  CheckIn: 'check_in',
  Mall: 'mall',
  Campaign: 'campaign',
} as const;
export type CouponSourceType = (typeof CouponSourceType)[keyof typeof CouponSourceType];
export const COUPON_SOURCE_TYPES: readonly CouponSourceType[] = Object.values(CouponSourceType);

/** `details.reason` of a `COUPON_NOT_USABLE` refusal. */
export const CouponRefusal = {
  Expired: 'expired',
  Locked: 'locked',
  Redeemed: 'redeemed',
  Voided: 'voided',
  BelowMinimumSpend: 'below_minimum_spend',
  CurrencyMismatch: 'currency_mismatch',
  NotYetValid: 'not_yet_valid',
  /** Release or restore for an order that does not hold (or did not redeem) the coupon. */
  NotThisOrder: 'not_this_order',
} as const;
export type CouponRefusal = (typeof CouponRefusal)[keyof typeof CouponRefusal];

export const COUPON_LOCK_SECONDS_MIN = 60;
export const COUPON_LOCK_SECONDS_MAX = 86_400;
export const COUPON_STOCK_MAX = 100_000_000;
export const COUPON_PER_MEMBER_LIMIT_MAX = 10_000;
export const COUPON_VALID_DAYS_MAX = 3650;

const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const CURRENCY_MESSAGE = 'currency must be a three-letter upper-case ISO 4217 code';
const ORDER_ID_MESSAGE = 'orderId must be 1 to 128 printable ASCII characters without spaces';

export class CouponDiscountDto {
  @IsIn(COUPON_DISCOUNT_TYPES)
  type!: CouponDiscountType;

  /** `amount`: minor units of the template's currency off the order. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MINOR_UNITS)
  amountOff?: number;

  /** `percent`: whole percent off the order amount (1–100), rounded down to the minor unit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  percentOff?: number;

  /** `percent`: the most it takes off, in minor units; absent = no cap. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MINOR_UNITS)
  maxDiscount?: number;
}

export class CouponValidityDto {
  @IsIn(COUPON_VALIDITY_TYPES)
  type!: CouponValidityType;

  /** `fixed`: the first business day, `YYYY-MM-DD`. */
  @IsOptional()
  @Matches(BUSINESS_DAY_PATTERN, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  /** `fixed`: the last business day, `YYYY-MM-DD`. */
  @IsOptional()
  @Matches(BUSINESS_DAY_PATTERN, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;

  /** `relative`: business days the coupon is valid, the day of issue being the first. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(COUPON_VALID_DAYS_MAX)
  days?: number;
}

export class CreateCouponTemplateDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CouponDiscountDto)
  discount!: CouponDiscountDto;

  /** The least order amount (minor units) the coupon applies to; default 0. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  minSpend?: number;

  @IsString()
  @Matches(CURRENCY_PATTERN, { message: CURRENCY_MESSAGE })
  currency!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CouponValidityDto)
  validity!: CouponValidityDto;

  /** How many coupons may be issued in all; absent = unlimited (fixed at creation). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(COUPON_STOCK_MAX)
  totalStock?: number;

  /** How many coupons one member may be issued in all; absent = no limit (fixed at creation). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(COUPON_PER_MEMBER_LIMIT_MAX)
  perMemberLimit?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;

  /** Default true; false creates the template paused. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A partial change; `discount`, `validity` and `audience` are replaced whole. Coupons issued keep their terms. */
export class UpdateCouponTemplateDto {
  /** When given, the change applies only to this version (409 CONFLICT otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CouponDiscountDto)
  discount?: CouponDiscountDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  minSpend?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CouponValidityDto)
  validity?: CouponValidityDto;

  /** A template with stock may change its total (never below what is issued); one without keeps none. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(COUPON_STOCK_MAX)
  totalStock?: number;

  /** A template with a per-member limit may change it; one without keeps none. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(COUPON_PER_MEMBER_LIMIT_MAX)
  perMemberLimit?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;
}

export class CouponTemplateQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(COUPON_TEMPLATE_STATUSES)
  status?: CouponTemplateStatus;
}

/** An operator issues one coupon of a template to a member (by Laurel's member id). */
export class IssueCouponDto {
  @IsMongoId()
  memberId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class VoidCouponDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

export class MyCouponQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(COUPON_STATES)
  state?: CouponState;
}

export class CouponQueryDto extends MyCouponQueryDto {
  @IsOptional()
  @IsMongoId()
  templateId?: string;

  @IsOptional()
  @IsMongoId()
  memberId?: string;
}

/** The order a coupon is applied to: its id, its amount before the discount (minor units) and currency. */
export class CouponOrderDto {
  @IsString()
  @Matches(LEDGER_ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId!: string;

  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  amount!: number;

  @IsString()
  @Matches(CURRENCY_PATTERN, { message: CURRENCY_MESSAGE })
  currency!: string;
}

export class LockCouponDto extends CouponOrderDto {
  /** How long the lock holds; default from the configuration (15 minutes). */
  @IsOptional()
  @IsInt()
  @Min(COUPON_LOCK_SECONDS_MIN)
  @Max(COUPON_LOCK_SECONDS_MAX)
  lockSeconds?: number;
}

export class RedeemCouponDto extends CouponOrderDto {}

/** Release: the locking order; restore: the refunded order. */
export class CouponOrderRefDto {
  @IsString()
  @Matches(LEDGER_ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId!: string;
}

export interface CouponDiscountView {
  type: CouponDiscountType;
  /** `amount` only. */
  amountOff: number | null;
  /** `percent` only. */
  percentOff: number | null;
  /** `percent` only; null = no cap. */
  maxDiscount: number | null;
}

export interface CouponValidityView {
  type: CouponValidityType;
  /** `fixed` only. */
  from: string | null;
  to: string | null;
  /** `relative` only. */
  days: number | null;
}

export interface CouponTemplateCounts {
  /** Coupons issued and not undone. */
  issued: number;
  redeemed: number;
  restored: number;
  expired: number;
  voided: number;
}

export interface CouponTemplateView {
  id: string;
  name: string;
  description: string;
  discount: CouponDiscountView;
  minSpend: number;
  currency: string;
  validity: CouponValidityView;
  /** null = unlimited. */
  totalStock: number | null;
  /** null = unlimited. */
  stockLeft: number | null;
  perMemberLimit: number | null;
  audience: AudienceView;
  status: CouponTemplateStatus;
  counts: CouponTemplateCounts;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CouponView {
  id: string;
  /** What the member types or scans at checkout. */
  code: string;
  memberId: string;
  templateId: string;
  templateName: string;
  discount: CouponDiscountView;
  minSpend: number;
  currency: string;
  /** The first and last instants the coupon can be used. */
  validFrom: string;
  validUntil: string;
  state: CouponState;
  source: { type: CouponSourceType; id: string };
  /** The order that holds (`locked`) or used (`redeemed`) it. */
  orderId: string | null;
  lockedUntil: string | null;
  redeemedAt: string | null;
  /** What the redemption took off its order (minor units). */
  discountApplied: number | null;
  issuedAt: string;
  voidReason: string | null;
  updatedAt: string;
}

/** The answer of lock and redeem: the coupon and what it takes off the order. */
export interface CouponUseView {
  coupon: CouponView;
  orderId: string;
  /** Minor units of `currency` off the order: never more than its amount. */
  discount: number;
  currency: string;
}
