import type { MemberTierView, Page, TierChangeView, TierMetric, TierReevaluationView } from '@laurel/shared';
import type { Model } from 'mongoose';
import { unclaimedWalker, type Walker } from '../../jobs/batch-walker.js';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { insertNewInBulk, updateInBulk, type BulkUpdate } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { AppliedChange } from '../ledger/types.js';
import { TierChanger, versionFilter, type TierDecision } from './changes.js';
import { decideDue, decideReevaluation, decideUpgrade, extendedUntil, metricOf, stateFor, type TierProgram } from './decide.js';
import { downgradeTarget, rankOf, tierOf, type Ladder, type TierCache } from './ladder.js';
import type { MemberTier, TierChange, TierEvaluationMark, TierNotice, TierStats } from './model.js';
import { basisOf, currencyOfMetric, emptyStats, foldChange, nextAvailableDay, type CountingBasis } from './stats.js';
import { toChangeView, toMemberTierView } from './views.js';
import { addDays, businessDayOf, dayRange } from '../../platform/periods.js';

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
const AVAILABLE_MARK = 'available';
const SYSTEM: Actor = { type: 'system', id: 'tiers', label: 'tier evaluation' };

type CounterFields = Required<Pick<MemberTier, 'tierStatsMetric' | 'tierStatsSeq' | 'tierStats' | 'tierPendingDay'>>;

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

  private get basis(): CountingBasis {
    return basisOf(this.deps.program.metric, this.deps.program.pendingGrowth);
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
    addCounts(counts, await this.drainDays(EVALUATION_MARK, 'tierDueDay', now, runKey, (batch) => this.evaluateBatch(batch, ladder, now)));
    return counts;
  }

  /**
   * Job: upgrades members whose pending growth has become available since their counters were last caught up
   * (it counts from that instant, whether or not the ledger has released it yet). Walks `tierPendingDay`.
   */
  async upgradeAvailable(now: Date, runKey: string): Promise<JobCounts> {
    const ladder = await this.deps.cache.ladder();
    const counts: JobCounts = { members: 0, upgraded: 0 };
    if (ladder.length === 0) return counts;
    const actor: Actor = { type: 'system', id: 'tiers', label: 'pending growth available' };
    const upgradeBatch = async (batch: MemberTier[]): Promise<JobCounts> => {
      let upgraded = 0;
      for (const member of await this.syncBatch(batch)) {
        const change = await this.changer.change(member, (m) => decideUpgrade(m, ladder, this.deps.program, now, actor, 'upgrade'));
        if (change) upgraded += 1;
      }
      return { members: batch.length, upgraded };
    };
    addCounts(counts, await this.drainDays(AVAILABLE_MARK, 'tierPendingDay', now, runKey, upgradeBatch));
    return counts;
  }

  /**
   * One batch of due members, each decided on counters caught up with the ledger: extensions (bulk), tier changes
   * (anchor, then member) one member at a time. Every member leaves with a decision day in the future, or none.
   */
  async evaluateBatch(batch: MemberTier[], ladder: Ladder, now: Date): Promise<JobCounts> {
    const counts: JobCounts = { members: batch.length, extended: 0, downgraded: 0, upgraded: 0 };
    const extensions: BulkUpdate[] = [];
    for (const member of await this.syncBatch(batch)) {
      const decision = decideDue(member, ladder, this.deps.program, now, SYSTEM);
      if (decision === null) continue;
      if (decision === 'extend') {
        extensions.push(this.extension(member, ladder, now));
        continue;
      }
      await this.changer.helpForward(member);
      // Decided again on the member as the change applies to it: a racing change may have made it an extension.
      const keeps: { member: MemberTier | null } = { member: null };
      const change = await this.changer.change(await this.changer.read(member._id.toHexString()), (m) => {
        const d = decideDue(m, ladder, this.deps.program, now, SYSTEM);
        keeps.member = d === 'extend' ? m : null;
        return d === null || d === 'extend' ? null : d;
      });
      if (change) counts[change.reason === 'upgrade' ? 'upgraded' : 'downgraded'] += 1;
      if (keeps.member) extensions.push(this.extension(keeps.member, ladder, now));
    }
    counts.extended = await updateInBulk(this.deps.members, extensions);
    return counts;
  }

  /** The conditional update that extends a member who met retention (or clears the decision of a tier that no longer expires). */
  private extension(member: MemberTier, ladder: Ladder, now: Date): BulkUpdate {
    const { until, day } = extendedUntil(member, ladder, this.deps.program, now);
    return {
      filter: { ...versionFilter(member), tierValidUntil: member.tierValidUntil ?? null },
      update: { $set: { tierValidUntil: until, tierDueDay: day } },
    };
  }

  /** Job: a `tier.downgrade_warning` for members whose decision day is within the warning period and who fall short. */
  async warnDowngrades(now: Date, runKey: string): Promise<JobCounts> {
    const ladder = await this.deps.cache.ladder();
    const counts: JobCounts = { members: 0, warned: 0 };
    if (ladder.length === 0) return counts;
    const { zone, warningDays } = this.deps.program;
    const today = businessDayOf(now, { zone });
    for (let ahead = 0; ahead <= warningDays; ahead++) {
      const day = addDays(today, ahead);
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
    const expiring = batch.filter((m) => tierOf(ladder, m.tier ?? null) && m.tierValidUntil && m.tierDueDay);
    for (const member of await this.syncBatch(expiring)) {
      const tier = tierOf(ladder, member.tier ?? null);
      if (!tier || !member.tierValidUntil || !member.tierDueDay) continue;
      const value = metricOf(member, this.deps.program, now);
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
        // A dry run decides on counters caught up in memory only.
        for (const member of dryRun ? await this.caughtUpBatch(batch) : await this.syncBatch(batch)) {
          const decision = decideReevaluation(member, ladder, this.deps.program, now, SYSTEM);
          if (!decision) continue;
          const up = rankOf(ladder, decision.state.tier) > rankOf(ladder, member.tier ?? null);
          if (dryRun) {
            counts[up ? 'up' : 'down']! += 1;
            if (sample.length < sampleSize)
              sample.push({ memberId: member._id.toHexString(), from: member.tier ?? null, to: decision.state.tier });
            continue;
          }
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
   * Brings the member's counters up to the wallet (or up to just before `change`, then folds it) and stores them,
   * written conditionally on the seq they were read at, so a replay or a race never counts twice. Starts from
   * `target` when given the member as read (with its wallet's `version` when known), from a fresh read otherwise;
   * null for an unknown member.
   */
  private async sync(target: string | MemberTier, change?: AppliedChange, version?: number): Promise<MemberTier | null> {
    const memberId = typeof target === 'string' ? target : target._id.toHexString();
    let member: MemberTier | null = typeof target === 'string' ? await this.readMember(memberId) : target;
    let known = version;
    for (let attempt = 0; attempt < MAX_FOLD_ATTEMPTS && member; attempt++) {
      const counters = await this.caughtUp(member, change, known);
      known = undefined;
      if (counters === null) return member;
      const fresh = { ...member, ...counters };
      // Nothing ever counted and nothing to count: the empty counters need not be stored.
      if (counters.tierStatsSeq === 0 && member.tierStatsSeq === undefined && counters.tierPendingDay === null) return fresh;
      const result = await this.deps.members.updateOne(
        { _id: member._id, tierStatsSeq: member.tierStatsSeq ?? null, tierStatsMetric: member.tierStatsMetric ?? null },
        { $set: counters },
      );
      if (result.modifiedCount === 1) return fresh;
      member = await this.readMember(memberId);
    }
    if (!member) return null;
    throw new ConflictError('The member tier counters are busy; try again', 'TIER_BUSY', { memberId });
  }

  /**
   * A batch of members, each with counters caught up and stored. Their wallets' versions are read at once (one
   * lookup by `_id` each, concurrently); only the members whose counters are behind are folded and written.
   */
  private async syncBatch(batch: MemberTier[]): Promise<MemberTier[]> {
    const versions = await this.versionsOf(batch);
    const synced: MemberTier[] = [];
    for (const [i, read] of batch.entries()) {
      const member = await this.sync(read, undefined, versions[i]);
      if (member) synced.push(member);
    }
    return synced;
  }

  /** The batch with counters caught up in memory only (a dry run). */
  private async caughtUpBatch(batch: MemberTier[]): Promise<MemberTier[]> {
    const versions = await this.versionsOf(batch);
    const members: MemberTier[] = [];
    for (const [i, member] of batch.entries()) {
      const counters = await this.caughtUp(member, undefined, versions[i]);
      members.push(counters ? { ...member, ...counters } : member);
    }
    return members;
  }

  private versionsOf(batch: MemberTier[]): Promise<number[]> {
    const currency = currencyOfMetric(this.metric);
    return Promise.all(batch.map((m) => this.deps.ledger.walletVersion(m._id.toHexString(), currency)));
  }

  /**
   * The member's counters on the configured basis as of the wallet's version (or folded up to `change`): a fold of
   * the ledger by `seq` from what the member holds, from seq 0 when it holds another basis's; with the day its
   * pending growth next becomes available. null when the member's are current.
   */
  private async caughtUp(member: MemberTier, change?: AppliedChange, version?: number): Promise<CounterFields | null> {
    const { metric, zone } = this.deps.program;
    const basis = this.basis;
    const currency = currencyOfMetric(metric);
    const memberId = member._id.toHexString();
    const same = member.tierStatsMetric === basis;
    const seq = same ? (member.tierStatsSeq ?? 0) : 0;
    if (change && change.seq <= seq) return null;
    let stats: TierStats = same ? (member.tierStats ?? emptyStats()) : emptyStats();
    let at = seq;
    const target = change ? change.seq - 1 : (version ?? (await this.deps.ledger.walletVersion(memberId, currency)));
    while (at < target) {
      const missed = await this.deps.ledger.appliedChanges(memberId, currency, at, Math.min(CATCH_UP_BATCH, target - at));
      if (missed.length === 0) break;
      for (const c of missed) stats = foldChange(stats, c, basis, zone);
      at = missed[missed.length - 1]!.seq;
    }
    if (change) {
      stats = foldChange(stats, change, basis, zone);
      at = change.seq;
    }
    const pendingDay = nextAvailableDay(stats, this.deps.clock.now(), zone);
    if (same && at === seq && pendingDay === (member.tierPendingDay ?? null)) return null;
    return { tierStatsMetric: basis, tierStatsSeq: at, tierStats: stats, tierPendingDay: pendingDay };
  }

  private readMember(memberId: string): Promise<MemberTier | null> {
    return this.changer.read(memberId).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    });
  }

  /** Walks the members of every undrained day of `mark` (by `field`, an indexed day), then marks today drained. */
  private async drainDays(
    mark: string,
    field: 'tierDueDay' | 'tierPendingDay',
    now: Date,
    runKey: string,
    process: (batch: MemberTier[]) => Promise<JobCounts>,
  ): Promise<JobCounts> {
    const counts: JobCounts = {};
    const today = businessDayOf(now, { zone: this.deps.program.zone });
    for (const day of await this.undrainedDays(mark, field, today)) {
      const walked = await this.deps.walker.walk<MemberTier>({
        runKey: `${runKey}:${day}`,
        model: this.deps.members,
        filter: { [field]: day },
        batchSize: this.batchSize,
        process,
      });
      addCounts(counts, walked.counts);
    }
    await this.deps.marks.updateOne({ _id: mark }, { $max: { drainedThrough: today } }, { upsert: true });
    return counts;
  }

  /**
   * Days to walk: from the last day a run drained (again, for members who became due later that day) to today.
   * The first run ever starts at the earliest such day of any member (one sorted query), so a scheduler that was
   * down for any length of time catches up on every day it missed.
   */
  private async undrainedDays(mark: string, field: 'tierDueDay' | 'tierPendingDay', today: string): Promise<string[]> {
    const drained = await this.deps.marks.findById(mark).lean();
    let from = drained?.drainedThrough;
    // No mark yet, or one ahead of the clock (the business clock was set back): find the earliest day.
    if (from === undefined || from > today) {
      const earliest = await this.deps.members
        .find({ [field]: { $ne: null, $lte: today } })
        .sort({ [field]: 1 })
        .limit(1)
        .lean<MemberTier[]>();
      from = earliest[0]?.[field] ?? today;
    }
    return dayRange(from, today, Number.MAX_SAFE_INTEGER);
  }

  /** Inserts notices, ignoring those that exist (one per member and validity period); returns how many are new. */
  private async insertNew(notices: TierNotice[]): Promise<number> {
    const known = await insertNewInBulk(notices, (docs) => this.deps.notices.insertMany(docs, { ordered: false }));
    return notices.length - known.size;
  }
}
