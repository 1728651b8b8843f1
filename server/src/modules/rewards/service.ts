import type { GrantedRewardView, LedgerSource, RewardView } from '@laurel/shared';
import type { LedgerResult, RefundResult } from '../ledger/types.js';

/** What granting rewards needs of the ledger (LedgerService fits). */
export interface RewardLedger {
  earn(input: {
    memberId: string;
    currency: 'points' | 'growth';
    amount: number;
    key: string;
    source: LedgerSource;
    orderId?: string;
    reason?: string;
  }): Promise<LedgerResult>;
  reverseGrant(input: { memberId: string; grantId: string; key: string }): Promise<RefundResult>;
}

export interface GrantInput {
  memberId: string;
  rewards: readonly RewardView[];
  /** The grant id (ledger/grants.ts) the rewards are earned under, so that they can be reversed together. */
  grantId: string;
  /** Base of the ledger keys: each reward is earned under `<key>:<type>`, so a retry grants nothing twice. */
  key: string;
  source: LedgerSource;
  reason: string;
}

/**
 * Grants rewards (task completions, check-in days, milestones) and takes them back. Points and growth are
 * earned through the ledger under one grant id; the reward types to come (coupons, benefits) join here.
 */
export class RewardGranter {
  constructor(private readonly ledger: RewardLedger) {}

  /** Earns every reward; idempotent by `key`. */
  async grant(input: GrantInput): Promise<GrantedRewardView[]> {
    const granted: GrantedRewardView[] = [];
    for (const reward of input.rewards) {
      const { entry } = await this.ledger.earn({
        memberId: input.memberId,
        currency: reward.type,
        amount: reward.amount,
        key: `${input.key}:${reward.type}`,
        source: input.source,
        orderId: input.grantId,
        reason: input.reason,
      });
      granted.push({ type: reward.type, amount: reward.amount, entryId: entry.id });
    }
    return granted;
  }

  /** Takes back what a grant gave (per the refund policy); idempotent by `key`. */
  async reverse(input: { memberId: string; grantId: string; key: string }): Promise<RefundResult> {
    return this.ledger.reverseGrant(input);
  }
}
