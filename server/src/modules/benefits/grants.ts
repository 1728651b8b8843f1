import { BenefitStatus, ErrorCode, MAX_QUOTA, type BenefitGrantSourceType, type BenefitGrantView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { addDays, businessDayOf, dayEndOf } from '../../platform/periods.js';
import type { BenefitCache } from './cache.js';
import type { BenefitGrant } from './model.js';
import { hashOf } from './uses.js';
import { grantProblemOf } from './validate.js';
import { toGrantView } from './views.js';

export interface GrantInput {
  memberId: string;
  benefitCode: string;
  count: number;
  validDays: number;
  key: string;
  source: { type: BenefitGrantSourceType; id: string };
}

const VALID_DAYS_MAX = 3650;

/**
 * Benefits granted to one member (a mall reward, a campaign, an operator, a task): a source of its own next to tiers
 * and plans, with its own quota. Idempotent by the caller's key; undone only while unused, and then only revoked.
 */
export class BenefitGrants {
  constructor(
    private readonly grants: Model<BenefitGrant>,
    private readonly cache: BenefitCache,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  /** `count` uses from now to the end of the business day `validDays` later. A repeat of the key answers the first grant. */
  async grant(input: GrantInput): Promise<BenefitGrantView> {
    const problems = [];
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_QUOTA)
      problems.push({ field: 'count', reasons: [`count must be an integer from 1 to ${MAX_QUOTA}`] });
    if (!Number.isInteger(input.validDays) || input.validDays < 1 || input.validDays > VALID_DAYS_MAX) {
      problems.push({ field: 'validDays', reasons: [`validDays must be an integer from 1 to ${VALID_DAYS_MAX}`] });
    }
    if (input.key.length === 0) problems.push({ field: 'key', reasons: ['key must not be empty'] });
    if (problems.length > 0) throw new ValidationError(problems);
    const id = grantIdOf(input.memberId, input.key);
    const existing = await this.grants.findById(id).lean();
    if (existing) return this.repeated(existing, input);
    const benefit = (await this.cache.index()).benefits.get(input.benefitCode);
    if (!benefit || benefit.status !== BenefitStatus.Active) throw new NotFoundError('Benefit', { code: input.benefitCode });
    const problem = grantProblemOf(input.benefitCode, benefit);
    if (problem) throw new ValidationError([{ field: 'benefitCode', reasons: [problem] }]);
    const now = this.clock.now();
    const lastDay = addDays(businessDayOf(now, { zone: this.zone }), input.validDays);
    const grant: BenefitGrant = {
      _id: id,
      memberId: input.memberId,
      key: input.key,
      benefitCode: input.benefitCode,
      count: input.count,
      used: 0,
      validFrom: now,
      validUntil: dayEndOf(lastDay, { zone: this.zone }),
      source: { type: input.source.type, id: input.source.id },
      state: 'active',
      createdAt: now,
      revokedAt: null,
    };
    try {
      await this.grants.create(grant);
      return toGrantView(grant);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return this.repeated((await this.grants.findById(id).lean())!, input);
    }
  }

  /** Revokes an unused grant (kept, marked revoked); `in_use` once any of it was used. A repeat answers `undone`. */
  async undoGrant(input: { key: string; memberId: string }): Promise<'undone' | 'not_granted' | 'in_use'> {
    const id = grantIdOf(input.memberId, input.key);
    const revoked = await this.grants.updateOne(
      { _id: id, memberId: input.memberId, state: 'active', used: 0 },
      { $set: { state: 'revoked', revokedAt: this.clock.now() } },
    );
    if (revoked.modifiedCount === 1) return 'undone';
    const grant = await this.grants.findById(id).lean();
    if (!grant || grant.memberId !== input.memberId) return 'not_granted';
    return grant.state === 'revoked' ? 'undone' : 'in_use';
  }

  /** Every grant of the member, newest first. */
  async of(memberId: string): Promise<BenefitGrantView[]> {
    const grants = await this.grants.find({ memberId }).lean();
    return grants.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(toGrantView);
  }

  private repeated(grant: BenefitGrant, input: GrantInput): BenefitGrantView {
    if (grant.benefitCode !== input.benefitCode || grant.count !== input.count) {
      throw new ConflictError('This key granted something else', ErrorCode.IdempotencyKeyReused, { id: grant._id });
    }
    return toGrantView(grant);
  }
}

export function grantIdOf(memberId: string, key: string): string {
  return `${memberId}:${hashOf(key)}`;
}
