import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
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
import { BENEFIT_CODE_PATTERN } from './benefits.dto.js';
import { ISO_UTC_PATTERN } from './events.dto.js';
import { PageQueryDto } from './page-query.dto.js';
import { DefinitionChangeDto } from './definition-change.dto.js';

/**
 * What a points-mall reward gives: a coupon (of a coupon template), a benefit grant, a code from the reward's
 * uploaded pool (each code given once), or a physical item the operator ships.
 */
export const MallRewardType = { Coupon: 'coupon', Benefit: 'benefit', VirtualCode: 'virtual_code', Physical: 'physical' } as const;
export type MallRewardType = (typeof MallRewardType)[keyof typeof MallRewardType];
export const MALL_REWARD_TYPES: readonly MallRewardType[] = Object.values(MallRewardType);

export const MallRewardStatus = { Active: 'active', Paused: 'paused', Archived: 'archived' } as const;
export type MallRewardStatus = (typeof MallRewardStatus)[keyof typeof MallRewardStatus];
export const MALL_REWARD_STATUSES: readonly MallRewardStatus[] = Object.values(MallRewardStatus);

/** The period a per-member limit counts in (business time zone); `lifetime` never resets. */
export const LimitPeriod = { Day: 'day', Week: 'week', Month: 'month', Year: 'year', Lifetime: 'lifetime' } as const;
export type LimitPeriod = (typeof LimitPeriod)[keyof typeof LimitPeriod];
export const LIMIT_PERIODS: readonly LimitPeriod[] = Object.values(LimitPeriod);

/**
 * A redemption's saga: `created → points_held → stock_taken → issued → completed`; `failed` when a step failed (what
 * earlier steps did is undone); `cancelled` when a completed redemption was cancelled (points and stock returned).
 */
export const RedemptionState = {
  Created: 'created',
  PointsHeld: 'points_held',
  StockTaken: 'stock_taken',
  Issued: 'issued',
  Completed: 'completed',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type RedemptionState = (typeof RedemptionState)[keyof typeof RedemptionState];
export const REDEMPTION_STATES: readonly RedemptionState[] = Object.values(RedemptionState);

/** A physical item's delivery: `pending → shipped → delivered`, or `cancelled` (points and stock go back). */
export const FulfilmentStatus = { Pending: 'pending', Shipped: 'shipped', Delivered: 'delivered', Cancelled: 'cancelled' } as const;
export type FulfilmentStatus = (typeof FulfilmentStatus)[keyof typeof FulfilmentStatus];
export const FULFILMENT_STATUSES: readonly FulfilmentStatus[] = Object.values(FulfilmentStatus);

/** Why a member may not redeem a reward now (the mall shows it rather than hiding the reward). */
export const RedeemBlock = {
  NotOnSale: 'not_on_sale',
  NotEligible: 'not_eligible',
  OutOfStock: 'out_of_stock',
  LimitReached: 'limit_reached',
  InsufficientPoints: 'insufficient_points',
} as const;
export type RedeemBlock = (typeof RedeemBlock)[keyof typeof RedeemBlock];

/** Most units of one reward in one redemption. */
export const MAX_REDEMPTION_QUANTITY = 20;
/** Most points a reward may cost (per unit), and most units of stock. */
export const MAX_REWARD_POINTS = 1_000_000_000;
export const MAX_REWARD_STOCK = 100_000_000;
/** Most codes in one upload. */
export const MAX_CODES_PER_UPLOAD = 1000;

const TIER_CODE = /^[a-z][a-z0-9_-]{0,31}$/;
const CODE_TEXT = /^[\x21-\x7e]{1,200}$/;

/** The cash part of a price, in minor units of `currency`; settled by the host app, recorded by Laurel. */
export class CashPriceDto {
  @IsInt()
  @Min(1)
  @Max(MAX_REWARD_POINTS)
  amount!: number;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter upper-case ISO 4217 code' })
  currency!: string;
}

export class RewardBenefitDto {
  @Matches(BENEFIT_CODE_PATTERN, { message: 'code must be a benefit code' })
  code!: string;

  /** Uses of the benefit granted per unit redeemed. */
  @IsInt()
  @Min(1)
  @Max(1000)
  count!: number;

  @IsInt()
  @Min(1)
  @Max(3650)
  validDays!: number;
}

export class RewardLimitDto {
  /** Units one member may redeem per period. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  count!: number;

  @IsIn(LIMIT_PERIODS)
  period!: LimitPeriod;
}

export class CreateMallRewardDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IsIn(MALL_REWARD_TYPES)
  type!: MallRewardType;

  /** `coupon`: the coupon template issued. */
  @IsOptional()
  @IsMongoId()
  couponTemplateId?: string;

  /** `benefit`: the benefit granted. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RewardBenefitDto)
  benefit?: RewardBenefitDto;

  /** Points per unit (0 with a cash part only). */
  @IsInt()
  @Min(0)
  @Max(MAX_REWARD_POINTS)
  pointsPrice!: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CashPriceDto)
  cash?: CashPriceDto;

  /** Units for sale; `virtual_code` rewards take their stock from uploaded codes (absent or 0). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REWARD_STOCK)
  stock?: number;

  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'saleStartsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  saleStartsAt?: string;

  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'saleEndsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  saleEndsAt?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RewardLimitDto)
  limit?: RewardLimitDto;

  /** Tier codes that may redeem; empty or absent = every member. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(TIER_CODE, { each: true, message: 'each tier must be a tier code' })
  tiers?: string[];

  /** Whether a completed redemption may be cancelled (points and stock back); default false. */
  @IsOptional()
  @IsBoolean()
  revocable?: boolean;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  displayOrder?: number;

  /** Default true; false creates the reward paused. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/**
 * A partial change; the type and what the reward gives are fixed at creation. `cash`, `saleStartsAt`, `saleEndsAt`
 * and `limit` are removed by null. `stock` sets the total stock (units ever for sale); what is left moves by the
 * difference. Redemptions in flight keep the price and terms they were made at.
 */
export class UpdateMallRewardDto extends DefinitionChangeDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REWARD_POINTS)
  pointsPrice?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CashPriceDto)
  cash?: CashPriceDto | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_REWARD_STOCK)
  stock?: number;

  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'saleStartsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  saleStartsAt?: string | null;

  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'saleEndsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  saleEndsAt?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RewardLimitDto)
  limit?: RewardLimitDto | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(TIER_CODE, { each: true, message: 'each tier must be a tier code' })
  tiers?: string[];

  @IsOptional()
  @IsBoolean()
  revocable?: boolean;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  displayOrder?: number;
}

