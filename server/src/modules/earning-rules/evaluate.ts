import { MAX_RULE_GRANT, SkipReason, type Currency, type EventSkipView, type RuleFormulaView } from '@laurel/shared';
import type { OrderItem, PipelineEvent } from '../events/pipeline.js';
import type { EarningRule, RuleConditions } from './model.js';

export interface MemberFacts {
  tags: string[];
  /** null until the member has a tier. */
  tier: string | null;
  /** The member's points multiplier (their packages'), percent, 100 when absent: applied after the rule's formula. */
  pointsPercent?: number;
}

/** What rules look at in an event. */
export interface EventFacts {
  occurredAt: Date;
  /** The order amount (or a custom event's integer `amount` attribute), minor units. */
  amount: number | null;
  currency: string | null;
  channel: string | null;
  items: OrderItem[];
}

export interface PeriodCaps {
  perDay?: number;
  perWeek?: number;
  perMonth?: number;
}

/** A rule that will grant unless its period caps are used up; `amount` already respects the per-event cap. */
export interface Candidate {
  ruleId: string;
  ruleName: string;
  currency: Currency;
  amount: number;
  pendingDays: number;
  stop: boolean;
  periodCaps: PeriodCaps;
  /** Set when the per-event cap reduced the amount. */
  cappedBy?: 'event';
}

export type PlanStep = { kind: 'grant'; candidate: Candidate } | { kind: 'skip'; skip: EventSkipView };

/** The rules' decision for one event, in evaluation order (priority, highest first). */
export interface RulePlan {
  steps: PlanStep[];
}

export function factsOf(event: PipelineEvent): EventFacts {
  const attributes = event.attributes;
  const customAmount =
    typeof attributes.amount === 'number' && Number.isSafeInteger(attributes.amount) && attributes.amount >= 0 ? attributes.amount : null;
  const customChannel = typeof attributes.channel === 'string' ? attributes.channel : null;
  return {
    occurredAt: event.occurredAt,
    amount: event.order ? event.order.amount : event.refund ? null : customAmount,
    currency: event.order?.currency ?? null,
    channel: event.order ? event.order.channel : customChannel,
    items: event.order?.items ?? [],
  };
}

/** Whether any of these rules looks at the member's tags or tier (reading the member costs a query). */
export function needsMember(rules: readonly EarningRule[]): boolean {
  return rules.some((r) => Boolean(r.conditions.memberTags?.length || r.conditions.memberTiers?.length || r.formula.kind === 'multiplier'));
}

/** Evaluates rules (sorted, highest priority first) against an event: pure, no I/O. */
export function evaluateRules(rules: readonly EarningRule[], facts: EventFacts, member: MemberFacts): RulePlan {
  const steps: PlanStep[] = [];
  let stopped = false;
  for (const rule of rules) {
    const named = { ruleId: rule._id.toHexString(), ruleName: rule.name };
    if (stopped) {
      steps.push({ kind: 'skip', skip: { ...named, reason: SkipReason.Stopped } });
      continue;
    }
    const failed = failedCondition(rule.conditions, facts, member);
    if (failed) {
      steps.push({ kind: 'skip', skip: { ...named, reason: SkipReason.Condition, detail: failed } });
      continue;
    }
    const ruleUnits = formulaUnits(rule.formula, baseAmount(rule.conditions, facts), member.tier);
    const percent = rule.currency === 'points' ? (member.pointsPercent ?? 100) : 100;
    const units = ruleUnits === null ? null : (ruleUnits * BigInt(percent)) / 100n;
    if (units === null) {
      steps.push({ kind: 'skip', skip: { ...named, reason: SkipReason.Condition, detail: 'amount' } });
      continue;
    }
    if (units <= 0n) {
      steps.push({ kind: 'skip', skip: { ...named, reason: SkipReason.Zero } });
      continue;
    }
    const limit = BigInt(Math.min(rule.caps.perEvent ?? MAX_RULE_GRANT, MAX_RULE_GRANT));
    const candidate: Candidate = {
      ...named,
      currency: rule.currency,
      amount: Number(units < limit ? units : limit),
      pendingDays: rule.pendingDays,
      stop: rule.stop,
      periodCaps: periodCapsOf(rule),
    };
    if (rule.caps.perEvent !== undefined && units > BigInt(rule.caps.perEvent)) candidate.cappedBy = 'event';
    steps.push({ kind: 'grant', candidate });
    // A stop rule without period caps is sure to grant: later rules are decided now. With period caps, apply decides.
    if (rule.stop && Object.keys(candidate.periodCaps).length === 0) stopped = true;
  }
  return { steps };
}

