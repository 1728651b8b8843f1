import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsMongoId,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RuleConditionsDto, type RuleConditionsView } from './earning-rules.dto.js';
import { EVENT_TYPE_PATTERN, ISO_UTC_PATTERN, MAX_MINOR_UNITS } from './events.dto.js';
import { PageQueryDto } from './page-query.dto.js';
import { AudienceDto, RewardDto, type AudienceView, type GrantedRewardView, type RewardView } from './rewards.dto.js';
import { DefinitionChangeDto } from './definition-change.dto.js';

/**
 * How a task's progress is divided into periods, each with its own progress record and period key:
 * `once` (key `once`), `daily` (`2027-03-14`), `weekly` (`2027-W11` for ISO weeks, `2027-03-14/week` — the date of
 * the week's first day — for another week start), `monthly` (`2027-03`), `window` (`window`: one period from
 * `startsAt` to `endsAt`), `milestones` (`lifetime`: cumulative, never reset, one reward per milestone).
 */
export const TaskKind = {
  Once: 'once',
  Daily: 'daily',
  Weekly: 'weekly',
  Monthly: 'monthly',
  Window: 'window',
  Milestones: 'milestones',
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];
export const TASK_KINDS: readonly TaskKind[] = Object.values(TaskKind);

/** `count`: each matching event adds 1; `sum`: it adds an integer attribute (the order amount by default). */
export const TaskMeasure = { Count: 'count', Sum: 'sum' } as const;
export type TaskMeasure = (typeof TaskMeasure)[keyof typeof TaskMeasure];
export const TASK_MEASURES: readonly TaskMeasure[] = Object.values(TaskMeasure);

/** `auto`: granted on completion; `manual`: the member claims it within `claimWindowDays` after the period ends. */
export const ClaimMode = { Auto: 'auto', Manual: 'manual' } as const;
export type ClaimMode = (typeof ClaimMode)[keyof typeof ClaimMode];
export const CLAIM_MODES: readonly ClaimMode[] = Object.values(ClaimMode);

export const TaskStatus = { Active: 'active', Paused: 'paused', Archived: 'archived' } as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];
export const TASK_STATUSES: readonly TaskStatus[] = Object.values(TaskStatus);

/**
 * A member's progress record (one per task and period key) and each completion in it:
 * `in_progress → completed → claimed`, or `expired` (period over unfinished, or a manual reward left unclaimed);
 * `revoked`: a refund took the progress back below the target (the reward was clawed back if it was granted).
 */
export const TaskProgressState = {
  InProgress: 'in_progress',
  Completed: 'completed',
  Claimed: 'claimed',
  Expired: 'expired',
  Revoked: 'revoked',
} as const;
export type TaskProgressState = (typeof TaskProgressState)[keyof typeof TaskProgressState];
export const TASK_PROGRESS_STATES: readonly TaskProgressState[] = Object.values(TaskProgressState);

/** Why a member cannot make progress on a task yet (shown, not hidden, so apps can explain it). */
export const TaskLock = { Prerequisite: 'prerequisite', NotStarted: 'not_started', LimitReached: 'limit_reached' } as const;
export type TaskLock = (typeof TaskLock)[keyof typeof TaskLock];

/** The most a target may be: counts and sums of minor units alike. */
export const MAX_TASK_TARGET = MAX_MINOR_UNITS;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export class TaskTriggerDto {
  @IsString()
  @Matches(EVENT_TYPE_PATTERN, { message: 'eventType must match ^[a-z][a-z0-9_.-]{0,63}$' })
  eventType!: string;

  /** The earning rules' condition shape; every condition given must hold. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RuleConditionsDto)
  conditions?: RuleConditionsDto;

  @IsIn(TASK_MEASURES)
  measure!: TaskMeasure;

  /** `sum` only: the integer attribute summed; default `amount` (an order's amount in minor units). */
  @IsOptional()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { message: 'attribute must be a top-level attribute name' })
  attribute?: string;
}

export class TaskMilestoneDto {
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_TARGET)
  target!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards!: RewardDto[];
}

export class CreateTaskDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsIn(TASK_KINDS)
  kind!: TaskKind;

  @IsObject()
  @ValidateNested()
  @Type(() => TaskTriggerDto)
  trigger!: TaskTriggerDto;

  /** Every kind but `milestones`: the progress that completes a period. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_TARGET)
  target?: number;

  /** Every kind but `milestones`: what completing a period gives. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards?: RewardDto[];

  /** `milestones` only: ascending targets, each with its own reward. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TaskMilestoneDto)
  milestones?: TaskMilestoneDto[];

  /** Default `auto`. */
  @IsOptional()
  @IsIn(CLAIM_MODES)
  claimMode?: ClaimMode;

  /** `manual`: days after the period ends (after the day of completion for `once`, `window` and `milestones`) to claim; default 7. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  claimWindowDays?: number;

  /** Reverse a granted reward when a refund takes the progress back below the target; default true for order.paid. */
  @IsOptional()
  @IsBoolean()
  clawbackOnRefund?: boolean;

  /** `weekly`: the first day of the week, ISO weekday (1 = Monday, the default). */
  @IsOptional()
  @IsIn(WEEKDAYS)
  weekStart?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;

  /** A task the member must have completed (any period) before this one counts. */
  @IsOptional()
  @IsMongoId()
  prerequisiteTaskId?: string;

  /** Events before this instant do not count (required for `window`). */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'startsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  startsAt?: string;

  /** Events at or after this instant do not count (required for `window`). */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'endsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  endsAt?: string;

  /** How many completions one member may have in all (periods, or milestones); absent = no limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  completionLimit?: number;

  /** Lower first in the member's list; default 0. */
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  displayOrder?: number;

  /** Default true; false creates the task paused. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/**
 * A partial change; `trigger`, `rewards`, `milestones` and `audience` are replaced whole when given; `startsAt` and
 * `endsAt` are removed by null. Progress already recorded keeps the definition version it was
 * made under.
 */
