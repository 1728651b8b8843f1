import type { Model } from 'mongoose';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { Walker } from '../../jobs/batch-walker.js';
import type { Completions } from './completions.js';
import type { TaskCompletion, TaskProgress } from './model.js';
import { LATE_EVENT_MS } from './task-periods.js';

const BATCH_SIZE = 200;

/** The jobs' walks over completions and progress records, in claimed batches (jobs/batch-walker.ts). */
export class TaskSweeps {
  constructor(
    private readonly completions: Model<TaskCompletion>,
    private readonly progress: Model<TaskProgress>,
    private readonly steps: Completions,
    private readonly walker: Walker,
  ) {}

  /**
   * Completions marked for follow-up whose time has come: claims, grants and reversals a crash interrupted. One that
   * fails again is reported to `onFailure` and left for the next run; the others go on.
   */
  async resume(now: Date, runKey: string, onFailure: (err: unknown, completionId: string) => void = () => undefined): Promise<JobCounts> {
    const walked = await this.walker.walk<TaskCompletion>({
      runKey,
      model: this.completions,
      filter: { followUp: true, followUpAt: { $lte: now } },
      batchSize: BATCH_SIZE,
      process: async (batch) => {
        const counts: JobCounts = { claimed: 0, granted: 0, reversed: 0, cleared: 0, failed: 0 };
        for (const completion of batch) {
          try {
            counts[await this.steps.resume(completion)]! += 1;
          } catch (err) {
            counts.failed! += 1;
            onFailure(err, completion._id);
          }
        }
        return counts;
      },
    });
    return { completions: walked.documents, ...walked.counts };
  }

  /**
   * Manual rewards unclaimed past their claim window become expired; progress records still open a day after their
   * period ended (late events count until then) become expired.
   */
  async expire(now: Date, runKey: string): Promise<JobCounts> {
    const counts: JobCounts = { rewards: 0, progress: 0 };
    const rewards = await this.walker.walk<TaskCompletion>({
      runKey: `${runKey}:rewards`,
      model: this.completions,
      filter: { state: 'completed', claimBy: { $lt: now } },
      batchSize: BATCH_SIZE,
      process: async (batch) => {
        let expired = 0;
        for (const completion of batch) if (await this.steps.expire(completion, now)) expired += 1;
        return { rewards: expired };
      },
    });
    addCounts(counts, rewards.counts);
    const records = await this.walker.walk<TaskProgress>({
      runKey: `${runKey}:progress`,
      model: this.progress,
      filter: { state: 'in_progress', periodEnd: { $lt: new Date(now.getTime() - LATE_EVENT_MS) } },
      projection: { _id: 1 },
      batchSize: BATCH_SIZE,
      process: async (batch) => {
        const result = await this.progress.updateMany(
          { _id: { $in: batch.map((r) => r._id) }, state: 'in_progress' },
          { $set: { state: 'expired', updatedAt: now } },
        );
        return { progress: result.modifiedCount };
      },
    });
    addCounts(counts, records.counts);
    return counts;
  }
}
