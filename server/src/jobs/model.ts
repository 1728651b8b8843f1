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

export function jobRunModel(connection: Connection): Model<JobRun> {
  return connection.models.JobRun ?? connection.model<JobRun>('JobRun', schema);
}
