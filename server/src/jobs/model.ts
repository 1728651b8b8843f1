import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One finished run of a scheduled job: what it did and how long it took. */
export interface JobRun {
  _id: Types.ObjectId;
  name: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outcome: 'success' | 'failure';
  counts: Record<string, number>;
  error: string | null;
}

const schema = new Schema<JobRun>(
  {
    name: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
    durationMs: { type: Number, required: true },
    outcome: { type: String, required: true, enum: ['success', 'failure'] },
    counts: { type: Schema.Types.Mixed, default: {} },
    error: { type: String, default: null },
  },
  { collection: 'job_runs', versionKey: false, minimize: false },
);
schema.index({ name: 1 });
schema.index({ startedAt: 1 });

export function jobRunModel(connection: Connection): Model<JobRun> {
  return connection.models.JobRun ?? connection.model<JobRun>('JobRun', schema);
}

/**
 * One batch of one run, claimed by the worker that inserted it (the unique `_id` makes the claim atomic on
 * MongoDB and FerretDB alike); once `state` is `done` it is also the run's checkpoint up to `last`.
 */
export interface JobBatch {
  /** `<runKey>:<after>` for a claim, `<claim id>#<attempt>` for a retake of an abandoned claim. */
  _id: string;
  runKey: string;
  kind: 'claim' | 'retake';
  /** The _id the batch starts after (null: from the start) and the _id of its last document. */
  after: unknown;
  last: unknown;
  size: number;
  state: 'claimed' | 'done' | 'failed';
  owner: string;
  attempt: number;
  claimedAt: Date;
  leaseUntil: Date;
  finishedAt: Date | null;
  counts: Record<string, number>;
}

const batchSchema = new Schema<JobBatch>(
  {
    _id: { type: String },
    runKey: { type: String, required: true },
    kind: { type: String, required: true, enum: ['claim', 'retake'] },
    after: { type: Schema.Types.Mixed, default: null },
    last: { type: Schema.Types.Mixed, default: null },
    size: { type: Number, required: true },
    state: { type: String, required: true, enum: ['claimed', 'done', 'failed'] },
    owner: { type: String, required: true },
    attempt: { type: Number, required: true },
    claimedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    counts: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'job_batches', versionKey: false, minimize: false },
);

batchSchema.index({ claimedAt: 1 });

export function jobBatchModel(connection: Connection): Model<JobBatch> {
  return connection.models.JobBatch ?? connection.model<JobBatch>('JobBatch', batchSchema);
}
