import {
  type FieldError,
  MallRewardStatus,
  MallRewardType,
  type MallRewardView,
  type Page,
  type RewardCodeCountsView,
  type RewardCodesAddedView,
} from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError, isFound } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import { CodePool } from './codes.js';
import type { CashPrice, MallReward, RewardBenefit, RewardLimit } from './model.js';
import { rewardProblems, type RewardFields } from './validate.js';
import { toMallRewardView } from './views.js';

/** A reward as the API takes it (CreateMallRewardDto fits); instants are ISO strings. */
export interface RewardInput {
  name: string;
  description?: string | undefined;
  type: MallRewardType;
  couponTemplateId?: string | undefined;
  benefit?: RewardBenefit | undefined;
  pointsPrice: number;
  cash?: CashPrice | undefined;
  stock?: number | undefined;
  saleStartsAt?: string | undefined;
  saleEndsAt?: string | undefined;
  limit?: RewardLimit | undefined;
  tiers?: string[] | undefined;
  revocable?: boolean | undefined;
  displayOrder?: number | undefined;
  active?: boolean | undefined;
}

/** UpdateMallRewardDto fits: null removes `cash`, the sale bounds and `limit`; `stock` sets the total. */
export interface RewardChanges {
  version?: number | undefined;
  name?: string | undefined;
  description?: string | undefined;
  pointsPrice?: number | undefined;
  cash?: CashPrice | null | undefined;
  stock?: number | undefined;
  saleStartsAt?: string | null | undefined;
  saleEndsAt?: string | null | undefined;
  limit?: RewardLimit | null | undefined;
  tiers?: string[] | undefined;
  revocable?: boolean | undefined;
  displayOrder?: number | undefined;
}

/** Tells whether a coupon template exists (the coupon templates service fits: 404 when not). */
export interface CouponTemplates {
  get(id: string): Promise<unknown>;
}

/** Why a benefit cannot be granted to one member, or null (the benefit definitions service fits). */
export interface BenefitDefinitions {
  grantProblem(code: string): Promise<string | null>;
}

/** What a reward's creation checks exists elsewhere. */
export interface RewardReferences {
  couponTemplates?: CouponTemplates | undefined;
  benefitDefinitions?: BenefitDefinitions | undefined;
}

export interface RewardQuery extends PageRequest {
  status?: MallRewardStatus | undefined;
  type?: MallRewardType | undefined;
}

/**
 * Points-mall rewards for operators: create, change (optimistic `version`), pause, resume, archive (frozen for good),
 * and the code pools of `virtual_code` rewards. Every change is audited with before and after; rewards are never
 * deleted. Redemptions keep the terms they were made at.
 */
export class MallRewardService {
  constructor(
    private readonly rewards: Model<MallReward>,
    private readonly pool: CodePool,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly references: RewardReferences = {},
  ) {}

  async create(input: RewardInput, actor: Actor): Promise<MallRewardView> {
    const fields = fieldsOf(input);
    const stock = input.stock ?? 0;
    const problems = rewardProblems(fields);
    if (fields.type === MallRewardType.VirtualCode && stock !== 0) {
      problems.push({ field: 'stock', reasons: ['a virtual_code reward takes its stock from its uploaded codes'] });
    }
    if (problems.length === 0) problems.push(...(await this.missingReferences(fields)));
    if (problems.length > 0) throw new ValidationError(problems);
    const now = this.clock.now();
    const status = input.active === false ? MallRewardStatus.Paused : MallRewardStatus.Active;
    const created = await this.rewards.create({ ...fields, stock, sold: 0, status, version: 1, createdAt: now, updatedAt: now });
    const view = toMallRewardView(created.toObject());
    await this.audit.record({ actor, action: 'reward.create', target: { type: 'reward', id: view.id }, after: view });
    return view;
  }

  async get(id: string): Promise<MallRewardView> {
    return toMallRewardView(await this.find(id));
  }

