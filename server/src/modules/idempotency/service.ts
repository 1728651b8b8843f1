import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError } from '../../platform/errors.js';
import type { IdempotencyStore, StoredResponse } from '../../platform/http/idempotency.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { IdempotencyRecord } from './model.js';

export interface IdempotencyOptions {
  retentionDays: number;
  /** How long a first attempt holds the key before a retry may take over (a crashed process never finishes). */
  lockMs?: number;
  /** How long a concurrent repeat waits for the first attempt's answer before it gets 409. */
  waitMs?: number;
}

const DAY_MS = 86_400_000;

export class IdempotencyService implements IdempotencyStore {
  private readonly lockMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly records: Model<IdempotencyRecord>,
    private readonly clock: Clock,
    private readonly options: IdempotencyOptions,
  ) {
    this.lockMs = options.lockMs ?? 60_000;
    this.waitMs = options.waitMs ?? 10_000;
  }

  async execute(
    scope: string,
    key: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const id = createHash('sha256').update(`${scope}\n${key}`).digest('hex');
    const waitUntil = Date.now() + this.waitMs;
    for (;;) {
      const claimed = await this.claim(id, scope, key, fingerprint);
      if (claimed) return { ...(await this.runClaimed(id, claimed, work)), replayed: false };
      const existing = await this.records.findById(id).lean();
      if (!existing) continue; // released by a failed attempt: try to claim again
      if (existing.fingerprint !== fingerprint) {
        throw new ConflictError('This Idempotency-Key was used with a different request', ErrorCode.IdempotencyKeyReused, { key });
      }
      if (existing.state === 'done') return { status: existing.status ?? 200, body: JSON.parse(existing.body ?? 'null'), replayed: true };
      if (existing.lockedUntil.getTime() <= this.clock.now().getTime()) {
        const taken = await this.takeOver(existing);
        if (taken) return { ...(await this.runClaimed(id, taken, work)), replayed: false };
      }
      if (Date.now() >= waitUntil) {
        throw new ConflictError('A request with this Idempotency-Key is still being processed', ErrorCode.IdempotencyKeyInProgress, {
          key,
        });
      }
      await sleep(25);
    }
  }

  /** Deletes records past their retention, in bounded batches; returns how many. */
  async deleteExpired(batchSize = 500): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.records
        .find({ expiresAt: { $lt: this.clock.now() } }, { _id: 1 })
        .limit(batchSize)
        .lean();
      if (batch.length === 0) return deleted;
      const result = await this.records.deleteMany({ _id: { $in: batch.map((r) => r._id) } });
      deleted += result.deletedCount;
      if (batch.length < batchSize) return deleted;
    }
  }

  /** Creates the pending record; returns the lock it holds (its `lockedUntil`), or null when the key exists. */
  private async claim(id: string, scope: string, key: string, fingerprint: string): Promise<Date | null> {
    const now = this.clock.now();
    const lock = new Date(now.getTime() + this.lockMs);
    try {
      await this.records.create({
        _id: id,
        scope,
        key,
        fingerprint,
        state: 'pending',
        lockedUntil: lock,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.options.retentionDays * DAY_MS),
      });
      return lock;
    } catch (err) {
      if (isDuplicateKeyError(err)) return null;
      throw err;
    }
  }

  /** Takes over a pending record whose lock expired; returns the new lock, or null when another attempt won it. */
  private async takeOver(existing: IdempotencyRecord): Promise<Date | null> {
    const lock = new Date(this.clock.now().getTime() + this.lockMs);
    const result = await this.records.updateOne(
      { _id: existing._id, state: 'pending', lockedUntil: existing.lockedUntil },
      { $set: { lockedUntil: lock } },
    );
    return result.modifiedCount === 1 ? lock : null;
  }

  /**
   * Runs the work under `lock`. Storing or freeing the record is conditional on still holding that lock: an
   * attempt presumed dead and taken over must neither overwrite the answer of the attempt that took over nor
   * free the key while that attempt is still running.
   */
  private async runClaimed(id: string, lock: Date, work: () => Promise<StoredResponse>): Promise<StoredResponse> {
    const held = { _id: id, state: 'pending' as const, lockedUntil: lock };
    let response: StoredResponse;
    try {
      response = await work();
    } catch (err) {
      // The work failed without an answer worth keeping (5xx): free the key so a retry can run it.
      await this.records.deleteOne(held);
      throw err;
    }
    await this.records.updateOne(held, { $set: { state: 'done', status: response.status, body: JSON.stringify(response.body ?? null) } });
    return response;
  }
}
