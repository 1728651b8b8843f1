import { KnownEventType, type FieldError, type RuleFormulaView } from '@laurel/shared';
import type { EarningRule } from './model.js';

type RuleShape = Pick<EarningRule, 'eventType' | 'conditions' | 'formula' | 'caps'>;

function usesAmount(formula: RuleFormulaView): boolean {
  return formula.kind === 'per_amount' || (formula.kind === 'multiplier' && formula.base.kind === 'per_amount');
}

/** What the DTOs cannot see field by field: how a rule's fields fit together and with its event type. */
export function ruleProblems(rule: RuleShape): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reasons: [reason] });
  const c = rule.conditions;
  const type = rule.eventType;
  if (type === KnownEventType.OrderRefunded) add('eventType', 'order.refunded takes back what the order earned; it has no earning rules');
  const withoutAmount = type === KnownEventType.MemberRegistered || type === KnownEventType.OrderRefunded;
  if (withoutAmount && usesAmount(rule.formula)) add('formula', `a per_amount formula needs an event with an amount; ${type} has none`);
  if (withoutAmount && c.amount) add('conditions.amount', `${type} has no amount`);
  const itemsOrCurrency = c.skus || c.categories || c.currencies;
  if (itemsOrCurrency && type !== KnownEventType.OrderPaid)
    add('conditions', 'skus, categories and currencies conditions apply to order.paid only');
  if (c.amount?.min !== undefined && c.amount.max !== undefined && c.amount.min > c.amount.max)
    add('conditions.amount', 'min may not exceed max');
  if (c.validFrom && c.validTo && c.validFrom >= c.validTo) add('conditions.validTo', 'validTo must be after validFrom');
  if (rule.formula.kind === 'multiplier') {
    const tiers = rule.formula.tiers.map((t) => t.tier);
    if (new Set(tiers).size !== tiers.length) add('formula.tiers', 'each tier may be listed once');
  }
  const { perDay, perWeek, perMonth } = rule.caps;
  if (perDay !== undefined && perWeek !== undefined && perDay > perWeek) add('caps.perDay', 'perDay may not exceed perWeek');
  if (perWeek !== undefined && perMonth !== undefined && perWeek > perMonth) add('caps.perWeek', 'perWeek may not exceed perMonth');
  if (perDay !== undefined && perMonth !== undefined && perDay > perMonth) add('caps.perDay', 'perDay may not exceed perMonth');
  return problems;
}