function periodCapsOf(rule: EarningRule): PeriodCaps {
  const caps: PeriodCaps = {};
  if (rule.caps.perDay !== undefined) caps.perDay = rule.caps.perDay;
  if (rule.caps.perWeek !== undefined) caps.perWeek = rule.caps.perWeek;
  if (rule.caps.perMonth !== undefined) caps.perMonth = rule.caps.perMonth;
  return caps;
}

function hasItemFilters(c: RuleConditions): boolean {
  return Boolean(c.skus?.include?.length || c.skus?.exclude?.length || c.categories?.include?.length || c.categories?.exclude?.length);
}

function inFilter(value: string | null, filter: { include?: string[]; exclude?: string[] } | undefined): boolean {
  if (!filter) return true;
  if (filter.include?.length && (value === null || !filter.include.includes(value))) return false;
  return !(value !== null && filter.exclude?.includes(value));
}

function matchingItems(c: RuleConditions, items: OrderItem[]): OrderItem[] {
  return items.filter((item) => inFilter(item.sku, c.skus) && inFilter(item.category, c.categories));
}

/** The first condition that does not hold, by name; null when all hold. Tasks check their triggers with it too. */
export function failedCondition(c: RuleConditions, facts: EventFacts, member: MemberFacts): string | null {
  if ((c.validFrom && facts.occurredAt < c.validFrom) || (c.validTo && facts.occurredAt >= c.validTo)) return 'window';
  if (c.amount) {
    if (facts.amount === null) return 'amount';
    if ((c.amount.min !== undefined && facts.amount < c.amount.min) || (c.amount.max !== undefined && facts.amount > c.amount.max))
      return 'amount';
  }
  if (c.channels?.length && (facts.channel === null || !c.channels.includes(facts.channel))) return 'channel';
  if (c.currencies?.length && (facts.currency === null || !c.currencies.includes(facts.currency))) return 'currency';
  if (hasItemFilters(c) && matchingItems(c, facts.items).length === 0) return 'items';
  if (c.memberTags?.length && !c.memberTags.some((tag) => member.tags.includes(tag))) return 'member_tags';
  if (c.memberTiers?.length && (member.tier === null || !c.memberTiers.includes(member.tier))) return 'member_tier';
  return null;
}

/** The amount a per_amount formula counts: the matching items' when item filters apply, else the order's. */
function baseAmount(c: RuleConditions, facts: EventFacts): bigint | null {
  if (hasItemFilters(c)) return matchingItems(c, facts.items).reduce((sum, item) => sum + BigInt(item.amount), 0n);
  return facts.amount === null ? null : BigInt(facts.amount);
}

/** Units the formula gives, in exact integers, rounded down; null when it needs an amount the event lacks. */
function formulaUnits(formula: RuleFormulaView, amount: bigint | null, tier: string | null): bigint | null {
  switch (formula.kind) {
    case 'fixed':
      return BigInt(formula.amount);
    case 'per_amount':
      return amount === null ? null : (amount / BigInt(formula.unit)) * BigInt(formula.rate);
    case 'multiplier': {
      const base = formulaUnits(formula.base, amount, tier);
      const percent = formula.tiers.find((t) => t.tier === tier)?.percent ?? formula.defaultPercent;
      return base === null ? null : (base * BigInt(percent)) / 100n;
    }
  }
}
