import type { Model } from 'mongoose';
import { ConflictError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { TaskMemberCounter } from './model.js';
import { hashKey } from './plan.js';

const MAX_ATTEMPTS = 10;

export function counterIdOf(taskId: string, memberId: string): string {
  return `${taskId}:${memberId}`;
}

/**
 * One counter per task and member, changed only by conditional updates: a completion takes a slot under the
 * per-member limit (`completions < limit`) and records its claim, so a retry finds its slot instead of taking another;
 * a revoked completion gives its slot back.
 */
export class MemberCounters {
  constructor(private readonly counters: Model<TaskMemberCounter>) {}

  /** Takes a slot for a completion; false when the limit is reached. Idempotent per completion. */
  async reserve(taskId: string, memberId: string, completionId: string, limit: number | null): Promise<boolean> {
    const id = counterIdOf(taskId, memberId);
    const claim = hashKey('k', completionId);
    const field = `claims.${claim}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const filter: Record<string, unknown> = { _id: id, [field]: { $exists: false } };
      if (limit !== null) filter.completions = { $lt: limit };
      try {
        const result = await this.counters.updateOne(
          filter,
          { $inc: { completions: 1 }, $set: { [field]: true }, $setOnInsert: { taskId, memberId } },
          { upsert: true },
        );
        if (result.modifiedCount + result.upsertedCount === 1) return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      // The counter exists and did not match: this completion holds a slot already, or the limit is reached.
      const counter = await this.counters.findById(id).lean();
      if (!counter) continue;
      if (counter.claims?.[claim]) return true;
      if (limit !== null && counter.completions >= limit) return false;
    }
    throw new ConflictError('The completion counter is busy; try again', 'TASK_COUNTER_BUSY', { counter: id });
  }

  /** Gives back a revoked completion's slot; nothing when it holds none. */
  async release(taskId: string, memberId: string, completionId: string): Promise<void> {
    const field = `claims.${hashKey('k', completionId)}`;
    await this.counters.updateOne(
      { _id: counterIdOf(taskId, memberId), [field]: { $exists: true } },
      { $inc: { completions: -1 }, $unset: { [field]: 1 } },
    );
  }

  /** Completions per task of one member. */
  async forMember(memberId: string): Promise<Map<string, number>> {
    const docs = await this.counters.find({ memberId }, { taskId: 1, completions: 1 }).lean();
    return new Map(docs.map((d) => [d.taskId, d.completions]));
  }
}
