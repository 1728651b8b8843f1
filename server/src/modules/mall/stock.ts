import type { Model } from 'mongoose';
import type { MallReward } from './model.js';

export type TakeOutcome = 'taken' | 'out_of_stock';

/**
 * A reward's stock, moved by conditional `$inc`s on the reward: a take only while `stock >= quantity`, a return only
 * while `sold >= quantity` (so never above the total). Each operation leaves its proof under the redemption's id in
 * `stockOps` until the redemption has recorded it (`tidy`), so a step retried after a crash finds it done.
 */
export class StockBook {
  constructor(private readonly rewards: Model<MallReward>) {}

  async take(rewardId: string, redemptionId: string, quantity: number): Promise<TakeOutcome> {
    const proof = `stockOps.${redemptionId}`;
    const result = await this.rewards.updateOne(
      { _id: rewardId, stock: { $gte: quantity }, [proof]: { $exists: false } },
      { $inc: { stock: -quantity, sold: quantity }, $set: { [proof]: 't' } },
    );
    if (result.modifiedCount === 1) return 'taken';
    return (await this.proofOf(rewardId, redemptionId)) === 't' ? 'taken' : 'out_of_stock';
  }

  /**
   * Gives a redemption's units back. `recorded`: the redemption recorded the take (its proof may be tidied away);
   * otherwise the take may not have happened, and only its proof says it did. Idempotent.
   */
  async giveBack(rewardId: string, redemptionId: string, quantity: number, recorded: boolean): Promise<void> {
    const proof = `stockOps.${redemptionId}`;
    await this.rewards.updateOne(
      { _id: rewardId, sold: { $gte: quantity }, [proof]: recorded ? { $ne: 'r' } : 't' },
      { $inc: { stock: quantity, sold: -quantity }, $set: { [proof]: 'r' } },
    );
  }

  /** Drops a proof the redemption has recorded (only that one: a newer proof of the same redemption stays). */
  async tidy(rewardId: string, redemptionId: string, proof: 't' | 'r'): Promise<void> {
    const path = `stockOps.${redemptionId}`;
    await this.rewards.updateOne({ _id: rewardId, [path]: proof }, { $unset: { [path]: 1 } });
  }

  private async proofOf(rewardId: string, redemptionId: string): Promise<string | undefined> {
    const reward = await this.rewards.findById(rewardId, { [`stockOps.${redemptionId}`]: 1 }).lean();
    return reward?.stockOps?.[redemptionId];
  }
}
