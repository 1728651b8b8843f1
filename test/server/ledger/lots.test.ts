import { expect } from 'chai';
import { DraftBuilder } from '@laurel/server/modules/ledger/lots.js';
import type { Lot, WalletState } from '@laurel/server/modules/ledger/model.js';
import { applyEntry, emptyState, LedgerCorruptionError, spendOrder, walletProblems } from '@laurel/server/modules/ledger/wallet-state.js';

const source = { type: 'event' as const, id: 'e' };
const at = (iso: string) => new Date(iso);

function lot(lotId: string, remaining: number, expiresAt: string | null, earnedAt = '2026-01-01T00:00:00Z'): Lot {
  return {
    lotId,
    pending: false,
    earnedAt: at(earnedAt),
    availableAt: at(earnedAt),
    expiresAt: expiresAt ? at(expiresAt) : null,
    source,
    amount: remaining,
    remaining,
  };
}

function stateWith(lots: Lot[]): WalletState {
  return { ...emptyState(), version: 1, available: lots.reduce((t, l) => t + l.remaining, 0), lots };
}

describe('ledger lots (pure)', () => {
  it('orders spending by earliest expiry, never-expiring last, then oldest', () => {
    const lots = [
      lot('a', 1, null),
      lot('b', 1, '2027-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      lot('c', 1, '2026-07-01T00:00:00Z'),
      lot('d', 1, '2027-01-01T00:00:00Z', '2026-01-15T00:00:00Z'),
    ];
    expect([...lots].sort(spendOrder).map((l) => l.lotId)).to.deep.equal(['c', 'd', 'b', 'a']);
  });

  it('merges units with the same expiry into one lot, and at the lot cap into the nearest lot', () => {
    const state = stateWith([lot('a', 5, '2026-12-31T15:59:59.999Z'), lot('b', 5, '2027-12-31T15:59:59.999Z')]);
    const merging = new DraftBuilder(state, 10);
    merging.credit(
      {
        pending: false,
        earnedAt: at('2026-06-01T00:00:00Z'),
        availableAt: at('2026-06-01T00:00:00Z'),
        expiresAt: at('2026-12-31T15:59:59.999Z'),
        source,
      },
      3,
    );
    expect(merging.build('earn', { source }).lots.map((c) => [c.lotId, c.delta])).to.deep.equal([['a', 3]]);

    const capped = new DraftBuilder(state, 2);
    capped.credit(
      {
        pending: false,
        earnedAt: at('2026-06-01T00:00:00Z'),
        availableAt: at('2026-06-01T00:00:00Z'),
        expiresAt: at('2027-11-30T15:59:59.999Z'),
        source,
      },
      4,
    );
    expect(capped.build('earn', { source }).lots.map((c) => [c.lotId, c.delta])).to.deep.equal([['b', 4]]);
  });

  it('refuses to apply an entry that skips a version or takes a lot below zero', () => {
    const state = stateWith([lot('a', 5, null)]);
    const take = new DraftBuilder(state, 10);
    take.take(5);
    const draft = take.build('spend', { source });
    expect(applyEntry(state, { ...draft, seq: 2 })).to.include({ version: 2, available: 0 });
    expect(() => applyEntry(state, { ...draft, seq: 3 })).to.throw(LedgerCorruptionError);
    const twice = applyEntry(state, { ...draft, seq: 2 });
    expect(() => applyEntry(twice, { ...draft, seq: 3 })).to.throw(LedgerCorruptionError);
  });

  it('finds a wallet whose balances disagree with its lots', () => {
    expect(walletProblems(stateWith([lot('a', 5, null)]))).to.deep.equal([]);
    expect(walletProblems({ ...stateWith([lot('a', 5, null)]), available: 6 })).to.have.length(1);
  });
});
