import { log, printFigures, round, runBench } from './lib.js';

// The ledger property test's body (test/server/ledger/ledger-property-model.ts) with many more runs than the
// test's default 100: random sequences of ledger operations, invariants checked after every step.
// The model is part of the test project; it is loaded from its build (npm run bench builds everything first).
// Prints progress on stderr and one JSON line last (runs, duration).

const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? process.argv[2] ?? 10_000);

interface LedgerHarness {
  mongo: { engine: string };
  close(): Promise<void>;
}
interface LedgerSupport {
  startLedger(): Promise<LedgerHarness>;
}
interface PropertyModel {
  checkLedgerProperty(h: LedgerHarness, numRuns: number, onRun?: () => void): Promise<void>;
}

const built = (path: string): string => new URL(`../../test/server/ledger/${path}`, import.meta.url).href;

async function main(): Promise<void> {
  const support = (await import(built('support.js'))) as LedgerSupport;
  const model = (await import(built('ledger-property-model.js'))) as PropertyModel;
  const h = await support.startLedger();
  let runs = 0;
  const every = Math.max(1, Math.floor(RUNS / 20));
  const started = Date.now();
  log(`ledger property: ${RUNS} runs`);
  try {
    await model.checkLedgerProperty(h, RUNS, () => {
      runs += 1;
      if (runs % every === 0) log(`${runs}/${RUNS} runs, ${round((Date.now() - started) / 1000, 0)} s`);
    });
  } finally {
    await h.close();
  }
  const seconds = (Date.now() - started) / 1000;
  printFigures({
    bench: 'ledger-property',
    engine: h.mongo.engine,
    runs: RUNS,
    passed: runs,
    durationSeconds: round(seconds, 1),
    msPerRun: round((seconds * 1000) / RUNS, 1),
  });
}

runBench(main);
