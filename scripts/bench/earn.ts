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

// Earning over HTTP: POST /api/v1/events (order.paid) for members whose wallets exist, one per-amount rule.
// Figures: throughput and latency, database commands per event (the ledger's share apart from the event's
// anchor and outcome), and the engine's ceiling for the same commands. Prints one JSON line last.

async function main(): Promise<void> {
  const app = await startBenchApp();
  try {
    const apiKey = await serviceKey(app);
    await perAmountRule(app);
    const auth = { authorization: `Bearer ${apiKey}` };
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);
    const send = async (id: string, externalId: string, amount: number, op?: number): Promise<number> => {
      const res = await app.http.request('POST', '/api/v1/events', { headers: auth, body: orderPaid(id, externalId, amount), op });
      if (res.status !== 201) throw new Error(`event ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      const grants = (res.body as { grants: { amount: number }[] }).grants;
      return grants.reduce((t, g) => t + g.amount, 0);
    };

    // Warm-up (not measured): enrols every member, creates their wallet, loads the rule cache.
    log(`warm-up: one event for each of ${members.length} members`);
    let expected = 0;
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const granted = await send(`warm-${i}`, members[i]!, 10_000);
      expected += granted;
    });

    const mark = app.recorder.mark();
    log(`measured: ${BENCH_OPS} events, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
    const started = Date.now();
    const meter = nodeLoadMeter();
    const latencies = await runConcurrent(
      BENCH_OPS,
      BENCH_CONCURRENCY,
      async (i) => {
        const granted = await send(`evt-${i}`, members[i % members.length]!, 1_000 + (i % 50) * 100, i);
        expected += granted;
      },
      progress('events', BENCH_OPS),
    );
    const seconds = (Date.now() - started) / 1000;
    const load = meter.stop(BENCH_OPS);
    const measured = app.recorder.since(mark);
    const setup = app.recorder.since(0, mark);

    log('checking the ledger (reconcile, totals)');
    const report = await app.services.ledger.reconcile();
    const wallets = await app.mongo.connection.collection('ledger_wallets').find({ currency: 'points' }).toArray();
    const total = wallets.reduce((t, w) => t + (w.available as number), 0);

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
      bench: 'earn',
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
      pointsExpected: expected,
      pointsInWallets: total,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
