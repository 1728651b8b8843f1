import type { Currency, EarningRuleStatus, EarningRuleView, EventDryRunView, Page, RuleCapsView } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import { toPipelineEvent } from '../events/facts.js';
import type { EventInput } from '../events/parse.js';
import type { RuleCache } from './cache.js';
import type { EarningRulesConsumer } from './consumer.js';
import type { EarningRule } from './model.js';
import { ruleProblems } from './validate.js';
import { capsOf, conditionsOf, formulaOf, toView, type RuleConditionsInput, type RuleFormulaInput } from './views.js';

/** Finds a member without enrolling them (dry runs change nothing). */
export interface MemberLookup {
  idOf(externalId: string): Promise<string | null>;
}

export interface RuleInput {
  name: string;
  description?: string | undefined;
  eventType: string;
  active?: boolean | undefined;
  priority?: number | undefined;
  stop?: boolean | undefined;
  conditions?: RuleConditionsInput | undefined;
  formula: RuleFormulaInput;
  caps?: RuleCapsView | undefined;
  pendingDays?: number | undefined;
  currency: Currency;
}

export type RuleChanges = Partial<RuleInput> & { version?: number | undefined };

export interface RuleQuery extends PageRequest {
  eventType?: string | undefined;
  status?: EarningRuleStatus | undefined;
}

type RuleFields = Omit<EarningRule, '_id' | 'version' | 'createdAt' | 'updatedAt' | 'archivedAt' | 'archived'>;

/** Earning rules: configuration (audited, versioned) and the dry run of an event against the active rules. */
export class EarningRuleService {
  constructor(
    private readonly rules: Model<EarningRule>,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly cache: RuleCache,
    private readonly consumer: EarningRulesConsumer,
    private readonly members: MemberLookup,
  ) {}

  async create(input: RuleInput, actor: Actor): Promise<EarningRuleView> {
    const fields = checked(fieldsOf(input));
    const now = this.clock.now();
    const created = await this.rules.create({ ...fields, archived: false, version: 1, createdAt: now, updatedAt: now, archivedAt: null });
    const view = toView(created.toObject());
    await this.cache.invalidate();
    await this.audit.record({ actor, action: 'earning-rule.create', target: { type: 'earning-rule', id: view.id }, after: view });
    return view;
  }

  async get(id: string): Promise<EarningRuleView> {
    return toView(await this.find(id));
  }

  async list(query: RuleQuery): Promise<Page<EarningRuleView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.eventType) filter.eventType = query.eventType;
    if (query.status === 'archived') filter.archived = true;
    if (query.status === 'active' || query.status === 'inactive')
      Object.assign(filter, { archived: false, active: query.status === 'active' });
    const docs = await this.rules.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toView);
  }

  /** Changes the given fields; `conditions`, `formula` and `caps` are replaced whole. Archived rules are frozen. */
  async update(id: string, changes: RuleChanges, actor: Actor): Promise<EarningRuleView> {
    const before = await this.find(id);
    if (before.archived) throw new ConflictError('An archived rule cannot be changed', 'RULE_ARCHIVED', { id });
    if (changes.version !== undefined && changes.version !== before.version) {
      throw new ConflictError('The rule has changed since you read it', undefined, { id, version: before.version });
    }
    const merged = checked({
      ...pickFields(before),
      ...defined({
        name: changes.name,
        description: changes.description,
        eventType: changes.eventType,
        active: changes.active,
        priority: changes.priority,
        stop: changes.stop,
        pendingDays: changes.pendingDays,
        currency: changes.currency,
      }),
      ...(changes.conditions ? { conditions: conditionsOf(changes.conditions) } : {}),
      ...(changes.formula ? { formula: formulaOf(changes.formula) } : {}),
      ...(changes.caps ? { caps: capsOf(changes.caps) } : {}),
    });
    return this.write(before, { $set: { ...merged, updatedAt: this.clock.now() } }, 'earning-rule.update', actor);
  }

  /** Retires a rule for good: it stops granting and can no longer change. Archiving twice changes nothing. */
  async archive(id: string, actor: Actor): Promise<EarningRuleView> {
    const before = await this.find(id);
    if (before.archived) return toView(before);
    const now = this.clock.now();
    return this.write(before, { $set: { archived: true, active: false, archivedAt: now, updatedAt: now } }, 'earning-rule.archive', actor);
  }

  /** Evaluates an event against the active rules and reports grants and skips; writes nothing. */
  async dryRun(input: EventInput): Promise<EventDryRunView> {
    const now = this.clock.now();
    const memberId = await this.members.idOf(input.externalId);
    const event = toPipelineEvent(input, { id: memberId ?? '', externalId: input.externalId }, now);
    const part = await this.consumer.preview(event, memberId, now);
    return {
      id: input.id,
      type: input.type,
      memberId,
      occurredAt: input.occurredAt.toISOString(),
      grants: part.grants ?? [],
      skipped: part.skipped ?? [],
      reversals: [],
      refusals: [],
    };
  }

  /** Applies an update to the version read (a concurrent change is a 409), audits it and refreshes the cache. */
  private async write(before: EarningRule, update: Record<string, unknown>, action: string, actor: Actor): Promise<EarningRuleView> {
    const after = await this.rules
      .findOneAndUpdate({ _id: before._id, version: before.version }, { ...update, $inc: { version: 1 } }, { returnDocument: 'after' })
      .lean();
    if (!after)
      throw new ConflictError('The rule changed while this change was made; read it again', undefined, { id: before._id.toHexString() });
    await this.cache.invalidate();
    const view = toView(after);
    await this.audit.record({ actor, action, target: { type: 'earning-rule', id: view.id }, before: toView(before), after: view });
    return view;
  }

  private async find(id: string): Promise<EarningRule> {
    const rule = Types.ObjectId.isValid(id) && id.length === 24 ? await this.rules.findById(id).lean() : null;
    if (!rule) throw new NotFoundError('Earning rule', { id });
    return rule;
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function fieldsOf(input: RuleInput): RuleFields {
  return {
    name: input.name,
    description: input.description ?? '',
    eventType: input.eventType,
    active: input.active ?? true,
    priority: input.priority ?? 0,
    stop: input.stop ?? false,
    conditions: conditionsOf(input.conditions),
    formula: formulaOf(input.formula),
    caps: capsOf(input.caps),
    pendingDays: input.pendingDays ?? 0,
    currency: input.currency,
  };
}

function pickFields(rule: EarningRule): RuleFields {
  const { name, description, eventType, active, priority, stop, conditions, formula, caps, pendingDays, currency } = rule;
  return { name, description, eventType, active, priority, stop, conditions, formula, caps, pendingDays, currency };
}

function checked<T extends RuleFields>(rule: T): T {
  const problems = ruleProblems(rule);
  if (problems.length > 0) throw new ValidationError(problems);
  return rule;
}
