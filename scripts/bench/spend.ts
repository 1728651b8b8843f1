import { BENCH_CONCURRENCY, BENCH_MEMBERS, BENCH_OPS, log, orderPaid, printFigures, runBench, runConcurrent } from './lib.js';
import { measureAgainstBaseline, startServedApp } from './support/served.js';

// Spending over HTTP: POST /api/v1/members/:externalId/points/spend with an Idempotency-Key, for members
// funded beforehand. Figures: throughput and latency, database commands per spend (the ledger's share apart
// from the member lookup and the HTTP idempotency record), Laurel's CPU per spend against a bare Express app
// sending the same commands, and the engine's ceiling for those commands. Prints one JSON line last.

const FUNDING = 1_000_000; // minor units: 10,000 points per member under the 1-per-100 rule

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const apiKey = await app.serviceKey();
    await app.perAmountRule();
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

    log(`measured: ${BENCH_OPS} spends, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
    let spent = 0;
    const amountOf = (i: number): number => 1 + (i % 5);
    const figures = await measureAgainstBaseline(app, {
      label: 'spend',
      ops: BENCH_OPS,
      request: (i) => ({
        method: 'POST',
        path: `/api/v1/members/${members[i % members.length]!}/points/spend`,
        headers: { ...auth, 'idempotency-key': `bench-spend-${i}` },
        body: { amount: amountOf(i), reason: 'bench' },
      }),
      check: (i, res) => {
        if (res.status !== 201) throw new Error(`spend ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        spent += amountOf(i);
      },
    });
    printFigures({
      bench: 'spend',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      ...figures,
      ...(await app.ledgerCheck()),
      pointsExpectedLeft: funded - spent,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
