import {
  CLAIM_MODES,
  TASK_KINDS,
  TASK_STATUSES,
  type ClaimMode,
  type GrantedRewardView,
  type RewardView,
  type TaskKind,
  type TaskMeasure,
  type TaskStatus,
} from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { RuleConditions } from '../earning-rules/model.js';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

export interface TaskTrigger {
  eventType: string;
  /** The earning rules' condition shape, instants as dates. */
  conditions: RuleConditions;
  measure: TaskMeasure;
  /** `sum` only: the integer attribute summed (`amount`, the order amount, by default); null for `count`. */
  attribute: string | null;
}

/** One target with what reaching it gives; tasks without milestones have exactly one. */
export interface TaskMilestone {
  target: number;
  rewards: RewardView[];
}

/** A task definition. `version` starts at 1 and grows by one with each change. */
export interface Task {
  _id: Types.ObjectId;
  name: string;
  description: string;
  kind: TaskKind;
  trigger: TaskTrigger;
  /** null for `milestones`. */
  target: number | null;
  rewards: RewardView[];
  milestones: TaskMilestone[];
  claimMode: ClaimMode;
  claimWindowDays: number;
  clawbackOnRefund: boolean;
  weekStart: number;
  audience: { tiers: string[] };
  prerequisiteTaskId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  completionLimit: number | null;
  displayOrder: number;
  status: TaskStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The terms a progress record was made under, kept with it: a later definition change does not rewrite them. */
export interface TaskTerms {
  taskName: string;
  kind: TaskKind;
  measure: TaskMeasure;
  claimMode: ClaimMode;
  claimWindowDays: number;
  clawbackOnRefund: boolean;
}

/**
 * What one contributor (an order, or an event that is not an order's) added to a record. `taken` is what refunds
 * have taken back of `amount`, `refunded` the order's refunded amount so far (minor units), `refunds` the refund
 * events applied (by hash, each with its refund amount), so applying a refund again changes nothing.
 */
export interface TaskContribution {
  amount: number;
  taken: number;
  refunded: number;
  orderId: string | null;
  at: Date;
  refunds: Record<string, number>;
}

/** Stored progress states; `claimed` is shown when every completion of the record is claimed. */
export type StoredProgressState = 'in_progress' | 'completed' | 'expired';

/**
 * One member's progress on one task in one period: `_id` = `<taskId>:<memberId>:<periodKey>`. `contributions` is
 * keyed by a hash of the contributor (the order id for orders, else the event id): a contributor counts once.
 * `orderIds` lets a refund find the records its order fed.
 */
export interface TaskProgress {
  _id: string;
  memberId: string;
  taskId: string;
  periodKey: string;
  /** First instant after the period; null for `once` and `milestones`. */
  periodEnd: Date | null;
  definitionVersion: number;
  milestones: TaskMilestone[];
  terms: TaskTerms;
  value: number;
  state: StoredProgressState;
  contributions: Record<string, TaskContribution>;
  orderIds?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type CompletionState = 'completed' | 'claimed' | 'expired' | 'revoked';

/**
 * One completion: a record's target (milestone `m`) reached, `_id` = `<progressId>:<m>`, so each is recorded once.
 * A revoked completion that is reached again starts its next `round` (new grant id and keys). It anchors its
 * `task.completed` and `task.claimed` messages. `followUp` marks work left to finish (an automatic claim, a grant,
 * a reversal), due at `followUpAt`, for the resume job.
 */
export interface TaskCompletion extends OutboxCarrier {
  _id: string;
  memberId: string;
  taskId: string;
  taskName: string;
  progressId: string;
  periodKey: string;
  milestone: number;
  target: number;
  rewards: GrantedRewardView[];
  claimMode: ClaimMode;
  clawbackOnRefund: boolean;
  state: CompletionState;
  round: number;
  completedAt: Date;
  /** `manual`: the last instant the reward can be claimed; null for `auto`. */
  claimBy: Date | null;
  claimedAt: Date | null;
  /** The scoped Idempotency-Key of the member's claim: a retry with it finishes the claim instead of being refused. */
  claimKey: string | null;
  /** Set once the ledger grants are done. */
  rewardedAt: Date | null;
  expiredAt: Date | null;
  revokedAt: Date | null;
  /** Set once the reversal of a revoked claim is done (or when there was nothing to reverse). */
  reversedAt: Date | null;
  followUp?: boolean;
  followUpAt?: Date;
}

/**
 * Per task and member (`_id` = `<taskId>:<memberId>`): completions counted against the per-member limit, and which
 * (`claims`, by completion hash), so a retry never counts twice. It also answers "completed at least once".
 */
export interface TaskMemberCounter {
  _id: string;
  taskId: string;
  memberId: string;
  completions: number;
  claims?: Record<string, boolean>;
}

/** Completion counts per task (`_id` = task id), kept at write time. */
export interface TaskCounts {
  _id: string;
  completed?: number;
  claimed?: number;
  expired?: number;
  revoked?: number;
}

const taskSchema = new Schema<Task>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    kind: { type: String, required: true, enum: TASK_KINDS },
    // Validated by the DTOs and the service; stored as documents without schema of their own.
    trigger: { type: Schema.Types.Mixed, required: true },
    target: { type: Number, default: null },
    rewards: { type: Schema.Types.Mixed, required: true },
    milestones: { type: Schema.Types.Mixed, required: true },
    claimMode: { type: String, required: true, enum: CLAIM_MODES },
    claimWindowDays: { type: Number, required: true },
    clawbackOnRefund: { type: Boolean, required: true },
    weekStart: { type: Number, required: true },
    audience: { type: Schema.Types.Mixed, required: true },
    prerequisiteTaskId: { type: String, default: null },
    startsAt: { type: Date, default: null },
    endsAt: { type: Date, default: null },
    completionLimit: { type: Number, default: null },
    displayOrder: { type: Number, required: true },
    status: { type: String, required: true, enum: TASK_STATUSES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'tasks', versionKey: false, minimize: false },
);
taskSchema.index({ status: 1 });

// No defaults anywhere: the advance is an upsert whose `$set`/`$inc`/`$addToSet` must not meet a default in `$setOnInsert`.
const progressSchema = new Schema<TaskProgress>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    taskId: { type: String, required: true },
    periodKey: { type: String, required: true },
    periodEnd: { type: Date },
    definitionVersion: { type: Number, required: true },
    milestones: { type: Schema.Types.Mixed },
    terms: { type: Schema.Types.Mixed },
    value: { type: Number },
    state: { type: String, enum: ['in_progress', 'completed', 'expired'] },
    contributions: { type: Schema.Types.Mixed },
    orderIds: { type: [String], default: undefined },
    createdAt: { type: Date },
    updatedAt: { type: Date },
  },
  { collection: 'task_progress', versionKey: false, minimize: false },
);
// A refund finds the records its order fed; the member's view reads their records by member.
progressSchema.index({ memberId: 1, orderIds: 1 });
// The expiry job walks open records whose period has ended.
progressSchema.index({ state: 1, periodEnd: 1 });

