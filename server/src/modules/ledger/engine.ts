import { ErrorCode, type Currency } from '@laurel/shared';
import type { Collection } from 'mongodb';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { AppError, ConflictError } from '../../platform/errors.js';
import { insertNewInBulk, isDuplicateKeyError, updateInBulk } from '../../platform/mongo.js';
import { KeyedQueue } from './keyed-queue.js';
import type { Draft } from './lots.js';
import { walletIdOf, type LedgerEntry, type Wallet, type WalletState } from './model.js';
import { ledgerMessages } from './messages.js';
import { planExpire, planReleasePending } from './plans.js';
import { applyEntry, balancesOf, emptyState, LedgerCorruptionError, nextAvailableAt, nextExpiryAt } from './wallet-state.js';

export interface WalletRef {
  memberId: string;
  currency: Currency;
}

/** Who asks: a caller's idempotency key with the fingerprint of its request. */
export interface Identity {
  key: string;
  fingerprint: string;
}

export interface Operation {
  /** null for system work (expire, release): its key is derived from the wallet version it applies to. */
  identity: Identity | null;
  /** Expire and release what is due first, so units past their expiry are never spent. */
  settle: boolean;
  /** Plans the entry against the wallet as read; throws an AppError to refuse; null = nothing to do. */
  plan(wallet: Wallet, now: Date): Draft | null | Promise<Draft | null>;
}

export interface Outcome {
  entry: LedgerEntry | null;
  replayed: boolean;
}

export interface EngineSettings {
  maxLots: number;
  /** Queue a process's operations per wallet (default true). Off only to test cross-process races. */
  serializeInProcess: boolean;
  maxAttempts: number;
  /** Told after every wallet write (e.g. to drop a cached summary); awaited before the operation returns, errors ignored. */
  onWalletChanged?: (memberId: string) => Promise<void>;
}

const SYSTEM_FINGERPRINT = 'system';
/** Keys of system entries (expire, release_pending); callers' keys may not start with it. */
export const SYSTEM_KEY_PREFIX = 'system:';

/**
 * Applies entries to wallets without transactions. Per operation, in the common case, 3 commands:
 * read the wallet; insert the entry with seq = version + 1 (the anchor: a unique (member, currency, key)
 * makes it exactly-once, a unique (member, currency, seq) makes it the only entry that may follow this
 * version); update the wallet conditionally on `version`. Whoever finds an anchored entry not yet applied
 * (a racing operation, a replay, the reconciler) applies it: the wallet can move past seq-1 only through it.
 * The engine builds whole documents in their stored types, so it sends them through the driver as they are
 * (`model.collection`): Mongoose's casting of each wallet's lots was most of the engine's own CPU time.
 */
export class LedgerEngine {
  private readonly queue = new KeyedQueue();
  private readonly walletDocs: Collection<Wallet>;
  private readonly entryDocs: Collection<LedgerEntry>;

  constructor(
    readonly wallets: Model<Wallet>,
    readonly entries: Model<LedgerEntry>,
    private readonly clock: Clock,
    private readonly settings: EngineSettings,
  ) {
    // Mongoose's collections are the driver's, typed loosely; these say what the documents are.
    this.walletDocs = wallets.collection as unknown as Collection<Wallet>;
    this.entryDocs = entries.collection as unknown as Collection<LedgerEntry>;
  }

  run(ref: WalletRef, op: Operation): Promise<Outcome> {
    const work = () => this.attempt(ref, op);
    return this.settings.serializeInProcess ? this.queue.run(walletIdOf(ref.memberId, ref.currency), work) : work();
  }

  /** The wallet document, created empty on first use (so the reconciler, which walks wallets, sees every ledger). */
  async load(ref: WalletRef): Promise<Wallet> {
    const _id = walletIdOf(ref.memberId, ref.currency);
    const found = await this.findWallet(_id, ref.memberId);
    if (found) return found;
    const now = this.clock.now();
    const wallet: Wallet = { _id, ...ref, ...emptyState(), nextExpiryAt: null, nextAvailableAt: null, createdAt: now, updatedAt: now };
    try {
      await this.walletDocs.insertOne(wallet);
      return wallet;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const raced = await this.findWallet(_id, ref.memberId);
      if (!raced) throw err;
      return raced;
    }
  }

