import {
  ErrorCode,
  FulfilmentStatus,
  MallRewardStatus,
  MallRewardType,
  RedemptionState,
  type Page,
  type RedemptionView,
} from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import { limitPeriodKey } from './limits.js';
import type { MallReward, Redemption } from './model.js';
import type { MallRewardService } from './reward-definitions.js';
import { isTerminal, type RedemptionSaga } from './saga.js';
import { toRedemptionView } from './views.js';

/** A member's tier (MemberService fits: 404 for an unknown member). */
export interface MallMembers {
  get(id: string): Promise<{ tier: string | null }>;
}

export interface RedemptionsDeps {
  redemptions: Model<Redemption>;
  rewards: MallRewardService;
  saga: RedemptionSaga;
  members: MallMembers;
  audit: AuditSink;
  walker: Walker;
  clock: Clock;
  logger: Logger;
  zone: string;
  graceMs: number;
}

export interface RedeemInput {
  rewardId: string;
  quantity?: number | undefined;
}

export interface RedemptionQuery extends PageRequest {
  state?: RedemptionState | undefined;
  rewardId?: string | undefined;
  memberId?: string | undefined;
}

export interface FulfilmentInput {
  status: FulfilmentStatus;
  trackingNumber?: string | undefined;
  note?: string | undefined;
}

const RESUME_BATCH = 100;
/** How long a cancel waits for a concurrent cancel of the same redemption to end before answering 409. */
const CANCEL_WAIT_MS = 5_000;
const FULFILMENT_STEPS: Readonly<Record<string, readonly FulfilmentStatus[]>> = {
  [FulfilmentStatus.Shipped]: [FulfilmentStatus.Pending],
  [FulfilmentStatus.Delivered]: [FulfilmentStatus.Shipped],
  [FulfilmentStatus.Cancelled]: [FulfilmentStatus.Pending, FulfilmentStatus.Shipped],
};

/**
 * Redemptions: a member redeems (the saga runs in the request), reads and cancels their redemptions; operators list
 * them and move physical ones through fulfilment; the resume job finishes or undoes what a crash left.
 */
export class RedemptionService {
  constructor(private readonly deps: RedemptionsDeps) {}

  /**
   * Redeems `quantity` units for the member: checks sale window, tier, stock and limit on the reward as read, snapshots
   * its terms, then runs the saga. `requestKey` (the member's scoped Idempotency-Key) makes a retry return the same
   * redemption, finishing it if a crash interrupted it. Refusals are 422s; a failed saga leaves nothing taken.
   */
  async redeem(memberId: string, input: RedeemInput, requestKey: string | null): Promise<RedemptionView> {
    const quantity = input.quantity ?? 1;
    const reward = await this.deps.rewards.find(input.rewardId);
    const now = this.deps.clock.now();
    let memberTier: string | null;
    try {
      memberTier = await this.check(reward, memberId, quantity, now);
    } catch (err) {
      const earlier = requestKey ? await this.byRequestKey(memberId, requestKey) : null;
      if (earlier) return this.retried(earlier, input);
      throw err;
    }
    const redemption = this.draft(reward, memberId, quantity, requestKey, memberTier, now);
    try {
      await this.deps.redemptions.collection.insertOne(redemption);
    } catch (err) {
      const earlier = isDuplicateKeyError(err) && requestKey ? await this.byRequestKey(memberId, requestKey) : null;
      if (earlier) return this.retried(earlier, input);
      throw err;
    }
    return toRedemptionView(await this.deps.saga.run(redemption, true));
  }

  async get(memberId: string, id: string): Promise<RedemptionView> {
    return toRedemptionView(await this.find(id, memberId));
  }

  /** The member's redemptions, newest first, with their codes. */
  listOf(memberId: string, query: PageRequest & { state?: RedemptionState | undefined }): Promise<Page<RedemptionView>> {
    return this.page({ ...query, memberId }, true);
  }

  /** Operators: redemptions by state, reward and member, newest first; codes and coupons without their text. */
  list(query: RedemptionQuery): Promise<Page<RedemptionView>> {
    return this.page(query, false);
  }

