import type { GrantedRewardView, RewardView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { grantId } from '../ledger/grants.js';
import type { GrantInput } from '../rewards/service.js';
import type { Offer } from './cache.js';
import type { BenefitFaultHook } from './faults.js';
import type { BenefitIssue, IssueKind } from './model.js';

/** What issuing needs of coupons (the coupons service fits). */
export interface CouponIssuer {
  issue(input: {
    templateId: string;
    memberId: string;
    key: string;
    source: { type: 'benefit'; id: string };
    skipAudience?: boolean;
  }): Promise<{ id: string }>;
  undoIssue(input: { key: string; memberId: string }): Promise<'undone' | 'not_issued' | 'in_use'>;
}

/** What issuing needs of rewards (RewardGranter fits): points and growth through the ledger. */
export interface GiftRewards {
  grant(input: GrantInput): Promise<GrantedRewardView[]>;
}

export interface IssuerDeps {
  issues: Model<BenefitIssue>;
  rewards: GiftRewards;
  /** Absent until coupons are wired: coupon gifts then fail (recorded, never half done). */
  coupons?: CouponIssuer | undefined;
  clock: Clock;
  logger: Logger;
  faults: BenefitFaultHook;
  walker: Walker;
  graceMs: number;
  onChanged: () => void;
}

/** One member's issuance of one offer in one period. */
export interface IssuePlan {
  memberId: string;
  offer: Offer;
  kind: IssueKind;
  periodKey: string;
}

/**
 * Scheduled issuance as idempotent steps: (1) insert the issuance record (`<benefit>:<member>:<period>`, unique: once
 * per member and period however often or late the job runs), (2) issue its coupons and points under keys derived
 * from the record (a repeat issues nothing twice), (3) mark it `issued` with its `benefit.issued` message. A crash
 * leaves it `issuing`; the resume job does (2) and (3) again. A refusal of the coupons (out of stock…) marks it `failed`.
 */
export class BenefitIssuer {
  constructor(private readonly deps: IssuerDeps) {}

  async issue(plan: IssuePlan): Promise<'issued' | 'skipped' | 'failed'> {
    const { benefit, item, pkg } = plan.offer;
    const id = `${benefit.code}:${plan.memberId}:${plan.periodKey}`;
    const now = this.deps.clock.now();
    const value = item.value ?? benefit.value;
    const record: BenefitIssue = {
      _id: id,
      memberId: plan.memberId,
      benefitCode: benefit.code,
      kind: plan.kind,
      periodKey: plan.periodKey,
      packageCode: pkg.code,
      // A coupon pack's quota is the number of packs each period.
      value:
        plan.kind === 'periodic'
          ? { ...value, coupons: (value.coupons ?? []).map((c) => ({ ...c, count: c.count * (item.quota.count ?? 1) })) }
          : value,
      state: 'issuing',
      couponIds: [],
      entryIds: [],
      failure: null,
      createdAt: now,
      updatedAt: now,
      issuedAt: null,
    };
    try {
      await this.deps.issues.create(record);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return 'skipped';
    }
    await this.deps.faults('issue:recorded', id);
    return this.deliver(record);
  }

  /** Job: finishes issuances a crash left `issuing` once they are older than the grace period. */
  async resume(now: Date, runKey: string): Promise<JobCounts> {
    const due = new Date(now.getTime() - this.deps.graceMs);
    const walked = await this.deps.walker.walk<BenefitIssue>({
      runKey: `${runKey}:issuing`,
      model: this.deps.issues,
      filter: { state: 'issuing' },
      batchSize: 100,
      process: async (batch) => {
        const counts: JobCounts = { issued: 0, failed: 0 };
        for (const record of batch.filter((r) => r.updatedAt <= due)) counts[await this.deliver(record)]! += 1;
        return counts;
      },
    });
    return walked.counts;
  }

  /** Walks the members a filter picks, issuing each the offer for the period; bounded batches, resumable. */
  async issueTo<T extends { _id: unknown }>(walk: {
    runKey: string;
    model: Model<T>;
    filter: Record<string, unknown>;
    plan: (member: T) => IssuePlan | null;
  }): Promise<JobCounts> {
    const counts: JobCounts = { issued: 0, skipped: 0, failed: 0, deferred: 0 };
    const walked = await this.deps.walker.walk<T, T>({
      runKey: walk.runKey,
      model: walk.model,
      filter: walk.filter,
      batchSize: 200,
      process: async (batch) => {
        const done: JobCounts = { issued: 0, skipped: 0, failed: 0, deferred: 0 };
        for (const member of batch) {
          const plan = walk.plan(member);
          if (!plan) continue;
          try {
            done[await this.issue(plan)]! += 1;
          } catch (err) {
            // Left `issuing` (or not recorded): the resume job or the next run finishes it.
            this.deps.logger.warn(
              { err, memberId: plan.memberId, benefit: plan.offer.benefit.code },
              'benefit issuance failed; retried later',
            );
            done.deferred! += 1;
          }
        }
        return done;
      },
    });
    addCounts(counts, walked.counts);
    return counts;
  }

  private async deliver(record: BenefitIssue): Promise<'issued' | 'failed'> {
    const couponIds: string[] = [];
    const couponKeys: string[] = [];
    let entryIds: string[] = [];
    try {
      for (const coupon of record.value.coupons ?? []) {
        if (!this.deps.coupons) throw new AppError(422, 'COUPONS_UNAVAILABLE', 'Coupons are not available');
        for (let n = 1; n <= coupon.count; n++) {
          const key = `benefit:${record._id}:${coupon.templateId}:${n}`;
          couponKeys.push(key);
          const issued = await this.deps.coupons.issue({
            templateId: coupon.templateId,
            memberId: record.memberId,
            key,
            source: { type: 'benefit', id: record._id },
            skipAudience: true,
          });
          couponIds.push(issued.id);
        }
      }
      const rewards: RewardView[] = record.value.rewards ?? [];
      if (rewards.length > 0) {
        const granted = await this.deps.rewards.grant({
          memberId: record.memberId,
          rewards,
          grantId: grantId('benefit', record._id),
          key: `benefit:${record._id}`,
          source: { type: 'benefit', id: record._id },
          reason: `${record.kind === 'birthday' ? 'birthday gift' : 'benefit'} ${record.benefitCode} ${record.periodKey}`,
        });
        entryIds = granted.map((g) => g.entryId ?? '').filter((e) => e !== '');
      }
    } catch (err) {
      // A refusal (a coupon out of stock, a template paused or unknown) is final for this period; a failure, or a
      // refusal that passes by itself (contention), is retried.
      if (!(err instanceof AppError) || err.status >= 500 || err.retryAfterSeconds !== undefined) throw err;
      // Never half a pack: the coupons issued before the refusal are taken back (a coupon already used stays).
      for (const key of couponKeys) await this.deps.coupons?.undoIssue({ key, memberId: record.memberId });
      await this.deps.issues.updateOne(
        { _id: record._id, state: 'issuing' },
        { $set: { state: 'failed', failure: err.code, couponIds: [], updatedAt: this.deps.clock.now() } },
      );
      return 'failed';
    }
    await this.deps.faults('issue:delivered', record._id);
    const now = this.deps.clock.now();
    const data = { benefitCode: record.benefitCode, kind: record.kind, periodKey: record.periodKey, couponIds, entryIds };
    await this.deps.issues.updateOne(
      { _id: record._id, state: 'issuing' },
      {
        $set: {
          state: 'issued',
          couponIds,
          entryIds,
          issuedAt: now,
          updatedAt: now,
          outbox: [{ id: `benefit.issued:${record._id}`, type: 'benefit.issued', memberId: record.memberId, occurredAt: now, data }],
          outboxPending: true,
        },
      },
    );
    this.deps.onChanged();
    return 'issued';
  }
}