  // memberId in every wallet filter: on a cluster sharded by memberId the command goes to one shard.
  private findWallet(_id: string, memberId: string): Promise<Wallet | null> {
    return this.walletDocs.findOne({ _id, memberId });
  }

  /** Applies an anchored entry to the wallet at version seq-1. Returns false if the wallet had already moved on. */
  async apply(wallet: Wallet, entry: LedgerEntry): Promise<{ wallet: Wallet; applied: boolean }> {
    const next = applyEntry(wallet, entry);
    const now = this.clock.now();
    const set = { ...next, nextExpiryAt: nextExpiryAt(next), nextAvailableAt: nextAvailableAt(next), updatedAt: now };
    const result = await this.walletDocs.updateOne({ _id: wallet._id, memberId: wallet.memberId, version: wallet.version }, { $set: set });
    const applied = result.modifiedCount === 1;
    if (applied) await this.changed(wallet.memberId);
    return { wallet: { ...wallet, ...set }, applied };
  }

  /**
   * `apply` for many wallets, their conditional updates sent in ordered bulk commands of at most
   * BULK_STATEMENTS (one round trip each instead of one per wallet; see updateInBulk).
   */
  private async applyMany(pairs: { wallet: Wallet; entry: LedgerEntry }[]): Promise<void> {
    const now = this.clock.now();
    await updateInBulk(
      this.wallets,
      pairs.map(({ wallet, entry }) => {
        const next = applyEntry(wallet, entry);
        const set = { ...next, nextExpiryAt: nextExpiryAt(next), nextAvailableAt: nextAvailableAt(next), updatedAt: now };
        return { filter: { _id: wallet._id, memberId: wallet.memberId, version: wallet.version }, update: { $set: set } };
      }),
    );
    await Promise.all(pairs.map(({ wallet }) => this.changed(wallet.memberId)));
  }

  /** Every wallet write ends here: the one place that tells listeners (the summary cache) a member's balances moved. */
  async changed(memberId: string): Promise<void> {
    try {
      await this.settings.onWalletChanged?.(memberId);
    } catch {
      // No write depends on a listener (the cache is Redis, which may be down); the write has happened.
    }
  }

  /** The entry anchored after the wallet's version and not applied yet, if any (left by a crash or in flight). */
  unapplied(wallet: Wallet): Promise<LedgerEntry | null> {
    return this.entryDocs.findOne({
      memberId: wallet.memberId,
      currency: wallet.currency,
      seq: wallet.version + 1,
    });
  }

  private async attempt(ref: WalletRef, op: Operation): Promise<Outcome> {
    let wallet = await this.load(ref);
    for (let attempt = 0; attempt < this.settings.maxAttempts; attempt++) {
      const now = this.clock.now();
      if (op.settle) {
        const due = planExpire(wallet, now, this.settings.maxLots) ?? planReleasePending(wallet, now, this.settings.maxLots);
        if (due) {
          wallet = await this.commit(wallet, due, now);
          continue;
        }
      }
      let draft: Draft | null;
      try {
        draft = await op.plan(wallet, now);
      } catch (err) {
        // A refusal of a request that was already carried out is a replay (e.g. a second capture).
        const prior = err instanceof AppError && op.identity ? await this.findByKey(ref, op.identity.key) : null;
        if (prior && op.identity) return this.replay(ref, prior, op.identity);
        throw err;
      }
      if (!draft) return { entry: null, replayed: false };
      const entry = this.anchorFor(wallet, draft, op.identity, now);
      if (await this.insert(entry)) {
        await this.apply(wallet, entry);
        return { entry, replayed: false };
      }
      const prior = op.identity ? await this.findByKey(ref, op.identity.key) : null;
      if (prior && op.identity) return this.replay(ref, prior, op.identity);
      wallet = await this.helpForward(wallet);
    }
    throw new ConflictError('The wallet is busy; try again', 'WALLET_BUSY', { memberId: ref.memberId, currency: ref.currency });
  }

