import { createHash } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { insertNewInBulk } from '../../platform/mongo.js';
import type { RewardCode } from './model.js';

export interface CodeCounts {
  available: number;
  assigned: number;
  voided: number;
}

/**
 * The code pool of `virtual_code` rewards. A code is in a reward's pool once (unique key); it is given to one
 * redemption by one conditional update (`available → assigned`), goes back to the pool when its redemption fails,
 * and is voided (never given again: the member has seen it) when its redemption is cancelled.
 */
export class CodePool {
  constructor(
    private readonly codes: Model<RewardCode>,
    private readonly clock: Clock,
  ) {}

  /** The upload's batch id: the same codes for the same reward always make the same batch (a retry is recognised). */
  static batchOf(rewardId: string, codes: readonly string[]): string {
    return createHash('sha256')
      .update(`${rewardId}\n${[...codes].sort().join('\n')}`)
      .digest('base64url')
      .slice(0, 22);
  }

  /**
   * Inserts the codes not yet in the pool; answers how many codes of the batch are in the pool (this upload's and an
   * interrupted earlier try's).
   */
  async add(rewardId: string, codes: readonly string[], batch: string): Promise<number> {
    const unique = [...new Set(codes)];
    const now = this.clock.now();
    const docs = unique.map((code) => ({
      _id: new Types.ObjectId(),
      rewardId,
      code,
      state: 'available' as const,
      batch,
      redemptionId: null,
      memberId: null,
      assignedAt: null,
      createdAt: now,
    }));
    await insertNewInBulk(docs, (d) => this.codes.collection.insertMany(d, { ordered: false }));
    return this.codes.countDocuments({ rewardId, batch });
  }

  async counts(rewardId: string): Promise<CodeCounts> {
    const [available, assigned, voided] = await Promise.all(
      (['available', 'assigned', 'voided'] as const).map((state) => this.codes.countDocuments({ rewardId, state })),
    );
    return { available: available ?? 0, assigned: assigned ?? 0, voided: voided ?? 0 };
  }

  /**
   * Gives the redemption `quantity` codes. `fresh`: nothing can have been assigned to it yet (its first run), so the
   * lookup of codes it already holds is left out.
   */
  async assign(rewardId: string, redemptionId: string, memberId: string, quantity: number, fresh: boolean): Promise<RewardCode[]> {
    const held = fresh ? [] : await this.codes.find({ rewardId, redemptionId, state: 'assigned' }).lean();
    while (held.length < quantity) {
      const code = await this.codes
        .findOneAndUpdate(
          { rewardId, state: 'available' },
          { $set: { state: 'assigned', redemptionId, memberId, assignedAt: this.clock.now() } },
          { returnDocument: 'after' },
        )
        .lean();
      // The stock taken before guarantees a code; none means the pool and the stock disagree (a code voided by hand).
      if (!code) throw new Error(`reward ${rewardId} has stock but no available code`);
      held.push(code);
    }
    return held;
  }

  /** The redemption's codes go back to the pool (it failed: the member never saw them). */
  async putBack(rewardId: string, redemptionId: string): Promise<void> {
    await this.codes.updateMany(
      { rewardId, redemptionId, state: 'assigned' },
      { $set: { state: 'available', redemptionId: null, memberId: null, assignedAt: null } },
    );
  }

  /** The redemption's codes are voided (it was cancelled after the member saw them). */
  async void(rewardId: string, redemptionId: string): Promise<void> {
    await this.codes.updateMany({ rewardId, redemptionId, state: 'assigned' }, { $set: { state: 'voided' } });
  }
}
