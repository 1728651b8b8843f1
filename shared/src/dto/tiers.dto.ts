import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ISO_UTC_PATTERN } from './events.dto.js';
import { PageQueryDto } from './page-query.dto.js';

/** Thresholds are whole units of the program's qualification metric (growth, points spent or orders). */
export const MAX_TIER_THRESHOLD = 1_000_000_000_000;
export const TIER_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** What counts towards a tier, program-wide (configuration `TIER_METRIC`). */
export const TierMetric = { Growth: 'growth', Spend: 'spend', Orders: 'orders' } as const;
export type TierMetric = (typeof TierMetric)[keyof typeof TierMetric];
export const TIER_METRICS: readonly TierMetric[] = Object.values(TierMetric);

/** How a member whose retention threshold is missed goes down. */
export const DowngradeMode = {
  /** One rank down, whatever the metric says. */
  OneLevel: 'one_level',
  /** Straight to the highest lower tier whose entry threshold the metric meets (or no tier). */
  ToQualified: 'to_qualified',
} as const;
export type DowngradeMode = (typeof DowngradeMode)[keyof typeof DowngradeMode];
export const DOWNGRADE_MODES: readonly DowngradeMode[] = Object.values(DowngradeMode);

export const TierChangeReason = {
  Upgrade: 'upgrade',
  RetentionMissed: 'retention_missed',
  Manual: 'manual',
  Reevaluation: 'reevaluation',
} as const;
export type TierChangeReason = (typeof TierChangeReason)[keyof typeof TierChangeReason];
export const TIER_CHANGE_REASONS: readonly TierChangeReason[] = Object.values(TierChangeReason);

export class CreateTierDto {
  @Matches(TIER_CODE_PATTERN, { message: 'code must be 1 to 32 lower-case letters, digits, _ or -, starting with a letter' })
  code!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  /** Position on the ladder: 1 is the lowest tier; ranks are unique. */
  @IsInt()
  @Min(1)
  @Max(100)
  rank!: number;

  /** The metric a member needs to reach this tier. Higher ranks need strictly more. */
  @IsInt()
  @Min(0)
  @Max(MAX_TIER_THRESHOLD)
  entryThreshold!: number;

  /** The metric needed by the decision date to keep this tier for another period; default: the entry threshold. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIER_THRESHOLD)
  retentionThreshold?: number;

  /** Months a member holds the tier once reached or kept; null: held for good (never evaluated for downgrade). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number | null;

  /** Days after the end of validity before a downgrade. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  graceDays?: number;

  @IsOptional()
  @IsIn(DOWNGRADE_MODES)
  downgradeMode?: DowngradeMode;
}

/** Every field optional; `version` (as read) makes a concurrent change a 409. The code never changes. */
export class UpdateTierDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  rank?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIER_THRESHOLD)
  entryThreshold?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TIER_THRESHOLD)
  retentionThreshold?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  graceDays?: number;

  @IsOptional()
  @IsIn(DOWNGRADE_MODES)
  downgradeMode?: DowngradeMode;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** An operator places a member on a tier by hand (or removes their tier with `tier: null`). */
export class SetMemberTierDto {
  @ValidateIf((o: SetMemberTierDto) => o.tier !== null)
  @Matches(TIER_CODE_PATTERN, { message: 'tier must be the code of a tier' })
  tier!: string | null;

  /** When the manual tier's validity ends (then grace, then evaluation); omitted: the tier's own validity from now. */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'validUntil must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  validUntil?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  /** Whether reaching a higher entry threshold still upgrades the member automatically. */
  @IsBoolean()
  autoUpgrade!: boolean;
}

export class TierReevaluationDto {
  /** Count who would move without changing anything. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class TierHistoryQueryDto extends PageQueryDto {}

export class TierReevaluationQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  sample?: number;
}

export interface TierView {
  code: string;
  name: string;
  rank: number;
  entryThreshold: number;
  retentionThreshold: number;
  validityMonths: number | null;
  graceDays: number;
  downgradeMode: DowngradeMode;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TierRungView {
  code: string;
  name: string;
  rank: number;
  entryThreshold: number;
}

/** A member's tier as the member sees it. */
export interface MemberTierView {
  tier: string | null;
  name: string | null;
  since: string | null;
  validUntil: string | null;
  /** The business day evaluation decides whether the tier is kept (end of validity plus grace). */
  decidesOn: string | null;
  metric: TierMetric;
  /** The metric as it counts now (in the program's window). */
  current: number;
  next: { tier: string; name: string; needed: number } | null;
  /** How much more the metric needs by `decidesOn` to keep the tier; 0 when already met; null without a tier that expires. */
  neededToKeep: number | null;
  autoUpgrade: boolean;
  ladder: TierRungView[];
}

export interface TierChangeView {
  id: string;
  memberId: string;
  seq: number;
  from: string | null;
  to: string | null;
  reason: TierChangeReason;
  actor: { type: string; id: string; label: string };
  note: string | null;
  metric: number | null;
  validUntil: string | null;
  at: string;
}

export interface TierReevaluationView {
  dryRun: boolean;
  members: number;
  up: number;
  down: number;
  sample: { memberId: string; from: string | null; to: string | null }[];
  /** Set when the job ran (not a dry run). */
  job?: { name: string; outcome: string; counts: Record<string, number> };
}
