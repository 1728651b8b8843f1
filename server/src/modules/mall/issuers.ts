import type { IssuedItemView, MallRewardType } from '@laurel/shared';
import type { CodePool } from './codes.js';
import type { Redemption } from './model.js';

/** Why an issue is undone: the saga failed (nothing reached the member), or a completed redemption is cancelled. */
export type UndoReason = 'fail' | 'cancel';

/** What undoing an issue found: undone (or voided), nothing was issued, or the member already used it (no undo). */
export type UndoOutcome = 'undone' | 'not_issued' | 'in_use';

export interface IssueContext {
  /** The redemption's first run in its own request: nothing can have been issued for it yet. */
  fresh: boolean;
}

/**
 * Gives a redemption its reward, one implementation per reward type. Both methods are idempotent by the redemption
 * (its id and quantity are the keys): a retry after a crash issues nothing twice, an undo of nothing changes nothing.
 */
export interface RewardIssuer {
  issue(redemption: Redemption, context: IssueContext): Promise<IssuedItemView[]>;
  undo(redemption: Redemption, reason: UndoReason): Promise<UndoOutcome>;
}

export type RewardIssuers = Partial<Record<MallRewardType, RewardIssuer>>;

/** The key a redemption's n-th unit is issued under by services that take one key per thing issued. */
export function unitKey(redemption: Redemption, unit: number): string {
  return `mall:${redemption._id.toHexString()}:${unit}`;
}

/** Codes from the reward's pool, one per unit. */
export class VirtualCodeIssuer implements RewardIssuer {
  constructor(private readonly pool: CodePool) {}

  async issue(r: Redemption, context: IssueContext): Promise<IssuedItemView[]> {
    const codes = await this.pool.assign(r.rewardId, r._id.toHexString(), r.memberId, r.quantity, context.fresh);
    return codes.map((c) => ({ kind: 'code', id: c._id.toHexString(), code: c.code }));
  }

  async undo(r: Redemption, reason: UndoReason): Promise<UndoOutcome> {
    if (reason === 'fail') await this.pool.putBack(r.rewardId, r._id.toHexString());
    else await this.pool.void(r.rewardId, r._id.toHexString());
    return 'undone';
  }
}

/** A physical item: nothing is issued by Laurel; operators ship it (fulfilment) and cancel it while not delivered. */
export class PhysicalIssuer implements RewardIssuer {
  issue(r: Redemption): Promise<IssuedItemView[]> {
    return Promise.resolve([{ kind: 'item', id: r._id.toHexString() }]);
  }

  undo(): Promise<UndoOutcome> {
    return Promise.resolve('undone');
  }
}
