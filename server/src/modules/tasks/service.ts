import {
  ClaimMode,
  KnownEventType,
  type TaskKind,
  TaskMeasure,
  TaskStatus,
  type Page,
  type RewardView,
  rewardOf,
  type RuleConditionsView,
  type TaskView,
} from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { RewardChecks } from '../rewards/checks.js';
import { conditionsOf } from '../earning-rules/views.js';
import type { TaskCache } from './cache.js';
import type { Task, TaskMilestone, TaskTrigger } from './model.js';
import type { TaskCountBook } from './task-counts.js';
import { taskProblems, type TaskFields } from './validate.js';
import { toTaskView } from './views.js';

/** A task as the API takes it (CreateTaskDto fits); instants are ISO strings. */
export interface TaskInput {
  name: string;
  description?: string | undefined;
  kind: TaskKind;
  trigger: TriggerInput;
  target?: number | undefined;
  rewards?: RewardView[] | undefined;
  milestones?: TaskMilestone[] | undefined;
  claimMode?: ClaimMode | undefined;
  claimWindowDays?: number | undefined;
  clawbackOnRefund?: boolean | undefined;
  weekStart?: number | undefined;
  audience?: { tiers?: string[] | undefined } | undefined;
  prerequisiteTaskId?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  completionLimit?: number | undefined;
  displayOrder?: number | undefined;
  active?: boolean | undefined;
}

export interface TriggerInput {
  eventType: string;
  conditions?: RuleConditionsView | undefined;
  measure: TaskMeasure;
  attribute?: string | undefined;
}

/** UpdateTaskDto fits; `prerequisiteTaskId: ''` removes the prerequisite, a null `startsAt` or `endsAt` removes it. */
export type TaskChanges = Partial<Omit<TaskInput, 'kind' | 'active' | 'startsAt' | 'endsAt' | 'completionLimit'>> & {
  version?: number | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
  completionLimit?: number | null | undefined;
};

export interface TaskQuery extends PageRequest {
  status?: TaskStatus | undefined;
  kind?: TaskKind | undefined;
}

const CLAIM_WINDOW_DAYS_DEFAULT = 7;
/** How far a prerequisite chain is followed to refuse a cycle. */
const PREREQUISITE_DEPTH_MAX = 20;

/**
 * Task definitions for operators: create, change (optimistic `version`), pause, resume, archive (frozen for good).
 * Every change is audited with before and after, bumps `version` and refreshes the definition cache; progress
 * already recorded keeps the version and terms it was made under.
 */
export class TaskDefinitionService {
  constructor(
    private readonly tasks: Model<Task>,
    private readonly counts: TaskCountBook,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly cache: TaskCache,
    private readonly rewardChecks?: RewardChecks,
  ) {}

  async create(input: TaskInput, actor: Actor): Promise<TaskView> {
    const fields = fieldsOf(input);
    await this.checked(fields, null);
    const now = this.clock.now();
    const status = input.active === false ? TaskStatus.Paused : TaskStatus.Active;
    const created = await this.tasks.create({ ...fields, status, version: 1, createdAt: now, updatedAt: now });
    const view = toTaskView(created.toObject());
    await this.cache.invalidate();
    await this.audit.record({ actor, action: 'task.create', target: { type: 'task', id: view.id }, after: view });
    return view;
  }

  async get(id: string): Promise<TaskView> {
    const task = await this.find(id);
    const counts = await this.counts.of([id]);
    return toTaskView(task, counts.get(id));
  }

