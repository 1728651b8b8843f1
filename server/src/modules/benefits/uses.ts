import { createHash } from 'node:crypto';
import { BenefitUseState, ErrorCode, type BenefitUseView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { OutboxMessage } from '../outbox/types.js';
import type { Entitlement } from './entitlements.js';
import type { BenefitFaultHook } from './faults.js';
import type { EntitlementReader } from './member-entitlements.js';
import type { BenefitUse, PoolRef } from './model.js';
import type { QuotaPools } from './quota-pools.js';
import { toUseView } from './views.js';

export interface UseInput {
  memberId: string;
  benefitCode: string;
  key?: string | undefined;
  orderId?: string | undefined;
  count?: number | undefined;
}

export type ReleaseInput = Omit<UseInput, 'count'>;

export interface UsesDeps {
  uses: Model<BenefitUse>;
  pools: QuotaPools;
  entitlements: EntitlementReader;
  clock: Clock;
  faults: BenefitFaultHook;
  graceMs: number;
  walker: Walker;
  onChanged: () => void;
}

/** States in which a use holds its quota (or held it): a repeat answers the record as it is. */
const SETTLED: readonly string[] = [BenefitUseState.Used, BenefitUseState.Releasing, BenefitUseState.Released];
/** States a repeat of the same key may try again from: nothing was taken. */
const RETRYABLE: readonly string[] = [BenefitUseState.Refused, BenefitUseState.Cancelled];

/**
 * Uses of benefits at checkout, each a sequence of idempotent steps: (1) record the use `pending` under the
 * caller's key (the unique id), (2) take it from the first pool it fits (one conditional update that records the
 * use in the pool), (3) mark it `used` with its `benefit.used` message. Release: (1) `used` → `releasing`, (2) give
 * it back to its pool (once, by the pool's record of it), (3) `released` with `benefit.released`. A crash between
 * steps is finished (or, for a use that took nothing, cancelled) by the resume job after a grace period.
 */
export class BenefitUses {
  constructor(private readonly deps: UsesDeps) {}

  async use(input: UseInput): Promise<BenefitUseView> {
    const count = input.count ?? 1;
    const id = useIdOf(input);
    const existing = await this.deps.uses.findById(id).lean();
    if (existing && existing.count !== count) {
      throw new ConflictError('This key was used for another count', ErrorCode.IdempotencyKeyReused, { id, count: existing.count });
    }
    if (existing && SETTLED.includes(existing.state)) return toUseView(existing);
    const { entitlements, grants } = await this.deps.entitlements.of(input.memberId);
    const entitlement = entitlements.get(input.benefitCode);
    if (!entitlement) {
      throw new BusinessRuleError(ErrorCode.NotEligible, `The member has no entitlement to ${input.benefitCode}`, {
        benefitCode: input.benefitCode,
      });
    }
    const refs = entitlement.pools.map((p) => p.ref);
    const record = existing ? await this.reopen(existing, refs) : await this.record(id, input, count, refs);
    if (SETTLED.includes(record.state)) return toUseView(record);
    await this.deps.faults('use:recorded', id);
    const used = await this.deps.pools.usedOf(entitlement.pools, grants);
    const taken = await this.take(record, entitlement, used);
    await this.deps.faults('use:taken', id);
    if (!taken) {
      await this.deps.uses.updateOne(
        { _id: id, state: BenefitUseState.Pending },
        { $set: { state: BenefitUseState.Refused, updatedAt: this.deps.clock.now() } },
      );
      // Read again: the counts read before taking may be older than the uses that filled the pools.
      const now = await this.deps.pools.usedOf(entitlement.pools, await this.deps.entitlements.grantsOf(input.memberId));
      const remaining = entitlement.pools.reduce(
        (sum, p) => sum + (p.limit === null ? 0 : Math.max(0, p.limit - (now.get(p.ref.id) ?? 0))),
        0,
      );
      throw new BusinessRuleError(ErrorCode.QuotaExhausted, `The quota of ${input.benefitCode} is used up`, {
        benefitCode: input.benefitCode,
        remaining,
        requested: count,
      });
    }
    return toUseView(await this.markUsed(record, taken.pool, taken.poolUsed));
  }

  /** Gives a use back (order refunded or cancelled); a repeat, or 50 at once, gives it back once. */
  async release(input: ReleaseInput): Promise<BenefitUseView> {
    const id = useIdOf(input);
    let record = await this.deps.uses.findById(id).lean();
    if (!record || record.memberId !== input.memberId) throw new NotFoundError('Benefit use', { id });
    if (record.state === BenefitUseState.Pending) {
      throw new ConflictError('The use is still being recorded; release it again shortly', undefined, { id });
    }
    if (record.state === BenefitUseState.Used) {
      record =
        (await this.deps.uses
          .findOneAndUpdate(
            { _id: id, state: BenefitUseState.Used },
            { $set: { state: BenefitUseState.Releasing, updatedAt: this.deps.clock.now() } },
            { returnDocument: 'after' },
          )
          .lean()) ?? (await this.deps.uses.findById(id).lean())!;
    }
    if (record.state !== BenefitUseState.Releasing) return toUseView(record);
    await this.deps.faults('release:marked', id);
    return toUseView(await this.finishRelease(record));
  }

  /** The member's latest uses, newest first. */
  async recent(memberId: string, limit = 20): Promise<BenefitUseView[]> {
    return (await this.deps.uses.find({ memberId }).sort({ createdAt: -1 }).limit(limit).lean()).map(toUseView);
  }

  /**
   * Job: finishes uses and releases a crash interrupted, once they are older than the grace period: a pending use
   * that a pool holds is marked used, one that no pool holds is cancelled; a release gives back and is marked.
   */
  async resume(now: Date, runKey: string): Promise<JobCounts> {
    const counts: JobCounts = { used: 0, cancelled: 0, released: 0 };
    const due = new Date(now.getTime() - this.deps.graceMs);
    const process = async (batch: BenefitUse[]): Promise<JobCounts> => {
      const done: JobCounts = { used: 0, cancelled: 0, released: 0 };
      for (const record of batch.filter((r) => r.updatedAt <= due)) {
        if (record.state === BenefitUseState.Releasing) {
          await this.finishRelease(record);
          done.released! += 1;
          continue;
        }
        const held = await this.heldIn(record);
        if (held) {
          await this.markUsed(record, held.pool, held.poolUsed);
          done.used! += 1;
        } else if (await this.cancel(record)) {
          done.cancelled! += 1;
        }
      }
      return done;
    };
    for (const state of [BenefitUseState.Pending, BenefitUseState.Releasing]) {
      const walked = await this.deps.walker.walk<BenefitUse>({
        runKey: `${runKey}:${state}`,
        model: this.deps.uses,
        filter: { state },
        batchSize: 200,
        process,
      });
      addCounts(counts, walked.counts);
    }
    return counts;
  }

  private async record(id: string, input: UseInput, count: number, pools: PoolRef[]): Promise<BenefitUse> {
    const now = this.deps.clock.now();
    const record: BenefitUse = {
      _id: id,
      memberId: input.memberId,
      benefitCode: input.benefitCode,
      key: input.key ?? null,
      orderId: input.orderId ?? null,
      hash: hashOf(id),
      count,
      state: BenefitUseState.Pending,
      pools,
      pool: null,
      remaining: null,
      createdAt: now,
      updatedAt: now,
      usedAt: null,
      releasedAt: null,
    };
    try {
      await this.deps.uses.create(record);
      return record;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    // A concurrent repeat recorded it first: carry on with its record.
    return this.reopen((await this.deps.uses.findById(id).lean())!, pools);
  }

  /** A repeat: a refused or cancelled use is tried again; a pending one goes on (a retry finishes it). */
  private async reopen(record: BenefitUse, pools: PoolRef[]): Promise<BenefitUse> {
    if (SETTLED.includes(record.state)) return record;
    const known = new Set(record.pools.map((p) => p.id));
    const added = pools.filter((p) => !known.has(p.id));
    const from = RETRYABLE.includes(record.state) ? record.state : BenefitUseState.Pending;
    const reopened = await this.deps.uses
      .findOneAndUpdate(
        { _id: record._id, state: from },
        {
          $set: { state: BenefitUseState.Pending, updatedAt: this.deps.clock.now() },
          ...(added.length > 0 ? { $push: { pools: { $each: added } } } : {}),
        },
        { returnDocument: 'after' },
      )
      .lean();
    return reopened ?? (await this.deps.uses.findById(record._id).lean())!;
  }

  /** Step 2: the first pool (soonest reset first) the use fits in; pools read as full are not asked. */
  private async take(record: BenefitUse, entitlement: Entitlement, used: ReadonlyMap<string, number>) {
    const now = this.deps.clock.now();
    for (const pool of entitlement.pools) {
      const before = used.get(pool.ref.id) ?? 0;
      if (pool.limit !== null && before + record.count > pool.limit && (await this.deps.pools.heldCount(pool.ref, record.hash)) === null)
        continue;
      const after = await this.deps.pools.take(pool, record, now);
      if (after !== null) return { pool: { ref: pool.ref, limit: pool.limit }, poolUsed: after };
    }
    return null;
  }

  /** A pending use's pool, found by the pools' records of it (after a crash). */
  private async heldIn(record: BenefitUse) {
    for (const ref of record.pools) {
      const count = await this.deps.pools.heldCount(ref, record.hash);
      if (count !== null) return { pool: { ref, limit: null }, poolUsed: count };
    }
    return null;
  }

  /** Step 3; if the resume job cancelled the use meanwhile, the quota goes back and the caller may retry. */
  private async markUsed(record: BenefitUse, pool: { ref: PoolRef; limit: number | null }, poolUsed: number): Promise<BenefitUse> {
    const now = this.deps.clock.now();
    const remaining = pool.limit === null ? null : Math.max(0, pool.limit - poolUsed);
    const marked = await this.deps.uses
      .findOneAndUpdate(
        { _id: record._id, state: BenefitUseState.Pending },
        {
          $set: {
            state: BenefitUseState.Used,
            pool: pool.ref,
            remaining,
            usedAt: now,
            updatedAt: now,
            outbox: [message('benefit.used', record, now, { pool: pool.ref.id, remaining })],
            outboxPending: true,
          },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (marked) {
      this.deps.onChanged();
      return marked;
    }
    const current = (await this.deps.uses.findById(record._id).lean())!;
    if (SETTLED.includes(current.state)) return current;
    await this.deps.pools.giveBack(pool.ref, record);
    throw new ConflictError('The use was cancelled while it was recorded; try again', undefined, { id: record._id });
  }

  private async cancel(record: BenefitUse): Promise<boolean> {
    const result = await this.deps.uses.updateOne(
      { _id: record._id, state: BenefitUseState.Pending, updatedAt: record.updatedAt },
      { $set: { state: BenefitUseState.Cancelled, updatedAt: this.deps.clock.now() } },
    );
    return result.modifiedCount === 1;
  }

  /** Release steps 2 and 3, each idempotent, so concurrent releases and the resume job may all run them. */
  private async finishRelease(record: BenefitUse): Promise<BenefitUse> {
    if (record.pool) await this.deps.pools.giveBack(record.pool, record);
    await this.deps.faults('release:given-back', record._id);
    const now = this.deps.clock.now();
    const released = await this.deps.uses
      .findOneAndUpdate(
        { _id: record._id, state: BenefitUseState.Releasing },
        {
          $set: { state: BenefitUseState.Released, releasedAt: now, updatedAt: now, outboxPending: true },
          $push: { outbox: message('benefit.released', record, now, { pool: record.pool?.id ?? null }) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (released) this.deps.onChanged();
    return released ?? (await this.deps.uses.findById(record._id).lean())!;
  }
}

/** `<memberId>:<benefitCode>:o:<orderId>` or `…:k:<key>`; exactly one of them names a use. */
export function useIdOf(input: ReleaseInput): string {
  if ((input.key === undefined) === (input.orderId === undefined)) {
    throw new ValidationError([{ field: 'key', reasons: ['give exactly one of key and orderId'] }]);
  }
  return input.orderId !== undefined
    ? `${input.memberId}:${input.benefitCode}:o:${input.orderId}`
    : `${input.memberId}:${input.benefitCode}:k:${input.key!}`;
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

function message(type: string, use: BenefitUse, at: Date, extra: Record<string, unknown>): OutboxMessage {
  return {
    id: `${type}:${use._id}`,
    type,
    memberId: use.memberId,
    occurredAt: at,
    data: { useId: use._id, benefitCode: use.benefitCode, count: use.count, key: use.key, orderId: use.orderId, ...extra },
  };
}
