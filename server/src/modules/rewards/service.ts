import {
  REWARD_REFUSALS,
  RewardType,
  rewardOf,
  type GrantedRewardView,
  type LedgerSource,
  type RefundPolicy,
  type RewardRefusal,
  type RewardView,
} from '@laurel/shared';
import { AppError } from '../../platform/errors.js';
import type { GrantInput as BenefitGrantInput } from '../benefits/grants.js';
import type { IssueInput, UndoIssueResult } from '../coupons/issuer.js';
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
  reverseGrant(input: { memberId: string; grantId: string; key: string; policy?: RefundPolicy }): Promise<RefundResult>;
}

/** What coupon rewards need of coupons (CouponService fits). */
export interface RewardCoupons {
  issue(input: IssueInput): Promise<{ id: string }>;
  undoIssue(input: { key: string; memberId: string }): Promise<UndoIssueResult>;
}

/** What benefit rewards need of benefits (BenefitService fits). */
export interface RewardBenefits {
  grant(input: BenefitGrantInput): Promise<{ id: string }>;
  undoGrant(input: { key: string; memberId: string }): Promise<'undone' | 'not_granted' | 'in_use'>;
}

export interface RewardGranterDeps {
  ledger: RewardLedger;
  /** Absent: coupon rewards cannot be given (a granter for ledger rewards only, as a benefit's birthday gift needs). */
  coupons?: RewardCoupons | undefined;
  benefits?: RewardBenefits | undefined;
}

/** The sources that grant rewards: tasks and check-ins (any reward type), benefits' gifts (ledger rewards). */
export type RewardSource = LedgerSource & { type: 'task' | 'check_in' | 'benefit' };

export interface GrantInput {
  memberId: string;
  rewards: readonly RewardView[];
  /** The grant id (ledger/grants.ts) the ledger rewards are earned under, so that they can be reversed together. */
  grantId: string;
  /**
   * Base of every reward's key: points and growth are earned under `<key>:<type>`, the n-th coupon of a template is
   * issued under `<key>:coupon:<templateId>:<n>`, a benefit granted under `<key>:benefit:<code>`; a retry gives
   * nothing twice.
   */
  key: string;
  source: RewardSource;
  reason: string;
}

/** One part of what a grant id gave: the rewards granted under one key (a check-in grants its day and milestones apart). */
export interface GrantPart {
  key: string;
  rewards: readonly (RewardView | GrantedRewardView)[];
}

export interface ReverseInput {
  memberId: string;
  grantId: string;
  /** The reversal's own ledger key. */
  key: string;
  /** What was granted under the grant id, to undo its coupons and benefit grants (ledger rewards go by grant id). */
  parts: readonly GrantPart[];
  policy?: RefundPolicy;
}

/** A coupon or benefit grant a reversal left with the member because it was in use. */
export interface KeptReward {
  /** The part and the reward within it. */
  part: number;
  reward: number;
  /** The coupon's id (or its issue key when the grant never recorded it), or the benefit grant's id. */
  id: string;
}

export interface RewardReversal {
  ledger: RefundResult;
  kept: KeptReward[];
}

/**
 * Grants rewards (task completions, check-in days, milestones, benefits' gifts) and takes them back. Points and
 * growth are earned through the ledger under one grant id; coupons are issued and benefits granted under keys derived
 * from the grant's key. A coupon or benefit that cannot be given (out of stock, limit reached, not on sale, unknown)
 * is recorded as refused and never blocks the other rewards: a refusal is an outcome, not a failure to retry.
 */
export class RewardGranter {
  constructor(private readonly deps: RewardGranterDeps) {}

  /** Gives every reward; idempotent by `key`. Throws only what a retry may cure (contention, a failure). */
  async grant(input: GrantInput): Promise<GrantedRewardView[]> {
    const granted: GrantedRewardView[] = [];
    for (const reward of input.rewards) {
      if (reward.type === RewardType.Coupon) granted.push(await this.issueCoupons(input, reward));
      else if (reward.type === RewardType.Benefit) granted.push(await this.grantBenefit(input, reward));
      else granted.push(await this.earn(input, reward));
    }
    return granted;
  }

  /**
   * Takes back what a grant gave: its ledger rewards per the refund policy, its unused coupons voided, its unused
   * benefit grants revoked. A coupon locked or redeemed, or a benefit grant partly used, stays with the member and is
   * reported in `kept`. Idempotent by `key` (and by each undo's own key).
   */
  async reverse(input: ReverseInput): Promise<RewardReversal> {
    const { memberId, grantId, key, policy } = input;
    const ledger = await this.deps.ledger.reverseGrant({ memberId, grantId, key, ...(policy ? { policy } : {}) });
    const kept: KeptReward[] = [];
    for (const [p, part] of input.parts.entries()) {
      for (const [r, reward] of part.rewards.entries()) {
        for (const id of await this.undo(memberId, part.key, reward)) kept.push({ part: p, reward: r, id });
      }
    }
    return { ledger, kept };
  }

