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
  walletProblems as walletProblemsOf,
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

/** How many times a suspect wallet is read again before what was found is believed. */
const RECHECK_ROUNDS = 3;

/** What one wallet as read and its ledger up to that version say; nothing written. */
interface Finding {
  wallet: Wallet;
  rebuilt: WalletState | null;
  /** The entry anchored at version + 1: an operation interrupted, or still in flight. */
  unapplied: LedgerEntry | null;
  /** Entries anchored past version + 1, which no legal sequence leaves behind a wallet that has stopped. */
  beyond: string[];
  /** The ledger itself cannot be folded (gaps, bad deltas, impossible steps). */
  ledgerProblems: string[];
  /** The wallet disagrees with its ledger, or with its own lots and holds. */
  walletProblems: string[];
  drift: LedgerBalances;
  /** The wallet was at the same version when last read again (it is not moving). */
  still: boolean;
}

/**
 * Invariant 1, checked per wallet: folding its applied entries (seq 1..version, no gaps) reproduces the
 * wallet — each bucket, every lot's remaining, the open holds, the lifetime totals — and the wallet's
 * balances match its own lots and holds. Walks wallets by _id in bounded batches.
 *
 * Under live traffic a wallet gains entries between the batch read and its check. Each wallet is therefore
 * compared only with the entries up to the version it was read at, and one that looks wrong (above all, one
 * with entries anchored after its version) is read again at the end of its batch: if it has moved on, what
 * was found is void and the wallet is judged anew; only a wallet that has stopped, or whose ledger is wrong
 * at every version read, is reported (and, with repair, repaired). Nothing is written for a wallet that is
 * merely ahead of the batch read.
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
      const suspects: Finding[] = [];
      for (const wallet of batch) {
        wallets += 1;
        const finding = await this.inspect(wallet);
        if (finding) suspects.push(finding);
      }
      for (const finding of await this.recheck(suspects)) {
        const issue = await this.settle(finding, repair);
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

  /**
   * Reads each suspect wallet again, up to RECHECK_ROUNDS times (giving operations in flight time to finish):
   * one that has moved is inspected anew and dropped if it is sound now. What remains is real, except a
   * wallet that was still moving at the last read and is only ahead of its read: that is live traffic.
   */
  private async recheck(suspects: Finding[]): Promise<Finding[]> {
    let pending = suspects;
    for (let round = 0; round < RECHECK_ROUNDS && pending.length > 0; round++) {
      const next: Finding[] = [];
      for (const finding of pending) {
        const fresh = await this.reload(finding.wallet);
        if (fresh.version === finding.wallet.version) {
          next.push({ ...finding, still: true });
          continue;
        }
        const again = await this.inspect(fresh);
        if (again) next.push(again);
      }
      pending = next;
    }
    return pending.filter((f) => f.still || f.ledgerProblems.length > 0 || f.walletProblems.length > 0);
  }

  /** Turns a confirmed finding into an issue, repairing it when asked: finishes an interrupted operation, or rewrites the wallet from a sound ledger. */
  private async settle(finding: Finding, repair: boolean, depth = 0): Promise<WalletIssue | null> {
    const { wallet, rebuilt, unapplied } = finding;
    const sound = rebuilt !== null && finding.ledgerProblems.length === 0 && finding.beyond.length === 0;
    if (repair && unapplied && sound) {
      const { wallet: next, applied } = await this.engine.apply(wallet, unapplied);
      if (!applied) {
        // Someone else applied it first: the operation was in flight after all.
        const again = depth < RECHECK_ROUNDS ? await this.inspect(await this.reload(wallet)) : null;
        return again ? this.settle(again, repair, depth + 1) : null;
      }
      // Entries anchored after it by live traffic are no problem of this wallet's.
      const after = await this.inspect(next);
      const left = after ? [...after.ledgerProblems, ...after.walletProblems] : [];
      return { ...issueOf(wallet, unapplied, zeroBuckets(), left), repaired: left.length === 0 };
    }

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
    return { ...issueOf(wallet, unapplied, finding.drift, problemsOf(finding)), repaired };
  }

  private async reload(wallet: Wallet): Promise<Wallet> {
    return (await this.engine.wallets.findOne({ _id: wallet._id, memberId: wallet.memberId }).lean()) ?? wallet;
  }

  /** Compares the wallet with its entries up to its version (and looks for anchors after it); null when all agree. */
  private async inspect(wallet: Wallet): Promise<Finding | null> {
    const { rebuilt, unapplied, beyond, problems: ledgerProblems } = await this.replay(wallet);
    const drift = zeroBuckets();
    const walletProblems: string[] = [];
    if (rebuilt) {
      for (const bucket of BUCKETS) drift[bucket] = wallet[bucket] - rebuilt[bucket];
      walletProblems.push(...differences(wallet, rebuilt));
    }
    walletProblems.push(...walletProblemsOf(wallet).map((p) => `wallet: ${p}`));
    if (ledgerProblems.length === 0 && walletProblems.length === 0 && !unapplied && beyond.length === 0) return null;
    return { wallet, rebuilt, unapplied, beyond, ledgerProblems, walletProblems, drift, still: false };
  }

  /**
   * Folds the wallet's entries seq 1..version; the entry at version+1, if any, is returned unapplied. Entries
   * anchored since the wallet was read are not read (but for version+2, which tells a stuck wallet from one ahead).
   */
  private async replay(
    wallet: Wallet,
  ): Promise<{ rebuilt: WalletState | null; unapplied: LedgerEntry | null; beyond: string[]; problems: string[] }> {
    const problems: string[] = [];
    const beyond: string[] = [];
    let rebuilt: WalletState | null = emptyState();
    let unapplied: LedgerEntry | null = null;
    let sum = 0;
    const cursor = this.engine.entries
      .find({ memberId: wallet.memberId, currency: wallet.currency, seq: { $lte: wallet.version + 2 } })
      .sort({ seq: 1 })
      .lean()
      .cursor({ batchSize: 500 });
    for await (const entry of cursor as AsyncIterable<LedgerEntry>) {
      if (entry.seq > wallet.version + 1) {
        beyond.push(`entry ${entry.seq} is beyond version ${wallet.version} + 1`);
        continue;
      }
      if (entry.delta !== netOf(entry.change))
        problems.push(`entry ${entry.seq} has delta ${entry.delta} but changes ${netOf(entry.change)}`);
      if (entry.seq === wallet.version + 1) unapplied = entry;
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
    return { rebuilt, unapplied, beyond, problems };
  }
}

function problemsOf(finding: Finding): string[] {
  return [...finding.ledgerProblems, ...finding.beyond, ...finding.walletProblems];
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
