import { AFTER_CYCLE_MODES, type CheckInProgramView, type GrantedRewardView, type RewardView } from '@laurel/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

/** The one check-in program (`_id` 'default'), replaced whole by each update: the view's fields, stored. */
export type CheckInProgram = Omit<CheckInProgramView, 'timeZone' | 'updatedAt'> & {
  _id: string;
  updatedAt: Date;
};

export const PROGRAM_ID = 'default';

export type CheckInKind = 'regular' | 'make_up';
export type CheckInState = 'pending' | 'recorded' | 'cancelled';
export type RewardReason = 'day' | 'streak' | 'monthly_total';

/**
 * Where a make-up has got to; each stage is written after its step, so a crash leaves the step after the
 * recorded stage possibly done (undo covers it). `rewarding`: the rewards are planned and the make-up only goes
 * forward from there.
 */
export const MAKE_UP_STAGES = ['claimed', 'slot_taken', 'cost_paid', 'merged', 'rewarding'] as const;
export type MakeUpStage = (typeof MAKE_UP_STAGES)[number];

/** A reward a check-in pays, planned before it is granted (entryId null until then). */
export interface PlannedReward extends GrantedRewardView {
  reason: RewardReason;
  /** The milestone's days (streak or monthly total). */
  days?: number;
  /** A streak milestone: the day on which the (merged) streak reaches `days`; names its claim. */
  reachedOn?: string;
}

/**
 * One member's check-in of one business day: `_id` = `<memberId>:<YYYY-MM-DD>`, the unique key that allows one
 * check-in a day. It anchors its `checkin.recorded` message, added when it is recorded (settled).
 */
export interface CheckIn extends OutboxCarrier {
  _id: string;
  memberId: string;
  date: string;
  kind: CheckInKind;
  /** A cancelled make-up of the day claimed again counts up: keys of each attempt's ledger entries differ. */
  attempt: number;
  /** Counts in streaks: a regular check-in at once, a make-up from its merge until it is cancelled. */
  merged: boolean;
  /** Consecutive days up to and including this one. */
  streak: number;
  cycleDay: number;
  rewards: PlannedReward[];
  costPoints: number;
  costEntryId: string | null;
  state: CheckInState;
  /** Make-ups only. */
  stage: MakeUpStage | null;
  /** Make-ups only: set when the make-up began to be undone; from then on it is only ever undone. */
  undoing?: boolean;
  /** Make-ups only: the month whose make-ups this one takes (the month of the day it was made, not of `date`). */
  makeUpMonth: string | null;
  /** The month's check-in count this day made (its place among the month's days). */
  monthTotal: number | null;
  settledAt: Date | null;
  recordedAt: Date;
  programVersion: number;
}

/** The days a member checked in during one calendar month: `_id` = `<memberId>:<YYYY-MM>`, days in the order added. */
export interface CheckInMonth {
  _id: string;
  memberId: string;
  month: string;
  days: string[];
}

/**
 * Make-ups a member used in one calendar month: `_id` = `<memberId>:<YYYY-MM>`; `claims` maps each made-up day to
 * the attempt that took it, so taking it again is a no-op and giving it back is exact.
 */
export interface MakeUpCounter {
  _id: string;
  memberId: string;
  month: string;
  used: number;
  claims?: Record<string, string>;
}

/**
 * A milestone paid once: `_id` = `<memberId>:streak:<days>:<day reached>` or `<memberId>:monthly_total:<days>:<month>`;
 * `payer` = the check-in attempt that pays it.
 */
export interface MilestoneClaim {
  _id: string;
  memberId: string;
  payer: string;
}

const rewardFields = {
  type: { type: String, required: true },
  amount: { type: Number, required: true },
  templateId: { type: String, default: undefined },
  benefitCode: { type: String, default: undefined },
  validDays: { type: Number, default: undefined },
};
const rewardSchema = new Schema<RewardView>(rewardFields, { _id: false });
const plannedRewardSchema = new Schema<PlannedReward>(
  {
    ...rewardFields,
    reason: { type: String, required: true },
    days: { type: Number, default: undefined },
    reachedOn: { type: String, default: undefined },
    entryId: { type: String, default: null },
    couponIds: { type: [String], default: undefined },
    benefitGrantId: { type: String, default: undefined },
    refused: { type: String, default: undefined },
    kept: { type: [String], default: undefined },
  },
  { _id: false },
);