  /** Newest first, with completion counts. */
  async list(query: TaskQuery): Promise<Page<TaskView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.status) filter.status = query.status;
    if (query.kind) filter.kind = query.kind;
    const docs = await this.tasks.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    const counts = await this.counts.of(docs.slice(0, limit).map((d) => d._id.toHexString()));
    return toPage(docs, limit, (task) => toTaskView(task, counts.get(task._id.toHexString())));
  }

  /** Changes the given fields; `trigger`, `rewards`, `milestones` and `audience` are replaced whole. Archived tasks are frozen. */
  async update(id: string, changes: TaskChanges, actor: Actor): Promise<TaskView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (changes.version !== undefined && changes.version !== before.version) {
      throw new ConflictError('The task has changed since you read it', undefined, { id, version: before.version });
    }
    const merged: TaskFields = {
      ...pickFields(before),
      ...defined({
        name: changes.name,
        description: changes.description,
        target: changes.target,
        claimMode: changes.claimMode,
        claimWindowDays: changes.claimWindowDays,
        clawbackOnRefund: changes.clawbackOnRefund,
        weekStart: changes.weekStart,
        completionLimit: changes.completionLimit,
        displayOrder: changes.displayOrder,
      }),
      ...(changes.trigger ? { trigger: triggerOf(changes.trigger) } : {}),
      ...(changes.rewards ? { rewards: rewardsOf(changes.rewards) } : {}),
      ...(changes.milestones ? { milestones: milestonesOf(changes.milestones) } : {}),
      ...(changes.audience ? { audience: { tiers: [...(changes.audience.tiers ?? [])] } } : {}),
      ...(changes.prerequisiteTaskId !== undefined ? { prerequisiteTaskId: changes.prerequisiteTaskId || null } : {}),
      ...(changes.startsAt !== undefined ? { startsAt: instantOrNull(changes.startsAt) } : {}),
      ...(changes.endsAt !== undefined ? { endsAt: instantOrNull(changes.endsAt) } : {}),
    };
    if ((before.completionLimit === null) !== (merged.completionLimit === null)) {
      // Members' completions are counted only under a limit: one added later would not know the earlier ones.
      throw new ValidationError([
        {
          field: 'completionLimit',
          reasons: ['a completion limit is set when the task is created: it can be changed, not added or removed'],
        },
      ]);
    }
    await this.checked(merged, before._id.toHexString());
    return this.write(before, { $set: { ...merged, updatedAt: this.clock.now() } }, 'task.update', actor);
  }

  /** Stops the task counting events (claims of rewards already earned stay possible). Pausing twice changes nothing. */
  pause(id: string, actor: Actor): Promise<TaskView> {
    return this.setStatus(id, TaskStatus.Paused, 'task.pause', actor);
  }

  resume(id: string, actor: Actor): Promise<TaskView> {
    return this.setStatus(id, TaskStatus.Active, 'task.resume', actor);
  }

  /** Retires a task for good: it stops counting and can no longer change. Archiving twice changes nothing. */
  async archive(id: string, actor: Actor): Promise<TaskView> {
    const before = await this.find(id);
    if (before.status === TaskStatus.Archived) return this.get(id);
    return this.write(before, { $set: { status: TaskStatus.Archived, updatedAt: this.clock.now() } }, 'task.archive', actor);
  }

  private async setStatus(id: string, status: TaskStatus, action: string, actor: Actor): Promise<TaskView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (before.status === status) return this.get(id);
    return this.write(before, { $set: { status, updatedAt: this.clock.now() } }, action, actor);
  }

  private refuseArchived(task: Task): void {
    if (task.status === TaskStatus.Archived) {
      throw new ConflictError('An archived task cannot be changed', 'TASK_ARCHIVED', { id: task._id.toHexString() });
    }
  }

  /** Applies an update to the version read (a concurrent change is a 409), audits it and refreshes the cache. */
  private async write(before: Task, update: Record<string, unknown>, action: string, actor: Actor): Promise<TaskView> {
    const after = await this.tasks
      .findOneAndUpdate({ _id: before._id, version: before.version }, { ...update, $inc: { version: 1 } }, { returnDocument: 'after' })
      .lean();
    const id = before._id.toHexString();
    if (!after) throw new ConflictError('The task changed while this change was made; read it again', undefined, { id });
    await this.cache.invalidate();
    const counts = (await this.counts.of([id])).get(id);
    const view = toTaskView(after, counts);
    await this.audit.record({ actor, action, target: { type: 'task', id }, before: toTaskView(before, counts), after: view });
    return view;
  }

  /** The field checks, then the prerequisite: an existing task, not this one, and no cycle through it. */
  private async checked(fields: TaskFields, self: string | null): Promise<void> {
    const problems = taskProblems(fields);
    if (problems.length === 0 && this.rewardChecks) {
      const lists = [
        { field: 'rewards', rewards: fields.rewards },
        ...fields.milestones.map((m, i) => ({ field: `milestones.${i}.rewards`, rewards: m.rewards })),
      ];
      problems.push(...(await this.rewardChecks.problems(lists)));
    }
    if (problems.length === 0 && fields.prerequisiteTaskId !== null) {
      const reason = await this.prerequisiteProblem(fields.prerequisiteTaskId, self);
      if (reason) problems.push({ field: 'prerequisiteTaskId', reasons: [reason] });
    }
    if (problems.length > 0) throw new ValidationError(problems);
  }

  private async prerequisiteProblem(prerequisite: string, self: string | null): Promise<string | null> {
    if (prerequisite === self) return 'a task cannot be its own prerequisite';
    let next: string | null = prerequisite;
    for (let depth = 0; next !== null && depth < PREREQUISITE_DEPTH_MAX; depth++) {
      const task: Pick<Task, 'prerequisiteTaskId'> | null = Types.ObjectId.isValid(next)
        ? await this.tasks.findById(next, { prerequisiteTaskId: 1 }).lean()
        : null;
      if (!task) return depth === 0 ? 'no such task' : null;
      if (task.prerequisiteTaskId === self && self !== null) return 'the prerequisite depends on this task';
      next = task.prerequisiteTaskId;
    }
    return null;
  }

  private async find(id: string): Promise<Task> {
    const task = Types.ObjectId.isValid(id) && id.length === 24 ? await this.tasks.findById(id).lean() : null;
    if (!task) throw new NotFoundError('Task', { id });
    return task;
  }
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function triggerOf(input: TriggerInput): TaskTrigger {
  return {
    eventType: input.eventType,
    conditions: conditionsOf(input.conditions),
    measure: input.measure,
    attribute: input.measure === TaskMeasure.Sum ? (input.attribute ?? 'amount') : (input.attribute ?? null),
  };
}

