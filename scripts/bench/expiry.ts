import { Types } from 'mongoose';
import type { LedgerEntry, Wallet } from '@laurel/server/modules/ledger/model.js';
import { walletIdOf } from '@laurel/server/modules/ledger/model.js';
import { planEarn } from '@laurel/server/modules/ledger/plans.js';
import { applyEntry, balancesOf, emptyState, nextAvailableAt, nextExpiryAt } from '@laurel/server/modules/ledger/wallet-state.js';
import { log, nodeLoadMeter, oneWritePerDocumentRate, printFigures, round, runBench, startBenchApp } from './lib.js';

// The expiry job at scale: seeds N members' point wallets, each with one lot (and the earn entry that made it, so
// the ledger agrees), straight into the collections in bulk; then runs ledger.expire-points once through the
// scheduler. Worst case: every lot expired yesterday, measured in wallets expired per second at each size of
// BENCH_EXPIRY_SIZES (default 50000,100000). Daily case, at the largest size: lots expire over the coming year,
// 1/365 of them already, so the run's time shows whether it depends on the due wallets or on all of them.
// Each size runs in a fresh database; BENCH_TRACE=N logs every command (first N characters) with its duration.
// Prints one JSON line last.

const SIZES = (process.env.BENCH_EXPIRY_SIZES ?? '50000,100000').split(',').map(Number);
const INSERT_BATCH = Number(process.env.BENCH_INSERT_BATCH ?? 5000);
const SAMPLE = 200;
const DAY_MS = 86_400_000;

/** Days from now to wallet i's expiry: -1 (due) for all in the worst case, spread over a year in the daily case. */
type Spread = (i: number) => number;
const allDue: Spread = () => -1;
const overAYear: Spread = (i) => (i % 365 === 0 ? -1 : i % 365);

/** The wallet and its one earn entry, exactly as the ledger writes them (its own plan and fold). */
function seeded(i: number, now: Date, spread: Spread = allDue): { wallet: Wallet; entry: LedgerEntry } {
  const memberId = `bench-expiry-${String(i).padStart(7, '0')}`;
  const earnedAt = new Date(now.getTime() - 400 * DAY_MS);
  const expiresAt = new Date(now.getTime() + spread(i) * DAY_MS);
  const amount = 100 + (i % 900);
  const source = { type: 'system' as const, id: 'bench' };
  const draft = planEarn(
    emptyState(),
    { amount, pendingDays: 0, source, orderId: null, reason: null },
    // A policy that lands exactly on `expiresAt`: `days` policies end a business day, so give the lot its instant after.
    { now: earnedAt, zone: 'UTC', expiry: { kind: 'never' }, maxLots: 200, maxOpenHolds: 20 },
  );
  draft.lots = draft.lots.map((lot) => ({ ...lot, expiresAt }));
  const entry: LedgerEntry = {
    _id: new Types.ObjectId(),
    memberId,
    currency: 'points',
    seq: 1,
    key: `bench:earn:${i}`,
    fingerprint: 'bench',
    ...draft,
    balanceAfter: balancesOf(applyEntry(emptyState(), { ...draft, seq: 1 })),
    createdAt: earnedAt,
  };
  const state = applyEntry(emptyState(), entry);
  const wallet: Wallet = {
    _id: walletIdOf(memberId, 'points'),
    memberId,
    currency: 'points',
    ...state,
    nextExpiryAt: nextExpiryAt(state),
    nextAvailableAt: nextAvailableAt(state),
    createdAt: earnedAt,
    updatedAt: earnedAt,
  };
  return { wallet, entry };
}

