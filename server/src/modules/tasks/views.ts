import { rewardOf, type TaskCompletionCounts, type TaskView } from '@laurel/shared';
import { conditionsView } from '../earning-rules/views.js';
import type { Task } from './model.js';

export const NO_COUNTS: TaskCompletionCounts = { completed: 0, claimed: 0, expired: 0, revoked: 0 };

export function toTaskView(task: Task, counts: TaskCompletionCounts = NO_COUNTS): TaskView {
  return {
    id: task._id.toHexString(),
    name: task.name,
    description: task.description,
    kind: task.kind,
    trigger: {
      eventType: task.trigger.eventType,
      conditions: conditionsView(task.trigger.conditions),
      measure: task.trigger.measure,
      attribute: task.trigger.attribute,
    },
    target: task.target,
    rewards: task.rewards.map(rewardOf),
    milestones: task.milestones.map((m) => ({ target: m.target, rewards: m.rewards.map(rewardOf) })),
    claimMode: task.claimMode,
    claimWindowDays: task.claimWindowDays,
    clawbackOnRefund: task.clawbackOnRefund,
    weekStart: task.weekStart,
    audience: { tiers: [...task.audience.tiers] },
    prerequisiteTaskId: task.prerequisiteTaskId,
    startsAt: task.startsAt ? task.startsAt.toISOString() : null,
    endsAt: task.endsAt ? task.endsAt.toISOString() : null,
    completionLimit: task.completionLimit,
    displayOrder: task.displayOrder,
    status: task.status,
    counts: { ...counts },
    version: task.version,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}
