import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { Clock } from '../../platform/clock.js';
import type { GenerationStore } from '../../platform/generation-cache.js';
import type { AuditSink } from '../audit/service.js';
import { memberFactsFrom, type MemberReader } from '../earning-rules/member-facts.js';
import type { RewardChecks } from '../rewards/checks.js';
import { TaskCache } from './cache.js';
import { Completions, type TaskRewards } from './completions.js';
import { TasksConsumer } from './consumer.js';
import { taskJobs } from './jobs.js';
import { MemberCounters } from './member-counters.js';
import { MemberTasks } from './member-tasks.js';
import type { Task, TaskCompletion, TaskCounts, TaskMemberCounter, TaskProgress } from './model.js';
import { ProgressRecords } from './progress.js';
import { TaskDefinitionService } from './service.js';
import { TaskSweeps } from './sweeps.js';
import { TaskCountBook } from './task-counts.js';

export interface TaskModels {
  tasks: Model<Task>;
  progress: Model<TaskProgress>;
  completions: Model<TaskCompletion>;
  counters: Model<TaskMemberCounter>;
  counts: Model<TaskCounts>;
}

export interface TasksDeps {
  models: TaskModels;
  /** Grants and reverses rewards (RewardGranter fits). */
  rewards: TaskRewards;
  /** Checks that rewards' coupon templates and benefits exist when a task is defined. */
  rewardChecks?: RewardChecks | undefined;
  members: MemberReader;
  audit: AuditSink;
  clock: Clock;
  /** Business time zone: days, weeks and months of tasks are its. */
  timeZone: string;
  walker: Walker;
  /** Shares definition changes with the other processes at once; without it they see them within `cacheRefreshMs`. */
  generations?: GenerationStore;
  cacheRefreshMs?: number;
  /** How long work begun (a claim's grant, a reversal) is left to its request before the resume job finishes it; default 2 minutes. */
  resumeGraceMs?: number;
  /** Told after a completion gained an outbox message (to relay it soon). */
  onChanged?: () => void;
}

/** Builds the tasks feature: definitions for operators, the member's tasks and claims, the pipeline consumer, jobs. */
export function createTasks(deps: TasksDeps) {
  const { models, clock, timeZone } = deps;
  const cache = new TaskCache(() => models.tasks.find({}).lean(), clock, deps.cacheRefreshMs ?? 10_000, deps.generations);
  const members = memberFactsFrom(deps.members);
  const counters = new MemberCounters(models.counters);
  const counts = new TaskCountBook(models.counts);
  const progress = new ProgressRecords(models.progress);
  const completions = new Completions({
    completions: models.completions,
    progress,
    counters,
    counts,
    rewards: deps.rewards,
    clock,
    zone: timeZone,
    graceMs: deps.resumeGraceMs ?? 120_000,
    onChanged: deps.onChanged ?? (() => undefined),
  });
  const consumer = new TasksConsumer(cache, members, progress, completions, clock, timeZone);
  const definitions = new TaskDefinitionService(models.tasks, counts, deps.audit, clock, cache, deps.rewardChecks);
  const memberTasks = new MemberTasks(cache, members, counters, progress, completions, clock, timeZone);
  const sweeps = new TaskSweeps(models.completions, models.progress, completions, deps.walker);
  return { definitions, memberTasks, consumer, sweeps, jobs: taskJobs(sweeps) };
}
