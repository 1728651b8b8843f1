import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
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
import { EVENT_TYPE_PATTERN, ISO_UTC_PATTERN, MAX_MINOR_UNITS } from './events.dto.js';
import { CURRENCIES, type Currency } from './ledger.dto.js';
import { PageQueryDto } from './page-query.dto.js';
import { DefinitionChangeDto } from './definition-change.dto.js';

/** The most one rule may grant for one event (the ledger's largest single operation). */
export const MAX_RULE_GRANT = 1_000_000_000;
const MAX_LIST = 1000;

export const FormulaKind = { Fixed: 'fixed', PerAmount: 'per_amount', Multiplier: 'multiplier' } as const;
export type FormulaKind = (typeof FormulaKind)[keyof typeof FormulaKind];
export const FORMULA_KINDS: readonly FormulaKind[] = Object.values(FormulaKind);

export const EarningRuleStatus = { Active: 'active', Inactive: 'inactive', Archived: 'archived' } as const;
export type EarningRuleStatus = (typeof EarningRuleStatus)[keyof typeof EarningRuleStatus];

export class AmountRangeDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  min?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  max?: number;
}

/** Items match when in `include` (if given) and not in `exclude`. */
export class ItemFilterDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(128, { each: true })
  include?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(128, { each: true })
  exclude?: string[];
}

/** Every condition given must hold; none given means every event of the type qualifies. */
export class RuleConditionsDto {
  /** The order amount, minor units, inclusive bounds. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AmountRangeDto)
  amount?: AmountRangeDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  channels?: string[];

  /** The order's money currency (ISO 4217). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(/^[A-Z]{3}$/, { each: true, message: 'each currency must be a three-letter upper-case ISO 4217 code' })
  currencies?: string[];

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ItemFilterDto)
  skus?: ItemFilterDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ItemFilterDto)
  categories?: ItemFilterDto;

  /** The member carries at least one of these tags. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  memberTags?: string[];

  /** The member's tier is one of these. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(64, { each: true })
  memberTiers?: string[];

  /** The event occurred at or after this instant. */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'validFrom must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  validFrom?: string;

  /** The event occurred before this instant. */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'validTo must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  validTo?: string;
}

/** The discriminated base of formulas: an unknown `kind` lands here and fails. */
export class FormulaDto {
  @IsIn(FORMULA_KINDS)
  kind!: FormulaKind;
}

export class FixedFormulaDto {
  @IsIn([FormulaKind.Fixed])
  kind!: 'fixed';

  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  amount!: number;
}

/** floor(amount / unit) × rate, rounded down. */
export class PerAmountFormulaDto {
  @IsIn([FormulaKind.PerAmount])
  kind!: 'per_amount';

  @IsInt()
  @Min(1)
  @Max(MAX_MINOR_UNITS)
  unit!: number;

  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  rate!: number;
}

export class TierPercentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  tier!: string;

  /** 150 = ×1.5; the result is rounded down. */
  @IsInt()
  @Min(0)
  @Max(100_000)
  percent!: number;
}

/** The discriminated base of a multiplier's base formula: fixed or per_amount only. */
export class BaseFormulaDto {
  @IsIn([FormulaKind.Fixed, FormulaKind.PerAmount])
  kind!: 'fixed' | 'per_amount';
}

const baseFormulaType = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: FixedFormulaDto, name: FormulaKind.Fixed },
      { value: PerAmountFormulaDto, name: FormulaKind.PerAmount },
    ],
  },
  keepDiscriminatorProperty: true,
};

/** The base formula scaled by the member's tier: floor(base × percent / 100). */
export class MultiplierFormulaDto {
  @IsIn([FormulaKind.Multiplier])
  kind!: 'multiplier';

  @IsObject()
  @ValidateNested()
  @Type(() => BaseFormulaDto, baseFormulaType)
  base!: FixedFormulaDto | PerAmountFormulaDto;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TierPercentDto)
  tiers!: TierPercentDto[];

  /** For members whose tier is not listed (or who have none); default 100. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  defaultPercent?: number;
}

export type RuleFormula = FixedFormulaDto | PerAmountFormulaDto | MultiplierFormulaDto;

const formulaType = {
  discriminator: {
    property: 'kind',
    subTypes: [...baseFormulaType.discriminator.subTypes, { value: MultiplierFormulaDto, name: FormulaKind.Multiplier }],
  },
  keepDiscriminatorProperty: true,
};

/** Caps on what the rule grants: per event, and per member per calendar day / ISO week / month in the business time zone. */
export class RuleCapsDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  perEvent?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  perDay?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  perWeek?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RULE_GRANT)
  perMonth?: number;
}

export class CreateEarningRuleDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsString()
  @Matches(EVENT_TYPE_PATTERN, { message: 'eventType must match ^[a-z][a-z0-9_.-]{0,63}$' })
  eventType!: string;

  /** Default true. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** Higher first; default 0. */
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  /** Stop evaluating later rules once this one grants; default false. */
  @IsOptional()
  @IsBoolean()
  stop?: boolean;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleConditionsDto)
  conditions?: RuleConditionsDto;

  @IsObject()
  @ValidateNested()
  @Type(() => FormulaDto, formulaType)
  formula!: RuleFormula;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleCapsDto)
  caps?: RuleCapsDto;

  /** Units stay pending this many days; default 0. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  pendingDays?: number;

  @IsIn(CURRENCIES)
  currency!: Currency;
}

/** A partial change; `conditions`, `formula` and `caps` are replaced as a whole when given. */
export class UpdateEarningRuleDto extends DefinitionChangeDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsString()
  @Matches(EVENT_TYPE_PATTERN, { message: 'eventType must match ^[a-z][a-z0-9_.-]{0,63}$' })
  eventType?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @IsOptional()
  @IsBoolean()
  stop?: boolean;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleConditionsDto)
  conditions?: RuleConditionsDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FormulaDto, formulaType)
  formula?: RuleFormula;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleCapsDto)
  caps?: RuleCapsDto;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  pendingDays?: number;

  @IsOptional()
  @IsIn(CURRENCIES)
  currency?: Currency;
}

export class EarningRuleQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Matches(EVENT_TYPE_PATTERN, { message: 'eventType must match ^[a-z][a-z0-9_.-]{0,63}$' })
  eventType?: string;

  @IsOptional()
  @IsIn(Object.values(EarningRuleStatus))
  status?: EarningRuleStatus;
}

export interface RuleConditionsView {
  amount?: { min?: number; max?: number };
  channels?: string[];
  currencies?: string[];
  skus?: { include?: string[]; exclude?: string[] };
  categories?: { include?: string[]; exclude?: string[] };
  memberTags?: string[];
  memberTiers?: string[];
  validFrom?: string;
  validTo?: string;
}

export type RuleFormulaView =
  | { kind: 'fixed'; amount: number }
  | { kind: 'per_amount'; unit: number; rate: number }
  | {
      kind: 'multiplier';
      base: { kind: 'fixed'; amount: number } | { kind: 'per_amount'; unit: number; rate: number };
      tiers: { tier: string; percent: number }[];
      defaultPercent: number;
    };

export interface RuleCapsView {
  perEvent?: number;
  perDay?: number;
  perWeek?: number;
  perMonth?: number;
}

export interface EarningRuleView {
  id: string;
  name: string;
  description: string;
  eventType: string;
  status: EarningRuleStatus;
  active: boolean;
  priority: number;
  stop: boolean;
  conditions: RuleConditionsView;
  formula: RuleFormulaView;
  caps: RuleCapsView;
  pendingDays: number;
  currency: Currency;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}