  private async page(query: RedemptionQuery, withCodes: boolean): Promise<Page<RedemptionView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.memberId) filter.memberId = query.memberId;
    if (query.rewardId) filter.rewardId = query.rewardId;
    if (query.state) filter.state = query.state;
    const docs = await this.deps.redemptions.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, (r) => toRedemptionView(r, { withCodes }));
  }

  /** Operators: a member's redemptions (404 for an unknown member). */
  async listOfMember(memberId: string, query: PageRequest & { state?: RedemptionState | undefined }): Promise<Page<RedemptionView>> {
    await this.deps.members.get(memberId);
    return this.list({ ...query, memberId });
  }

  /**
   * The member cancels a completed redemption of a revocable reward: points and stock come back once, an unused coupon
   * is voided. NOT_REVOCABLE when the reward is not revocable, the item has shipped or what it gave is in use.
   */
  async cancel(memberId: string, id: string): Promise<RedemptionView> {
    const r = await this.find(id, memberId);
    if (r.state === RedemptionState.Cancelled) return toRedemptionView(r);
    if (!r.terms.revocable) throw notRevocable(r, 'the reward is not revocable');
    if (r.state !== RedemptionState.Completed) throw notRevocable(r, `the redemption is ${r.state}`);
    if (r.fulfilmentStatus !== null && r.fulfilmentStatus !== FulfilmentStatus.Pending) {
      throw notRevocable(r, `the item is ${r.fulfilmentStatus}`);
    }
    const onlyIf = r.fulfilmentStatus === null ? {} : { fulfilmentStatus: FulfilmentStatus.Pending };
    return toRedemptionView(await this.cancelled(r, onlyIf));
  }

  /**
   * Operators move a physical redemption `pending → shipped → delivered`, or cancel it while not delivered (points
   * and stock come back). Setting the status it has changes nothing. Audited.
   */
  async fulfil(id: string, input: FulfilmentInput, actor: Actor): Promise<RedemptionView> {
    const r = await this.find(id);
    if (r.terms.type !== MallRewardType.Physical) {
      throw new BusinessRuleError('NOT_PHYSICAL', 'Only physical redemptions are fulfilled', { id, type: r.terms.type });
    }
    if (r.fulfilmentStatus === input.status) return toRedemptionView(r);
    if (r.state !== RedemptionState.Completed || r.unwinding !== undefined) throw fulfilmentRefused(r, input.status);
    let after: Redemption;
    const from = FULFILMENT_STEPS[input.status] ?? [];
    if (r.fulfilmentStatus === null || !from.includes(r.fulfilmentStatus)) throw fulfilmentRefused(r, input.status);
    if (input.status === FulfilmentStatus.Cancelled) {
      after = await this.cancelled(r, { fulfilmentStatus: { $in: from } });
    } else {
      const now = this.deps.clock.now();
      const fulfilment = {
        trackingNumber: input.trackingNumber ?? r.fulfilment?.trackingNumber ?? null,
        note: input.note ?? r.fulfilment?.note ?? null,
        updatedAt: now,
      };
      const moved = await this.deps.redemptions
        .findOneAndUpdate(
          {
            _id: r._id,
            memberId: r.memberId,
            state: RedemptionState.Completed,
            fulfilmentStatus: r.fulfilmentStatus,
            unwinding: { $exists: false },
          },
          { $set: { fulfilmentStatus: input.status, fulfilment, updatedAt: now } },
          { returnDocument: 'after' },
        )
        .lean();
      if (!moved) throw new ConflictError('The redemption changed meanwhile; read it again', ErrorCode.Conflict, { id });
      after = moved;
    }
    const view = toRedemptionView(after);
    await this.deps.audit.record({
      actor,
      action: 'redemption.fulfilment',
      target: { type: 'redemption', id },
      before: toRedemptionView(r),
      after: view,
    });
    return view;
  }

  /**
   * Job: redemptions a crash left mid-way, past their grace: one being undone is undone to its end; any other is driven
   * on (each step idempotent), and undone if a step now refuses. A second run changes nothing.
   */
  async resume(now: Date, runKey: string): Promise<JobCounts> {
    const walked = await this.deps.walker.walk<Redemption>({
      runKey,
      model: this.deps.redemptions,
      filter: { followUp: true, followUpAt: { $lte: now } },
      batchSize: RESUME_BATCH,
      process: async (batch) => {
        const counts: JobCounts = { completed: 0, failed: 0, cancelled: 0, pending: 0, errors: 0 };
        for (const r of batch) {
          try {
            const state = await this.resumeOne(r);
            const key = isTerminal(state) ? state : 'pending';
            counts[key] = (counts[key] ?? 0) + 1;
          } catch (err) {
            counts.errors! += 1;
            this.deps.logger.warn({ err, redemptionId: r._id.toHexString() }, 'redemption could not be resumed; the next run tries again');
          }
        }
        return counts;
      },
    });
    return { redemptions: walked.documents, ...walked.counts };
  }

  private async resumeOne(r: Redemption): Promise<RedemptionState> {
    if (isTerminal(r.state) && !r.unwinding) {
      await this.deps.redemptions.updateOne({ _id: r._id, state: r.state }, { $unset: { followUp: 1, followUpAt: 1 } });
      return r.state;
    }
    try {
      const ended = r.unwinding ? await this.deps.saga.unwind(r, r.unwinding, { takeOver: true }) : await this.deps.saga.run(r, false);
      return ended.state;
    } catch (err) {
      // A refusal ended it (failed), or kept it (a cancel whose reward is in use): its state says which.
      if (!(err instanceof AppError)) throw err;
      return (await this.find(r._id.toHexString())).state;
    }
  }

  /** The refusals answered before anything is written; returns the member's tier when the reward is restricted. */
  private async check(reward: MallReward, memberId: string, quantity: number, now: Date): Promise<string | null> {
    const id = reward._id.toHexString();
    const onSale =
      reward.status === MallRewardStatus.Active &&
      (reward.saleStartsAt === null || reward.saleStartsAt <= now) &&
      (reward.saleEndsAt === null || now < reward.saleEndsAt);
    if (!onSale) {
      throw new BusinessRuleError(ErrorCode.NotOnSale, 'The reward is not on sale', {
        rewardId: id,
        status: reward.status,
        saleStartsAt: reward.saleStartsAt?.toISOString() ?? null,
        saleEndsAt: reward.saleEndsAt?.toISOString() ?? null,
      });
    }
    let tier: string | null = null;
    if (reward.tiers.length > 0) {
      tier = (await this.deps.members.get(memberId)).tier;
      if (tier === null || !reward.tiers.includes(tier)) {
        throw new BusinessRuleError(ErrorCode.NotEligible, "The reward is not for the member's tier", {
          rewardId: id,
          tiers: reward.tiers,
          tier,
        });
      }
    }
    // Answers early from the reward as read; the stock and the limit themselves are taken by the saga's conditional updates.
    if (reward.stock < quantity) {
      throw new BusinessRuleError(ErrorCode.OutOfStock, 'The reward is out of stock', { rewardId: id, left: reward.stock, quantity });
    }
    if (reward.type === MallRewardType.Coupon && reward.revocable && quantity > 1) {
      // One coupon per redemption keeps its cancel all or nothing: a coupon in use refuses it before anything changes.
      throw new ValidationError([{ field: 'quantity', reasons: ['a revocable coupon reward is redeemed one unit at a time'] }]);
    }
    if (reward.limit !== null && quantity > reward.limit.count) {
      throw new BusinessRuleError(ErrorCode.LimitReached, 'More units than a member may redeem in a period', {
        rewardId: id,
        limit: reward.limit.count,
        quantity,
      });
    }
    return tier;
  }

  private draft(
    reward: MallReward,
    memberId: string,
    quantity: number,
    requestKey: string | null,
    memberTier: string | null,
    now: Date,
  ): Redemption {
    const _id = new Types.ObjectId();
    return {
      _id,
      memberId,
      rewardId: reward._id.toHexString(),
      requestKey: requestKey ?? _id.toHexString(),
      quantity,
      terms: {
        name: reward.name,
        type: reward.type,
        couponTemplateId: reward.couponTemplateId,
        benefit: reward.benefit,
        pointsPrice: reward.pointsPrice,
        cash: reward.cash,
        revocable: reward.revocable,
        limitPeriodKey: reward.limit ? limitPeriodKey(reward.limit, now, { zone: this.deps.zone }) : null,
        limitCount: reward.limit?.count ?? null,
        tiers: [...reward.tiers],
        memberTier,
        rewardVersion: reward.version,
      },
      pointsTotal: reward.pointsPrice * quantity,
      state: RedemptionState.Created,
      failure: null,
      issued: [],
      fulfilmentStatus: null,
      fulfilment: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      cancelledAt: null,
      followUp: true,
      followUpAt: new Date(now.getTime() + this.deps.graceMs),
    };
  }

  /** The redemption a retry of the same request finds: the same answer, finished if a crash left it mid-way. */
  private async retried(earlier: Redemption, input: RedeemInput): Promise<RedemptionView> {
    if (earlier.rewardId !== input.rewardId || earlier.quantity !== (input.quantity ?? 1)) {
      throw new ConflictError('This Idempotency-Key was used with a different request', ErrorCode.IdempotencyKeyReused, {
        redemptionId: earlier._id.toHexString(),
      });
    }
    if (isTerminal(earlier.state) && !earlier.unwinding) return toRedemptionView(earlier);
    const ended = earlier.unwinding
      ? await this.deps.saga.unwind(earlier, earlier.unwinding, { takeOver: true })
      : await this.deps.saga.run(earlier, false);
    if (ended.state === RedemptionState.Failed && ended.failure) {
      throw new BusinessRuleError(ended.failure.code, ended.failure.message, { redemptionId: ended._id.toHexString() });
    }
    return toRedemptionView(ended);
  }

  /** Cancels through the saga; a concurrent cancel of the same redemption is waited for, so every caller sees the end. */
  private async cancelled(r: Redemption, onlyIf: Record<string, unknown>): Promise<Redemption> {
    let current = await this.deps.saga.unwind(r, 'cancel', { onlyIf });
    const deadline = Date.now() + CANCEL_WAIT_MS;
    while (current.unwinding === 'cancel' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      current = await this.find(r._id.toHexString(), r.memberId);
    }
    if (current.state === RedemptionState.Cancelled) return current;
    if (current.unwinding === 'cancel') throw new ConflictError('The redemption is being cancelled; read it again', ErrorCode.Conflict);
    throw notRevocable(
      current,
      current.fulfilmentStatus ? `the item is ${current.fulfilmentStatus}` : `the redemption is ${current.state}`,
    );
  }

  private byRequestKey(memberId: string, requestKey: string): Promise<Redemption | null> {
    return this.deps.redemptions.findOne({ memberId, requestKey }).lean();
  }

  private async find(id: string, memberId?: string): Promise<Redemption> {
    const valid = Types.ObjectId.isValid(id) && id.length === 24;
    const found = valid ? await this.deps.redemptions.findOne(memberId ? { _id: id, memberId } : { _id: id }).lean() : null;
    if (!found) throw new NotFoundError('Redemption', { id });
    return found;
  }
}

function notRevocable(r: Redemption, reason: string): BusinessRuleError {
  return new BusinessRuleError(ErrorCode.NotRevocable, `The redemption cannot be cancelled: ${reason}`, {
    redemptionId: r._id.toHexString(),
    reason,
  });
}

function fulfilmentRefused(r: Redemption, status: FulfilmentStatus): BusinessRuleError {
  return new BusinessRuleError('FULFILMENT_NOT_ALLOWED', `A ${r.fulfilmentStatus ?? r.state} redemption cannot become ${status}`, {
    redemptionId: r._id.toHexString(),
    state: r.state,
    fulfilmentStatus: r.fulfilmentStatus,
  });
}
