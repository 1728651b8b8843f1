import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
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
import { PageQueryDto } from './page-query.dto.js';
import { BENEFIT_CODE_PATTERN, LedgerRewardDto, type RewardView } from './rewards.dto.js';

// Defined with rewards (a benefit reward names one); still exported here, where benefits' code is checked.
export { BENEFIT_CODE_PATTERN };

/** A benefit's or a package's stable code: what apps and checkout name it by. */
const CODE_MESSAGE = 'must be 1 to 64 lower-case letters, digits, _ or -, starting with a letter';

/**
 * What a benefit is. `discount`: the member pays `value.percent` % of the price (90 = 10 % off; lower is better);
 * `points_multiplier`: earning × `value.percent` / 100 (higher is better); `coupon_pack`: `value.coupons` issued once
 * per period; `birthday_gift`: `value.rewards` (points, growth) and/or `value.coupons`, `value.daysBefore` days before
 * the birthday; `free_shipping`, `priority_service`: counted uses; `custom`: `value.data` for the host app.
 */
export const BenefitType = {
  Discount: 'discount',
  FreeShipping: 'free_shipping',
  CouponPack: 'coupon_pack',
  BirthdayGift: 'birthday_gift',
  PointsMultiplier: 'points_multiplier',
  PriorityService: 'priority_service',
  Custom: 'custom',
} as const;
export type BenefitType = (typeof BenefitType)[keyof typeof BenefitType];
export const BENEFIT_TYPES: readonly BenefitType[] = Object.values(BenefitType);

export const BenefitStatus = { Active: 'active', Archived: 'archived' } as const;
export type BenefitStatus = (typeof BenefitStatus)[keyof typeof BenefitStatus];
export const BENEFIT_STATUSES: readonly BenefitStatus[] = Object.values(BenefitStatus);

/** How often a quota starts again; `term`: once per the source's own term (the tier's validity, a grant's validity). */
export const QuotaPeriod = {
  Day: 'day',
  Week: 'week',
  Month: 'month',
  Year: 'year',
  Term: 'term',
  Unlimited: 'unlimited',
} as const;
export type QuotaPeriod = (typeof QuotaPeriod)[keyof typeof QuotaPeriod];
export const QUOTA_PERIODS: readonly QuotaPeriod[] = Object.values(QuotaPeriod);

/** When several sources grant one benefit: `add` their quotas, or let the `best` source alone apply. */
export const Stacking = { Add: 'add', Best: 'best' } as const;
export type Stacking = (typeof Stacking)[keyof typeof Stacking];
export const STACKINGS: readonly Stacking[] = Object.values(Stacking);

/** What grants a package: a tier today; a paid plan joins as another source type. */
export const PackageSourceType = { Tier: 'tier', Plan: 'plan' } as const;
export type PackageSourceType = (typeof PackageSourceType)[keyof typeof PackageSourceType];
export const PACKAGE_SOURCE_TYPES: readonly PackageSourceType[] = Object.values(PackageSourceType);

/** Who may grant a benefit to one member (next to tiers and plans). */
export const BENEFIT_GRANT_SOURCES = ['mall', 'campaign', 'operator', 'task', 'check_in'] as const;
export type BenefitGrantSourceType = (typeof BENEFIT_GRANT_SOURCES)[number];

export const MAX_QUOTA = 100_000;
export const MAX_USE_COUNT = 1_000;

export class BenefitCouponDto {
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: 'templateId must be a coupon template id' })
  templateId!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  count!: number;
}

/** A benefit's value; which fields apply depends on the benefit's type (checked by the server). */
export class BenefitValueDto {
  /** `discount`: 1–99 (percent of the price paid); `points_multiplier`: 101–1000. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  percent?: number;

  /** `coupon_pack`, `birthday_gift`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BenefitCouponDto)
  coupons?: BenefitCouponDto[];

  /** `birthday_gift`: points and growth, earned through the ledger. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => LedgerRewardDto)
  rewards?: LedgerRewardDto[];

  /** `birthday_gift`: how many days before the birthday the gift is issued (0 = on the day). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  daysBefore?: number;

  /** `custom`: any JSON object the host app reads (at most 4 KiB). */
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export class CreateBenefitDto {
  @Matches(BENEFIT_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code!: string;

  @IsIn(BENEFIT_TYPES)
  type!: BenefitType;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** An icon URL or name for the app. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  icon?: string;

  /** The default value; a package may give a tier its own. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BenefitValueDto)
  value?: BenefitValueDto;
}

/** A partial change; `value` is replaced whole. The code and the type never change. */
export class UpdateBenefitDto {
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
  @IsString()
  @MaxLength(500)
  icon?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BenefitValueDto)
  value?: BenefitValueDto;
}

export class BenefitQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(BENEFIT_STATUSES)
  status?: BenefitStatus;

  @IsOptional()
  @IsIn(BENEFIT_TYPES)
  type?: BenefitType;
}

export class QuotaDto {
  @IsIn(QUOTA_PERIODS)
  period!: QuotaPeriod;

