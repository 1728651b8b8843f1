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

/** Builds the tiers feature: definitions, the member tier service, jobs. */
export function createTiers(deps: TiersDeps) {
  const cache = new TierCache(deps.tiers, deps.clock, undefined, deps.generations);
  const definitions = new TierDefinitionService(deps.tiers, deps.members, cache, deps.audit, deps.clock);
  const service = new TierService({ ...deps, cache });
  const jobs: JobDefinition[] = tierJobs(service);
  return { definitions, service, jobs };
}
