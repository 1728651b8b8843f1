import type { MemberTierView, Page, TierChangeView, TierMetric, TierReevaluationView } from '@laurel/shared';
import type { Model } from 'mongoose';
import { unclaimedWalker, type Walker } from '../../jobs/batch-walker.js';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { updateInBulk } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { AppliedChange } from '../ledger/types.js';
import { TierChanger, versionFilter, type TierDecision } from './changes.js';
import { decideDue, decideReevaluation, decideUpgrade, extendedUntil, stateFor, type TierProgram } from './decide.js';
import { downgradeTarget, rankOf, tierOf, type Ladder, type TierCache } from './ladder.js';
import type { MemberTier, TierChange, TierEvaluationMark, TierNotice, TierStats } from './model.js';
import { currencyOfMetric, emptyStats, foldChange } from './stats.js';
import { toChangeView, toMemberTierView } from './views.js';
import { dayKeyOf, dayMinus, daysBetween, metricAt } from './window.js';

/** What the tiers need from the ledger (LedgerService fits). */
export interface TierLedger {
  appliedChanges(memberId: string, currency: 'points' | 'growth', afterSeq: number, limit: number): Promise<AppliedChange[]>;
  walletVersion(memberId: string, currency: 'points' | 'growth'): Promise<number>;
}

export interface ManualTierInput {
  tier: string | null;
  validUntil?: string | undefined;
  reason: string;
  autoUpgrade: boolean;
  /** The caller's key (its Idempotency-Key, scoped): a retry with it places the member once and audits it once. */
  key?: string | undefined;
}

export interface TierServiceDeps {
  members: Model<MemberTier>;
  changes: Model<TierChange>;
  notices: Model<TierNotice>;
  marks: Model<TierEvaluationMark>;
  cache: TierCache;
  ledger: TierLedger;
  audit: AuditSink;
  clock: Clock;
  program: TierProgram;
  walker: Walker;
  batchSize?: number;
}

const CATCH_UP_BATCH = 500;
const MAX_FOLD_ATTEMPTS = 10;
const EVALUATION_MARK = 'evaluate';
const SYSTEM: Actor = { type: 'system', id: 'tiers', label: 'tier evaluation' };

/**
 * Members' tiers: upgrades as soon as the metric crosses an entry threshold (told by the ledger after every
 * change), downgrades only at scheduled evaluation, manual placement, history. Consistency: docs/decisions/tier-qualification.md.
 */
export class TierService {
  private readonly changer: TierChanger;
  private readonly batchSize: number;

  constructor(private readonly deps: TierServiceDeps) {
    this.changer = new TierChanger(deps.members, deps.changes, deps.clock);
    this.batchSize = deps.batchSize ?? 500;
  }

  get metric(): TierMetric {
    return this.deps.program.metric;
  }

  /** Ledger listener: folds the change into the member's counters and upgrades at once if they now qualify. */
  async onLedgerChange(change: AppliedChange): Promise<void> {
    if (change.currency !== currencyOfMetric(this.metric)) return;
    const ladder = await this.deps.cache.ladder();
    // Without tiers nothing is counted; the counters are a fold of the ledger and catch up when tiers exist.
    if (ladder.length === 0) return;
    const member = await this.sync(change.memberId, change);
    if (!member) return;
    const actor = { type: 'ledger', id: change.key, label: `ledger ${change.kind}` };
    await this.changer.change(member, (m) => decideUpgrade(m, ladder, this.deps.program, this.deps.clock.now(), actor, 'upgrade'));
  }

  /** The member's tier, progress to the next one, what keeps the current one, and the ladder. */
  async memberTier(memberId: string): Promise<MemberTierView> {
    const ladder = await this.deps.cache.ladder();
    const member = ladder.length > 0 ? await this.sync(memberId) : await this.changer.read(memberId);
    if (!member) throw new NotFoundError('Member', { id: memberId });
    return toMemberTierView(member, ladder, this.deps.program, this.deps.clock.now());
  }

