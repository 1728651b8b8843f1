import type { Model } from 'mongoose';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { GenerationStore } from '../../platform/generation-cache.js';
import { RuleCache } from './cache.js';
import { CapCounters } from './caps.js';
import { EarningRulesConsumer, type EarnLedger, type PointsMultiplierSource } from './consumer.js';
import { memberFactsFrom, type MemberReader } from './member-facts.js';
import type { CapCounter, EarningRule } from './model.js';
import type { AuditSink } from '../audit/service.js';
import { EarningRuleService } from './service.js';

export interface EarningRulesDeps {
  rules: Model<EarningRule>;
  counters: Model<CapCounter>;
  audit: AuditSink;
  clock: Clock;
  ledger: EarnLedger;
  members: MemberReader;
  /** Business time zone: caps count per day / week / month there. */
  timeZone: string;
  /** How old the kept rules may grow before they are read again (a safety net when Redis is down); default 10 s. */
  cacheRefreshMs?: number;
  /** The members' points multipliers (from the benefits feature's packages). */
  multipliers?: PointsMultiplierSource;
  /** Shares rule changes with the other processes at once; without it they see them within `cacheRefreshMs`. */
  generations?: GenerationStore;
}

const DAY_MS = 86_400_000;
/** Counters are kept a week past their period: a re-run of an interrupted event finds its claim. */
const COUNTER_RETENTION_MS = 7 * DAY_MS;

/** Builds the earning-rules feature: the admin service, the pipeline consumer and their jobs. */
export function createEarningRules(deps: EarningRulesDeps) {
  const cache = new RuleCache(
    () => deps.rules.find({ active: true, archived: false }).lean(),
    deps.clock,
    deps.cacheRefreshMs ?? 10_000,
    deps.generations,
  );
  const caps = new CapCounters(deps.counters, deps.timeZone);
  const members = memberFactsFrom(deps.members);
  const consumer = new EarningRulesConsumer(cache, members, caps, deps.ledger, deps.timeZone, deps.multipliers);
  const service = new EarningRuleService(deps.rules, deps.audit, deps.clock, cache, consumer, members);
  const jobs: JobDefinition[] = [
    {
      name: 'earning-rules.counters-cleanup',
      description: 'Deletes cap counters of periods that ended more than a week ago',
      schedule: '30 4 * * *',
      run: async ({ now }) => ({ deleted: await caps.deleteEnded(new Date(now.getTime() - COUNTER_RETENTION_MS)) }),
    },
  ];
  return { service, consumer, jobs };
}
