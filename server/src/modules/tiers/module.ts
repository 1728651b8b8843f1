import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { GenerationStore } from '../../platform/generation-cache.js';
import { TierDefinitionService } from './definitions.js';
import type { TierProgram } from './decide.js';
import { tierJobs } from './jobs.js';
import { TierCache } from './ladder.js';
import type { MemberTier, Tier, TierChange, TierEvaluationMark, TierNotice } from './model.js';
import type { AuditSink } from '../audit/service.js';
import { TierService, type TierLedger } from './service.js';

export interface TiersDeps {
  tiers: Model<Tier>;
  members: Model<MemberTier>;
  changes: Model<TierChange>;
  notices: Model<TierNotice>;
  marks: Model<TierEvaluationMark>;
  ledger: TierLedger;
  audit: AuditSink;
  clock: Clock;
  program: TierProgram;
  walker: Walker;
  /** Shares definition changes with the other processes at once. */
  generations?: GenerationStore;
}

/** The points multiplier of each tier, for earning rules (percent; 100 without a tier). */
export interface TierMultipliers {
  /** Whether any tier changes points at all: otherwise rules need not read the member. */
  active(): Promise<boolean>;
  percentOf(tier: string | null): Promise<number>;
}

/** Builds the tiers feature: definitions, the member tier service, the multipliers for earning rules, jobs. */
export function createTiers(deps: TiersDeps) {
  const cache = new TierCache(deps.tiers, deps.clock, undefined, deps.generations);
  const definitions = new TierDefinitionService(deps.tiers, deps.members, cache, deps.audit, deps.clock);
  const service = new TierService({ ...deps, cache });
  const multipliers: TierMultipliers = {
    active: async () => (await cache.ladder()).some((t) => t.pointsMultiplierPercent !== 100),
    percentOf: async (tier) => (await cache.ladder()).find((t) => t.code === tier)?.pointsMultiplierPercent ?? 100,
  };
  const jobs: JobDefinition[] = tierJobs(service);
  return { definitions, service, multipliers, jobs };
}
