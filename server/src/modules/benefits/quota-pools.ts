import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { Pool } from './entitlements.js';
import type { BenefitGrant, PoolRef, QuotaCounter } from './model.js';

/** A use as the pools see it: its hash names it in a pool's `uses`. */
export interface PoolUse {
  memberId: string;
  benefitCode: string;
  hash: string;
  count: number;
}

/**
 * Takes and gives back uses on quota pools, each by one conditional update that also records (or removes) the use
 * by its hash: a use is taken at most once and never past the limit, and given back at most once, however often
 * and however concurrently it is asked.
 */
export class QuotaPools {
  constructor(
    private readonly counters: Model<QuotaCounter>,
    private readonly grants: Model<BenefitGrant>,
  ) {}

  /** How many uses each pool has had (by pool id); grants come with their counts. */
  async usedOf(pools: readonly Pool[], grants: readonly BenefitGrant[]): Promise<Map<string, number>> {
    const used = new Map<string, number>();
    for (const pool of pools) {
      if (pool.ref.kind === 'grant') used.set(pool.ref.id, grants.find((g) => g._id === pool.ref.docId)?.used ?? 0);
      else used.set(pool.ref.id, (await this.counters.findById(pool.ref.docId, { used: 1 }).lean())?.used ?? 0);
    }
    return used;
  }

  /** Takes the use from the pool if it fits (or finds it taken already); answers the pool's count after it, or null. */
  async take(pool: Pool, use: PoolUse, now: Date): Promise<number | null> {
    if (pool.limit !== null && use.count > pool.limit) return null;
    const mark = `uses.${use.hash}`;
    const fits = pool.limit === null ? {} : { used: { $lte: pool.limit - use.count } };
    const update = { $inc: { used: use.count }, $set: { [mark]: use.count } };
    if (pool.ref.kind === 'grant') {
      const taken = await this.grants
        .findOneAndUpdate(
          { _id: pool.ref.docId, memberId: use.memberId, state: 'active', validUntil: { $gte: now }, ...fits, [mark]: { $exists: false } },
          update,
          { returnDocument: 'after' },
        )
        .lean();
      if (taken) return taken.used;
    } else {
      try {
        const taken = await this.counters
          .findOneAndUpdate(
            { _id: pool.ref.docId, ...fits, [mark]: { $exists: false } },
            {
              ...update,
              $setOnInsert: { memberId: use.memberId, benefitCode: use.benefitCode, periodKey: pool.ref.id },
            },
            { upsert: true, returnDocument: 'after' },
          )
          .lean();
        if (taken) return taken.used;
      } catch (err) {
        // The counter exists and the filter did not match it: full, or this use was taken before.
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    return this.heldCount(pool.ref, use.hash);
  }

  /** The pool's count if it holds the use, else null. */
  async heldCount(ref: PoolRef, hash: string): Promise<number | null> {
    const projection = { used: 1, [`uses.${hash}`]: 1 };
    const doc =
      ref.kind === 'grant'
        ? await this.grants.findById(ref.docId, projection).lean()
        : await this.counters.findById(ref.docId, projection).lean();
    return doc?.uses?.[hash] !== undefined ? doc.used : null;
  }

  /** Gives the use back to the pool it was taken from; a second call finds nothing to give. */
  async giveBack(ref: PoolRef, use: Pick<PoolUse, 'hash' | 'count'>): Promise<void> {
    const mark = `uses.${use.hash}`;
    const filter = { _id: ref.docId, [mark]: { $exists: true } };
    const update = { $inc: { used: -use.count }, $unset: { [mark]: 1 } };
    if (ref.kind === 'grant') await this.grants.updateOne(filter, update);
    else await this.counters.updateOne(filter, update);
  }
}
