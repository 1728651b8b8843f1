import type { Model, Types } from 'mongoose';
import type { CouponTemplate } from './model.js';

export type TemplateCount = 'redeemed' | 'restored' | 'expired' | 'voided';

/**
 * A template's stock and counts. Taking and giving back stock are ops keyed by the issue (`stockOps.<op>`): the
 * conditional `$inc` applies an op only while its key is absent, so a retry after a crash never takes or gives twice,
 * and `clear` removes the key once the coupon has recorded the op. Unlimited templates count issues the same way.
 */
export class TemplateStock {
  constructor(private readonly templates: Model<CouponTemplate>) {}

  /** Takes one unit for `op`; false when none is left. True again for an op already applied. */
  async take(templateId: Types.ObjectId, op: string, limited: boolean, now: Date): Promise<boolean> {
    const key = `stockOps.${op}`;
    const taken = await this.templates.updateOne(
      { _id: templateId, [key]: { $exists: false }, ...(limited ? { stockLeft: { $gte: 1 } } : {}) },
      { $inc: { issued: 1, ...(limited ? { stockLeft: -1 } : {}) }, $set: { [key]: now } },
    );
    if (taken.modifiedCount === 1) return true;
    return this.applied(templateId, op);
  }

  /** Undoes `take(op)` if it was applied and not yet cleared. */
  async untake(templateId: Types.ObjectId, op: string, limited: boolean): Promise<void> {
    const key = `stockOps.${op}`;
    await this.templates.updateOne(
      { _id: templateId, [key]: { $exists: true } },
      { $inc: { issued: -1, ...(limited ? { stockLeft: 1 } : {}) }, $unset: { [key]: 1 } },
    );
  }

  /** Gives one unit of an issued coupon back (its issue undone), once per `op`; `clear` it after the coupon records it. */
  async giveBack(templateId: Types.ObjectId, op: string, limited: boolean, now: Date): Promise<void> {
    const key = `stockOps.${op}`;
    await this.templates.updateOne(
      { _id: templateId, [key]: { $exists: false } },
      { $inc: { issued: -1, ...(limited ? { stockLeft: 1 } : {}) }, $set: { [key]: now } },
    );
  }

  /** Forgets an op the coupon has recorded. */
  async clear(templateId: Types.ObjectId, op: string): Promise<void> {
    await this.templates.updateOne({ _id: templateId }, { $unset: { [`stockOps.${op}`]: 1 } });
  }

  /** Console counts, `$inc`ed by the writer that won the state change (a crash between the two loses one count). */
  async count(templateId: string, what: TemplateCount, by = 1): Promise<void> {
    await this.templates.updateOne({ _id: templateId }, { $inc: { [what]: by } });
  }

  private async applied(templateId: Types.ObjectId, op: string): Promise<boolean> {
    const found = await this.templates.exists({ _id: templateId, [`stockOps.${op}`]: { $exists: true } });
    return found !== null;
  }
}
