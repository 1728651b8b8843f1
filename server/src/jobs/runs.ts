import type { Model } from 'mongoose';
import type { JobRun } from './model.js';

/** How long job runs are kept: frequent jobs (outbox relay, webhook dispatch) record thousands a day. */
export const JOB_RUN_RETENTION_DAYS = 14;

/** Deletes runs that started before `before`, oldest first, in bounded batches; returns how many. */
export async function deleteOldRuns(runs: Model<JobRun>, before: Date, batchSize = 1000): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await runs
      .find({ startedAt: { $lt: before } }, { _id: 1 })
      .limit(batchSize)
      .lean();
    if (batch.length === 0) return deleted;
    deleted += (await runs.deleteMany({ _id: { $in: batch.map((run) => run._id) } })).deletedCount;
    if (batch.length < batchSize) return deleted;
  }
}
