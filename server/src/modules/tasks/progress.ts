import { TaskMeasure } from '@laurel/shared';
import type { Model } from 'mongoose';
import { ConflictError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { TaskContribution, TaskProgress } from './model.js';
import { hashKey, type ProgressStep } from './plan.js';

export function progressIdOf(taskId: string, memberId: string, periodKey: string): string {
  return `${taskId}:${memberId}:${periodKey}`;
}

/** What an advance came to: the record, and the value before this contributor counted (null: it had counted already). */
export interface Advance {
  record: TaskProgress;
  from: number | null;
}

/** A refund as it reaches the records its order fed. */
export interface RefundOfOrder {
  eventId: string;
  orderId: string;
  refundAmount: number;
  orderAmount: number;
}

const MAX_ATTEMPTS = 10;

/** What is left of a contribution once `refunded` of its order's `orderAmount` is refunded. */
export function remainingOf(measure: TaskMeasure, amount: number, refunded: number, orderAmount: number): number {
  if (refunded >= orderAmount) return 0;
  if (measure === TaskMeasure.Count) return amount;
  return amount - Number((BigInt(amount) * BigInt(refunded)) / BigInt(orderAmount));
}

/** Progress records: advanced by one conditional upsert per contributor, taken back by refunds. */
export class ProgressRecords {
  constructor(private readonly progress: Model<TaskProgress>) {}

  /**
   * Adds a step's amount to the member's record of its period, creating the record with the step's snapshot. One
   * command: the filter only matches while this contributor has not counted, so replays and concurrent duplicates
   * never add twice.
   */
  async advance(memberId: string, step: ProgressStep, now: Date): Promise<Advance> {
    const id = progressIdOf(step.taskId, memberId, step.periodKey);
    const field = `contributions.${step.contributor}`;
    const contribution: TaskContribution = { amount: step.amount, taken: 0, refunded: 0, orderId: step.orderId, at: now, refunds: {} };
    const update: Record<string, unknown> = {
      $inc: { value: step.amount },
      $set: { [field]: contribution, updatedAt: now },
      $setOnInsert: {
        memberId,
        taskId: step.taskId,
        periodKey: step.periodKey,
        periodEnd: step.periodEnd ? new Date(step.periodEnd) : null,
        definitionVersion: step.version,
        milestones: step.milestones,
        terms: step.terms,
        state: 'in_progress',
        createdAt: now,
      },
    };
    if (step.orderId !== null) update.$addToSet = { orderIds: step.orderId };
    // A duplicate key is a first insert lost to a racing one, or a contributor that counted already: the second try tells.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const record = await this.progress
          .findOneAndUpdate({ _id: id, [field]: { $exists: false } }, update, { upsert: true, returnDocument: 'after' })
          .lean();
        if (record) return { record, from: record.value - step.amount };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    const record = await this.progress.findById(id).lean();
    if (!record?.contributions[step.contributor]) throw new Error(`task progress ${id} could not be advanced`);
    return { record, from: null };
  }

  /**
   * Takes back from each record the order fed what the refund leaves of its contribution (count: all of it once the
   * order is refunded in full; sum: the refunded share, cumulative across refunds). Idempotent per refund event.
   * Returns the records the order fed, as they are afterwards.
   */
  async takeBack(memberId: string, refund: RefundOfOrder, now: Date): Promise<TaskProgress[]> {
    const records = await this.progress.find({ memberId, orderIds: refund.orderId }).lean();
    const contributor = hashKey('c', `order:${refund.orderId}`);
    const mark = hashKey('r', refund.eventId);
    const after: TaskProgress[] = [];
    for (const record of records) after.push(await this.takeBackFrom(record, contributor, mark, refund, now));
    return after;
  }

  private async takeBackFrom(
    first: TaskProgress,
    contributor: string,
    mark: string,
    refund: RefundOfOrder,
    now: Date,
  ): Promise<TaskProgress> {
    let record: TaskProgress | null = first;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && record; attempt++) {
      const c = record.contributions[contributor];
      if (!c || c.refunds[mark] !== undefined) return record;
      const refunded = Math.min(refund.orderAmount, c.refunded + refund.refundAmount);
      const taken = c.amount - remainingOf(record.terms.measure, c.amount, refunded, refund.orderAmount);
      const field = `contributions.${contributor}`;
      // Conditional on the refunded total read, so two refunds of one order at once each build on the other.
      const updated: TaskProgress | null = await this.progress
        .findOneAndUpdate(
          { _id: record._id, [`${field}.refunded`]: c.refunded, [`${field}.refunds.${mark}`]: { $exists: false } },
          {
            $inc: { value: -(taken - c.taken) },
            $set: {
              [`${field}.refunded`]: refunded,
              [`${field}.taken`]: taken,
              [`${field}.refunds.${mark}`]: refund.refundAmount,
              updatedAt: now,
            },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (updated) return updated;
      record = await this.progress.findById(first._id).lean();
    }
    if (!record) throw new Error(`task progress ${first._id} disappeared`);
    throw new ConflictError('The task progress is busy; try again', 'TASK_PROGRESS_BUSY', { progress: first._id });
  }

  /** Marks the record completed once its last target's completion is recorded. */
  async markCompleted(id: string): Promise<void> {
    await this.progress.updateOne({ _id: id, state: { $in: ['in_progress', 'expired'] } }, { $set: { state: 'completed' } });
  }

  /** A refund took the last target back: the record is open again. */
  async reopen(id: string): Promise<void> {
    await this.progress.updateOne({ _id: id, state: 'completed' }, { $set: { state: 'in_progress' } });
  }

  async get(id: string): Promise<TaskProgress | null> {
    return this.progress.findById(id).lean();
  }

  /** The member's records among `ids`. */
  async ofMember(memberId: string, ids: string[]): Promise<TaskProgress[]> {
    if (ids.length === 0) return [];
    return this.progress.find({ memberId, _id: { $in: ids } }).lean();
  }
}
