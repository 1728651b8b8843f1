import { KnownEventType, TaskKind, TaskMeasure, type FieldError, type RewardView } from '@laurel/shared';
import { ruleProblems } from '../earning-rules/validate.js';
import { duplicateRewardProblem } from '../rewards/checks.js';
import type { Task } from './model.js';

export type TaskFields = Omit<Task, '_id' | 'status' | 'version' | 'createdAt' | 'updatedAt'>;

const EVENTS_WITHOUT_AMOUNT: readonly string[] = [KnownEventType.MemberRegistered, KnownEventType.OrderRefunded];

function rewardProblems(field: string, rewards: readonly RewardView[], add: (field: string, reason: string) => void): void {
  const duplicate = duplicateRewardProblem(rewards);
  if (duplicate) add(field, duplicate);
}

/** What the DTOs cannot see field by field: how a task's fields fit together (the prerequisite is checked apart). */
export function taskProblems(task: TaskFields): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reasons: [reason] });
  if (task.kind === TaskKind.Milestones) {
    if (task.milestones.length === 0) add('milestones', 'a milestones task needs its milestones');
    if (task.target !== null) add('target', 'a milestones task has no single target; give milestones');
    if (task.rewards.length > 0) add('rewards', 'a milestones task gives the rewards of its milestones');
    const targets = task.milestones.map((m) => m.target);
    if (targets.some((target, i) => i > 0 && target <= targets[i - 1]!))
      add('milestones', 'milestone targets must be ascending and unique');
    task.milestones.forEach((m, i) => rewardProblems(`milestones.${i}.rewards`, m.rewards, add));
  } else {
    if (task.milestones.length > 0) add('milestones', 'only a milestones task has milestones');
    if (task.target === null) add('target', `a ${task.kind} task needs a target`);
    if (task.rewards.length === 0) add('rewards', `a ${task.kind} task needs at least one reward`);
    rewardProblems('rewards', task.rewards, add);
  }
  if (task.kind === TaskKind.Window && (!task.startsAt || !task.endsAt)) add('endsAt', 'a window task needs startsAt and endsAt');
  if (task.startsAt && task.endsAt && task.startsAt >= task.endsAt) add('endsAt', 'endsAt must be after startsAt');
  if (task.kind !== TaskKind.Weekly && task.weekStart !== 1) add('weekStart', 'weekStart applies to weekly tasks only');
  const { trigger } = task;
  if (trigger.measure === TaskMeasure.Count && trigger.attribute !== null) add('trigger.attribute', 'attribute applies to sum tasks only');
  if (trigger.measure === TaskMeasure.Sum && trigger.attribute === 'amount' && EVENTS_WITHOUT_AMOUNT.includes(trigger.eventType)) {
    add('trigger.attribute', `${trigger.eventType} has no amount to sum`);
  }
  const refunds = trigger.eventType === KnownEventType.OrderRefunded;
  if (refunds) add('trigger.eventType', 'order.refunded takes back the progress its order made; it triggers no task');
  // The trigger's conditions are the earning rules' conditions: checked as those of a rule granting a fixed amount.
  const asRule = { eventType: trigger.eventType, conditions: trigger.conditions, formula: { kind: 'fixed' as const, amount: 1 }, caps: {} };
  for (const problem of ruleProblems(asRule)) {
    if (!(refunds && problem.field === 'eventType')) problems.push({ ...problem, field: `trigger.${problem.field}` });
  }
  return problems;
}
