import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { CouponMemberCount } from './model.js';

/**
 * Per-member limits: one counter per (template, member), taken by a conditional upsert (`count < limit`) that records
 * the issue attempt taking it, so a retry finds its slot and never counts twice; an undone issue gives it back.
 */
export class MemberLimits {
  constructor(private readonly counts: Model<CouponMemberCount>) {}

  /** Counts the issue `ref`; false when the member has reached `limit`. */
  async take(templateId: string, memberId: string, ref: string, limit: number): Promise<boolean> {
    const _id = `${templateId}:${memberId}`;
    const key = `issues.${ref}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        // A duplicate key is a first insert that lost a race (the retry matches) or a counter at its limit or
        // holding this ref already (the retry fails again): after two, the counter is read.
        const taken = await this.counts.updateOne(
          { _id, count: { $lt: limit }, [key]: { $exists: false } },
          { $inc: { count: 1 }, $set: { [key]: true }, $setOnInsert: { templateId, memberId } },
          { upsert: true },
        );
        if (taken.modifiedCount === 1 || taken.upsertedCount === 1) return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    return (await this.counts.exists({ _id, [key]: { $exists: true } })) !== null;
  }

  /** Gives the slot of issue `ref` back, if it holds one. */
  async give(templateId: string, memberId: string, ref: string): Promise<void> {
    const key = `issues.${ref}`;
    await this.counts.updateOne(
      { _id: `${templateId}:${memberId}`, [key]: { $exists: true } },
      { $inc: { count: -1 }, $unset: { [key]: 1 } },
    );
  }
}