  /** Newest first. */
  async list(query: RewardQuery): Promise<Page<MallRewardView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.status) filter.status = query.status;
    if (query.type) filter.type = query.type;
    const docs = await this.rewards.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toMallRewardView);
  }

  /** Changes the given fields. A new total stock moves what is left by the difference (never below zero left). */
  async update(id: string, changes: RewardChanges, actor: Actor): Promise<MallRewardView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (changes.version !== undefined && changes.version !== before.version) {
      throw new ConflictError('The reward has changed since you read it', undefined, { id, version: before.version });
    }
    const merged: RewardFields = {
      ...pickFields(before),
      ...defined({
        name: changes.name,
        description: changes.description,
        pointsPrice: changes.pointsPrice,
        revocable: changes.revocable,
        displayOrder: changes.displayOrder,
      }),
      ...(changes.cash !== undefined ? { cash: changes.cash ? { ...changes.cash } : null } : {}),
      ...(changes.limit !== undefined
        ? { limit: changes.limit ? { count: changes.limit.count, period: changes.limit.period } : null }
        : {}),
      ...(changes.tiers !== undefined ? { tiers: [...changes.tiers] } : {}),
      ...(changes.saleStartsAt !== undefined ? { saleStartsAt: instantOrNull(changes.saleStartsAt) } : {}),
      ...(changes.saleEndsAt !== undefined ? { saleEndsAt: instantOrNull(changes.saleEndsAt) } : {}),
    };
    const problems = rewardProblems(merged);
    let stockDelta = 0;
    if (changes.stock !== undefined) {
      if (before.type === MallRewardType.VirtualCode) {
        problems.push({ field: 'stock', reasons: ['a virtual_code reward takes its stock from its uploaded codes'] });
      }
      stockDelta = changes.stock - (before.stock + before.sold);
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const filter: Record<string, unknown> = { _id: before._id, version: before.version };
    if (stockDelta < 0) filter.stock = { $gte: -stockDelta };
    const after = await this.rewards
      .findOneAndUpdate(
        filter,
        { $set: { ...merged, updatedAt: this.clock.now() }, $inc: { version: 1, ...(stockDelta !== 0 ? { stock: stockDelta } : {}) } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!after) await this.refuseFailedWrite(before, stockDelta);
    return this.audited(before, after!, 'reward.update', actor);
  }

  /** Takes the reward out of the mall (redemptions in flight finish). Pausing twice changes nothing. */
  pause(id: string, actor: Actor): Promise<MallRewardView> {
    return this.setStatus(id, MallRewardStatus.Paused, 'reward.pause', actor);
  }

  resume(id: string, actor: Actor): Promise<MallRewardView> {
    return this.setStatus(id, MallRewardStatus.Active, 'reward.resume', actor);
  }

  /** Retires a reward for good: it leaves the mall and can no longer change (its redemptions stay). */
  async archive(id: string, actor: Actor): Promise<MallRewardView> {
    const before = await this.find(id);
    if (before.status === MallRewardStatus.Archived) return toMallRewardView(before);
    return this.write(before, MallRewardStatus.Archived, 'reward.archive', actor);
  }

  /**
   * Adds codes to a `virtual_code` reward's pool and as many units to its stock. Codes already in the pool (or repeated)
   * are skipped and counted; a retried upload (same codes) adds its stock once. Audited without the codes.
   */
  async addCodes(id: string, codes: readonly string[], actor: Actor): Promise<RewardCodesAddedView> {
    const reward = await this.find(id);
    this.refuseArchived(reward);
    if (reward.type !== MallRewardType.VirtualCode) {
      throw new BusinessRuleError('NOT_A_CODE_REWARD', 'Only virtual_code rewards have a code pool', { id, type: reward.type });
    }
    const batch = CodePool.batchOf(id, codes);
    const inBatch = await this.pool.add(id, codes, batch);
    const path = `codeBatches.${batch}`;
    const counted = await this.rewards.updateOne(
      { _id: reward._id, [path]: { $exists: false } },
      { $inc: { stock: inBatch }, $set: { [path]: inBatch, updatedAt: this.clock.now() } },
    );
    const added = counted.modifiedCount === 1 ? inBatch : 0;
    const view = { ...(await this.codeCounts(id)), added, duplicates: codes.length - added };
    if (added > 0) {
      await this.audit.record({
        actor,
        action: 'reward.codes.add',
        target: { type: 'reward', id },
        after: { batch, added, duplicates: view.duplicates },
      });
    }
    return view;
  }

  /** How many codes the pool holds, by state; never the codes themselves. */
  async codeCounts(id: string): Promise<RewardCodeCountsView> {
    await this.find(id);
    const counts = await this.pool.counts(id);
    return { rewardId: id, ...counts, total: counts.available + counts.assigned + counts.voided };
  }

  /** The reward as stored (404 for an unknown or malformed id); for the redemption path. */
  async find(id: string): Promise<MallReward> {
    const reward = Types.ObjectId.isValid(id) && id.length === 24 ? await this.rewards.findById(id).lean() : null;
    if (!reward) throw new NotFoundError('Reward', { id });
    return reward;
  }

  private async missingReferences(fields: RewardFields): Promise<FieldError[]> {
    const { couponTemplates, benefitDefinitions } = this.references;
    const problems: FieldError[] = [];
    if (fields.couponTemplateId !== null && couponTemplates && !(await isFound(() => couponTemplates.get(fields.couponTemplateId!)))) {
      problems.push({ field: 'couponTemplateId', reasons: ['no such coupon template'] });
    }
    const benefitProblem =
      fields.benefit !== null && benefitDefinitions ? await benefitDefinitions.grantProblem(fields.benefit.code) : null;
    if (benefitProblem) problems.push({ field: 'benefit.code', reasons: [benefitProblem] });
    return problems;
  }

  private async setStatus(id: string, status: MallRewardStatus, action: string, actor: Actor): Promise<MallRewardView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (before.status === status) return toMallRewardView(before);
    return this.write(before, status, action, actor);
  }

  private async write(before: MallReward, status: MallRewardStatus, action: string, actor: Actor): Promise<MallRewardView> {
    const after = await this.rewards
      .findOneAndUpdate(
        { _id: before._id, version: before.version },
        { $set: { status, updatedAt: this.clock.now() }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!after) await this.refuseFailedWrite(before, 0);
    return this.audited(before, after!, action, actor);
  }

  private async audited(before: MallReward, after: MallReward, action: string, actor: Actor): Promise<MallRewardView> {
    const view = toMallRewardView(after);
    await this.audit.record({ actor, action, target: { type: 'reward', id: view.id }, before: toMallRewardView(before), after: view });
    return view;
  }

  /** Why a conditional write matched nothing: a concurrent change (409), or a stock cut below what is left (422). */
  private async refuseFailedWrite(before: MallReward, stockDelta: number): Promise<never> {
    const id = before._id.toHexString();
    const now = await this.find(id);
    if (now.version === before.version && stockDelta < 0) {
      throw new BusinessRuleError(STOCK_BELOW_REDEEMED, 'The stock cannot be cut below what is already redeemed', {
        id,
        redeemed: now.sold,
        left: now.stock,
      });
    }
    throw new ConflictError('The reward changed while this change was made; read it again', undefined, { id });
  }

  private refuseArchived(reward: MallReward): void {
    if (reward.status === MallRewardStatus.Archived) {
      throw new ConflictError('An archived reward cannot be changed', 'REWARD_ARCHIVED', { id: reward._id.toHexString() });
    }
  }
}

