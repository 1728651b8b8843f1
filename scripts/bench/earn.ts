import {
  BENCH_CONCURRENCY,
  BENCH_MEMBERS,
  BENCH_OPS,
  ledgerCheck,
  log,
  measureAgainstCeiling,
  orderPaid,
  perAmountRule,
  printFigures,
  runBench,
  runConcurrent,
  serviceKey,
  startBenchApp,
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

    log(`measured: ${BENCH_OPS} events, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
    const figures = await measureAgainstCeiling(app, 'events', async (i) => {
      const granted = await send(`evt-${i}`, members[i % members.length]!, 1_000 + (i % 50) * 100, i);
      expected += granted;
    });
    printFigures({
      bench: 'earn',
      engine: app.mongo.engine,
      poolSize: app.mongo.poolSize,
      members: members.length,
      ...figures,
      ...(await ledgerCheck(app)),
      pointsExpected: expected,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