export class MallRewardQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(MALL_REWARD_STATUSES)
  status?: MallRewardStatus;

  @IsOptional()
  @IsIn(MALL_REWARD_TYPES)
  type?: MallRewardType;
}

/** Codes for a `virtual_code` reward's pool; each adds one unit of stock. Codes already in the pool are skipped and counted. */
export class AddRewardCodesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CODES_PER_UPLOAD)
  @Matches(CODE_TEXT, { each: true, message: 'each code must be 1 to 200 printable ASCII characters without spaces' })
  codes!: string[];
}

export class RedeemRewardDto {
  @IsMongoId()
  rewardId!: string;

  /** Default 1. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REDEMPTION_QUANTITY)
  quantity?: number;
}

export class RedemptionQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(REDEMPTION_STATES)
  state?: RedemptionState;

  @IsOptional()
  @IsMongoId()
  rewardId?: string;

  @IsOptional()
  @IsMongoId()
  memberId?: string;
}

export class MemberRedemptionQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(REDEMPTION_STATES)
  state?: RedemptionState;
}

/** An operator's fulfilment change of a physical redemption: `pending → shipped → delivered`, or `cancelled`. */
export class UpdateFulfilmentDto {
  @IsIn([FulfilmentStatus.Shipped, FulfilmentStatus.Delivered, FulfilmentStatus.Cancelled])
  status!: FulfilmentStatus;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  trackingNumber?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export interface CashPriceView {
  amount: number;
  currency: string;
}

export interface RewardLimitView {
  count: number;
  period: LimitPeriod;
}

export interface MallRewardView {
  id: string;
  name: string;
  description: string;
  type: MallRewardType;
  couponTemplateId: string | null;
  benefit: { code: string; count: number; validDays: number } | null;
  pointsPrice: number;
  cash: CashPriceView | null;
  /** Units ever for sale (`left` + units redeemed and not returned). */
  stock: { total: number; left: number };
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  limit: RewardLimitView | null;
  tiers: string[];
  revocable: boolean;
  displayOrder: number;
  status: MallRewardStatus;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A reward as a member sees it in the mall, with whether they may redeem it now and why not. */
export interface MallItemView {
  rewardId: string;
  name: string;
  description: string;
  type: MallRewardType;
  pointsPrice: number;
  cash: CashPriceView | null;
  stockLeft: number;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  /** The per-member limit with the units left in the current period (null = no limit). */
  limit: (RewardLimitView & { left: number; periodKey: string }) | null;
  revocable: boolean;
  allowed: boolean;
  reason: RedeemBlock | null;
  displayOrder: number;
}

export interface MallView {
  /** The member's available points when the mall was read. */
  points: number;
  items: MallItemView[];
}

export interface RewardCodeCountsView {
  rewardId: string;
  available: number;
  assigned: number;
  voided: number;
  total: number;
}

export interface RewardCodesAddedView extends RewardCodeCountsView {
  added: number;
  /** Codes already in the pool (or repeated in the upload), skipped. */
  duplicates: number;
}

/** What a redemption gave: codes (virtual), coupons, a benefit grant, or the item (physical). */
export interface IssuedItemView {
  kind: 'code' | 'coupon' | 'benefit' | 'item';
  id: string;
  /** `code`: the code itself (only the member and operators see it). */
  code?: string;
}

export interface FulfilmentView {
  status: FulfilmentStatus;
  trackingNumber: string | null;
  note: string | null;
  updatedAt: string;
}

export interface RedemptionView {
  id: string;
  memberId: string;
  rewardId: string;
  rewardName: string;
  rewardType: MallRewardType;
  quantity: number;
  /** The price per unit when the redemption was made. */
  pointsPrice: number;
  cash: CashPriceView | null;
  pointsTotal: number;
  cashTotal: CashPriceView | null;
  /** The reward's tier restriction when the redemption was made (empty = everyone), and the member's tier that passed it. */
  tiers: string[];
  memberTier: string | null;
  state: RedemptionState;
  /** Set on `failed`: the refusal that failed it. */
  failure: { code: string; message: string } | null;
  issued: IssuedItemView[];
  /** Physical rewards only. */
  fulfilment: FulfilmentView | null;
  revocable: boolean;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
}
