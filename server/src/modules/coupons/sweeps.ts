import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { CouponIssuer } from './issuer.js';
import { couponMessage } from './messages.js';
import type { Coupon } from './model.js';
import type { TemplateStock } from './stock.js';

const BATCH_SIZE = 200;

/** The jobs' walks over coupons, in claimed batches (jobs/batch-walker.ts); each change is conditional, so runs repeat safely. */
export class CouponSweeps {
  constructor(
    private readonly coupons: Model<Coupon>,
    private readonly issuer: CouponIssuer,
    private readonly stock: TemplateStock,
    private readonly walker: Walker,
    private readonly onChanged: () => void,
  ) {}

  /**
   * Usable coupons (issued, restored) past their validity become expired; locks past their time go back to issued,
   * or to expired when the coupon's validity is over too.
   */
  async expire(now: Date, runKey: string): Promise<JobCounts> {
    const counts: JobCounts = { expired: 0, released: 0 };
    for (const state of ['issued', 'restored'] as const) {
      const walked = await this.walker.walk<Coupon>({
        runKey: `${runKey}:${state}`,
        model: this.coupons,
        filter: { state, validUntil: { $lt: now } },
        batchSize: BATCH_SIZE,
        process: async (batch) => {
          let expired = 0;
          for (const c of batch) if (await this.expireOne(c, { state, validUntil: { $lt: now } }, now)) expired += 1;
          return { expired };
        },
      });
      addCounts(counts, walked.counts);
    }
    const locks = await this.walker.walk<Coupon>({
      runKey: `${runKey}:locked`,
      model: this.coupons,
      filter: { state: 'locked', lockedUntil: { $lte: now } },
      batchSize: BATCH_SIZE,
      process: async (batch) => {
        const result: JobCounts = { expired: 0, released: 0 };
        for (const c of batch) {
          const held = { state: 'locked' as const, orderId: c.orderId, lockedUntil: { $lte: now } };
          if (c.validUntil < now) {
            if (await this.expireOne(c, held, now)) result.expired! += 1;
            continue;
          }
          const released = await this.coupons.updateOne(
            { _id: c._id, ...held },
            { $set: { state: 'issued', orderId: null, lockedUntil: null, updatedAt: now } },
          );
          result.released! += released.modifiedCount;
        }
        return result;
      },
    });
    addCounts(counts, locks.counts);
    return counts;
  }

  /** Issues, undos and cancellations a crash left half done, once their grace period is over. */
  async resume(now: Date, runKey: string, onFailure: (err: unknown, couponId: string) => void = () => undefined): Promise<JobCounts> {
    const walked = await this.walker.walk<Coupon>({
      runKey,
      model: this.coupons,
      filter: { followUp: true, followUpAt: { $lte: now } },
      batchSize: BATCH_SIZE,
      process: async (batch) => {
        const counts: JobCounts = { cancelled: 0, finished: 0, returned: 0, skipped: 0, failed: 0 };
        for (const c of batch) {
          try {
            counts[await this.issuer.resume(c)]! += 1;
          } catch (err) {
            counts.failed! += 1;
            onFailure(err, c._id.toHexString());
          }
        }
        return counts;
      },
    });
    return { coupons: walked.documents, ...walked.counts };
  }

  private async expireOne(c: Coupon, condition: Record<string, unknown>, now: Date): Promise<boolean> {
    const expired = await this.coupons.updateOne(
      { _id: c._id, ...condition },
      {
        $set: { state: 'expired', orderId: null, lockedUntil: null, outboxPending: true, updatedAt: now },
        $push: { outbox: couponMessage('coupon.expired', c, now) },
      },
    );
    if (expired.modifiedCount === 0) return false;
    this.onChanged();
    await this.stock.count(c.templateId, 'expired');
    return true;
  }
}
