import { expect } from 'chai';
import { aKey, aMemberId, expectNoDrift, startLedger, type LedgerHarness } from './support.js';

const event = { type: 'event' as const, id: 'evt' };

describe('ledger command budget', () => {
  let h: LedgerHarness;
  let commands: string[] = [];

  before(async () => {
    h = await startLedger({}, { onCommand: (name) => commands.push(name) });
  });

  after(async () => {
    await h.close();
  });

  async function count(work: () => Promise<unknown>): Promise<string[]> {
    commands = [];
    await work().catch(() => undefined);
    return [...commands];
  }

  it('earns and spends with at most 3 database commands each (wallet read, anchor insert, conditional update)', async () => {
    const memberId = aMemberId();
    const first = await count(() => h.ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event }));
    const earn = await count(() => h.ledger.earn({ memberId, currency: 'points', amount: 100, key: aKey(), source: event }));
    const spend = await count(() => h.ledger.spend({ memberId, amount: 30, key: aKey(), reason: 'x' }));
    const key = aKey();
    await h.ledger.spend({ memberId, amount: 1, key, reason: 'x' });
    const replay = await count(() => h.ledger.spend({ memberId, amount: 1, key, reason: 'x' }));
    const refused = await count(() => h.ledger.spend({ memberId, amount: 10_000, key: aKey(), reason: 'x' }));
    // The first operation on a wallet also creates it.
    expect(first).to.deep.equal(['find', 'insert', 'insert', 'update']);
    expect(earn).to.deep.equal(['find', 'insert', 'update']);
    expect(spend).to.deep.equal(['find', 'insert', 'update']);
    // A replay: wallet read, the anchor insert refused as a duplicate, the first entry by key, the wallet to confirm it is applied.
    expect(replay).to.deep.equal(['find', 'insert', 'find', 'find']);
    expect(refused).to.deep.equal(['find', 'find']);
    await expectNoDrift(h.ledger, memberId);
  });
});
