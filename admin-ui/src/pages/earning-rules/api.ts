import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';

export type RuleCurrency = 'points' | 'growth';
export const RULE_STATUSES = ['active', 'inactive', 'archived'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** Event types the platform knows; custom types of the same shape are allowed too. */
export const KNOWN_EVENT_TYPES = ['order.paid', 'member.registered'] as const;
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
/** ISO-8601 in UTC with a `Z`, as the API takes instants. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
export const MAX_RULE_GRANT = 1_000_000_000;

export interface ItemFilter {
  include?: string[];
  exclude?: string[];
}

export interface RuleConditions {
  amount?: { min?: number; max?: number };
  channels?: string[];
  currencies?: string[];
  skus?: ItemFilter;
  categories?: ItemFilter;
  memberTags?: string[];
  memberTiers?: string[];
  validFrom?: string;
  validTo?: string;
}

export type BaseFormula = { kind: 'fixed'; amount: number } | { kind: 'per_amount'; unit: number; rate: number };
export type RuleFormula =
  BaseFormula | { kind: 'multiplier'; base: BaseFormula; tiers: { tier: string; percent: number }[]; defaultPercent?: number };
export type FormulaKind = RuleFormula['kind'];

export interface RuleCaps {
  perEvent?: number;
  perDay?: number;
  perWeek?: number;
  perMonth?: number;
}

/** What create takes (and, field by field, what a change takes). */
export interface RuleInput {
  name: string;
  description?: string;
  eventType: string;
  active?: boolean;
  priority?: number;
  stop?: boolean;
  conditions?: RuleConditions;
  formula: RuleFormula;
  caps?: RuleCaps;
  pendingDays?: number;
  currency: RuleCurrency;
}

export interface EarningRule extends Required<Omit<RuleInput, 'conditions' | 'caps'>> {
  id: string;
  status: RuleStatus;
  conditions: RuleConditions;
  caps: RuleCaps;
  version: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  archivedAt: IsoDateTime | null;
}

export interface RuleFilter {
  status?: RuleStatus;
  eventType?: string;
}

export interface DryRunGrant {
  ruleId: string;
  ruleName: string;
  currency: RuleCurrency;
  amount: number;
  pending: boolean;
  availableAt: IsoDateTime;
  cappedBy?: string;
}

export interface DryRunSkip {
  ruleId: string;
  ruleName: string;
  reason: 'condition' | 'cap' | 'zero' | 'stopped';
  detail?: string;
}

export interface DryRunOutcome {
  id: string;
  type: string;
  memberId: string | null;
  occurredAt: IsoDateTime;
  grants: DryRunGrant[];
  skipped: DryRunSkip[];
}

export function rulesFetcher(filter: RuleFilter): PageFetcher<EarningRule> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<EarningRule>>('/earning-rules', { query: { status: filter.status, eventType: filter.eventType, limit, cursor }, signal });
}

export function getRule(id: string, signal?: AbortSignal): Promise<EarningRule> {
  return api.get<EarningRule>(`/earning-rules/${seg(id)}`, { signal });
}

export function createRule(input: RuleInput, idempotencyKey: string): Promise<EarningRule> {
  return api.post<EarningRule>('/earning-rules', input, { idempotencyKey });
}

/** Applies only to `version` of the rule (409 when someone changed it meanwhile). */
export function updateRule(id: string, version: number, input: RuleInput, idempotencyKey: string): Promise<EarningRule> {
  return api.patch<EarningRule>(`/earning-rules/${seg(id)}`, { ...input, version }, { idempotencyKey });
}

export function archiveRule(id: string): Promise<EarningRule> {
  return api.post<EarningRule>(`/earning-rules/${seg(id)}/archive`, {});
}

/** What the event would grant now; nothing is written. */
export function dryRun(event: unknown): Promise<DryRunOutcome> {
  return api.post<DryRunOutcome>('/earning-rules/dry-run', event);
}
