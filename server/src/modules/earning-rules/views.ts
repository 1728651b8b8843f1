import { EarningRuleStatus, type EarningRuleView, type RuleCapsView, type RuleConditionsView, type RuleFormulaView } from '@laurel/shared';
import type { EarningRule, RuleConditions } from './model.js';

/** Rule fields as the API takes them (the DTOs fit); instants are ISO strings, as in the view. */
export type RuleConditionsInput = RuleConditionsView;

type BaseFormulaInput = { kind: 'fixed'; amount: number } | { kind: 'per_amount'; unit: number; rate: number };
export type RuleFormulaInput =
  BaseFormulaInput | { kind: 'multiplier'; base: BaseFormulaInput; tiers: { tier: string; percent: number }[]; defaultPercent?: number };

/** Keeps only the fields given: the database would store an `undefined` as null. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function filterOf(filter: { include?: string[]; exclude?: string[] } | undefined): { include?: string[]; exclude?: string[] } | undefined {
  return filter
    ? defined({ include: filter.include ? [...filter.include] : undefined, exclude: filter.exclude ? [...filter.exclude] : undefined })
    : undefined;
}

export function conditionsOf(input: RuleConditionsInput = {}): RuleConditions {
  return defined({
    amount: input.amount ? defined({ min: input.amount.min, max: input.amount.max }) : undefined,
    channels: input.channels ? [...input.channels] : undefined,
    currencies: input.currencies ? [...input.currencies] : undefined,
    skus: filterOf(input.skus),
    categories: filterOf(input.categories),
    memberTags: input.memberTags ? [...input.memberTags] : undefined,
    memberTiers: input.memberTiers ? [...input.memberTiers] : undefined,
    validFrom: input.validFrom ? new Date(input.validFrom) : undefined,
    validTo: input.validTo ? new Date(input.validTo) : undefined,
  });
}

function baseFormulaOf(input: BaseFormulaInput): BaseFormulaInput {
  return input.kind === 'fixed' ? { kind: 'fixed', amount: input.amount } : { kind: 'per_amount', unit: input.unit, rate: input.rate };
}

export function formulaOf(input: RuleFormulaInput): RuleFormulaView {
  if (input.kind !== 'multiplier') return baseFormulaOf(input);
  return {
    kind: 'multiplier',
    base: baseFormulaOf(input.base),
    tiers: input.tiers.map((t) => ({ tier: t.tier, percent: t.percent })),
    defaultPercent: input.defaultPercent ?? 100,
  };
}

export function capsOf(input: RuleCapsView = {}): RuleCapsView {
  return defined({ perEvent: input.perEvent, perDay: input.perDay, perWeek: input.perWeek, perMonth: input.perMonth });
}

export function conditionsView(c: RuleConditions): RuleConditionsView {
  const { validFrom, validTo, ...rest } = c;
  return { ...rest, ...(validFrom ? { validFrom: validFrom.toISOString() } : {}), ...(validTo ? { validTo: validTo.toISOString() } : {}) };
}

export function toView(rule: EarningRule): EarningRuleView {
  return {
    id: rule._id.toHexString(),
    name: rule.name,
    description: rule.description,
    eventType: rule.eventType,
    status: rule.archived ? EarningRuleStatus.Archived : rule.active ? EarningRuleStatus.Active : EarningRuleStatus.Inactive,
    active: rule.active,
    priority: rule.priority,
    stop: rule.stop,
    conditions: conditionsView(rule.conditions),
    formula: rule.formula,
    caps: rule.caps,
    pendingDays: rule.pendingDays,
    currency: rule.currency,
    version: rule.version,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    archivedAt: rule.archivedAt ? rule.archivedAt.toISOString() : null,
  };
}