const STOCK_BELOW_REDEEMED = 'STOCK_BELOW_REDEEMED';

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function instantOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

function fieldsOf(input: RewardInput): RewardFields {
  return {
    name: input.name,
    description: input.description ?? '',
    type: input.type,
    couponTemplateId: input.couponTemplateId ?? null,
    benefit: input.benefit ? { code: input.benefit.code, count: input.benefit.count, validDays: input.benefit.validDays } : null,
    pointsPrice: input.pointsPrice,
    cash: input.cash ? { amount: input.cash.amount, currency: input.cash.currency } : null,
    saleStartsAt: input.saleStartsAt ? new Date(input.saleStartsAt) : null,
    saleEndsAt: input.saleEndsAt ? new Date(input.saleEndsAt) : null,
    limit: input.limit ? { count: input.limit.count, period: input.limit.period } : null,
    tiers: [...(input.tiers ?? [])],
    revocable: input.revocable ?? false,
    displayOrder: input.displayOrder ?? 0,
  };
}

function pickFields(r: MallReward): RewardFields {
  return {
    name: r.name,
    description: r.description,
    type: r.type,
    couponTemplateId: r.couponTemplateId,
    benefit: r.benefit,
    pointsPrice: r.pointsPrice,
    cash: r.cash,
    saleStartsAt: r.saleStartsAt,
    saleEndsAt: r.saleEndsAt,
    limit: r.limit,
    tiers: r.tiers,
    revocable: r.revocable,
    displayOrder: r.displayOrder,
  };
}