  /**
   * System work (expire, release) for a batch of wallets as read, by the same protocol as `run` without reading
   * each wallet again: one unordered insert of every anchor, then the wallets' conditional updates in bulk.
   * An anchor that lost its seq to a racing operation is not ours: its wallet is returned in `retry` for `run`.
   * An update that matches nothing is harmless: only our anchor can move the wallet past its version, so whoever
   * did (a racing operation helping forward) applied it; a crash in between is finished by the reconciler.
   */
  async runSystemBatch(batch: Wallet[], plan: Operation['plan']): Promise<{ entries: LedgerEntry[]; retry: Wallet[] }> {
    const now = this.clock.now();
    const planned: { wallet: Wallet; entry: LedgerEntry }[] = [];
    for (const wallet of batch) {
      const draft = await plan(wallet, now);
      if (draft) planned.push({ wallet, entry: this.anchorFor(wallet, draft, null, now) });
    }
    if (planned.length === 0) return { entries: [], retry: [] };
    const lost = await insertNewInBulk(
      planned.map((p) => p.entry),
      (docs) => this.entryDocs.insertMany(docs, { ordered: false }),
    );
    const won = planned.filter((_, i) => !lost.has(i));
    await this.applyMany(won);
    return { entries: won.map((p) => p.entry), retry: planned.filter((_, i) => lost.has(i)).map((p) => p.wallet) };
  }

  /** Anchors and applies a system entry; returns the wallet to plan against next. */
  private async commit(wallet: Wallet, draft: Draft, now: Date): Promise<Wallet> {
    const entry = this.anchorFor(wallet, draft, null, now);
    if (!(await this.insert(entry))) return this.helpForward(wallet);
    const { wallet: next, applied } = await this.apply(wallet, entry);
    return applied ? next : this.load(wallet);
  }

  /** Someone else holds seq version+1: apply their entry (it is valid at this version) and reload if we lost. */
  private async helpForward(wallet: Wallet): Promise<Wallet> {
    const blocking = await this.unapplied(wallet);
    if (!blocking) return this.load(wallet);
    const { wallet: next, applied } = await this.apply(wallet, blocking);
    return applied ? next : this.load(wallet);
  }

  private async replay(ref: WalletRef, prior: LedgerEntry, identity: Identity): Promise<Outcome> {
    if (prior.fingerprint !== identity.fingerprint) {
      throw new ConflictError('This idempotency key was used with a different request', ErrorCode.IdempotencyKeyReused, {
        key: identity.key,
      });
    }
    const wallet = await this.load(ref);
    if (wallet.version < prior.seq) {
      if (wallet.version !== prior.seq - 1)
        throw new LedgerCorruptionError(`entry ${prior.seq} is anchored but the wallet is at ${wallet.version}`);
      await this.apply(wallet, prior);
    }
    return { entry: prior, replayed: true };
  }

  private anchorFor(wallet: Wallet, draft: Draft, identity: Identity | null, now: Date): LedgerEntry {
    const seq = wallet.version + 1;
    const after: WalletState = applyEntry(wallet, { ...draft, seq });
    const entry = {
      _id: new Types.ObjectId(),
      memberId: wallet.memberId,
      currency: wallet.currency,
      seq,
      key: identity?.key ?? `${SYSTEM_KEY_PREFIX}${draft.kind}:${seq}`,
      fingerprint: identity?.fingerprint ?? SYSTEM_FINGERPRINT,
      ...draft,
      balanceAfter: balancesOf(after),
      createdAt: now,
    };
    // The messages ride in the anchor insert: no extra command, and they exist iff the entry does.
    return { ...entry, outbox: ledgerMessages(entry), outboxPending: true };
  }

  private async insert(entry: LedgerEntry): Promise<boolean> {
    try {
      await this.entryDocs.insertOne(entry);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  private findByKey(ref: WalletRef, key: string): Promise<LedgerEntry | null> {
    return this.entryDocs.findOne({ memberId: ref.memberId, currency: ref.currency, key });
  }
}
