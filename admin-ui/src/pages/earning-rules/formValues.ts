import type { BaseFormula, EarningRule, ItemFilter, RuleCaps, RuleConditions, RuleFormula, RuleInput } from './api';

/**
 * The form holds the API's shape field for field (so a server error on `caps.perDay` lands on that
 * field), but loosely: switching formula kinds leaves the other kind's fields behind, and empty inputs
 * are null or []. {@link toRuleInput} keeps only what the chosen kind and the filled inputs say.
 */
export interface RuleFormValues {
  name?: string;
  description?: string;
  eventType?: string;
  currency?: 'points' | 'growth';
  priority?: number | null;
  pendingDays?: number | null;
  active?: boolean;
  stop?: boolean;
  conditions?: {
    amount?: { min?: number | null; max?: number | null };
    channels?: string[];
    currencies?: string[];
    skus?: ItemFilter;
    categories?: ItemFilter;
    memberTags?: string[];
    memberTiers?: string[];
    validFrom?: string;
    validTo?: string;
  };
  formula?: {
    kind?: RuleFormula['kind'];
    amount?: number | null;
    unit?: number | null;
    rate?: number | null;
    base?: { kind?: BaseFormula['kind']; amount?: number | null; unit?: number | null; rate?: number | null };
    tiers?: { tier?: string; percent?: number | null }[];
    defaultPercent?: number | null;
  };
  caps?: { perEvent?: number | null; perDay?: number | null; perWeek?: number | null; perMonth?: number | null };
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const text = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);
const list = (v: string[] | undefined): string[] | undefined => (v && v.length > 0 ? v.map((s) => s.trim()).filter(Boolean) : undefined);

/** Drops undefined fields and objects left empty. */
function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as T) : undefined;
}

function itemFilter(f: ItemFilter | undefined): ItemFilter | undefined {
  return f ? compact({ include: list(f.include), exclude: list(f.exclude) }) : undefined;
}

/** The conditions inputs as the API's condition shape (empty inputs left out); task triggers use it too. */
export function conditionsOf(c: RuleFormValues['conditions'] = {}): RuleConditions {
  return (
    compact<RuleConditions>({
      amount: c.amount ? compact({ min: num(c.amount.min), max: num(c.amount.max) }) : undefined,
      channels: list(c.channels),
      currencies: list(c.currencies),
      skus: itemFilter(c.skus),
      categories: itemFilter(c.categories),
      memberTags: list(c.memberTags),
      memberTiers: list(c.memberTiers),
      validFrom: text(c.validFrom),
      validTo: text(c.validTo),
    }) ?? {}
  );
}

// A missing number is left out of the body, so the server names that field in its answer.
function baseOf(f: { kind?: string; amount?: number | null; unit?: number | null; rate?: number | null } = {}): BaseFormula {
  if (f.kind === 'per_amount') return { kind: 'per_amount', unit: f.unit as number, rate: f.rate as number };
  return { kind: 'fixed', amount: f.amount as number };
}

function formulaOf(f: RuleFormValues['formula'] = {}): RuleFormula {
  if (f.kind !== 'multiplier') return baseOf(f);
  return {
    kind: 'multiplier',
    base: baseOf(f.base),
    tiers: (f.tiers ?? []).map((t) => ({ tier: (t.tier ?? '').trim(), percent: t.percent as number })),
    ...(typeof f.defaultPercent === 'number' ? { defaultPercent: f.defaultPercent } : {}),
  };
}

function capsOf(c: RuleFormValues['caps'] = {}): RuleCaps {
  return compact<RuleCaps>({ perEvent: num(c.perEvent), perDay: num(c.perDay), perWeek: num(c.perWeek), perMonth: num(c.perMonth) }) ?? {};
}

/** The request body. Conditions and caps are always sent (a change replaces them whole; `{}` clears them). */
export function toRuleInput(v: RuleFormValues): RuleInput {
  return {
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    eventType: (v.eventType ?? '').trim(),
    active: v.active ?? true,
    priority: num(v.priority) ?? 0,
    stop: v.stop ?? false,
    conditions: conditionsOf(v.conditions),
    formula: formulaOf(v.formula),
    caps: capsOf(v.caps),
    pendingDays: num(v.pendingDays) ?? 0,
    currency: v.currency ?? 'points',
  };
}

export const NEW_RULE_VALUES: RuleFormValues = {
  eventType: 'order.paid',
  currency: 'points',
  priority: 0,
  pendingDays: 0,
  active: true,
  stop: false,
  formula: { kind: 'per_amount', unit: 100, rate: 1, base: { kind: 'per_amount', unit: 100, rate: 1 }, tiers: [], defaultPercent: 100 },
};

/** A stored rule as form values (the view and the form share the shape). */
export function toFormValues(rule: EarningRule): RuleFormValues {
  const f = rule.formula;
  const base = f.kind === 'multiplier' ? f.base : f;
  return {
    name: rule.name,
    description: rule.description,
    eventType: rule.eventType,
    currency: rule.currency,
    priority: rule.priority,
    pendingDays: rule.pendingDays,
    active: rule.active,
    stop: rule.stop,
    conditions: rule.conditions,
    formula: {
      ...base,
      kind: f.kind,
      base: { ...base },
      tiers: f.kind === 'multiplier' ? f.tiers : [],
      defaultPercent: f.kind === 'multiplier' ? f.defaultPercent : 100,
    },
    caps: rule.caps,
  };
}
