import {
  BENCH_CONCURRENCY,
  BENCH_MEMBERS,
  BENCH_OPS,
  commandFigures,
  commandsByOp,
  engineCeiling,
  log,
  nodeLoadMeter,
  orderPaid,
  perAmountRule,
  printFigures,
  progress,
  round,
  runBench,
  runConcurrent,
  serviceKey,
  startBenchApp,
  timing,
} from './lib.js';

// Spending over HTTP: POST /api/v1/members/:externalId/points/spend with an Idempotency-Key, for members
// funded beforehand. Figures: throughput and latency, database commands per spend (the ledger's share apart
// from the member lookup and the HTTP idempotency record), and the engine's ceiling for the same commands.
// Prints one JSON line last.

const FUNDING = 1_000_000; // minor units: 10,000 points per member under the 1-per-100 rule

async function main(): Promise<void> {
  const app = await startBenchApp();
  try {
    const apiKey = await serviceKey(app);
    await perAmountRule(app);
    const auth = { authorization: `Bearer ${apiKey}` };
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);

    // Funding (not measured): one order.paid per member enrols them and fills their wallet.
    log(`funding: one event for each of ${members.length} members`);
    let funded = 0;
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', { headers: auth, body: orderPaid(`fund-${i}`, members[i]!, FUNDING) });
      if (res.status !== 201) throw new Error(`funding event: ${res.status} ${JSON.stringify(res.body)}`);
      funded += (res.body as { grants: { amount: number }[] }).grants.reduce((t, g) => t + g.amount, 0);
    });

    const mark = app.recorder.mark();
    log(`measured: ${BENCH_OPS} spends, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
    let spent = 0;
    const started = Date.now();
    const meter = nodeLoadMeter();
    const latencies = await runConcurrent(
      BENCH_OPS,
      BENCH_CONCURRENCY,
      async (i) => {
        const amount = 1 + (i % 5);
        const res = await app.http.request('POST', `/api/v1/members/${members[i % members.length]!}/points/spend`, {
          headers: { ...auth, 'idempotency-key': `bench-spend-${i}` },
          body: { amount, reason: 'bench' },
          op: i,
        });
        if (res.status !== 201) throw new Error(`spend ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        spent += amount;
      },
      progress('spends', BENCH_OPS),
    );
    const seconds = (Date.now() - started) / 1000;
    const load = meter.stop(BENCH_OPS);
    const measured = app.recorder.since(mark);
    const setup = app.recorder.since(0, mark);

    log('checking the ledger (reconcile, totals)');
    const report = await app.services.ledger.reconcile();
    const wallets = await app.mongo.connection.collection('ledger_wallets').find({ currency: 'points' }).toArray();
    const left = wallets.reduce((t, w) => t + (w.available as number), 0);

    const ceiling = await engineCeiling({
      uri: app.config.mongodbUri,
      dbName: `${app.dbName}_ceiling`,
      poolSize: app.mongo.poolSize,
      setup,
      ops: commandsByOp(measured, BENCH_OPS),
      concurrency: BENCH_CONCURRENCY,
    });
    const appTiming = timing(latencies, seconds);
    const ceilingTiming = timing(ceiling.latencies, ceiling.seconds);
    printFigures({
      bench: 'spend',
      engine: app.mongo.engine,
      poolSize: app.mongo.poolSize,
      ops: BENCH_OPS,
      concurrency: BENCH_CONCURRENCY,
      members: members.length,
      ...appTiming,
      ...commandFigures(measured, BENCH_OPS),
      ...load,
      ceilingOpsPerSecond: ceilingTiming.opsPerSecond,
      ceilingP50Ms: ceilingTiming.p50Ms,
      ceilingP99Ms: ceilingTiming.p99Ms,
      ratioToCeiling: round(appTiming.opsPerSecond / ceilingTiming.opsPerSecond, 2),
      ceilingNodeCpuMsPerOp: ceiling.load.nodeCpuMsPerOp,
      ceilingEventLoopUtilization: ceiling.load.eventLoopUtilization,
      replaySetupErrors: ceiling.setupErrors,
      replayMismatches: ceiling.mismatches,
      reconcileOk: report.ok,
      pointsExpectedLeft: funded - spent,
      pointsInWallets: left,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