function rewardsOf(rewards: readonly RewardView[]): RewardView[] {
  return rewards.map(rewardOf);
}

function milestonesOf(milestones: readonly TaskMilestone[]): TaskMilestone[] {
  return milestones.map((m) => ({ target: m.target, rewards: rewardsOf(m.rewards) }));
}

function fieldsOf(input: TaskInput): TaskFields {
  const trigger = triggerOf(input.trigger);
  return {
    name: input.name,
    description: input.description ?? '',
    kind: input.kind,
    trigger,
    target: input.target ?? null,
    rewards: rewardsOf(input.rewards ?? []),
    milestones: milestonesOf(input.milestones ?? []),
    claimMode: input.claimMode ?? ClaimMode.Auto,
    claimWindowDays: input.claimWindowDays ?? CLAIM_WINDOW_DAYS_DEFAULT,
    // Order-driven tasks take a refunded order's reward back unless told otherwise.
    clawbackOnRefund: input.clawbackOnRefund ?? trigger.eventType === KnownEventType.OrderPaid,
    weekStart: input.weekStart ?? 1,
    audience: { tiers: [...(input.audience?.tiers ?? [])] },
    prerequisiteTaskId: input.prerequisiteTaskId ?? null,
    startsAt: input.startsAt ? new Date(input.startsAt) : null,
    endsAt: input.endsAt ? new Date(input.endsAt) : null,
    completionLimit: input.completionLimit ?? null,
    displayOrder: input.displayOrder ?? 0,
  };
}

function pickFields(task: Task): TaskFields {
  return {
    name: task.name,
    description: task.description,
    kind: task.kind,
    trigger: task.trigger,
    target: task.target,
    rewards: task.rewards,
    milestones: task.milestones,
    claimMode: task.claimMode,
    claimWindowDays: task.claimWindowDays,
    clawbackOnRefund: task.clawbackOnRefund,
    weekStart: task.weekStart,
    audience: task.audience,
    prerequisiteTaskId: task.prerequisiteTaskId,
    startsAt: task.startsAt,
    endsAt: task.endsAt,
    completionLimit: task.completionLimit,
    displayOrder: task.displayOrder,
  };
}

/** A change's instant: null removes it. */
function instantOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}
