import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { JobDefinition } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { GenerationStore } from '../../platform/generation-cache.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditSink } from '../audit/service.js';
import type { RewardChecks } from '../rewards/checks.js';
import { RegularCheckIns } from './check-in.js';
import { checkInJobs } from './jobs.js';
import { MakeUps, type MakeUpLedger } from './make-up.js';
import type { CheckIn, CheckInMonth, CheckInProgram, MakeUpCounter, MilestoneClaim } from './model.js';
import { CheckInProgramService } from './program.js';
import { CheckInService, type MemberFinder } from './service.js';
import { CheckInSettler, type CheckInRewards } from './settle.js';
import { CheckInStatuses } from './status.js';
import { StreakChains } from './streaks.js';

export interface CheckInsDeps {
  programs: Model<CheckInProgram>;
  records: Model<CheckIn>;
  months: Model<CheckInMonth>;
  counters: Model<MakeUpCounter>;
  claims: Model<MilestoneClaim>;
  ledger: MakeUpLedger;
  rewards: CheckInRewards;
  /** Checks that rewards' coupon templates and benefits exist when the program is changed. */
  rewardChecks?: RewardChecks | undefined;
  members: MemberFinder;
  audit: AuditSink;
  walker: Walker;
  clock: Clock;
  logger: Logger;
  /** The business time zone days are counted in. */
  zone: string;
  /** Shares program changes with the other processes at once. */
  generations?: GenerationStore;
  /** How old the kept program may grow before it is read again; default 10 s. */
  cacheRefreshMs?: number;
  /** How long an unsettled check-in belongs to its request before the resume job takes it over; default 2 minutes. */
  resumeGraceMs?: number;
}

/** Builds the check-in feature: the program, check-ins and make-ups, and the resume job. */
export function createCheckIns(deps: CheckInsDeps) {
  const { records, clock, zone } = deps;
  const program = new CheckInProgramService(deps.programs, deps.audit, clock, {
    zone,
    refreshMs: deps.cacheRefreshMs ?? 10_000,
    generations: deps.generations,
    rewardChecks: deps.rewardChecks,
  });
  const settler = new CheckInSettler(records, deps.months, deps.claims, deps.rewards, clock);
  const chains = new StreakChains(records);
  const statuses = new CheckInStatuses(records, deps.months, deps.counters, clock, zone);
  const resumeGraceMs = deps.resumeGraceMs ?? 120_000;
  const regular = new RegularCheckIns(records, program, settler, statuses, clock, zone, resumeGraceMs);
  const makeUps = new MakeUps({ ...deps, programs: program, settler, chains });
  const service = new CheckInService({
    ...deps,
    programs: program,
    regular,
    makeUps,
    settler,
    statuses,
    resumeGraceMs,
  });
  const jobs: JobDefinition[] = checkInJobs(service);
  return { program, service, jobs };
}
