import type { IssuedItemView } from '@laurel/shared';
import { unitKey, type RewardIssuer, type UndoOutcome } from './issuers.js';
import type { Redemption } from './model.js';

/** What granting benefits needs of the benefits feature (BenefitService fits). */
export interface BenefitGranting {
  grant(input: {
    memberId: string;
    benefitCode: string;
    count: number;
    validDays: number;
    key: string;
    source: { type: 'mall'; id: string };
  }): Promise<{ id: string }>;
  undoGrant(input: { key: string; memberId: string }): Promise<'undone' | 'not_granted' | 'in_use'>;
}

/**
 * One grant of the reward's benefit for the whole redemption: `count × quantity` uses valid for `validDays`, under the
 * key `mall:<redemption>:1`, so a retry grants nothing twice. An undo revokes it while unused (`in_use` after a use).
 */
export class BenefitRewardIssuer implements RewardIssuer {
  constructor(private readonly benefits: BenefitGranting) {}

  async issue(r: Redemption): Promise<IssuedItemView[]> {
    const benefit = r.terms.benefit;
    if (benefit === null) throw new Error(`benefit redemption ${r._id.toHexString()} names no benefit`);
    const grant = await this.benefits.grant({
      memberId: r.memberId,
      benefitCode: benefit.code,
      count: benefit.count * r.quantity,
      validDays: benefit.validDays,
      key: unitKey(r, 1),
      source: { type: 'mall', id: r._id.toHexString() },
    });
    return [{ kind: 'benefit', id: grant.id }];
  }

  async undo(r: Redemption): Promise<UndoOutcome> {
    const outcome = await this.benefits.undoGrant({ key: unitKey(r, 1), memberId: r.memberId });
    return outcome === 'not_granted' ? 'not_issued' : outcome;
  }
}