async function measure(size: number, spread: Spread = allDue): Promise<Record<string, number | boolean>> {
  const app = await startBenchApp();
  try {
    const now = new Date();
    if (process.env.BENCH_TRACE) {
      const client = app.mongo.connection.getClient();
      const t = new Map<number, number>();
      client.on('commandStarted', (e) => {
        t.set(e.requestId, Date.now());
        log(`> ${e.commandName} ${JSON.stringify(e.command).slice(0, Number(process.env.BENCH_TRACE))}`);
      });
      client.on('commandSucceeded', (e) => log(`< ${e.commandName} ${Date.now() - (t.get(e.requestId) ?? 0)} ms`));
      client.on('commandFailed', (e) => log(`! ${e.commandName} ${String(e.failure)}`));
    }
    const db = app.mongo.connection.db!;
    log(`${size}: seeding wallets and entries in batches of ${INSERT_BATCH}`);
    const seedStarted = Date.now();
    let expected = 0;
    for (let from = 0; from < size; from += INSERT_BATCH) {
      const docs = Array.from({ length: Math.min(INSERT_BATCH, size - from) }, (_, k) => seeded(from + k, now, spread));
      expected += docs.reduce((t, d) => t + (d.wallet.nextExpiryAt! < now ? d.wallet.available : 0), 0);
      await db.collection<Wallet>('ledger_wallets').insertMany(
        docs.map((d) => d.wallet),
        { ordered: false },
      );
      await db.collection<LedgerEntry>('ledger_entries').insertMany(
        docs.map((d) => d.entry),
        { ordered: false },
      );
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`${size}: seeded in ${round(seedSeconds, 1)} s; running ledger.expire-points`);

    const meter = nodeLoadMeter();
    const started = Date.now();
    const run = await app.services.scheduler.runJob('ledger.expire-points');
    const seconds = (Date.now() - started) / 1000;
    const load = meter.stop(size);
    if (run.outcome !== 'success') throw new Error(`expire-points failed: ${run.error}`);
    log(`${size}: ${JSON.stringify(run.counts)} in ${round(seconds, 1)} s`);

    const second = await app.services.scheduler.runJob('ledger.expire-points');
    let sampleIssues = 0;
    for (let k = 0; k < SAMPLE; k++) {
      const memberId = seeded(Math.floor((k * size) / SAMPLE), now, spread).wallet.memberId;
      sampleIssues += (await app.services.ledger.reconcile({ memberId })).issues.length;
    }
    const left = await db.collection('ledger_wallets').countDocuments({ available: { $gt: 0 }, nextExpiryAt: { $lt: now } });
    // The engine's rate matters where every wallet is written: the worst case, not the daily one.
    const ceiling = spread === allDue ? await oneWritePerDocumentRate(app, 'ledger_wallets') : 0;
    return {
      members: size,
      seedSeconds: round(seedSeconds, 1),
      seconds: round(seconds, 2),
      // Wallets expired per second (all of them in the worst case).
      membersPerSecond: round((run.counts.wallets ?? 0) / seconds, 0),
      // The engine's rate for one plain update per wallet, sent the same way: the most any job writing every
      // wallet could reach here.
      oneWritePerWalletPerSecond: ceiling,
      walletsExpired: run.counts.wallets ?? 0,
      pointsExpired: run.counts.expired ?? 0,
      pointsExpected: expected,
      secondRunWallets: second.counts.wallets ?? 0,
      walletsWithPointsLeft: left,
      reconcileSample: SAMPLE,
      reconcileSampleIssues: sampleIssues,
      nodeCpuMsPerMember: load.nodeCpuMsPerOp,
      eventLoopUtilization: load.eventLoopUtilization,
    };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const results = [];
  for (const size of SIZES) results.push(await measure(size));
  const first = results[0]!;
  const last = results[results.length - 1]!;
  const largest = Math.max(...SIZES);
  log(`daily case: ${largest} wallets, 1/365 due`);
  const daily = await measure(largest, overAYear);
  const dueDaily = Math.ceil(largest / 365);
  printFigures({
    bench: 'expiry',
    sizes: results,
    // Time per member at the largest size over time per member at the smallest: 1 = linear.
    growthRatio: round(Number(last.seconds) / Number(last.members) / (Number(first.seconds) / Number(first.members)), 2),
    daily: { ...daily, due: dueDaily },
    ok:
      results.every((r) => r.walletsExpired === r.members && r.pointsExpired === r.pointsExpected && r.reconcileSampleIssues === 0) &&
      daily.walletsExpired === dueDaily &&
      daily.pointsExpired === daily.pointsExpected &&
      daily.reconcileSampleIssues === 0,
  });
}

runBench(main);
