import { createHash } from 'node:crypto';
import { TaskMeasure } from '@laurel/shared';
import { failedCondition, factsOf, type EventFacts, type MemberFacts } from '../earning-rules/evaluate.js';
import type { PipelineEvent } from '../events/pipeline.js';
import type { Task, TaskMilestone, TaskTerms } from './model.js';
import { isLate, taskPeriodOf } from './task-periods.js';

/** One task's share of an event, as decided when the event was planned; `apply` carries it out. */
export interface ProgressStep {
  taskId: string;
  version: number;
  periodKey: string;
  /** ISO instant; null for periods that never end. */
  periodEnd: string | null;
  amount: number;
  /** Hash of the contributor: the order for order events, else the event. */
  contributor: string;
  orderId: string | null;
  milestones: TaskMilestone[];
  terms: TaskTerms;
  completionLimit: number | null;
}

/** The tasks consumer's plan: progress steps for a matching event, or the order of a refund. */
export interface TasksPlan {
  steps?: ProgressStep[];
  refund?: { orderId: string };
}

/** A field name for a hash: never `.` or `$`, never mistaken for an array index. */
export function hashKey(prefix: string, text: string): string {
  return `${prefix}${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

/** Who contributes an event's progress: an order counts once however many events report it. */
export function contributorOf(event: PipelineEvent): { contributor: string; orderId: string | null } {
  if (event.order) return { contributor: hashKey('c', `order:${event.order.orderId}`), orderId: event.order.orderId };
  return { contributor: hashKey('c', `event:${event.id}`), orderId: null };
}

/** Tasks that may count the event before looking at the member: within their dates, and not too late. */
export function timelyTasks(tasks: readonly Task[], event: PipelineEvent, zone: string): Task[] {
  return tasks.filter((task) => {
    if (task.startsAt && event.occurredAt < task.startsAt) return false;
    if (task.endsAt && event.occurredAt >= task.endsAt) return false;
    return !isLate(taskPeriodOf(task, event.occurredAt, zone).end, event.receivedAt);
  });
}

/** Whether deciding these tasks needs the member's tags or tier (a query). */
export function needsMember(tasks: readonly Task[]): boolean {
  return tasks.some(
    (t) => t.audience.tiers.length > 0 || t.trigger.conditions.memberTags?.length || t.trigger.conditions.memberTiers?.length,
  );
}

export function inAudience(task: Task, tier: string | null): boolean {
  return task.audience.tiers.length === 0 || (tier !== null && task.audience.tiers.includes(tier));
}

/** What the event adds: 1 for `count`; for `sum` the attribute's non-negative integer value (null: it adds nothing). */
export function amountOf(task: Task, event: PipelineEvent, facts: EventFacts): number | null {
  if (task.trigger.measure === TaskMeasure.Count) return 1;
  const attribute = task.trigger.attribute ?? 'amount';
  const value = attribute === 'amount' ? facts.amount : event.attributes[attribute];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return null;
  return value;
}

export function termsOf(task: Task): TaskTerms {
  return {
    taskName: task.name,
    kind: task.kind,
    measure: task.trigger.measure,
    claimMode: task.claimMode,
    claimWindowDays: task.claimWindowDays,
    clawbackOnRefund: task.clawbackOnRefund,
  };
}

/** The targets of a task, in order: its milestones, or its one target. */
export function milestonesOf(task: Task): TaskMilestone[] {
  if (task.milestones.length > 0) return task.milestones.map((m) => ({ target: m.target, rewards: m.rewards.map((r) => ({ ...r })) }));
  return [{ target: task.target ?? 0, rewards: task.rewards.map((r) => ({ ...r })) }];
}

/**
 * The steps of an event for tasks already found timely, in audience-and-condition order: pure, no I/O.
 * `prerequisitesMet` holds the ids of tasks this member has completed (for the prerequisites that matter).
 */
export function planSteps(
  tasks: readonly Task[],
  event: PipelineEvent,
  member: MemberFacts,
  prerequisitesMet: ReadonlySet<string>,
  zone: string,
): ProgressStep[] {
  const facts = factsOf(event);
  const { contributor, orderId } = contributorOf(event);
  const steps: ProgressStep[] = [];
  for (const task of tasks) {
    if (!inAudience(task, member.tier)) continue;
    if (task.prerequisiteTaskId && !prerequisitesMet.has(task.prerequisiteTaskId)) continue;
    if (failedCondition(task.trigger.conditions, facts, member)) continue;
    const amount = amountOf(task, event, facts);
    if (amount === null) continue;
    const period = taskPeriodOf(task, event.occurredAt, zone);
    steps.push({
      taskId: task._id.toHexString(),
      version: task.version,
      periodKey: period.key,
      periodEnd: period.end ? period.end.toISOString() : null,
      amount,
      contributor,
      orderId,
      milestones: milestonesOf(task),
      terms: termsOf(task),
      completionLimit: task.completionLimit,
    });
  }
  return steps;
}