  private async earn(input: GrantInput, reward: RewardView): Promise<GrantedRewardView> {
    if (reward.type !== RewardType.Points && reward.type !== RewardType.Growth) throw new Error(`unknown reward type ${reward.type}`);
    const { entry } = await this.deps.ledger.earn({
      memberId: input.memberId,
      currency: reward.type,
      amount: reward.amount,
      key: `${input.key}:${reward.type}`,
      source: input.source,
      orderId: input.grantId,
      reason: input.reason,
    });
    return { ...rewardOf(reward), entryId: entry.id };
  }

  /** Issues the coupons one by one; a refusal stops there and is recorded with the coupons issued before it. */
  private async issueCoupons(input: GrantInput, reward: RewardView): Promise<GrantedRewardView> {
    const coupons = this.require(this.deps.coupons, reward);
    const couponIds: string[] = [];
    const done = (refused?: RewardRefusal): GrantedRewardView => ({
      ...rewardOf(reward),
      entryId: null,
      couponIds,
      ...(refused ? { refused } : {}),
    });
    for (let n = 1; n <= reward.amount; n++) {
      try {
        const coupon = await coupons.issue({
          templateId: reward.templateId ?? '',
          memberId: input.memberId,
          key: couponKey(input.key, reward, n),
          source: { type: input.source.type, id: input.source.id },
          // The task's or the program's audience decided who earns it; the template's audience is for other issues.
          skipAudience: true,
        });
        couponIds.push(coupon.id);
      } catch (err) {
        // Undone before it was issued: the grant was reversed while on its way, and this coupon is never to be issued.
        if (err instanceof AppError && err.details.reason === 'undone') return done();
        const refused = refusalOf(err);
        if (refused === null) throw err;
        return done(refused);
      }
    }
    return done();
  }

  private async grantBenefit(input: GrantInput, reward: RewardView): Promise<GrantedRewardView> {
    const benefits = this.require(this.deps.benefits, reward);
    const { type, id } = input.source;
    if (type === 'benefit') throw new Error('a benefit gives no benefit rewards');
    try {
      const grant = await benefits.grant({
        memberId: input.memberId,
        benefitCode: reward.benefitCode ?? '',
        count: reward.amount,
        validDays: reward.validDays ?? 1,
        key: benefitKey(input.key, reward),
        source: { type, id },
      });
      return { ...rewardOf(reward), entryId: null, benefitGrantId: grant.id };
    } catch (err) {
      const refused = refusalOf(err);
      if (refused === null) throw err;
      return { ...rewardOf(reward), entryId: null, benefitGrantId: null, refused };
    }
  }

  /** Undoes one reward's coupons or benefit grant; the ids of what stayed because it was in use. */
  private async undo(memberId: string, key: string, reward: RewardView | GrantedRewardView): Promise<string[]> {
    const kept: string[] = [];
    if (reward.type === RewardType.Coupon) {
      const coupons = this.require(this.deps.coupons, reward);
      const ids = 'couponIds' in reward ? (reward.couponIds ?? []) : [];
      for (let n = 1; n <= reward.amount; n++) {
        const issueKey = couponKey(key, reward, n);
        if ((await coupons.undoIssue({ key: issueKey, memberId })) === 'in_use') kept.push(ids[n - 1] ?? issueKey);
      }
    } else if (reward.type === RewardType.Benefit) {
      const benefits = this.require(this.deps.benefits, reward);
      const grantKey = benefitKey(key, reward);
      if ((await benefits.undoGrant({ key: grantKey, memberId })) === 'in_use') {
        kept.push(('benefitGrantId' in reward ? reward.benefitGrantId : null) ?? grantKey);
      }
    }
    return kept;
  }

  private require<T>(dep: T | undefined, reward: RewardView): T {
    if (dep === undefined) throw new Error(`${reward.type} rewards are not wired into this granter`);
    return dep;
  }
}

function couponKey(key: string, reward: RewardView, n: number): string {
  return `${key}:coupon:${reward.templateId ?? ''}:${n}`;
}

function benefitKey(key: string, reward: RewardView): string {
  return `${key}:benefit:${reward.benefitCode ?? ''}`;
}

/** A final refusal of a coupon or benefit (recorded as the reward's outcome), or null for anything a retry may cure. */
function refusalOf(err: unknown): RewardRefusal | null {
  if (!(err instanceof AppError) || err.retryAfterSeconds !== undefined) return null;
  return (REWARD_REFUSALS as readonly string[]).includes(err.code) ? (err.code as RewardRefusal) : null;
}

/** Writes what a reversal kept onto the granted rewards of one part. */
export function withKept(rewards: readonly GrantedRewardView[], kept: readonly KeptReward[], part = 0): GrantedRewardView[] {
  return rewards.map((reward, r) => {
    const ids = kept.filter((k) => k.part === part && k.reward === r).map((k) => k.id);
    return ids.length > 0 ? { ...reward, kept: ids } : reward;
  });
}
