import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { Types, type Connection, type Model } from 'mongoose';
import type { Clock } from '../platform/clock.js';
import { NotFoundError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { JobCounts, JobDefinition } from './job.js';
import type { JobRun } from './model.js';
import { scheduleProblem, slotOf } from './schedule.js';

export interface JobStatus {
  name: string;
  description: string;
  schedule: string;
  lastRunAt: string | null;
  nextRunAt: string | null;
  lastResult: { outcome: JobRun['outcome']; durationMs: number; counts: JobCounts; error: string | null } | null;
  paused: boolean;
}

export interface SchedulerOptions {
  connection: Connection;
  runs: Model<JobRun>;
  jobs: JobDefinition[];
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  timeZone: string;
  processEvery: string;
  /** Per-job schedule overrides from configuration, by job name. */
  schedules?: Record<string, string>;
}

/** Agenda on the application's own database connection, with every run recorded in `job_runs`. */
export class Scheduler {
  private readonly agenda: Agenda;
  private readonly byName: Map<string, JobDefinition>;
  private started = false;

  constructor(private readonly options: SchedulerOptions) {
    const db = options.connection.db;
    if (!db) throw new Error('the database connection is not open');
    this.agenda = new Agenda({
      backend: new MongoBackend({ mongo: db, collection: 'agenda_jobs' }),
      processEvery: options.processEvery,
      defaultConcurrency: 1,
      defaultLockLimit: 1,
    });
    this.agenda.on('error', (err: Error) => options.logger.error({ err }, 'scheduler error'));
    this.byName = new Map(options.jobs.map((job) => [job.name, job]));
    const problems = Object.keys(options.schedules ?? {})
      .filter((name) => !this.byName.has(name))
      .map((name) => `unknown job "${name}" (jobs: ${[...this.byName.keys()].join(', ')})`);
    for (const job of options.jobs) {
      const problem = scheduleProblem(this.scheduleOf(job));
      if (problem) problems.push(`${job.name}: ${problem}`);
    }
    if (problems.length > 0) throw new Error(`invalid JOB_SCHEDULES:\n  - ${problems.join('\n  - ')}`);
    for (const job of options.jobs) {
      this.agenda.define(job.name, async () => void (await this.runJob(job.name, { runKey: this.slotKey(job) })), {
        concurrency: 1,
        lockLimit: 1,
        lockLifetime: job.lockLifetimeMs ?? 10 * 60_000,
      });
    }
  }

  scheduleOf(job: JobDefinition): string {
    return this.options.schedules?.[job.name] ?? job.schedule;
  }

  async start(): Promise<void> {
    await this.agenda.start();
    for (const job of this.options.jobs) {
      await this.agenda.every(this.scheduleOf(job), job.name, undefined, { timezone: this.options.timeZone, skipImmediate: true });
    }
    this.started = true;
  }

  isRunning(): boolean {
    return this.started;
  }

  /** The run key of the scheduled slot due at the clock's now: shared by every worker firing it and by a rerun after a crash. */
  slotKey(job: JobDefinition): string {
    return `${job.name}@${slotOf(this.scheduleOf(job), this.options.clock.now(), this.options.timeZone)}`;
  }

  /**
   * Runs a job inline in this process and records the run; used by the worker (with the slot's run key) and by
   * operators' "run now" (a fresh run key unless one is given).
   */
  async runJob(name: string, options: { runKey?: string } = {}): Promise<JobRun> {
    const job = this.definition(name);
    const { clock, logger, metrics, runs } = this.options;
    const startedAt = clock.now();
    const started = process.hrtime.bigint();
    const runKey = options.runKey ?? `${name}@manual:${new Types.ObjectId().toHexString()}`;
    let counts: JobCounts = {};
    let error: string | null = null;
    try {
      counts = await job.run({ now: startedAt, logger: logger.child({ job: name, runKey }), runKey });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      logger.error({ err, job: name }, 'job failed');
    }
    const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const outcome = error ? 'failure' : 'success';
    metrics.jobRuns.inc({ job: name, outcome });
    const run = await runs.create({ name, startedAt, finishedAt: clock.now(), durationMs, outcome, counts, error });
    logger.info({ job: name, outcome, durationMs, counts }, 'job finished');
    return run.toObject();
  }

  /** Queues a run for the next free worker. */
  async enqueue(name: string): Promise<void> {
    this.definition(name);
    await this.agenda.now(name);
  }

  async pause(name: string): Promise<void> {
    this.definition(name);
    await this.agenda.disable({ name });
  }

  async resume(name: string): Promise<void> {
    this.definition(name);
    await this.agenda.enable({ name });
  }

  async list(): Promise<JobStatus[]> {
    const { jobs } = await this.agenda.queryJobs({ names: [...this.byName.keys()], includeDisabled: true });
    const statuses: JobStatus[] = [];
    for (const job of this.options.jobs) {
      const recurring = jobs.find((j) => j.name === job.name && j.repeatInterval);
      const last = await this.options.runs.findOne({ name: job.name }).sort({ _id: -1 }).lean();
      statuses.push({
        name: job.name,
        description: job.description,
        schedule: this.scheduleOf(job),
        lastRunAt: last ? last.startedAt.toISOString() : null,
        nextRunAt: recurring?.nextRunAt ? new Date(recurring.nextRunAt).toISOString() : null,
        lastResult: last ? { outcome: last.outcome, durationMs: last.durationMs, counts: last.counts, error: last.error } : null,
        paused: Boolean(recurring?.disabled),
      });
    }
    return statuses;
  }

  /** Stops taking jobs and waits (bounded) for running ones to finish. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.agenda.drain(timeoutMs);
  }

  private definition(name: string): JobDefinition {
    const job = this.byName.get(name);
    if (!job) throw new NotFoundError('Job', { name });
    return job;
  }
}