const completionSchema = new Schema<TaskCompletion>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    taskId: { type: String, required: true },
    taskName: { type: String, required: true },
    progressId: { type: String, required: true },
    periodKey: { type: String, required: true },
    milestone: { type: Number, required: true },
    target: { type: Number, required: true },
    rewards: { type: Schema.Types.Mixed, required: true },
    claimMode: { type: String, required: true, enum: CLAIM_MODES },
    clawbackOnRefund: { type: Boolean, required: true },
    state: { type: String, required: true, enum: ['completed', 'claimed', 'expired', 'revoked'] },
    round: { type: Number, required: true },
    completedAt: { type: Date, required: true },
    claimBy: { type: Date, default: null },
    claimedAt: { type: Date, default: null },
    claimKey: { type: String, default: null },
    rewardedAt: { type: Date, default: null },
    expiredAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    reversedAt: { type: Date, default: null },
    followUp: { type: Boolean, default: undefined },
    followUpAt: { type: Date, default: undefined },
    ...outboxCarrierFields,
  },
  { collection: 'task_completions', versionKey: false, minimize: false },
);
// Led by memberId (the shard key): a member's claimable completions, and a record's completions.
completionSchema.index({ memberId: 1, state: 1 });
completionSchema.index({ memberId: 1, progressId: 1 });
// A prerequisite asks whether the member completed a task at least once.
completionSchema.index({ memberId: 1, taskId: 1 });
completionSchema.index({ state: 1, claimBy: 1 });
completionSchema.index({ followUp: 1 });
completionSchema.index({ outboxPending: 1 });

const counterSchema = new Schema<TaskMemberCounter>(
  {
    _id: { type: String },
    taskId: { type: String, required: true },
    memberId: { type: String, required: true },
    completions: { type: Number },
    // No default: an upsert's `$set` of `claims.<hash>` must not meet a `$setOnInsert` of `claims`.
    claims: { type: Schema.Types.Mixed },
  },
  { collection: 'task_member_counters', versionKey: false, minimize: false },
);
counterSchema.index({ memberId: 1 });

const countsSchema = new Schema<TaskCounts>(
  {
    _id: { type: String },
    completed: { type: Number },
    claimed: { type: Number },
    expired: { type: Number },
    revoked: { type: Number },
  },
  { collection: 'task_counts', versionKey: false, minimize: false },
);

export function taskModel(connection: Connection): Model<Task> {
  return connection.models.Task ?? connection.model<Task>('Task', taskSchema);
}

export function taskProgressModel(connection: Connection): Model<TaskProgress> {
  return connection.models.TaskProgress ?? connection.model<TaskProgress>('TaskProgress', progressSchema);
}

export function taskCompletionModel(connection: Connection): Model<TaskCompletion> {
  return connection.models.TaskCompletion ?? connection.model<TaskCompletion>('TaskCompletion', completionSchema);
}

export function taskMemberCounterModel(connection: Connection): Model<TaskMemberCounter> {
  return connection.models.TaskMemberCounter ?? connection.model<TaskMemberCounter>('TaskMemberCounter', counterSchema);
}

export function taskCountsModel(connection: Connection): Model<TaskCounts> {
  return connection.models.TaskCounts ?? connection.model<TaskCounts>('TaskCounts', countsSchema);
}