const programSchema = new Schema<CheckInProgram>(
  {
    _id: { type: String },
    active: { type: Boolean, required: true },
    cycleDays: { type: Number, required: true },
    dayRewards: {
      type: [new Schema({ day: { type: Number, required: true }, rewards: { type: [rewardSchema], default: [] } }, { _id: false })],
      default: [],
    },
    milestones: {
      type: [
        new Schema(
          {
            kind: { type: String, required: true },
            days: { type: Number, required: true },
            rewards: { type: [rewardSchema], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    afterCycle: { type: String, required: true, enum: AFTER_CYCLE_MODES },
    dayStart: { type: String, required: true },
    makeUp: {
      type: new Schema(
        {
          windowDays: { type: Number, required: true },
          perMonth: { type: Number, required: true },
          costPoints: { type: Number, required: true },
          payDayReward: { type: Boolean, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    activatedOn: { type: String, default: null },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'check_in_programs', versionKey: false, minimize: false },
);

const checkInSchema = new Schema<CheckIn>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    date: { type: String, required: true },
    kind: { type: String, required: true },
    attempt: { type: Number, required: true },
    merged: { type: Boolean, required: true },
    streak: { type: Number, required: true },
    cycleDay: { type: Number, required: true },
    rewards: { type: [plannedRewardSchema], default: [] },
    costPoints: { type: Number, required: true },
    costEntryId: { type: String, default: null },
    state: { type: String, required: true },
    stage: { type: String, default: null },
    makeUpMonth: { type: String, default: null },
    undoing: { type: Boolean, default: undefined },
    monthTotal: { type: Number, default: null },
    settledAt: { type: Date, default: null },
    recordedAt: { type: Date, required: true },
    programVersion: { type: Number, required: true },
    ...outboxCarrierFields,
  },
  { collection: 'check_ins', versionKey: false, minimize: false },
);
// Led by memberId (the shard key): the calendar and the streak walks read a member's days in a range.
checkInSchema.index({ memberId: 1, date: 1 });
checkInSchema.index({ settledAt: 1 });
checkInSchema.index({ outboxPending: 1 });

const monthSchema = new Schema<CheckInMonth>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    month: { type: String, required: true },
    days: { type: [String], default: undefined },
  },
  { collection: 'check_in_months', versionKey: false, minimize: false },
);
monthSchema.index({ memberId: 1 });

const counterSchema = new Schema<MakeUpCounter>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    month: { type: String, required: true },
    used: { type: Number, required: true },
    // No default: an upsert's `$set` of `claims.<day>` must not meet a `$setOnInsert` of `claims`.
    claims: { type: Schema.Types.Mixed },
  },
  { collection: 'check_in_make_ups', versionKey: false, minimize: false },
);
counterSchema.index({ memberId: 1 });

const claimSchema = new Schema<MilestoneClaim>(
  { _id: { type: String }, memberId: { type: String, required: true }, payer: { type: String, required: true } },
  { collection: 'check_in_milestone_claims', versionKey: false },
);
claimSchema.index({ memberId: 1, payer: 1 });

export function checkInProgramModel(connection: Connection): Model<CheckInProgram> {
  return connection.models.CheckInProgram ?? connection.model<CheckInProgram>('CheckInProgram', programSchema);
}

/** Check-in records; they carry `checkin.recorded` outbox messages (register with the outbox relay). */
export function checkInModel(connection: Connection): Model<CheckIn> {
  return connection.models.CheckIn ?? connection.model<CheckIn>('CheckIn', checkInSchema);
}

export function checkInMonthModel(connection: Connection): Model<CheckInMonth> {
  return connection.models.CheckInMonth ?? connection.model<CheckInMonth>('CheckInMonth', monthSchema);
}

export function makeUpCounterModel(connection: Connection): Model<MakeUpCounter> {
  return connection.models.CheckInMakeUpCounter ?? connection.model<MakeUpCounter>('CheckInMakeUpCounter', counterSchema);
}

export function milestoneClaimModel(connection: Connection): Model<MilestoneClaim> {
  return connection.models.CheckInMilestoneClaim ?? connection.model<MilestoneClaim>('CheckInMilestoneClaim', claimSchema);
}
