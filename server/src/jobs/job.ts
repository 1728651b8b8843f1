import type { Logger } from '../platform/logger.js';

/** What a job reports about one run: counts of what it processed, e.g. `{ expired: 12 }`. */
export type JobCounts = Record<string, number>;

/** A module's scheduled work. `run` must be idempotent, work in bounded batches and be safe on two workers. */
export interface JobDefinition {
  name: string;
  description: string;
  /** Cron expression (read in the business time zone) or an interval such as '1 hour'. */
  schedule: string;
  run(context: { now: Date; logger: Logger }): Promise<JobCounts>;
  lockLifetimeMs?: number;
}
