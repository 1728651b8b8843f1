import type { LedgerBalances, LedgerKind, LedgerSource } from '@laurel/shared';
import { Types } from 'mongoose';
import type { ClosedHold, Hold, Lot, LotAttrs, LotChange, RefundRecord, WalletState } from './model.js';
import { netOf, spendOrder, zeroLifetime } from './wallet-state.js';

/** An entry before it has a place (seq, key) in the ledger: everything needed to apply it. */
export interface Draft {
  kind: LedgerKind;
  delta: number;
  change: LedgerBalances;
  lifetime: ReturnType<typeof zeroLifetime>;
  lots: LotChange[];
  holdOpen: Hold | null;
  holdClose: ClosedHold | null;
  source: LedgerSource;
  orderId: string | null;
  reason: string | null;
  operator: { id: string; label: string } | null;
  refund: RefundRecord | null;
}

export type DraftMeta = Partial<Pick<Draft, 'orderId' | 'reason' | 'operator' | 'refund' | 'holdOpen' | 'holdClose'>> & {
  source: LedgerSource;
};

export type NewLot = Omit<LotAttrs, 'lotId'>;

const sameInstant = (a: Date | null, b: Date | null): boolean => (a === null ? b === null : b !== null && a.getTime() === b.getTime());

/**
 * Plans one entry against a wallet state: takes units from lots and credits new ones on a working copy,
 * collecting one net change per lot. Lots with the same (pending, availableAt, expiresAt) merge — for
 * available lots availableAt no longer matters — so a wallet holds about one lot per expiry instant.
 */
export class DraftBuilder {
  readonly lifetime = zeroLifetime();
  private readonly work: Map<string, Lot>;
  private readonly changes = new Map<string, LotChange>();
  private heldChange = 0;
  private debtChange = 0;

  constructor(
    private readonly state: WalletState,
    private readonly maxLots: number,
  ) {
    this.work = new Map(state.lots.map((lot) => [lot.lotId, { ...lot }]));
  }

  get available(): number {
    let total = 0;
    for (const lot of this.work.values()) if (!lot.pending) total += lot.remaining;
    return total;
  }

  get debt(): number {
    return this.state.debt + this.debtChange;
  }

  /** Lots with units left that match, in spending order. */
  lots(match: (lot: Lot) => boolean = (lot) => !lot.pending): Lot[] {
    return [...this.work.values()].filter((lot) => lot.remaining > 0 && match(lot)).sort(spendOrder);
  }

  /** Takes up to n units from matching lots in spending order; returns the pieces taken (positive deltas). */
  take(n: number, match?: (lot: Lot) => boolean): LotChange[] {
    const pieces: LotChange[] = [];
    let left = n;
    for (const lot of this.lots(match)) {
      if (left === 0) break;
      const part = Math.min(left, lot.remaining);
      this.move(lot, -part);
      pieces.push({ ...attrsOf(lot), delta: part });
      left -= part;
    }
    return pieces;
  }

  /** Credits n units as a lot with these attributes; units arriving as available repay debt first. Returns the debt repaid. */
  credit(attrs: NewLot, n: number): number {
    const repaid = attrs.pending ? 0 : Math.min(this.debt, n);
    this.debtChange -= repaid;
    if (n - repaid > 0) this.move(this.placeFor(attrs), n - repaid);
    return repaid;
  }

  /** Puts held units back into the very lot they came from (recreated if it has been emptied since). */
  putBack(piece: LotChange): void {
    const lot = this.work.get(piece.lotId) ?? this.add({ ...attrsOf(piece), amount: 0, remaining: 0 });
    this.move(lot, piece.delta);
  }

  changeHeld(n: number): void {
    this.heldChange += n;
  }

  addDebt(n: number): void {
    this.debtChange += n;
  }

  build(kind: LedgerKind, meta: DraftMeta): Draft {
    const lots = [...this.changes.values()].filter((c) => c.delta !== 0);
    const change: LedgerBalances = { available: 0, pending: 0, held: this.heldChange, debt: this.debtChange };
    for (const c of lots) change[c.pending ? 'pending' : 'available'] += c.delta;
    return {
      kind,
      delta: netOf(change),
      change,
      lifetime: { ...this.lifetime },
      lots,
      holdOpen: meta.holdOpen ?? null,
      holdClose: meta.holdClose ?? null,
      source: meta.source,
      orderId: meta.orderId ?? null,
      reason: meta.reason ?? null,
      operator: meta.operator ?? null,
      refund: meta.refund ?? null,
    };
  }

  private move(lot: Lot, delta: number): void {
    lot.remaining += delta;
    const prior = this.changes.get(lot.lotId);
    if (prior) prior.delta += delta;
    else this.changes.set(lot.lotId, { ...attrsOf(lot), delta });
  }

  private placeFor(attrs: NewLot): Lot {
    const candidates = [...this.work.values()].filter((lot) => lot.pending === attrs.pending);
    const same = candidates.find(
      (lot) => sameInstant(lot.expiresAt, attrs.expiresAt) && (!attrs.pending || sameInstant(lot.availableAt, attrs.availableAt)),
    );
    if (same) return same;
    const live = [...this.work.values()].filter((lot) => lot.remaining > 0).length;
    if (live >= this.maxLots && candidates.length > 0) return nearest(candidates, attrs);
    return this.add({ ...attrs, lotId: new Types.ObjectId().toHexString(), amount: 0, remaining: 0 });
  }

  private add(lot: Lot): Lot {
    this.work.set(lot.lotId, lot);
    return lot;
  }
}

export function attrsOf(lot: LotAttrs): LotAttrs {
  return {
    lotId: lot.lotId,
    pending: lot.pending,
    earnedAt: lot.earnedAt,
    availableAt: lot.availableAt,
    expiresAt: lot.expiresAt,
    source: lot.source,
  };
}

const FAR_FUTURE = Date.UTC(9999, 0, 1);

/** At the lot cap, new units join the lot closest in (expiresAt, availableAt): a wallet stays bounded. */
function nearest(candidates: Lot[], attrs: NewLot): Lot {
  const distance = (lot: Lot) =>
    Math.abs((lot.expiresAt?.getTime() ?? FAR_FUTURE) - (attrs.expiresAt?.getTime() ?? FAR_FUTURE)) +
    Math.abs(lot.availableAt.getTime() - attrs.availableAt.getTime());
  return candidates.reduce((best, lot) => (distance(lot) < distance(best) ? lot : best));
}
