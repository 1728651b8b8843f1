import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsMongoId,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { MAX_RULE_GRANT } from './earning-rules.dto.js';

/**
 * What a task, a check-in day or a milestone gives. Points and growth are earned through the ledger; a coupon
 * reward issues `amount` coupons of a template; a benefit reward grants `amount` uses of a benefit for `validDays`.
 */
export const RewardType = { Points: 'points', Growth: 'growth', Coupon: 'coupon', Benefit: 'benefit' } as const;
export type RewardType = (typeof RewardType)[keyof typeof RewardType];
export const REWARD_TYPES: readonly RewardType[] = Object.values(RewardType);
/** The reward types earned through the ledger (all that a benefit's birthday gift may give). */
export const LEDGER_REWARD_TYPES: readonly RewardType[] = [RewardType.Points, RewardType.Growth];

/** At most this many coupons of one template per reward. */
export const MAX_COUPON_REWARD = 10;
/** At most this many uses per benefit reward. */
export const MAX_BENEFIT_REWARD = 100;
/** A benefit reward lasts at most this many days. */
export const MAX_BENEFIT_REWARD_DAYS = 3650;
/** A benefit's code: lower-case letters, digits, `_` or `-`, starting with a letter, 1 to 64 characters. */
export const BENEFIT_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

const AMOUNT_MAX: Record<RewardType, number> = {
  points: MAX_RULE_GRANT,
  growth: MAX_RULE_GRANT,
  coupon: MAX_COUPON_REWARD,
  benefit: MAX_BENEFIT_REWARD,
};

type RewardFields = { type?: unknown } & Record<string, unknown>;

const isOfType = (o: object, type: RewardType): boolean => (o as RewardFields).type === type;
/** Validate the field when its reward type needs it, or when it was sent (to refuse it on another type). */
const needsOrSent = (type: RewardType) => (o: object, value: unknown) => isOfType(o, type) || value !== undefined;

/** Refuses the field on a reward of another type (a coupon's templateId on a points reward). */
function OnlyFor(type: RewardType): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'onlyForRewardType',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property is only for ${type} rewards` },
      validator: { validate: (value: unknown, args: ValidationArguments) => value === undefined || isOfType(args.object, type) },
    });
  };
}

/** The amount's ceiling depends on the reward's type. */
function AmountWithinType(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'amountWithinType',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args: ValidationArguments) =>
          `amount of a ${String((args.object as RewardFields).type)} reward must be at most ${AMOUNT_MAX[(args.object as RewardFields).type as RewardType]}`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const max = AMOUNT_MAX[(args.object as RewardFields).type as RewardType];
          return max === undefined || typeof value !== 'number' || value <= max;
        },
      },
    });
  };
}

/**
 * One reward: `{ type: 'points' | 'growth', amount }`, `{ type: 'coupon', templateId, amount }` (amount = coupons, at
 * most MAX_COUPON_REWARD) or `{ type: 'benefit', benefitCode, amount, validDays }` (amount = uses). A field of another
 * type is refused by name.
 */
export class RewardDto {
  @IsIn(REWARD_TYPES)
  type!: RewardType;

  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  @AmountWithinType()
  amount!: number;

  @ValidateIf(needsOrSent(RewardType.Coupon))
  @OnlyFor(RewardType.Coupon)
  @IsMongoId({ message: 'templateId must be a coupon template id' })
  templateId?: string;

  @ValidateIf(needsOrSent(RewardType.Benefit))
  @OnlyFor(RewardType.Benefit)
  @Matches(BENEFIT_CODE_PATTERN, { message: 'benefitCode must be a benefit code' })
  benefitCode?: string;

  @ValidateIf(needsOrSent(RewardType.Benefit))
  @OnlyFor(RewardType.Benefit)
  @IsInt()
  @Min(1)
  @Max(MAX_BENEFIT_REWARD_DAYS)
  validDays?: number;
}

/** A reward earned through the ledger only: points or growth (a benefit's birthday gift). */
export class LedgerRewardDto {
  @IsIn(LEDGER_REWARD_TYPES)
  type!: RewardType;

  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  amount!: number;
}

export interface RewardView {
  type: RewardType;
  amount: number;
  /** Coupon rewards: the coupon template. */
  templateId?: string;
  /** Benefit rewards: the benefit granted, and for how many days. */
  benefitCode?: string;
  validDays?: number;
}

/** Why a coupon or benefit reward could not be given (its error code): it is recorded, never retried. */
export const RewardRefusal = {
  OutOfStock: 'OUT_OF_STOCK',
  LimitReached: 'LIMIT_REACHED',
  NotOnSale: 'NOT_ON_SALE',
  NotEligible: 'NOT_ELIGIBLE',
  NotFound: 'NOT_FOUND',
} as const;
export type RewardRefusal = (typeof RewardRefusal)[keyof typeof RewardRefusal];
export const REWARD_REFUSALS: readonly RewardRefusal[] = Object.values(RewardRefusal);

/** A reward as granted: what it became (null or absent until granted). */
export interface GrantedRewardView extends RewardView {
  /** Points and growth: the ledger entry. */
  entryId: string | null;
  /** Coupon rewards: the coupons issued (fewer than `amount` when the template refused part way). */
  couponIds?: string[];
  /** Benefit rewards: the member's benefit grant. */
  benefitGrantId?: string | null;
  /** Set when the coupon or benefit could not be given; the other rewards of the grant were given all the same. */
  refused?: RewardRefusal;
  /** After a reversal: what stayed with the member because it was in use (coupons locked or redeemed, a used grant). */
  kept?: string[];
}

/** The reward itself, without what it became (for plans and copies). */
export function rewardOf(r: RewardView): RewardView {
  const reward: RewardView = { type: r.type, amount: r.amount };
  if (r.templateId !== undefined) reward.templateId = r.templateId;
  if (r.benefitCode !== undefined) reward.benefitCode = r.benefitCode;
  if (r.validDays !== undefined) reward.validDays = r.validDays;
  return reward;
}

/** A granted reward as the API shows it (what it became, a refusal, what a reversal kept). */
export function grantedRewardOf(r: GrantedRewardView): GrantedRewardView {
  const view: GrantedRewardView = { ...rewardOf(r), entryId: r.entryId ?? null };
  if (r.couponIds !== undefined) view.couponIds = [...r.couponIds];
  if (r.benefitGrantId !== undefined) view.benefitGrantId = r.benefitGrantId;
  if (r.refused !== undefined) view.refused = r.refused;
  if (r.kept !== undefined && r.kept.length > 0) view.kept = [...r.kept];
  return view;
}

/** Names a reward within its list: one reward of each name (one points, one per coupon template, one per benefit). */
export function rewardName(r: RewardView): string {
  if (r.type === RewardType.Coupon) return `coupon:${r.templateId ?? ''}`;
  if (r.type === RewardType.Benefit) return `benefit:${r.benefitCode ?? ''}`;
  return r.type;
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
