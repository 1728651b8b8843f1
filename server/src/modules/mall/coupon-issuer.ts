import type { IssuedItemView } from '@laurel/shared';
import { unitKey, type RewardIssuer, type UndoOutcome } from './issuers.js';
import type { Redemption } from './model.js';

/** What issuing coupons needs of the coupons feature (CouponService fits). */
export interface CouponIssuing {
  issue(input: {
    templateId: string;
    memberId: string;
    key: string;
    source: { type: 'mall'; id: string };
    skipAudience?: boolean;
  }): Promise<{ id: string; code: string }>;
  undoIssue(input: { key: string; memberId: string }): Promise<UndoOutcome>;
}

/**
 * One coupon of the reward's template per unit, each issued under its own key (`mall:<redemption>:<unit>`), so a
 * retry issues none twice. The mall's own tier restriction decided the member's right: the template's audience is
 * not asked again. An undo voids each unused coupon; `in_use` as soon as one is locked or redeemed.
 */
export class CouponRewardIssuer implements RewardIssuer {
  constructor(private readonly coupons: CouponIssuing) {}

  async issue(r: Redemption): Promise<IssuedItemView[]> {
    const templateId = r.terms.couponTemplateId;
    if (templateId === null) throw new Error(`coupon redemption ${r._id.toHexString()} names no template`);
    const issued: IssuedItemView[] = [];
    for (let unit = 1; unit <= r.quantity; unit++) {
      const coupon = await this.coupons.issue({
        templateId,
        memberId: r.memberId,
        key: unitKey(r, unit),
        source: { type: 'mall', id: r._id.toHexString() },
        skipAudience: true,
      });
      issued.push({ kind: 'coupon', id: coupon.id, code: coupon.code });
    }
    return issued;
  }

  async undo(r: Redemption): Promise<UndoOutcome> {
    let outcome: UndoOutcome = 'not_issued';
    for (let unit = r.quantity; unit >= 1; unit--) {
      const undone = await this.coupons.undoIssue({ key: unitKey(r, unit), memberId: r.memberId });
      if (undone === 'in_use') return 'in_use';
      if (undone === 'undone') outcome = 'undone';
    }
    return outcome;
  }
}
