import { ClaimMode, rewardOf, type GrantedRewardView, type RewardView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { grantId } from '../ledger/grants.js';
import type { OutboxMessage } from '../outbox/types.js';
import { withKept, type GrantInput, type ReverseInput, type RewardReversal } from '../rewards/service.js';
import type { MemberCounters } from './member-counters.js';
import type { TaskCompletion, TaskProgress } from './model.js';
import type { ProgressRecords } from './progress.js';
import type { TaskCountBook } from './task-counts.js';
import { claimByOf } from './task-periods.js';

/** What completions need of rewards (RewardGranter fits). */
export interface TaskRewards {
  grant(input: GrantInput): Promise<GrantedRewardView[]>;
  reverse(input: ReverseInput): Promise<RewardReversal>;
}

export interface CompletionsDeps {
  completions: Model<TaskCompletion>;
  progress: ProgressRecords;
  counters: MemberCounters;
  counts: TaskCountBook;
  rewards: TaskRewards;
  clock: Clock;
  zone: string;
  /** Work left by a crash (a claim's grant, a reversal) is finished by the resume job this long after it began. */
  graceMs: number;
  /** Told after a completion gained an outbox message. */
  onChanged: () => void;
}

/**
 * Who reverses a revoked reward after the refund that revoked it: the claim whose grant it raced, or the resume job.
 * Each has its own ledger key, so a reversal made after the grant landed takes it back even when an earlier one,
 * made before, found nothing (the ledger's refund shares are cumulative: a later reversal takes what is left).
 */
type Reverser = 'claim' | 'resume';

export function completionIdOf(progressId: string, milestone: number): string {
  return `${progressId}:${milestone}`;
}

/** A completion's round, as its grant and ledger keys name it: `<completionId>:r<round>`. */
function roundRef(c: Pick<TaskCompletion, '_id' | 'round'>): string {
  return `${c._id}:r${c.round}`;
}

const FOLLOW_UP_DONE = { followUp: 1, followUpAt: 1 } as const;

/** A completion in these states counts as the task done (for prerequisites): reached, whether claimed in time or not. */
const DONE_STATES: TaskCompletion['state'][] = ['completed', 'claimed', 'expired'];

/**
 * Completions and their rewards. Each completion is one document whose unique id makes "one reward per completion";
 * every state change is a conditional update on (id, round, state), so of concurrent claims one wins. A claim is
 * three steps — mark it claimed (with its `task.claimed` message), grant through the ledger under the round's grant id
 * and key, record the entries — and a crash between them is finished by the resume job (`resume`); every step is
 * idempotent. An automatic reward skips the first step: its completion is inserted claimed. A refund that takes progress back revokes completions above it and reverses their grants.
 */
export class Completions {
  constructor(private readonly deps: CompletionsDeps) {}

  /**
   * After an advance: records a completion for every target the record has reached, in order — the targets this
   * advance crossed (`from` = the value before it), or all reached ones when the contributor had counted already
   * (a re-run finishing what a crash interrupted). Stops at the per-member limit.
   */
  async completeReached(record: TaskProgress, from: number | null, limit: number | null): Promise<void> {
    const last = record.milestones.length - 1;
    for (let m = 0; m <= last; m++) {
      const target = record.milestones[m]!.target;
      if (target > record.value) return;
      if (from !== null && target <= from) continue;
      const completion = await this.complete(record, m, limit);
      if (completion === null) return;
      if (m === last && (completion.state === 'completed' || completion.state === 'claimed'))
        await this.deps.progress.markCompleted(record._id);
    }
  }

  /** The claim of a completion read in state `completed`; null when another claim (or an expiry, a revocation) won. */
  async claim(c: TaskCompletion, claimKey: string | null): Promise<TaskCompletion | null> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.completions
      .findOneAndUpdate(
        { _id: c._id, round: c.round, state: 'completed' },
        {
          $set: { state: 'claimed', claimedAt: now, claimKey, followUp: true, followUpAt: this.followUpAt(now), outboxPending: true },
          $push: { outbox: this.message('task.claimed', c, now) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!claimed) return null;
    await this.deps.counts.add(c.taskId, 'claimed');
    this.deps.onChanged();
    return this.grant(claimed);
  }

  /** Grants a claimed completion's rewards (again, harmlessly) and records the entries. */
  async grant(c: TaskCompletion): Promise<TaskCompletion> {
    const ref = roundRef(c);
    const granted = await this.deps.rewards.grant({
      memberId: c.memberId,
      rewards: c.rewards.map(rewardOf),
      grantId: grantId('task', ref),
      key: `task:${ref}`,
      source: { type: 'task', id: c.taskId },
      reason: `task ${c.taskName}`,
    });
    const done = await this.deps.completions
      .findOneAndUpdate(
        { _id: c._id, round: c.round, state: 'claimed', rewardedAt: null },
        { $set: { rewardedAt: this.deps.clock.now(), rewards: granted }, $unset: FOLLOW_UP_DONE },
        { returnDocument: 'after' },
      )
      .lean();
    if (done) return done;
    const current = await this.deps.completions.findById(c._id).lean();
    if (!current) throw new Error(`task completion ${c._id} disappeared`);
    // A refund revoked the completion while the grant was on its way (its round may even have been followed by the
    // next one): what this round's grant gave goes back.
    const revoked = current.round === c.round ? current.state === 'revoked' && current.reversedAt === null : current.round > c.round;
    if (revoked) await this.reverse(c, 'claim');
    return current;
  }

  /**
   * Revokes a completed or claimed completion (a refund took the progress back below its target) and reverses its
   * grant. false when it was neither (expired, revoked already). The reversal of a grant still on its way is left to
   * the claim that makes it, or to the resume job.
   */
  async revoke(first: TaskCompletion): Promise<boolean> {
    let c: TaskCompletion | null = first;
    for (let attempt = 0; attempt < 5 && c; attempt++) {
      if (c.state !== 'completed' && c.state !== 'claimed') return false;
      const now = this.deps.clock.now();
      const wasClaimed = c.state === 'claimed';
      const update = wasClaimed
        ? { $set: { state: 'revoked', revokedAt: now, followUp: true, followUpAt: this.followUpAt(now) } }
        : { $set: { state: 'revoked', revokedAt: now, reversedAt: now }, $unset: FOLLOW_UP_DONE };
      const before: TaskCompletion | null = await this.deps.completions
        .findOneAndUpdate({ _id: c._id, round: c.round, state: c.state }, update, { returnDocument: 'before' })
        .lean();
      if (!before) {
        c = await this.deps.completions.findById(first._id).lean();
        continue;
      }
      await this.deps.counts.add(c.taskId, 'revoked');
      await this.deps.counters.release(c.taskId, c.memberId, c._id);
      if (wasClaimed) {
        const reversal = await this.reverseGrant(before, 'revoke');
        if (before.rewardedAt !== null) await this.markReversed(before, reversal);
      }
      return true;
    }
    return false;
  }

  /** Revokes the record's completions whose target is now above its value, when its terms claw back. */
  async revokeAbove(record: TaskProgress): Promise<number> {
    if (!record.terms.clawbackOnRefund) return 0;
    const completions = await this.deps.completions.find({ memberId: record.memberId, progressId: record._id }).lean();
    let revoked = 0;
    const last = record.milestones.length - 1;
    for (const c of completions.sort((a, b) => b.milestone - a.milestone)) {
      if (c.target <= record.value || !(await this.revoke(c))) continue;
      revoked += 1;
      if (c.milestone === last) await this.deps.progress.reopen(record._id);
    }
    return revoked;
  }

  /** Expires a manual completion left unclaimed past its claimBy; true when this call did. */
  async expire(c: TaskCompletion, now: Date): Promise<boolean> {
    const result = await this.deps.completions.updateOne(
      { _id: c._id, round: c.round, state: 'completed', claimBy: { $lt: now } },
      { $set: { state: 'expired', expiredAt: now }, $unset: FOLLOW_UP_DONE },
    );
    if (result.modifiedCount === 0) return false;
    await this.deps.counts.add(c.taskId, 'expired');
    return true;
  }

  /** Finishes what a completion's follow-up mark says is left (resume job); names what it did. */
  async resume(c: TaskCompletion): Promise<'claimed' | 'granted' | 'reversed' | 'cleared'> {
    if (c.state === 'completed' && c.claimMode === ClaimMode.Auto) {
      await this.claim(c, null);
      return 'claimed';
    }
    if (c.state === 'claimed' && c.rewardedAt === null) {
      await this.grant(c);
      return 'granted';
    }
    if (c.state === 'revoked' && c.reversedAt === null) {
      await this.reverse(c, 'resume');
      return 'reversed';
    }
    await this.deps.completions.updateOne({ _id: c._id, round: c.round, state: c.state, followUp: true }, { $unset: FOLLOW_UP_DONE });
    return 'cleared';
  }

  /** Which of these tasks the member has completed at least once, in any period (what prerequisites ask); one query. */
  async completedTasks(memberId: string, taskIds: string[]): Promise<Set<string>> {
    if (taskIds.length === 0) return new Set();
    const docs = await this.deps.completions
      .find({ memberId, taskId: { $in: taskIds }, state: { $in: DONE_STATES } }, { taskId: 1 })
      .lean();
    return new Set(docs.map((d) => d.taskId));
  }

  async get(id: string): Promise<TaskCompletion | null> {
    return this.deps.completions.findById(id).lean();
  }

  /** A member's completions that wait for a claim, and those of the given records. */
  async forMember(memberId: string, progressIds: string[]): Promise<TaskCompletion[]> {
    return this.deps.completions.find({ memberId, $or: [{ state: 'completed' }, { progressId: { $in: progressIds } }] }).lean();
  }

  /** A member's completions of one task waiting for a claim. */
  async claimable(memberId: string, taskId: string): Promise<TaskCompletion[]> {
    return this.deps.completions.find({ memberId, state: 'completed', taskId }).lean();
  }

  async ofRecord(memberId: string, progressId: string): Promise<TaskCompletion[]> {
    return this.deps.completions.find({ memberId, progressId }).lean();
  }

  /**
   * Records milestone `m` of a record as completed, once: the per-member limit's slot first, then the completion
   * (a duplicate id means it exists). A completion that exists is finished if a crash left it half done, and a
   * revoked one starts its next round. An automatic claim follows at once. null when the limit is reached.
   */
  private async complete(record: TaskProgress, m: number, limit: number | null): Promise<TaskCompletion | null> {
    const id = completionIdOf(record._id, m);
    // Only a task with a per-member limit keeps the member's count (a limit is fixed when a task is created).
    if (limit !== null && !(await this.deps.counters.reserve(record.taskId, record.memberId, id, limit))) return null;
    const now = this.deps.clock.now();
    const fresh = this.newCompletion(record, m, now);
    let completion: TaskCompletion | null = fresh;
    if (await this.insert(fresh)) {
      // An automatic reward is claimed by the insert itself: the completion is born claimed, and is granted now.
      const claimed = fresh.state === 'claimed';
      await this.deps.counts.add(record.taskId, 'completed', ...(claimed ? (['claimed'] as const) : []));
      this.deps.onChanged();
      if (claimed) return this.grant(fresh);
    } else {
      completion = await this.deps.completions.findById(id).lean();
      if (!completion) throw new Error(`task completion ${id} could not be recorded`);
      if (completion.state === 'revoked') completion = (await this.revive(completion, record)) ?? completion;
      else if (completion.state === 'claimed' && completion.rewardedAt === null) return this.grant(completion);
    }
    if (completion.state === 'completed' && completion.claimMode === ClaimMode.Auto) {
      return (await this.claim(completion, null)) ?? (await this.deps.completions.findById(id).lean());
    }
    return completion;
  }

  /** A revoked completion reached again: its reversal settled first, it starts its next round. */
  private async revive(c: TaskCompletion, record: TaskProgress): Promise<TaskCompletion | null> {
    if (c.reversedAt === null) await this.reverse(c, 'resume');
    const now = this.deps.clock.now();
    const next = { ...this.newCompletion(record, c.milestone, now), round: c.round + 1 };
    const revived = await this.deps.completions
      .findOneAndUpdate(
        { _id: c._id, round: c.round, state: 'revoked', reversedAt: { $ne: null } },
        {
          $set: {
            state: 'completed',
            round: next.round,
            rewards: next.rewards,
            completedAt: now,
            claimBy: next.claimBy,
            claimedAt: null,
            claimKey: null,
            rewardedAt: null,
            expiredAt: null,
            revokedAt: null,
            reversedAt: null,
            outboxPending: true,
            ...(next.followUp ? { followUp: true, followUpAt: next.followUpAt } : {}),
          },
          $push: { outbox: this.message('task.completed', next, now) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!revived) return this.deps.completions.findById(c._id).lean();
    await this.deps.counts.add(c.taskId, 'completed');
    this.deps.onChanged();
    return revived;
  }

  /** Takes back what a revoked completion's grant gave, and marks it reversed. */
  private async reverse(c: TaskCompletion, by: Reverser): Promise<void> {
    await this.markReversed(c, await this.reverseGrant(c, `revoke:${by}`));
  }

  /**
   * Reverses a round's grant: its ledger rewards by grant id, its coupons and benefit grants by their keys (derived
   * from the round's key, so a grant still on its way is covered too: an undone key is never issued later).
   */
  private reverseGrant(c: TaskCompletion, suffix: string): Promise<RewardReversal> {
    const ref = roundRef(c);
    return this.deps.rewards.reverse({
      memberId: c.memberId,
      grantId: grantId('task', ref),
      key: `task:${ref}:${suffix}`,
      parts: [{ key: `task:${ref}`, rewards: c.rewards }],
    });
  }

  /** Marks the round reversed, with what stayed with the member (coupons in use) on its rewards. */
  private async markReversed(c: TaskCompletion, reversal: RewardReversal): Promise<void> {
    const kept = reversal.kept.length > 0 ? { rewards: withKept(c.rewards, reversal.kept) } : {};
    await this.deps.completions.updateOne(
      { _id: c._id, round: c.round, state: 'revoked', reversedAt: null },
      { $set: { reversedAt: this.deps.clock.now(), ...kept }, $unset: FOLLOW_UP_DONE },
    );
  }

  private newCompletion(record: TaskProgress, m: number, now: Date): TaskCompletion {
    const milestone = record.milestones[m]!;
    const auto = record.terms.claimMode === ClaimMode.Auto;
    const completion: TaskCompletion = {
      _id: completionIdOf(record._id, m),
      memberId: record.memberId,
      taskId: record.taskId,
      taskName: record.terms.taskName,
      progressId: record._id,
      periodKey: record.periodKey,
      milestone: m,
      target: milestone.target,
      rewards: milestone.rewards.map((r: RewardView) => ({ ...rewardOf(r), entryId: null })),
      claimMode: record.terms.claimMode,
      clawbackOnRefund: record.terms.clawbackOnRefund,
      state: auto ? 'claimed' : 'completed',
      round: 1,
      completedAt: now,
      claimBy: claimByOf(record.terms, record.periodEnd, now, this.deps.zone),
      claimedAt: auto ? now : null,
      claimKey: null,
      rewardedAt: null,
      expiredAt: null,
      revokedAt: null,
      reversedAt: null,
      outboxPending: true,
      ...(auto ? { followUp: true, followUpAt: this.followUpAt(now) } : {}),
    };
    completion.outbox = [this.message('task.completed', completion, now), ...(auto ? [this.message('task.claimed', completion, now)] : [])];
    return completion;
  }

  private message(type: 'task.completed' | 'task.claimed', c: TaskCompletion, at: Date): OutboxMessage {
    return {
      id: `${type}:${roundRef(c)}`,
      type,
      memberId: c.memberId,
      occurredAt: at,
      data: {
        taskId: c.taskId,
        taskName: c.taskName,
        periodKey: c.periodKey,
        milestone: c.milestone,
        rewards: c.rewards.map(rewardOf),
        memberId: c.memberId,
      },
    };
  }

  private followUpAt(now: Date): Date {
    return new Date(now.getTime() + this.deps.graceMs);
  }

  private async insert(completion: TaskCompletion): Promise<boolean> {
    try {
      await this.deps.completions.create(completion);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}
