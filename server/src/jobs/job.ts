import type { Logger } from '../platform/logger.js';

/** What a job reports about one run: counts of what it processed, e.g. `{ expired: 12 }`. */
export type JobCounts = Record<string, number>;

/** Adds `more` into `into`, name by name. */
export function addCounts(into: JobCounts, more: JobCounts): void {
  for (const [name, value] of Object.entries(more)) into[name] = (into[name] ?? 0) + value;
}

export interface JobContext {
  now: Date;
  logger: Logger;
  /**
   * Identifies the run: `<job>@<slot>` for a scheduled run (the same on every worker firing that slot, and
   * for a rerun after a crash), `<job>@manual:<id>` for an operator's run. Key BatchWalker walks with it.
   */
  runKey: string;
}

/** A module's scheduled work. `run` must be idempotent, work in bounded batches and be safe on two workers. */
export interface JobDefinition {
  name: string;
  description: string;
  /** Cron expression (read in the business time zone) or an interval such as '1 hour'. */
  schedule: string;
  run(context: JobContext): Promise<JobCounts>;
  lockLifetimeMs?: number;
}
