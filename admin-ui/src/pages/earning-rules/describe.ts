import type { BaseFormula, RuleCaps, RuleFormula } from './api';

function base(f: BaseFormula): string {
  return f.kind === 'fixed' ? `${f.amount} per event` : `${f.rate} per ${f.unit} of amount`;
}

/** One line for the list, e.g. "1 per 100 of amount × tier (gold 200%)". */
export function describeFormula(f: RuleFormula): string {
  if (f.kind !== 'multiplier') return base(f);
  const tiers = f.tiers.map((t) => `${t.tier} ${t.percent}%`).join(', ');
  return `${base(f.base)} × tier (${tiers || 'none'}; others ${f.defaultPercent ?? 100}%)`;
}

export function describeCaps(c: RuleCaps): string {
  const parts = [
    c.perEvent !== undefined ? `${c.perEvent}/event` : null,
    c.perDay !== undefined ? `${c.perDay}/day` : null,
    c.perWeek !== undefined ? `${c.perWeek}/week` : null,
    c.perMonth !== undefined ? `${c.perMonth}/month` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : '—';
}