  /** The member's tier changes, newest first. */
  async history(memberId: string, page: PageRequest): Promise<Page<TierChangeView>> {
    const member = await this.changer.read(memberId);
    const { idFilter, fetch, limit } = pageQuery(page);
    const docs = await this.deps.changes
      .find({ memberId: member._id.toHexString(), ...idFilter })
      .sort({ _id: -1 })
      .limit(fetch)
      .lean();
    return toPage(docs, limit, toChangeView);
  }

  /**
   * An operator places a member on a tier (or none), audited. With a key, a retry (after a failure anywhere after the
   * change, the audit insert included) finds the change it made and audits it if that is missing, changing nothing.
   */
  async setManual(memberId: string, input: ManualTierInput, actor: Actor): Promise<MemberTierView> {
    const ladder = await this.deps.cache.ladder();
    const tier = input.tier === null ? null : tierOf(ladder, input.tier);
    if (input.tier !== null && !tier) throw new ValidationError([{ field: 'tier', reasons: [`there is no tier ${input.tier}`] }]);
    const now = this.deps.clock.now();
    const validUntil = input.validUntil === undefined ? undefined : new Date(input.validUntil);
    if (validUntil && validUntil <= now)
      throw new ValidationError([{ field: 'validUntil', reasons: ['validUntil must be in the future'] }]);
    const member = await this.changer.read(memberId);
    const key = input.key ?? null;
    let change: TierChange | null =
      key === null ? null : await this.deps.changes.findOne({ memberId: member._id.toHexString(), key }).lean();
    if (!change) {
      const state = stateFor(tier, now, input.autoUpgrade, this.deps.program.zone, validUntil);
      const decision: TierDecision = { state, reason: 'manual', actor, note: input.reason, metric: null, key };
      change = await this.changer.change(member, () => decision);
    }
    if (change) await this.auditPlacement(change, actor);
    return this.memberTier(memberId);
  }

  /** The audit entry of a manual placement, keyed by its change: written once, however often it is recorded. */
  private auditPlacement(change: TierChange, actor: Actor): Promise<void> {
    return this.deps.audit.record({
      id: change._id.toHexString(),
      actor,
      action: 'tier.set-member',
      target: { type: 'member', id: change.memberId },
      before: { tier: change.from },
      after: {
        tier: change.state.tier,
        validUntil: change.state.tierValidUntil,
        autoUpgrade: change.state.tierAutoUpgrade,
        reason: change.note,
        change: change.seq,
      },
    });
  }

  /** Job: evaluates members whose decision day has come (keep, extend, downgrade; missed upgrades too). */
  async evaluateDue(now: Date, runKey: string): Promise<JobCounts> {
    const ladder = await this.deps.cache.ladder();
    const counts: JobCounts = { members: 0, extended: 0, downgraded: 0, upgraded: 0 };
    if (ladder.length === 0) return counts;
    const today = dayKeyOf(now, this.deps.program.zone);
    for (const day of await this.undrainedDays(today)) {
      const walked = await this.deps.walker.walk<MemberTier>({
        runKey: `${runKey}:${day}`,
        model: this.deps.members,
        filter: { tierDueDay: day },
        batchSize: this.batchSize,
        process: (batch) => this.evaluateBatch(batch, ladder, now),
      });
      addCounts(counts, walked.counts);
    }
    await this.deps.marks.updateOne({ _id: EVALUATION_MARK }, { $max: { drainedThrough: today } }, { upsert: true });
    return counts;
  }

  /** One batch of due members: extensions and tier changes (anchor, then member), one member at a time. */
  async evaluateBatch(batch: MemberTier[], ladder: Ladder, now: Date): Promise<JobCounts> {
    const counts: JobCounts = { members: batch.length, extended: 0, downgraded: 0, upgraded: 0 };
    const extensions: { member: MemberTier; until: Date; day: string }[] = [];
    for (const read of batch) {
      const decision = decideDue(read, ladder, this.deps.program, now, SYSTEM);
      if (decision === null) continue;
      if (decision === 'extend') {
        const extended = extendedUntil(read, ladder, this.deps.program, now);
        if (extended) extensions.push({ member: read, ...extended });
        continue;
      }
      // Before a downgrade the counters must include every ledger entry (a crash may have left one unfolded).
      const member = decision.reason === 'retention_missed' ? ((await this.sync(read._id.toHexString())) ?? read) : read;
      await this.changer.helpForward(member);
      const change = await this.changer.change(await this.changer.read(member._id.toHexString()), (m) => {
        const d = decideDue(m, ladder, this.deps.program, now, SYSTEM);
        return d === null || d === 'extend' ? null : d;
      });
      if (change) counts[change.reason === 'upgrade' ? 'upgraded' : 'downgraded'] += 1;
    }
    counts.extended = await updateInBulk(
      this.deps.members,
      extensions.map(({ member, until, day }) => ({
        filter: { ...versionFilter(member), tierValidUntil: member.tierValidUntil },
        update: { $set: { tierValidUntil: until, tierDueDay: day } },
      })),
    );
    return counts;
  }

