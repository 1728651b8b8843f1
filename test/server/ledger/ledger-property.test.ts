import { startLedger, type LedgerHarness } from './support.js';
import { checkLedgerProperty } from './ledger-property-model.js';

// The generator and the checks live in ledger-property-model.ts (shared with `npm run bench -- ledger-property`).
describe('ledger property: invariants hold after every step of random operation sequences', function () {
  this.timeout(180_000);
  let h: LedgerHarness;

  before(async () => {
    h = await startLedger();
  });

  after(async () => {
    await h.close();
  });

  it('keeps the ledger, wallets and lots consistent through earn, spend, hold, capture, release, adjust, expire, refund, replay and clock moves', async () => {
    await checkLedgerProperty(h, Number(process.env.LEDGER_PROPERTY_RUNS ?? 100));
  });
});
