import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import type { Clock } from '../platform/clock.js';
import { isDuplicateKeyError } from '../platform/mongo.js';
import { addCounts, type JobCounts } from './job.js';
import type { JobBatch } from './model.js';

/** One walk of one run over one collection of `D` documents, read (with `projection`) as `T`. */
export interface Walk<T extends { _id: unknown }, D = T> {
  /** Identifies the run (job name + scheduled slot, or a manual run's id); walks with the same key share batches. */
  runKey: string;
  model: Model<D>;
  /** Which documents are due; should be served by an index. The walker adds the `_id` range. */
  filter: Record<string, unknown>;
  projection?: Record<string, 0 | 1>;
  batchSize: number;
  /** Processes one batch; must be idempotent (a batch abandoned by a crash is processed again). */
  process(docs: T[]): Promise<JobCounts>;
}

export interface WalkResult {
  /** Batches this walker processed, and the documents in them. */
  batches: number;
  documents: number;
  /** Batches skipped because they were already done or another worker holds them. */
  skipped: number;
  /** The sum of `process` counts over the batches this walker processed. */
  counts: JobCounts;
}

export interface BatchWalkerOptions {
  /** How long a claim protects a batch; a claim older than this is taken as abandoned (its worker died). */
  leaseMs?: number;
  /** Names this worker in its claims; random by default. */
  owner?: string;
}

/** Keeps claims of finished runs for this long before the cleanup job deletes them. */
export const BATCH_RETENTION_MS = 7 * 86_400_000;

const START = '^';

/**
 * Walks a collection by `_id` ascending, in batches of at most `batchSize`, so that several workers running
 * the same run (same `runKey`) never process one batch twice and a run interrupted by a crash resumes after
 * its last completed batch.
 *
 * Contract:
 * - A batch is "the next `batchSize` documents matching `filter` with `_id` > `after`", where `after` is the
 *   last `_id` of the previous batch of the run. Before processing it, the walker claims it by inserting
 *   `{ _id: '<runKey>:<after>', after, last }` into `job_batches`. The insert either succeeds or fails on the
 *   unique `_id`: atomic across processes on MongoDB and FerretDB (unlike a conditional update, which
 *   FerretDB runs as read-then-write). Batches are keyed by the position they start after, not by their
 *   first document: processing removes documents from the filter, so two workers reading at different
 *   moments can see different first documents but always agree on where the previous batch ended.
 * - A worker that loses a claim skips to the winner's `last` and goes on; so batches are disjoint `_id`
 *   ranges, each processed by one worker, and the workers' counts add up to the run's total.
 * - After `process` resolves, the claim is marked `done` with its counts: the chain of done claims is the
 *   run's checkpoint. A walk with the same `runKey` skips done batches. A batch whose claim failed (the
 *   walker marks it when `process` throws) or whose lease has passed (its worker died) is taken over by
 *   inserting `<claim id>#<attempt>` (again atomic) and processed again over the same `_id` range; hence
 *   `process` must be idempotent.
 * - Documents that become due during a walk behind its position are left for the next run.
 * - Claims are ordinary documents with no TTL (FerretDB has none): `deleteOldBatches` removes old ones.
 */
export class BatchWalker implements Walker {
  private readonly leaseMs: number;
  private readonly owner: string;

  constructor(
    private readonly batches: Model<JobBatch>,
    private readonly clock: Clock,
    options: BatchWalkerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.owner = options.owner ?? randomBytes(6).toString('hex');
  }

  async walk<T extends { _id: unknown }, D = T>(walk: Walk<T, D>): Promise<WalkResult> {
    const result: WalkResult = { batches: 0, documents: 0, skipped: 0, counts: {} };
    const stream = new IdStream(walk);
    try {
      let after: unknown = null;
      for (;;) {
        const id = claimIdOf(walk.runKey, after);
        const existing = await this.batches.findById(id).lean();
        if (existing) {
          if (existing.state !== 'done' && (await this.retake(existing))) await this.processClaim(walk, existing, result);
          else result.skipped += 1;
          after = existing.last;
          continue;
        }
        const docs = await stream.peek(walk.batchSize, after);
        if (docs.length === 0) return result;
        const claim = await this.claim(walk.runKey, id, after, docs);
        if (!claim) continue; // lost the race: the next loop reads the winner's claim and skips past it
        await this.process(walk, claim, docs, result);
        after = claim.last;
      }
    } finally {
      await stream.close();
    }
  }

  /** Deletes claims older than the retention, in bounded batches; returns how many. */
  async deleteOldBatches(now: Date, batchSize = 500): Promise<number> {
    const cutoff = new Date(now.getTime() - BATCH_RETENTION_MS);
    let deleted = 0;
    for (;;) {
      const batch = await this.batches
        .find({ claimedAt: { $lt: cutoff } }, { _id: 1 })
        .limit(batchSize)
        .lean();
      if (batch.length === 0) return deleted;
      deleted += (await this.batches.deleteMany({ _id: { $in: batch.map((b) => b._id) } })).deletedCount;
      if (batch.length < batchSize) return deleted;
    }
  }

  /** The documents of a claimed range, read again (a retake). */
  private read<T extends { _id: unknown }, D>(walk: Walk<T, D>, after: unknown, last: unknown): Promise<T[]> {
    const range: Record<string, unknown> = {};
    if (after !== null) range.$gt = after;
    if (last !== null) range.$lte = last;
    const filter = Object.keys(range).length > 0 ? { ...walk.filter, _id: range } : { ...walk.filter };
    return walk.model
      .find(filter, walk.projection ?? null)
      .sort({ _id: 1 })
      .limit(walk.batchSize)
      .lean<T[]>()
      .exec();
  }

