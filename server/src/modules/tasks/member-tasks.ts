import {
  ErrorCode,
  TaskLock,
  TaskProgressState,
  TaskStatus,
  grantedRewardOf,
  rewardOf,
  type MemberTaskView,
  type TaskClaimView,
  type TaskCompletionView,
} from '@laurel/shared';
import { Types } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { MemberFactsSource } from '../earning-rules/consumer.js';
import type { TaskCache } from './cache.js';
import type { Completions } from './completions.js';
import type { MemberCounters } from './member-counters.js';
import type { Task, TaskCompletion, TaskMilestone, TaskProgress } from './model.js';
import { inAudience, milestonesOf } from './plan.js';
import { progressIdOf, type ProgressRecords } from './progress.js';
import { taskPeriodOf } from './task-periods.js';

export interface ClaimRequest {
  periodKey?: string | undefined;
  milestone?: number | undefined;
}

/** A completion that can be claimed now: completed, within its claim window. */
function claimableNow(c: TaskCompletion, now: Date): boolean {
  return c.state === 'completed' && (c.claimBy === null || now <= c.claimBy);
}

/** The state a member sees: a completion left unclaimed past its window is expired even before the job says so. */
function shownState(c: TaskCompletion, now: Date): TaskProgressState {
  return c.state === 'completed' && !claimableNow(c, now) ? TaskProgressState.Expired : c.state;
}

function byAge(a: TaskCompletion, b: TaskCompletion): number {
  return a.completedAt.getTime() - b.completedAt.getTime() || a.periodKey.localeCompare(b.periodKey) || a.milestone - b.milestone;
}

/**
 * Tasks as a member sees them (their own view, and support's view of them) and the member's claims. A claim goes
 * through the same conditional claim as an automatic one, so of concurrent claims exactly one is rewarded.
 */
