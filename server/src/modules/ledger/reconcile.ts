import type { Currency, LedgerBalances } from '@laurel/shared';
import type { LedgerEngine } from './engine.js';
import type { LedgerEntry, Wallet, WalletState } from './model.js';
import {
  applyEntry,
  BUCKETS,
  emptyState,
  LIFETIME_KEYS,
  netOf,
  nextAvailableAt,
  nextExpiryAt,
  walletProblems,
  zeroBuckets,
} from './wallet-state.js';

export interface WalletIssue {
  walletId: string;
  memberId: string;
  currency: Currency;
  version: number;
  /** Wallet minus what its applied entries add up to, per bucket. */
  drift: LedgerBalances;
  /** An entry anchored after the wallet's version: an operation interrupted (or still in flight). */
  unapplied: { seq: number; kind: string; key: string; delta: number } | null;
  /** What was found wrong (for a repaired issue: before the repair). */
  problems: string[];
  /** The wallet agrees with its ledger now. */
  repaired: boolean;
}

export interface ReconcileReport {
  wallets: number;
  /** True when every wallet agrees with its ledger (after repairs, if asked for). */
  ok: boolean;
  issues: WalletIssue[];
}

export interface ReconcileOptions {
  /** Apply interrupted operations and, where the wallet still disagrees, rewrite it from its ledger. */
  repair?: boolean;
  memberId?: string;
  batchSize?: number;
  /** Called after each batch with the number of wallets checked so far (progress reporting). */
  onProgress?: (walletsChecked: number) => void;
}

/**
 * Invariant 1, checked per wallet: folding its applied entries (seq 1..version, no gaps) reproduces the
 * wallet — each bucket, every lot's remaining, the open holds, the lifetime totals — and the wallet's
 * balances match its own lots and holds. Walks wallets by _id in bounded batches.
 */
export class LedgerReconciler {
  constructor(private readonly engine: LedgerEngine) {}