  /** Job: a `tier.downgrade_warning` for members whose decision day is within the warning period and who fall short. */
  async warnDowngrades(now: Date, runKey: string): Promise<JobCounts> {
    const ladder = await this.deps.cache.ladder();
    const counts: JobCounts = { members: 0, warned: 0 };
    if (ladder.length === 0) return counts;
    const { zone, warningDays } = this.deps.program;
    const today = dayKeyOf(now, zone);
    for (let ahead = 0; ahead <= warningDays; ahead++) {
      const day = dayMinus(today, -ahead, zone);
      const walked = await this.deps.walker.walk<MemberTier>({
        runKey: `${runKey}:${day}`,
        model: this.deps.members,
        filter: { tierDueDay: day },
        batchSize: this.batchSize,
        process: (batch) => this.warnBatch(batch, ladder, now),
      });
      addCounts(counts, walked.counts);
    }
    return counts;
  }

  private async warnBatch(batch: MemberTier[], ladder: Ladder, now: Date): Promise<JobCounts> {
    const notices: TierNotice[] = [];
    for (const member of batch) {
      const tier = tierOf(ladder, member.tier ?? null);
      if (!tier || !member.tierValidUntil || !member.tierDueDay) continue;
      const value = metricAt(member.tierStats ?? emptyStats(), this.deps.program.window, now, this.deps.program.zone);
      if (value >= tier.retentionThreshold) continue;
      const memberId = member._id.toHexString();
      const id = `warn:${memberId}:${member.tierValidUntil.toISOString()}`;
      notices.push({
        _id: id,
        memberId,
        tier: tier.code,
        decidesOn: member.tierDueDay,
        at: now,
        outbox: [
          {
            id: `tier.downgrade_warning:${id}`,
            type: 'tier.downgrade_warning',
            memberId,
            occurredAt: now,
            data: {
              externalId: member.externalId,
              tier: tier.code,
              decidesOn: member.tierDueDay,
              current: value,
              needed: tier.retentionThreshold - value,
              downgradeTo: downgradeTarget(ladder, tier, value)?.code ?? null,
            },
          },
        ],
        outboxPending: true,
      });
    }
    return { members: batch.length, warned: await this.insertNew(notices) };
  }

  /** Re-evaluates every member against the current definitions; with dryRun only counts who would move. */
  async reevaluateAll(dryRun: boolean, runKey: string, sampleSize = 20): Promise<TierReevaluationView> {
    const ladder = await this.deps.cache.ladder();
    const now = this.deps.clock.now();
    const sample: TierReevaluationView['sample'] = [];
    // A dry run writes nothing, not even batch claims.
    const walker = dryRun ? unclaimedWalker : this.deps.walker;
    const walked = await walker.walk<MemberTier>({
      runKey,
      model: this.deps.members,
      filter: {},
      batchSize: this.batchSize,
      process: async (batch) => {
        const counts: JobCounts = { members: batch.length, up: 0, down: 0 };
        for (const read of batch) {
          const decision = decideReevaluation(read, ladder, this.deps.program, now, SYSTEM);
          if (!decision) continue;
          const up = rankOf(ladder, decision.state.tier) > rankOf(ladder, read.tier ?? null);
          if (dryRun) {
            counts[up ? 'up' : 'down']! += 1;
            if (sample.length < sampleSize)
              sample.push({ memberId: read._id.toHexString(), from: read.tier ?? null, to: decision.state.tier });
            continue;
          }
          const member = (await this.sync(read._id.toHexString())) ?? read;
          await this.changer.helpForward(member);
          const change = await this.changer.change(await this.changer.read(member._id.toHexString()), (m) =>
            decideReevaluation(m, ladder, this.deps.program, now, SYSTEM),
          );
          if (change) counts[up ? 'up' : 'down']! += 1;
        }
        return counts;
      },
    });
    return { dryRun, members: walked.counts.members ?? 0, up: walked.counts.up ?? 0, down: walked.counts.down ?? 0, sample };
  }

