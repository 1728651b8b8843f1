import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { Clock } from '../../platform/clock.js';
import type { GenerationStore } from '../../platform/generation-cache.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditSink } from '../audit/service.js';
import { BenefitCache } from './cache.js';
import { BenefitDefinitionService } from './definitions.js';
import { noFaults, type BenefitFaultHook } from './faults.js';
import { BenefitGrants } from './grants.js';
import { BenefitIssuer, type CouponIssuer, type GiftRewards } from './issuance.js';
import { benefitJobs } from './jobs.js';
import { EntitlementReader, tierSources, type HeldSourceReader } from './member-entitlements.js';
import type { Benefit, BenefitGrant, BenefitIssue, BenefitMember, BenefitPackage, BenefitUse, QuotaCounter } from './model.js';
import { PointsMultipliers } from './points-multipliers.js';
import { QuotaPools } from './quota-pools.js';
import { BenefitSchedules } from './schedules.js';
import { BenefitService, type MemberLookup } from './service.js';
import { BenefitUses } from './uses.js';

export interface BenefitModels {
  benefits: Model<Benefit>;
  packages: Model<BenefitPackage>;
  counters: Model<QuotaCounter>;
  grants: Model<BenefitGrant>;
  uses: Model<BenefitUse>;
  issues: Model<BenefitIssue>;
  members: Model<BenefitMember>;
}

export interface BenefitsDeps {
  models: BenefitModels;
  /** Points and growth of birthday gifts (RewardGranter fits). */
  rewards: GiftRewards;
  /** Coupons of packs and gifts (the coupons service fits). */
  coupons?: CouponIssuer | undefined;
  /** Package sources beyond the tier (a plan's subscriptions). */
  moreSources?: HeldSourceReader[];
  /** For support's view of a member: 404 for an unknown one. */
  members: MemberLookup;
  audit: AuditSink;
  clock: Clock;
  logger: Logger;
  /** Business time zone: quota periods and birthdays are its. */
  timeZone: string;
  walker: Walker;
  generations?: GenerationStore | undefined;
  cacheRefreshMs?: number;
  /** How long work begun is left to its request before the resume job finishes it; default 2 minutes. */
  resumeGraceMs?: number;
  /** Told after an anchor gained an outbox message (to relay it soon). */
  onChanged?: () => void;
  /** Tests only. */
  faults?: BenefitFaultHook | undefined;
}

/**
 * Builds the benefits feature: definitions, entitlements, uses and grants, scheduled issuance, jobs, and the points
 * multipliers earning rules apply.
 */
export function createBenefits(deps: BenefitsDeps) {
  const { models, clock, timeZone } = deps;
  const load = async () => ({ benefits: await models.benefits.find({}).lean(), packages: await models.packages.find({}).lean() });
  const cache = new BenefitCache(load, clock, deps.cacheRefreshMs ?? 10_000, deps.generations);
  const definitions = new BenefitDefinitionService(models.benefits, models.packages, deps.audit, clock, cache);
  const pools = new QuotaPools(models.counters, models.grants);
  const sources = [tierSources(models.members), ...(deps.moreSources ?? [])];
  const entitlements = new EntitlementReader(cache, sources, models.grants, pools, clock, timeZone);
  const onChanged = deps.onChanged ?? (() => undefined);
  const faults = deps.faults ?? noFaults;
  const graceMs = deps.resumeGraceMs ?? 120_000;
  const uses = new BenefitUses({ uses: models.uses, pools, entitlements, clock, faults, graceMs, walker: deps.walker, onChanged });
  const grants = new BenefitGrants(models.grants, cache, clock, timeZone);
  const issuer = new BenefitIssuer({
    issues: models.issues,
    rewards: deps.rewards,
    coupons: deps.coupons,
    clock,
    logger: deps.logger,
    faults,
    walker: deps.walker,
    graceMs,
    onChanged,
  });
  const schedules = new BenefitSchedules(cache, models.members, issuer, timeZone);
  const service = new BenefitService(entitlements, uses, grants, deps.members);
  const multipliers = new PointsMultipliers(cache, deps.moreSources ?? []);
  return { definitions, service, schedules, multipliers, jobs: benefitJobs(schedules, uses, issuer) };
}