  async reconcile(options: ReconcileOptions = {}): Promise<ReconcileReport> {
    const repair = options.repair ?? false;
    const batchSize = options.batchSize ?? 200;
    const issues: WalletIssue[] = [];
    let wallets = 0;
    let after: string | null = null;
    for (;;) {
      const filter: Record<string, unknown> = options.memberId ? { memberId: options.memberId } : {};
      if (after !== null) filter._id = { $gt: after };
      const batch: Wallet[] = await this.engine.wallets.find(filter).sort({ _id: 1 }).limit(batchSize).lean();
      for (const wallet of batch) {
        wallets += 1;
        const issue = await this.check(wallet, repair, 0);
        if (issue) issues.push(issue);
      }
      options.onProgress?.(wallets);
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]!._id;
    }
    // A repaired issue leaves nothing behind (a rewrite from a sound ledger, or an apply that left no problem),
    // though its problems still say what was found.
    return { wallets, ok: issues.every((issue) => issue.repaired), issues };
  }

  private async check(wallet: Wallet, repair: boolean, depth: number): Promise<WalletIssue | null> {
    const { rebuilt, unapplied, problems: ledgerProblems } = await this.replay(wallet);
    const sound = rebuilt !== null && ledgerProblems.length === 0;

    if (repair && unapplied && sound) {
      const { wallet: next, applied } = await this.engine.apply(wallet, unapplied);
      if (!applied) return depth < 3 ? this.check(await this.engine.load(wallet), repair, depth + 1) : null;
      const after = await this.check(next, false, depth + 1);
      return { ...issueOf(wallet, unapplied, zeroBuckets(), after?.problems ?? []), repaired: after === null };
    }

    const drift = zeroBuckets();
    const problems = [...ledgerProblems];
    if (rebuilt) {
      for (const bucket of BUCKETS) drift[bucket] = wallet[bucket] - rebuilt[bucket];
      problems.push(...differences(wallet, rebuilt));
    }
    problems.push(...walletProblems(wallet).map((p) => `wallet: ${p}`));
    if (problems.length === 0 && !unapplied) return null;

    let repaired = false;
    if (repair && sound && rebuilt && !unapplied) {
      // The ledger is the truth: a wallet that disagrees with a sound ledger is rewritten from it.
      const set = { ...rebuilt, nextExpiryAt: nextExpiryAt(rebuilt), nextAvailableAt: nextAvailableAt(rebuilt) };
      const result = await this.engine.wallets.updateOne(
        { _id: wallet._id, memberId: wallet.memberId, version: wallet.version, updatedAt: wallet.updatedAt },
        { $set: set },
      );
      repaired = result.modifiedCount === 1;
      if (repaired) await this.engine.changed(wallet.memberId);
    }
    return { ...issueOf(wallet, unapplied, drift, problems), repaired };
  }

  /** Folds the wallet's entries seq 1..version; the entry at version+1, if any, is returned unapplied. */
  private async replay(wallet: Wallet): Promise<{ rebuilt: WalletState | null; unapplied: LedgerEntry | null; problems: string[] }> {
    const problems: string[] = [];
    let rebuilt: WalletState | null = emptyState();
    let unapplied: LedgerEntry | null = null;
    let sum = 0;
    const cursor = this.engine.entries
      .find({ memberId: wallet.memberId, currency: wallet.currency })
      .sort({ seq: 1 })
      .lean()
      .cursor({ batchSize: 500 });
    for await (const entry of cursor as AsyncIterable<LedgerEntry>) {
      if (entry.delta !== netOf(entry.change))
        problems.push(`entry ${entry.seq} has delta ${entry.delta} but changes ${netOf(entry.change)}`);
      if (entry.seq === wallet.version + 1) unapplied = entry;
      else if (entry.seq > wallet.version) problems.push(`entry ${entry.seq} is beyond version ${wallet.version} + 1`);
      else if (rebuilt) {
        sum += entry.delta;
        try {
          rebuilt = applyEntry(rebuilt, entry);
        } catch (err) {
          problems.push(`ledger cannot be replayed: ${(err as Error).message}`);
          rebuilt = null;
        }
      }
    }
    if (rebuilt && rebuilt.version !== wallet.version)
      problems.push(`ledger ends at seq ${rebuilt.version} but the wallet is at version ${wallet.version}`);
    if (rebuilt && sum !== netOf(rebuilt)) problems.push(`entry deltas sum to ${sum}, the replayed balances to ${netOf(rebuilt)}`);
    return { rebuilt, unapplied, problems };
  }
}

function issueOf(wallet: Wallet, unapplied: LedgerEntry | null, drift: LedgerBalances, problems: string[]): Omit<WalletIssue, 'repaired'> {
  return {
    walletId: wallet._id,
    memberId: wallet.memberId,
    currency: wallet.currency,
    version: wallet.version,
    drift,
    unapplied: unapplied ? { seq: unapplied.seq, kind: unapplied.kind, key: unapplied.key, delta: unapplied.delta } : null,
    problems,
  };
}

/** Where a stored wallet and the wallet rebuilt from its ledger differ, beyond the bucket totals. */
function differences(stored: WalletState, rebuilt: WalletState): string[] {
  const out: string[] = [];
  for (const key of LIFETIME_KEYS) {
    if (stored.lifetime[key] !== rebuilt.lifetime[key])
      out.push(`lifetime.${key} is ${stored.lifetime[key]}, ledger says ${rebuilt.lifetime[key]}`);
  }
  const describe = (s: WalletState) => [
    new Map(
      s.lots.map((lot) => [
        lot.lotId,
        `${lot.remaining}/${lot.pending ? 'pending' : 'available'}/${lot.expiresAt?.toISOString() ?? 'never'}`,
      ]),
    ),
    new Map(s.holds.map((hold) => [hold.orderId, String(hold.amount)])),
  ];
  const [storedLots, storedHolds] = describe(stored);
  const [ledgerLots, ledgerHolds] = describe(rebuilt);
  for (const [what, a, b] of [['lot', storedLots!, ledgerLots!] as const, ['hold', storedHolds!, ledgerHolds!] as const]) {
    for (const id of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(id) !== b.get(id)) out.push(`${what} ${id} is ${a.get(id) ?? 'absent'}, ledger says ${b.get(id) ?? 'absent'}`);
    }
  }
  return out;
}