export class MemberTasks {
  constructor(
    private readonly cache: TaskCache,
    private readonly members: MemberFactsSource,
    private readonly counters: MemberCounters,
    private readonly progress: ProgressRecords,
    private readonly completions: Completions,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  /**
   * The member's tasks: active ones of their audience that have not ended, and any task of their audience with a
   * reward waiting for a claim; by display order, then name. 404 for an unknown member.
   */
  async list(memberId: string): Promise<MemberTaskView[]> {
    const now = this.clock.now();
    const member = await this.members.factsOf(memberId);
    const index = await this.cache.index();
    const tasks = [...index.byId.values()].filter((task) => inAudience(task, member.tier));
    const periods = new Map(tasks.map((task) => [task._id.toHexString(), taskPeriodOf(task, now, this.zone)]));
    const progressIds = tasks.map((task) => progressIdOf(task._id.toHexString(), memberId, periods.get(task._id.toHexString())!.key));
    const prerequisites = [...new Set(tasks.map((t) => t.prerequisiteTaskId).filter((id): id is string => id !== null))];
    const [records, completions, counters, done] = await Promise.all([
      this.progress.ofMember(memberId, progressIds),
      this.completions.forMember(memberId, progressIds),
      tasks.some((t) => t.completionLimit !== null) ? this.counters.forMember(memberId) : new Map<string, number>(),
      this.completions.completedTasks(memberId, prerequisites),
    ]);
    const recordById = new Map(records.map((r) => [r._id, r]));
    const listed = tasks.filter((task) => {
      const id = task._id.toHexString();
      const open = task.status === TaskStatus.Active && (!task.endsAt || now < task.endsAt);
      return open || completions.some((c) => c.taskId === id && claimableNow(c, now));
    });
    return listed
      .sort((a, b) => a.displayOrder - b.displayOrder || a.name.localeCompare(b.name))
      .map((task) => {
        const id = task._id.toHexString();
        const period = periods.get(id)!;
        const record = recordById.get(progressIdOf(id, memberId, period.key)) ?? null;
        return this.view(task, period, record, completions, { counters, done }, now);
      });
  }

  /** Claims a completed reward (the oldest claimable one unless the request names the period and milestone). */
  async claim(memberId: string, taskId: string, request: ClaimRequest, claimKey: string | null): Promise<TaskClaimView> {
    const now = this.clock.now();
    const task = Types.ObjectId.isValid(taskId) && taskId.length === 24 ? (await this.cache.index()).byId.get(taskId) : undefined;
    if (!task) throw new NotFoundError('Task', { taskId });
    if (!inAudience(task, (await this.members.factsOf(memberId)).tier)) throw new NotFoundError('Task', { taskId });
    const { completion, periodKey, milestone } = await this.claimTarget(memberId, task, request, now);
    const retried = completion?.state === 'claimed' && claimKey !== null && completion.claimKey === claimKey;
    if (task.status !== TaskStatus.Active && !retried && !(completion && claimableNow(completion, now))) {
      throw new NotFoundError('Task', { taskId });
    }
    const details = { taskId, periodKey, milestone };
    if (!completion || completion.state === 'revoked') {
      throw new BusinessRuleError(ErrorCode.TaskNotComplete, 'The task is not complete', details);
    }
    if (retried) return claimView(completion.rewardedAt === null ? await this.completions.grant(completion) : completion);
    if (completion.state === 'claimed') throw new BusinessRuleError(ErrorCode.AlreadyClaimed, 'The reward was claimed already', details);
    if (!claimableNow(completion, now))
      throw new BusinessRuleError(ErrorCode.ClaimExpired, 'The time to claim the reward is over', details);
    const claimed = await this.completions.claim(completion, claimKey);
    if (claimed) return claimView(claimed);
    // Another claim (or the expiry job) got there first.
    const current = await this.completions.get(completion._id);
    if (current?.state === 'expired') throw new BusinessRuleError(ErrorCode.ClaimExpired, 'The time to claim the reward is over', details);
    if (current?.state === 'revoked') throw new BusinessRuleError(ErrorCode.TaskNotComplete, 'The task is not complete', details);
    throw new BusinessRuleError(ErrorCode.AlreadyClaimed, 'The reward was claimed already', details);
  }

  /**
   * The completion a claim is for: the oldest claimable one (of the milestone asked for) unless a period is named;
   * otherwise, in the named or current period, the milestone asked for or the first not claimed yet.
   */
  private async claimTarget(
    memberId: string,
    task: Task,
    request: ClaimRequest,
    now: Date,
  ): Promise<{ completion: TaskCompletion | null; periodKey: string; milestone: number }> {
    const taskId = task._id.toHexString();
    if (request.periodKey === undefined) {
      const waiting = (await this.completions.claimable(memberId, taskId))
        .filter((c) => claimableNow(c, now) && (request.milestone === undefined || c.milestone === request.milestone))
        .sort(byAge);
      const oldest = waiting[0];
      if (oldest) return { completion: oldest, periodKey: oldest.periodKey, milestone: oldest.milestone };
    }
    const periodKey = request.periodKey ?? taskPeriodOf(task, now, this.zone).key;
    const found = await this.completions.ofRecord(memberId, progressIdOf(taskId, memberId, periodKey));
    const byMilestone = new Map(found.map((c) => [c.milestone, c]));
    const count = Math.max(milestonesOf(task).length, ...found.map((c) => c.milestone + 1));
    if (request.milestone !== undefined && request.milestone >= count) {
      throw new ValidationError([{ field: 'milestone', reasons: [`the task has ${count} milestone(s), numbered from 0`] }]);
    }
    let milestone = request.milestone ?? count - 1;
    if (request.milestone === undefined) {
      for (let m = 0; m < count; m++) {
        if (byMilestone.get(m)?.state !== 'claimed') {
          milestone = m;
          break;
        }
      }
    }
    return { completion: byMilestone.get(milestone) ?? null, periodKey, milestone };
  }

  private view(
    task: Task,
    period: { key: string; end: Date | null },
    record: TaskProgress | null,
    completions: TaskCompletion[],
    member: MemberProgress,
    now: Date,
  ): MemberTaskView {
    const id = task._id.toHexString();
    const milestones: TaskMilestone[] = record?.milestones ?? milestonesOf(task);
    const value = record?.value ?? 0;
    const ofRecord = new Map(completions.filter((c) => record && c.progressId === record._id).map((c) => [c.milestone, c]));
    const views = milestones.map((m, i) => completionView(i, m, ofRecord.get(i) ?? null, record?.state === 'expired', now));
    const next = milestones.findIndex((m) => m.target > value);
    const shown = milestones[next === -1 ? milestones.length - 1 : next]!;
    const done = member.counters.get(id) ?? 0;
    return {
      taskId: id,
      name: task.name,
      description: task.description,
      kind: task.kind,
      claimMode: task.claimMode,
      periodKey: period.key,
      periodEnd: period.end ? period.end.toISOString() : null,
      progress: value,
      target: shown.target,
      rewards: shown.rewards.map(rewardOf),
      state: recordState(views, record?.state === 'expired'),
      milestones: views,
      claimable: completions
        .filter((c) => c.taskId === id && claimableNow(c, now))
        .sort(byAge)
        .map((c) => ({ periodKey: c.periodKey, milestone: c.milestone, claimBy: c.claimBy ? c.claimBy.toISOString() : null })),
      locked: lockOf(task, member, now),
      completionsLeft: task.completionLimit === null ? null : Math.max(0, task.completionLimit - done),
      displayOrder: task.displayOrder,
    };
  }
}

/** What the member has done across tasks: completions counted under a limit, and the tasks completed at least once. */
interface MemberProgress {
  counters: Map<string, number>;
  done: Set<string>;
}

function lockOf(task: Task, member: MemberProgress, now: Date): TaskLock | null {
  if (task.startsAt && now < task.startsAt) return TaskLock.NotStarted;
  if (task.prerequisiteTaskId && !member.done.has(task.prerequisiteTaskId)) return TaskLock.Prerequisite;
  if (task.completionLimit !== null && (member.counters.get(task._id.toHexString()) ?? 0) >= task.completionLimit)
    return TaskLock.LimitReached;
  return null;
}

function completionView(
  m: number,
  milestone: TaskMilestone,
  c: TaskCompletion | null,
  recordExpired: boolean,
  now: Date,
): TaskCompletionView {
  if (!c) {
    return {
      milestone: m,
      target: milestone.target,
      state: recordExpired ? TaskProgressState.Expired : TaskProgressState.InProgress,
      rewards: milestone.rewards.map((r) => ({ ...rewardOf(r), entryId: null })),
      completedAt: null,
      claimedAt: null,
      claimBy: null,
    };
  }
  return {
    milestone: m,
    target: c.target,
    state: shownState(c, now),
    rewards: c.rewards.map(grantedRewardOf),
    completedAt: c.completedAt.toISOString(),
    claimedAt: c.claimedAt ? c.claimedAt.toISOString() : null,
    claimBy: c.claimBy ? c.claimBy.toISOString() : null,
  };
}

/** The record's state: completed once every target is reached, claimed once every reward is claimed. */
function recordState(views: TaskCompletionView[], recordExpired: boolean): TaskProgressState {
  const states = views.map((v) => v.state);
  const reached = states.every((s) => s === 'completed' || s === 'claimed' || s === 'expired');
  if (!reached) return recordExpired ? TaskProgressState.Expired : TaskProgressState.InProgress;
  if (states.every((s) => s === 'claimed')) return TaskProgressState.Claimed;
  if (states.some((s) => s === 'completed')) return TaskProgressState.Completed;
  return TaskProgressState.Expired;
}

function claimView(c: TaskCompletion): TaskClaimView {
  return {
    taskId: c.taskId,
    periodKey: c.periodKey,
    milestone: c.milestone,
    state: c.state,
    rewards: c.rewards.map(grantedRewardOf),
    claimedAt: (c.claimedAt ?? new Date(0)).toISOString(),
  };
}