  private async claim(runKey: string, id: string, after: unknown, docs: { _id: unknown }[]): Promise<JobBatch | null> {
    const now = this.clock.now();
    const claim: JobBatch = {
      _id: id,
      runKey,
      kind: 'claim',
      after,
      last: docs[docs.length - 1]!._id,
      size: docs.length,
      state: 'claimed',
      owner: this.owner,
      attempt: 1,
      claimedAt: now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      finishedAt: null,
      counts: {},
    };
    return (await this.insert(claim)) ? claim : null;
  }

  /** Takes over a failed or abandoned claim; true if this worker won it. */
  private async retake(claim: JobBatch): Promise<boolean> {
    const now = this.clock.now();
    if (claim.state === 'claimed' && claim.leaseUntil > now) return false;
    const attempt = claim.attempt + 1;
    const won = await this.insert({
      ...claim,
      _id: `${claim._id}#${attempt}`,
      kind: 'retake',
      owner: this.owner,
      attempt,
      claimedAt: now,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
    });
    if (!won) return false;
    await this.batches.updateOne(
      { _id: claim._id },
      { $set: { state: 'claimed', owner: this.owner, attempt, leaseUntil: new Date(now.getTime() + this.leaseMs) } },
    );
    return true;
  }

  private async processClaim<T extends { _id: unknown }, D>(walk: Walk<T, D>, claim: JobBatch, result: WalkResult): Promise<void> {
    await this.process(walk, claim, await this.read(walk, claim.after, claim.last), result);
  }

  private async process<T extends { _id: unknown }, D>(walk: Walk<T, D>, claim: JobBatch, docs: T[], result: WalkResult): Promise<void> {
    let counts: JobCounts;
    try {
      counts = docs.length > 0 ? await walk.process(docs) : {};
    } catch (err) {
      await this.batches.updateOne({ _id: claim._id }, { $set: { state: 'failed' } }).catch(() => undefined);
      throw err;
    }
    await this.batches.updateOne({ _id: claim._id }, { $set: { state: 'done', finishedAt: this.clock.now(), counts } });
    recordBatch(result, docs.length, counts);
  }

  private async insert(batch: JobBatch): Promise<boolean> {
    try {
      await this.batches.create(batch);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}

/** Adds one processed batch to a walk's result. */
function recordBatch(result: WalkResult, documents: number, counts: JobCounts): void {
  result.batches += 1;
  result.documents += documents;
  addCounts(result.counts, counts);
}

function claimIdOf(runKey: string, after: unknown): string {
  return `${runKey}:${after === null ? START : String(after)}`;
}

/** What a sweep needs from a walker; `BatchWalker` claims batches, `unclaimedWalker` just pages (one worker, tests). */
export interface Walker {
  walk<T extends { _id: unknown }, D = T>(walk: Walk<T, D>): Promise<WalkResult>;
}

/** Pages through the documents by `_id` without claims or checkpoints: for a single worker and for tests. */
export const unclaimedWalker: Walker = {
  async walk<T extends { _id: unknown }, D = T>(walk: Walk<T, D>): Promise<WalkResult> {
    const result: WalkResult = { batches: 0, documents: 0, skipped: 0, counts: {} };
    const stream = new IdStream(walk);
    try {
      let after: unknown = null;
      for (;;) {
        const docs = await stream.peek(walk.batchSize, after);
        if (docs.length === 0) return result;
        recordBatch(result, docs.length, await walk.process(docs));
        after = docs[docs.length - 1]!._id;
      }
    } finally {
      await stream.close();
    }
  },
};

/**
 * One query per walk, read in batches: FerretDB sorts in memory after reading every match, so a query per batch
 * would read the whole due set once per batch. Documents may be a little stale by the time they are processed;
 * `process` works on them through operations that check versions (the ledger's anchors), as it must anyway.
 */
class IdStream<T extends { _id: unknown }, D> {
  private readonly cursor: { next(): Promise<T | null>; close(): Promise<void> };
  private buffer: T[] = [];
  private done = false;

  constructor(walk: Walk<T, D>) {
    this.cursor = walk.model
      .find(walk.filter, walk.projection ?? null)
      .sort({ _id: 1 })
      .lean<T[]>()
      .cursor({ batchSize: walk.batchSize }) as unknown as { next(): Promise<T | null>; close(): Promise<void> };
  }

  /** The next documents (at most n) with `_id` after `after`; they stay in the stream until passed. */
  async peek(n: number, after: unknown): Promise<T[]> {
    if (after !== null) this.buffer = this.buffer.filter((doc) => compareIds(doc._id, after) > 0);
    while (this.buffer.length < n && !this.done) {
      const next = await this.cursor.next();
      if (next === null) this.done = true;
      else if (after === null || compareIds(next._id, after) > 0) this.buffer.push(next);
    }
    return this.buffer.slice(0, n);
  }

  async close(): Promise<void> {
    await this.cursor.close().catch(() => undefined);
  }
}

/** Orders `_id` values as the database sorts them, for string, number and ObjectId ids. */
function compareIds(a: unknown, b: unknown): number {
  const key = (id: unknown): string | number =>
    typeof id === 'string' || typeof id === 'number'
      ? id
      : typeof (id as { toHexString?: unknown })?.toHexString === 'function'
        ? (id as { toHexString(): string }).toHexString()
        : String(id);
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
