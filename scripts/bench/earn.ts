import { BENCH_CONCURRENCY, BENCH_MEMBERS, BENCH_OPS, log, orderPaid, printFigures, runBench, runConcurrent } from './lib.js';
import { measureAgainstBaseline, startServedApp } from './support/served.js';

// Earning over HTTP: POST /api/v1/events (order.paid) for members whose wallets exist, one per-amount rule.
// Figures: throughput and latency, database commands per event (the ledger's share apart from the event's
// anchor and outcome), Laurel's CPU per event against a bare Express app sending the same commands, and the
// engine's ceiling for those commands. Prints one JSON line last.

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const apiKey = await app.serviceKey();
    await app.perAmountRule();
    const auth = { authorization: `Bearer ${apiKey}` };
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);
    const granted = (body: unknown): number => (body as { grants: { amount: number }[] }).grants.reduce((t, g) => t + g.amount, 0);

    // Warm-up (not measured): enrols every member, creates their wallet, loads the rule cache.
    log(`warm-up: one event for each of ${members.length} members`);
    let expected = 0;
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', { headers: auth, body: orderPaid(`warm-${i}`, members[i]!, 10_000) });
      if (res.status !== 201) throw new Error(`warm-up event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      expected += granted(res.body);
    });

    log(`measured: ${BENCH_OPS} events, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
    const figures = await measureAgainstBaseline(app, {
      label: 'earn',
      ops: BENCH_OPS,
      request: (i) => ({
        method: 'POST',
        path: '/api/v1/events',
        headers: auth,
        body: orderPaid(`evt-${i}`, members[i % members.length]!, 1_000 + (i % 50) * 100),
      }),
      check: (i, res) => {
        if (res.status !== 201) throw new Error(`event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        expected += granted(res.body);
      },
    });
    printFigures({
      bench: 'earn',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      ...figures,
      ...(await app.ledgerCheck()),
      pointsExpected: expected,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
