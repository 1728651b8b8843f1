import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_RULE_GRANT } from './earning-rules.dto.js';

/**
 * What a task, a check-in day or a milestone gives. Points and growth go through the ledger; the list is open
 * for coupons and benefits, which will join these types.
 */
export const RewardType = { Points: 'points', Growth: 'growth' } as const;
export type RewardType = (typeof RewardType)[keyof typeof RewardType];
export const REWARD_TYPES: readonly RewardType[] = Object.values(RewardType);

export class RewardDto {
  @IsIn(REWARD_TYPES)
  type!: RewardType;

  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  amount!: number;
}

export interface RewardView {
  type: RewardType;
  amount: number;
}

/** A reward as granted: the ledger entry it became (null until granted). */
export interface GrantedRewardView extends RewardView {
  entryId: string | null;
}

/** Who may see and make progress on a task (segments will join tiers). */
export class AudienceDto {
  /** Tier codes; empty or absent = every member. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { each: true, message: 'each tier must be a tier code' })
  tiers?: string[];
}

export interface AudienceView {
  tiers: string[];
}

/** A business day in the program's time zone, `YYYY-MM-DD`. */
export const BUSINESS_DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