  /** Uses per period; absent for `unlimited`, required otherwise. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUOTA)
  count?: number;
}

export class PackageItemDto {
  @Matches(BENEFIT_CODE_PATTERN, { message: `benefitCode ${CODE_MESSAGE}` })
  benefitCode!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => QuotaDto)
  quota!: QuotaDto;

  /** This package's value of the benefit (e.g. gold 95 %, platinum 90 %); absent = the benefit's own. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BenefitValueDto)
  value?: BenefitValueDto;

  /** Default `best`. */
  @IsOptional()
  @IsIn(STACKINGS)
  stacking?: Stacking;
}

export class PackageSourceDto {
  @IsIn(PACKAGE_SOURCE_TYPES)
  type!: PackageSourceType;

  /** The tier's (or plan's) code. */
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'code must be a tier or plan code' })
  code!: string;
}

export class CreateBenefitPackageDto {
  @Matches(BENEFIT_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code!: string;

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
  @Type(() => PackageSourceDto)
  source!: PackageSourceDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PackageItemDto)
  items!: PackageItemDto[];
}

/** A partial change; `items` are replaced whole. The code and the source never change. */
export class UpdateBenefitPackageDto {
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
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PackageItemDto)
  items?: PackageItemDto[];
}

export class BenefitPackageQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(BENEFIT_STATUSES)
  status?: BenefitStatus;
}

/** Names a use: the caller's key or the order id (exactly one of them). Release gives a use back by it. */
export class ReleaseBenefitDto {
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'key must be 1 to 128 printable ASCII characters' })
  key?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'orderId must be 1 to 128 printable ASCII characters' })
  orderId?: string;
}

/** A use of a benefit at checkout, named like a release. */
export class UseBenefitDto extends ReleaseBenefitDto {
  /** Uses taken at once; default 1. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_USE_COUNT)
  count?: number;
}

export interface BenefitCouponView {
  templateId: string;
  count: number;
}

export interface BenefitValueView {
  percent?: number;
  coupons?: BenefitCouponView[];
  rewards?: RewardView[];
  daysBefore?: number;
  data?: Record<string, unknown>;
}

export interface BenefitView {
  id: string;
  code: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string;
  value: BenefitValueView;
  status: BenefitStatus;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface QuotaView {
  period: QuotaPeriod;
  /** null for `unlimited`. */
  count: number | null;
}

export interface PackageItemView {
  benefitCode: string;
  quota: QuotaView;
  /** null: the benefit's own value. */
  value: BenefitValueView | null;
  stacking: Stacking;
}

export interface BenefitPackageView {
  id: string;
  code: string;
  name: string;
  description: string;
  source: { type: PackageSourceType; code: string };
  items: PackageItemView[];
  status: BenefitStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One source of an entitlement: a tier's or plan's package, or a grant to the member. */
export interface EntitlementSourceView {
  type: PackageSourceType | 'grant';
  /** Tier or plan code; for a grant, its source (`mall:<id>`). */
  code: string;
  /** The package, or the grant's id. */
  ref: string;
  quota: QuotaView;
  value: BenefitValueView;
  stacking: Stacking;
  /** End of the source's term (tier validity, grant validity); null when it does not end. */
  validUntil: string | null;
}

/** One quota counter an entitlement draws from: a period's counter shared by tiers and plans, or a grant's own. */
export interface QuotaPoolView {
  /** `<period>:<periodKey>`, or `grant:<id>`. */
  id: string;
  period: QuotaPeriod;
  periodKey: string;
  /** null: unlimited. */
  limit: number | null;
  used: number;
  remaining: number | null;
  /** When the counter starts again (or the grant ends); null when never. */
  resetsAt: string | null;
}

export interface EntitlementView {
  benefitCode: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string;
  /** The value that applies (the better one when sources differ). */
  value: BenefitValueView;
  /** Across the pools; null when any pool is unlimited. */
  remaining: number | null;
  /** The earliest reset of a pool; null when none resets. */
  resetsAt: string | null;
  pools: QuotaPoolView[];
  sources: EntitlementSourceView[];
}

export const BenefitUseState = {
  Pending: 'pending',
  Used: 'used',
  Refused: 'refused',
  Cancelled: 'cancelled',
  Releasing: 'releasing',
  Released: 'released',
} as const;
export type BenefitUseState = (typeof BenefitUseState)[keyof typeof BenefitUseState];
export const BENEFIT_USE_STATES: readonly BenefitUseState[] = Object.values(BenefitUseState);

export interface BenefitUseView {
  id: string;
  memberId: string;
  benefitCode: string;
  key: string | null;
  orderId: string | null;
  count: number;
  state: BenefitUseState;
  /** The pool the use was taken from (`QuotaPoolView.id`); null until taken. */
  pool: string | null;
  /** The quota left in that pool after the use (null: unlimited or not taken). */
  remaining: number | null;
  createdAt: string;
  usedAt: string | null;
  releasedAt: string | null;
}

export interface BenefitGrantView {
  id: string;
  memberId: string;
  benefitCode: string;
  count: number;
  used: number;
  validFrom: string;
  validUntil: string;
  source: { type: BenefitGrantSourceType; id: string };
  state: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export interface MemberBenefitsView {
  memberId: string;
  entitlements: EntitlementView[];
  grants: BenefitGrantView[];
  recentUses: BenefitUseView[];
}