  /**
   * Brings the member's counters up to the wallet (or up to just before `change`, then folds it): a fold of the
   * ledger by `seq`, written conditionally on the seq it was read at, so a replay or a race never counts twice.
   */
  private async sync(memberId: string, change?: AppliedChange): Promise<MemberTier | null> {
    const { metric, zone } = this.deps.program;
    const currency = currencyOfMetric(metric);
    for (let attempt = 0; attempt < MAX_FOLD_ATTEMPTS; attempt++) {
      const member = await this.changer.read(memberId).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (!member) return null;
      const same = member.tierStatsMetric === metric;
      const seq = same ? (member.tierStatsSeq ?? 0) : 0;
      if (change && change.seq <= seq) return member;
      let stats: TierStats = same ? (member.tierStats ?? emptyStats()) : emptyStats();
      let at = seq;
      const target = change ? change.seq - 1 : await this.deps.ledger.walletVersion(memberId, currency);
      while (at < target) {
        const missed = await this.deps.ledger.appliedChanges(memberId, currency, at, Math.min(CATCH_UP_BATCH, target - at));
        if (missed.length === 0) break;
        for (const c of missed) stats = foldChange(stats, c, metric, zone);
        at = missed[missed.length - 1]!.seq;
      }
      if (change) {
        stats = foldChange(stats, change, metric, zone);
        at = change.seq;
      }
      if (same && at === seq) return member;
      const result = await this.deps.members.updateOne(
        { _id: member._id, tierStatsSeq: member.tierStatsSeq ?? null, tierStatsMetric: member.tierStatsMetric ?? null },
        { $set: { tierStatsMetric: metric, tierStatsSeq: at, tierStats: stats } },
      );
      if (result.modifiedCount === 1) return { ...member, tierStatsMetric: metric, tierStatsSeq: at, tierStats: stats };
    }
    throw new ConflictError('The member tier counters are busy; try again', 'TIER_BUSY', { memberId });
  }

  /**
   * Decision days to walk: from the last day a run drained (again, for members who became due later that day)
   * to today. The first run ever starts at the earliest decision day of any member (one sorted query), so a
   * scheduler that was down for any length of time catches up on every day it missed.
   */
  private async undrainedDays(today: string): Promise<string[]> {
    const mark = await this.deps.marks.findById(EVALUATION_MARK).lean();
    let from = mark?.drainedThrough;
    // No mark yet, or one ahead of the clock (the business clock was set back): find the earliest due day.
    if (from === undefined || from > today) {
      const earliest = await this.deps.members
        .find({ tierDueDay: { $ne: null, $lte: today } }, { tierDueDay: 1 })
        .sort({ tierDueDay: 1 })
        .limit(1)
        .lean();
      from = earliest[0]?.tierDueDay ?? today;
    }
    return daysBetween(from, today, this.deps.program.zone, Number.MAX_SAFE_INTEGER);
  }

  /** Inserts notices, ignoring those that exist (one per member and validity period); returns how many are new. */
  private async insertNew(notices: TierNotice[]): Promise<number> {
    if (notices.length === 0) return 0;
    try {
      return (await this.deps.notices.insertMany(notices, { ordered: false })).length;
    } catch (err) {
      const e = err as { insertedDocs?: unknown[]; writeErrors?: { code?: number }[]; code?: number };
      const errors = e.writeErrors ?? (e.code === undefined ? [] : [{ code: e.code }]);
      if (errors.length === 0 || errors.some((w) => w.code !== 11000)) throw err;
      return notices.length - errors.length;
    }
  }
}
