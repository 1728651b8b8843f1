import type { TaskCompletionCounts } from '@laurel/shared';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { TaskCounts } from './model.js';

export type CountName = keyof TaskCompletionCounts;

/** Completion counts per task, one small document per task, added to as completions change state. */
export class TaskCountBook {
  constructor(private readonly counts: Model<TaskCounts>) {}

  /** Adds one to each count named; called by the writer that won the state change, so each change counts once. */
  async add(taskId: string, ...names: CountName[]): Promise<void> {
    const inc = Object.fromEntries(names.map((name) => [name, 1]));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.counts.updateOne({ _id: taskId }, { $inc: inc }, { upsert: true });
        return;
      } catch (err) {
        // Two first upserts at once: the loser finds the document on its second try.
        if (!isDuplicateKeyError(err) || attempt > 0) throw err;
      }
    }
  }

  async of(taskIds: string[]): Promise<Map<string, TaskCompletionCounts>> {
    const docs = taskIds.length === 0 ? [] : await this.counts.find({ _id: { $in: taskIds } }).lean();
    const found = new Map(docs.map((d) => [d._id, d]));
    return new Map(
      taskIds.map((id) => {
        const d = found.get(id);
        return [id, { completed: d?.completed ?? 0, claimed: d?.claimed ?? 0, expired: d?.expired ?? 0, revoked: d?.revoked ?? 0 }];
      }),
    );
  }
}
