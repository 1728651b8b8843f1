import { rewardOf, type CheckInProgramView, type RewardView, type UpdateCheckInProgramDto } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, ValidationError } from '../../platform/errors.js';
import { GenerationCache, type GenerationStore } from '../../platform/generation-cache.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { businessDayOf } from '../../platform/periods.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { RewardChecks } from '../rewards/checks.js';
import { PROGRAM_ID, type CheckInProgram } from './model.js';
import { calendarOf, DEFAULT_PROGRAM, programProblems, type ProgramFields } from './rules.js';
import { toProgramView } from './views.js';

export interface ProgramServiceOptions {
  /** The business time zone days are counted in. */
  zone: string;
  /** How old the kept program may grow before it is read again (a safety net when Redis is down). */
  refreshMs: number;
  generations?: GenerationStore | undefined;
  /** Checks that rewards' coupon templates and benefits exist. */
  rewardChecks?: RewardChecks | undefined;
}

/**
 * The check-in program: one versioned document, audited on every change, kept in memory in every process and
 * seen fresh after a change (platform/generation-cache.ts). A change never rewrites recorded check-ins.
 */
export class CheckInProgramService {
  private readonly cache: GenerationCache<CheckInProgram>;

  constructor(
    private readonly programs: Model<CheckInProgram>,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly options: ProgramServiceOptions,
  ) {
    this.cache = new GenerationCache({
      name: 'check-in-program',
      load: async () => (await this.programs.findById(PROGRAM_ID).lean()) ?? DEFAULT_PROGRAM,
      clock,
      refreshMs: options.refreshMs,
      store: options.generations,
    });
  }

  /** The program as configured, or the closed default when it never was. */
  current(): Promise<CheckInProgram> {
    return this.cache.get();
  }

  async view(): Promise<CheckInProgramView> {
    return toProgramView(await this.current(), this.options.zone);
  }

  /** Replaces the program; with `version`, only that version (409 otherwise). The first activation fixes `activatedOn`. */
  async update(input: UpdateCheckInProgramDto, actor: Actor): Promise<CheckInProgramView> {
    const fields = fieldsOf(input);
    const problems = programProblems(fields);
    if (problems.length === 0 && this.options.rewardChecks) {
      const lists = [
        ...fields.dayRewards.map((d, i) => ({ field: `dayRewards.${i}.rewards`, rewards: d.rewards })),
        ...fields.milestones.map((m, i) => ({ field: `milestones.${i}.rewards`, rewards: m.rewards })),
      ];
      problems.push(...(await this.options.rewardChecks.problems(lists)));
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const before = await this.programs.findById(PROGRAM_ID).lean();
    const version = before?.version ?? 0;
    if (input.version !== undefined && input.version !== version)
      throw new ConflictError('The check-in program has changed since you read it', undefined, { version });
    const now = this.clock.now();
    const activatedOn = before?.activatedOn ?? (fields.active ? businessDayOf(now, calendarOf(fields, this.options.zone)) : null);
    const after = before ? await this.replace(before, fields, activatedOn, now) : await this.create(fields, activatedOn, now);
    await this.cache.invalidate();
    const view = toProgramView(after, this.options.zone);
    await this.audit.record({
      actor,
      action: 'check-in-program.update',
      target: { type: 'check-in-program', id: PROGRAM_ID },
      before: before ? toProgramView(before, this.options.zone) : null,
      after: view,
    });
    return view;
  }

  private async create(fields: ProgramFields, activatedOn: string | null, now: Date): Promise<CheckInProgram> {
    try {
      return (await this.programs.create({ _id: PROGRAM_ID, ...fields, activatedOn, version: 1, updatedAt: now })).toObject();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      throw changedMeanwhile();
    }
  }

  private async replace(before: CheckInProgram, fields: ProgramFields, activatedOn: string | null, now: Date): Promise<CheckInProgram> {
    const after = await this.programs
      .findOneAndUpdate(
        { _id: PROGRAM_ID, version: before.version },
        { $set: { ...fields, activatedOn, updatedAt: now }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!after) throw changedMeanwhile();
    return after;
  }
}

function changedMeanwhile(): ConflictError {
  return new ConflictError('The check-in program changed while this change was made; read it again');
}

function fieldsOf(input: UpdateCheckInProgramDto): ProgramFields {
  const rewards = (list: RewardView[]) => list.map(rewardOf);
  return {
    active: input.active,
    cycleDays: input.cycleDays,
    dayRewards: input.dayRewards.map((d) => ({ day: d.day, rewards: rewards(d.rewards) })),
    milestones: input.milestones.map((m) => ({ kind: m.kind, days: m.days, rewards: rewards(m.rewards) })),
    afterCycle: input.afterCycle,
    dayStart: input.dayStart ?? DEFAULT_PROGRAM.dayStart,
    makeUp: {
      windowDays: input.makeUp.windowDays,
      perMonth: input.makeUp.perMonth,
      costPoints: input.makeUp.costPoints,
      payDayReward: input.makeUp.payDayReward ?? true,
    },
  };
}
