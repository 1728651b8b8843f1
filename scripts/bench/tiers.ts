import { Types } from 'mongoose';
import { basisOf } from '@laurel/server/modules/tiers/stats.js';
import { addDays, businessDayOf, businessMonthOf } from '@laurel/server/platform/periods.js';
import { log, oneWritePerDocumentRate, printFigures, round, runBench, startBenchApp, SYSTEM_ACTOR } from './lib.js';

// Tier evaluation (`tiers.evaluate`) over members seeded in bulk through the driver. Worst case, at each size:
// every member holds a tier whose decision day has come, spread over the last 31 days (a job that was down for a
// month); most met retention (extended in bulk commands), MISS_PERCENT missed it (downgraded one by one: anchor,
// then member). Daily case, at the largest size: decision days spread over the coming year, the job ran
// yesterday, today's run meets 1/365 of the members. Figures: members/s at each size, the ratio of times, and the
// daily run's time. Prints one JSON line last.

const SIZES = (process.env.BENCH_TIER_SIZES ?? '50000,100000').split(',').map(Number);
const MISS_PERCENT = Number(process.env.BENCH_TIER_MISS_PERCENT ?? 2);
const SPREAD_DAYS = 31;
const INSERT_BATCH = 5000;

interface Run {
  size: number;
  seconds: number;
  /** Members evaluated per second (all of them in the worst case, those due today in the daily case). */
  membersPerSecond: number;
  /** The engine's rate for one plain update per member, sent the same way: the most any job writing every member could reach (worst case only). */
  oneWritePerMemberPerSecond: number;
  counts: Record<string, number>;
}

async function measure(size: number, daily = false): Promise<Run> {
  const app = await startBenchApp();
  try {
    const { services, config } = app;
    const zone = config.businessTimeZone;
    await services.tierDefinitions.create(
      { code: 'silver', name: 'Silver', rank: 1, entryThreshold: 100, validityMonths: 12, graceDays: 0 },
      SYSTEM_ACTOR,
    );
    await services.tierDefinitions.create(
      { code: 'gold', name: 'Gold', rank: 2, entryThreshold: 1000, validityMonths: 12, graceDays: 0 },
      SYSTEM_ACTOR,
    );
    const now = new Date();
    const today = businessDayOf(now, { zone });
    const month = businessMonthOf(now, { zone });
    // Counters current on the configured basis (no wallets: version 0), as the ledger listener leaves them.
    const basis = basisOf(config.tiers.metric, config.tiers.pendingGrowth);
    const members = app.mongo.connection.collection('members');
    log(`seeding ${size} members`);
    const seeded = Date.now();
    for (let from = 0; from < size; from += INSERT_BATCH) {
      const docs = [];
      for (let i = from; i < Math.min(size, from + INSERT_BATCH); i++) {
        const gold = i % 5 === 0;
        const misses = i % 100 < MISS_PERCENT;
        const growth = misses ? 50 : gold ? 1500 : 300;
        const dueDay = daily ? addDays(today, i % 365) : addDays(today, -(i % SPREAD_DAYS));
        docs.push({
          _id: new Types.ObjectId(),
          externalId: `bench-tier-${size}-${i}`,
          createdAt: now,
          profile: {},
          tags: [],
          tier: gold ? 'gold' : 'silver',
          tierVersion: 0,
          tierSince: new Date(now.getTime() - 400 * 86_400_000),
          tierValidUntil: new Date(now.getTime() + (daily ? (i % 365) - 2 : -((i % SPREAD_DAYS) + 2)) * 86_400_000),
          tierDueDay: dueDay,
          tierAutoUpgrade: true,
          tierStatsMetric: basis,
          tierStatsSeq: 0,
          tierStats: { lifetime: growth, months: { [month]: growth }, recentOrders: [] },
        });
      }
      await members.insertMany(docs, { ordered: false });
    }
    log(`seeded in ${round((Date.now() - seeded) / 1000)} s; evaluating`);
    // The daily case starts from yesterday's run, as a scheduler that runs every day does.
    if (daily) await services.tiers.evaluateDue(new Date(now.getTime() - 86_400_000), `bench-${size}-yesterday`);
    const mark = app.recorder.mark();
    const started = process.hrtime.bigint();
    const counts = await services.tiers.evaluateDue(now, `bench-${size}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const commands = app.recorder.since(mark);
    const byName: Record<string, number> = {};
    for (const c of commands)
      byName[`${c.name} ${c.collection ?? ''}`.trim()] = (byName[`${c.name} ${c.collection ?? ''}`.trim()] ?? 0) + 1;
    log(`commands: ${commands.length} ${JSON.stringify(byName)}`);
    log(`${size} members: ${round(seconds)} s, ${JSON.stringify(counts)}`);
    const due = daily ? Math.ceil(size / 365) : size;
    if (counts.members !== due) throw new Error(`evaluated ${counts.members} of ${due} members`);
    const ceiling = daily ? 0 : await oneWritePerDocumentRate(app, 'members');
    return { size, seconds: round(seconds), membersPerSecond: round(due / seconds, 0), oneWritePerMemberPerSecond: ceiling, counts };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const runs = [];
  for (const size of SIZES) runs.push(await measure(size));
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  log(`daily case: ${last.size} members, decision days over a year`);
  const daily = await measure(last.size, true);
  printFigures({
    bench: 'tiers',
    missPercent: MISS_PERCENT,
    spreadDays: SPREAD_DAYS,
    runs,
    // Linear scaling gives a time ratio equal to the size ratio.
    sizeRatio: round(last.size / first.size),
    timeRatio: round(last.seconds / first.seconds),
    daily: { members: daily.size, due: daily.counts.members, seconds: daily.seconds, counts: daily.counts },
  });
}

runBench(main);
