import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditSink } from '../audit/service.js';
import { CodePool } from './codes.js';
import { noFaults, type MallFaultHook } from './faults.js';
import { PhysicalIssuer, VirtualCodeIssuer, type RewardIssuers } from './issuers.js';
import { mallJobs } from './jobs.js';
import { MemberLimits } from './limits.js';
import type { MallReward, Redemption, RewardCode, RewardLimitCounter } from './model.js';
import { RedemptionService, type MallMembers } from './redemptions.js';
import { MallRewardService, type BenefitDefinitions, type CouponTemplates } from './reward-definitions.js';
import { RedemptionSaga, type MallLedger } from './saga.js';
import { StockBook } from './stock.js';
import { Storefront, type MallBalances } from './storefront.js';

export interface MallModels {
  rewards: Model<MallReward>;
  redemptions: Model<Redemption>;
  limits: Model<RewardLimitCounter>;
  codes: Model<RewardCode>;
}

export interface MallDeps {
  models: MallModels;
  ledger: MallLedger & MallBalances;
  members: MallMembers;
  audit: AuditSink;
  walker: Walker;
  clock: Clock;
  logger: Logger;
  /** The business time zone per-member limit periods are counted in. */
  zone: string;
  /** Issuers of the reward types served by other features (coupon, benefit); codes and physical items are built in. */
  issuers?: RewardIssuers;
  /** Check that a coupon reward's template, a benefit reward's benefit, exists when it is created. */
  couponTemplates?: CouponTemplates;
  benefitDefinitions?: BenefitDefinitions;
  /** How long a redemption belongs to its request before the resume job takes it over; default 2 minutes. */
  resumeGraceMs?: number;
  /** Told after a redemption gained an outbox message (to relay it soon). */
  onChanged?: () => void;
  /** Tests only: failures injected at the saga's steps. */
  faults?: MallFaultHook;
}

/** Builds the points mall: reward definitions and code pools, the member's mall, redemptions and their resume job. */
export function createMall(deps: MallDeps) {
  const { models, clock } = deps;
  const graceMs = deps.resumeGraceMs ?? 120_000;
  const faults = deps.faults ?? noFaults;
  const pool = new CodePool(models.codes, clock);
  const limits = new MemberLimits(models.limits);
  const rewards = new MallRewardService(models.rewards, pool, deps.audit, clock, {
    couponTemplates: deps.couponTemplates,
    benefitDefinitions: deps.benefitDefinitions,
  });
  const saga = new RedemptionSaga({
    redemptions: models.redemptions,
    ledger: deps.ledger,
    stock: new StockBook(models.rewards),
    limits,
    issuers: { virtual_code: new VirtualCodeIssuer(pool), physical: new PhysicalIssuer(), ...deps.issuers },
    clock,
    logger: deps.logger,
    faults,
    graceMs,
    onChanged: deps.onChanged ?? (() => undefined),
  });
  const redemptions = new RedemptionService({
    redemptions: models.redemptions,
    rewards,
    saga,
    members: deps.members,
    audit: deps.audit,
    walker: deps.walker,
    clock,
    logger: deps.logger,
    zone: deps.zone,
    graceMs,
  });
  const storefront = new Storefront(models.rewards, limits, deps.members, deps.ledger, clock, deps.zone);
  return { rewards, redemptions, storefront, jobs: mallJobs(redemptions) };
}