export class UpdateTaskDto extends DefinitionChangeDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TaskTriggerDto)
  trigger?: TaskTriggerDto;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_TARGET)
  target?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards?: RewardDto[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TaskMilestoneDto)
  milestones?: TaskMilestoneDto[];

  @IsOptional()
  @IsIn(CLAIM_MODES)
  claimMode?: ClaimMode;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  claimWindowDays?: number;

  @IsOptional()
  @IsBoolean()
  clawbackOnRefund?: boolean;

  @IsOptional()
  @IsIn(WEEKDAYS)
  weekStart?: number;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AudienceDto)
  audience?: AudienceDto;

  /** An empty string removes the prerequisite. */
  @IsOptional()
  @Matches(/^([0-9a-f]{24})?$/, { message: 'prerequisiteTaskId must be a task id or empty' })
  prerequisiteTaskId?: string;

  /** null removes it. */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'startsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  startsAt?: string | null;

  /** null removes it. */
  @IsOptional()
  @Matches(ISO_UTC_PATTERN, { message: 'endsAt must be an ISO-8601 instant in UTC' })
  @IsISO8601({ strict: true })
  endsAt?: string | null;

  /** A task created with a limit keeps one (it may change); one created without never gets one (400 otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  completionLimit?: number | null;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  displayOrder?: number;
}

export class TaskQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;
}

/** Which completion a member claims; absent = the oldest claimable completion of the task. */
export class ClaimTaskDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  periodKey?: string;

  /** `milestones` tasks: the milestone's position (0 = the first). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(49)
  milestone?: number;
}

export interface TaskTriggerView {
  eventType: string;
  conditions: RuleConditionsView;
  measure: TaskMeasure;
  /** `sum` only. */
  attribute: string | null;
}

export interface TaskMilestoneView {
  target: number;
  rewards: RewardView[];
}

export interface TaskCompletionCounts {
  /** Completions recorded (each milestone counts once). */
  completed: number;
  claimed: number;
  expired: number;
  revoked: number;
}

export interface TaskView {
  id: string;
  name: string;
  description: string;
  kind: TaskKind;
  trigger: TaskTriggerView;
  /** null for `milestones`. */
  target: number | null;
  rewards: RewardView[];
  milestones: TaskMilestoneView[];
  claimMode: ClaimMode;
  claimWindowDays: number;
  clawbackOnRefund: boolean;
  weekStart: number;
  audience: AudienceView;
  prerequisiteTaskId: string | null;
  startsAt: string | null;
  endsAt: string | null;
  completionLimit: number | null;
  displayOrder: number;
  status: TaskStatus;
  counts: TaskCompletionCounts;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One completion in a member's progress record: the task's target, or one milestone. */
export interface TaskCompletionView {
  /** 0 for tasks without milestones. */
  milestone: number;
  target: number;
  state: TaskProgressState;
  rewards: GrantedRewardView[];
  completedAt: string | null;
  claimedAt: string | null;
  /** `manual`: the last instant the reward can be claimed. */
  claimBy: string | null;
}

/** A task as a member sees it, with the current period's progress. */
export interface MemberTaskView {
  taskId: string;
  name: string;
  description: string;
  kind: TaskKind;
  claimMode: ClaimMode;
  periodKey: string;
  /** When the current period ends (null for `once` and `milestones`). */
  periodEnd: string | null;
  progress: number;
  /** The target of the next milestone not reached yet (the last one when all are reached). */
  target: number;
  rewards: RewardView[];
  /** The record's state: completed once every target is reached; claimed once every reward is claimed. */
  state: TaskProgressState;
  milestones: TaskCompletionView[];
  /** Rewards waiting for a claim in this or earlier periods. */
  claimable: { periodKey: string; milestone: number; claimBy: string | null }[];
  /** Set when the member cannot make progress now. */
  locked: TaskLock | null;
  /** Completions left under the per-member limit (null = no limit). */
  completionsLeft: number | null;
  displayOrder: number;
}

export interface TaskClaimView {
  taskId: string;
  periodKey: string;
  milestone: number;
  state: TaskProgressState;
  rewards: GrantedRewardView[];
  claimedAt: string;
}
