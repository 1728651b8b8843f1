import type { CheckInResultView, CheckInStatusView, MemberCheckInsView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { businessDayOf, monthOf } from '../../platform/periods.js';
import type { ProgramSource, RegularCheckIns } from './check-in.js';
import type { MakeUps } from './make-up.js';
import type { CheckIn } from './model.js';
import { calendarOf } from './rules.js';
import type { CheckInSettler } from './settle.js';
import type { CheckInStatuses } from './status.js';
import { counts } from './streaks.js';
import { toCheckInView } from './views.js';

/** Tells whether a member exists (MemberService fits: 404 when not). */
export interface MemberFinder {
  get(id: string): Promise<unknown>;
}

export interface CheckInServiceDeps {
  records: Model<CheckIn>;
  programs: ProgramSource;
  regular: RegularCheckIns;
  makeUps: MakeUps;
  settler: CheckInSettler;
  statuses: CheckInStatuses;
  members: MemberFinder;
  walker: Walker;
  clock: Clock;
  zone: string;
  logger: Logger;
  /** How long an unsettled check-in is left to the request that made it before the resume job takes it over. */
  resumeGraceMs: number;
}

const RESUME_BATCH = 100;

/** Daily check-in (签到): today's check-in, make-ups (补签), what the member sees, and finishing interrupted ones. */
export class CheckInService {
  constructor(private readonly deps: CheckInServiceDeps) {}

  /** Today's check-in; ALREADY_CHECKED_IN (nothing granted) when there is one, CHECK_IN_CLOSED while inactive. */
  async checkIn(memberId: string): Promise<CheckInResultView> {
    const { record, program } = await this.deps.regular.checkIn(memberId);
    return { checkIn: toCheckInView(record), status: await this.deps.statuses.status(memberId, program) };
  }

  /** A make-up of a missed day: pays only what the day adds to the merged streak, once. */
  async makeUp(memberId: string, date: string): Promise<CheckInResultView> {
    const { record, program } = await this.deps.makeUps.makeUp(memberId, date);
    return { checkIn: toCheckInView(record), status: await this.deps.statuses.status(memberId, program) };
  }

  async status(memberId: string): Promise<CheckInStatusView> {
    return this.deps.statuses.status(memberId, await this.deps.programs.current());
  }

  /** What support sees: the member's status and one month's check-ins (404 for an unknown member). */
  async memberCheckIns(memberId: string, month?: string): Promise<MemberCheckInsView> {
    await this.deps.members.get(memberId);
    const program = await this.deps.programs.current();
    const shown = month ?? monthOf(businessDayOf(this.deps.clock.now(), calendarOf(program, this.deps.zone)));
    const docs = await this.deps.records.find({ memberId, date: { $gte: `${shown}-01`, $lte: `${shown}-31` } }).lean();
    const checkIns = docs
      .filter((d) => counts(d))
      .sort((a, b) => a.date.localeCompare(b.date))
      .map(toCheckInView);
    return { status: await this.deps.statuses.status(memberId, program), month: shown, checkIns };
  }

  /**
   * Job: check-ins left unsettled by a crash, older than the grace: a regular check-in (or a make-up that got to
   * paying) is finished, any other make-up undone. Every step is idempotent, so a second run changes nothing.
   */
  async resume(now: Date, runKey: string): Promise<JobCounts> {
    const before = now.getTime() - this.deps.resumeGraceMs;
    const walked = await this.deps.walker.walk<CheckIn>({
      runKey,
      model: this.deps.records,
      filter: { settledAt: null },
      batchSize: RESUME_BATCH,
      process: async (batch) => {
        const result: JobCounts = { finished: 0, undone: 0, failed: 0 };
        for (const record of batch) {
          if (record.recordedAt.getTime() > before) continue;
          try {
            result[await this.resumeOne(record)]! += 1;
          } catch (err) {
            result.failed! += 1;
            this.deps.logger.warn({ err, checkIn: record._id }, 'check-in could not be resumed; the next run tries again');
          }
        }
        return result;
      },
    });
    return { finished: walked.counts.finished ?? 0, undone: walked.counts.undone ?? 0, failed: walked.counts.failed ?? 0 };
  }

  private async resumeOne(record: CheckIn): Promise<'finished' | 'undone'> {
    if (record.kind === 'make_up' && (record.undoing === true || record.stage !== 'rewarding')) {
      await this.deps.makeUps.undo(record._id, record.attempt);
      return 'undone';
    }
    await this.deps.settler.settle(record, await this.deps.programs.current());
    return 'finished';
  }
}
