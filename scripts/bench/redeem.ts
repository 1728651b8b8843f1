import { BENCH_CONCURRENCY, BENCH_MEMBERS, BENCH_OPS, log, memberToken, orderPaid, printFigures, runBench, runConcurrent } from './lib.js';
import { measureAgainstBaseline, startServedApp } from './support/served.js';

// Points-mall redemptions over HTTP: POST /api/v1/me/redemptions with an Idempotency-Key, spread over REWARDS
// physical rewards (operation i redeems reward i % REWARDS for member i % BENCH_MEMBERS, so no member has two in
// flight) with stock for every operation. Each redemption runs the whole saga: the reward read, the redemption
// inserted, points held, stock taken, the item issued, points captured, each state recorded. Members have points
// (warm-up: one earning event each). Figures: redemptions/s at BENCH_CONCURRENCY in flight, DB commands per redemption,
// Laurel's CPU against a bare Express app sending the same commands, and the engine's ceiling for those commands.
// Prints one JSON line last.

const REWARDS = Number(process.env.BENCH_REWARDS ?? 100);
const PRICE = 100;

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const admin = { authorization: `Bearer ${await app.operatorToken()}` };
    const stock = Math.ceil(BENCH_OPS / REWARDS) + 1;
    log(`setup: ${REWARDS} physical rewards of ${PRICE} points, stock ${stock} each`);
    const rewardIds: string[] = [];
    for (let r = 0; r < REWARDS; r++) {
      const res = await app.http.request('POST', '/api/admin/v1/rewards', {
        headers: admin,
        body: { name: `bench reward ${r}`, type: 'physical', pointsPrice: PRICE, stock },
      });
      if (res.status !== 201) throw new Error(`reward ${r}: ${res.status} ${JSON.stringify(res.body)}`);
      rewardIds.push((res.body as { id: string }).id);
    }
    const service = { authorization: `Bearer ${await app.serviceKey()}` };
    await app.perAmountRule();
    const members = Array.from({ length: Math.min(BENCH_MEMBERS, BENCH_OPS) }, (_, i) => `bench-redeem-${i}`);
    const perMember = Math.ceil(BENCH_OPS / members.length);
    const tokens = members.map((externalId) => `Bearer ${memberToken(app.start.memberJwtSecret, externalId)}`);
    log(`warm-up: one earning event for each of ${members.length} members (${perMember * PRICE} points each)`);
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', {
        headers: service,
        body: orderPaid(`warm-${i}`, members[i]!, perMember * PRICE * 100),
      });
      if (res.status !== 201) throw new Error(`warm-up event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    });

    let spent = 0;
    log(`measured: ${BENCH_OPS} redemptions, ${BENCH_CONCURRENCY} in flight, across ${REWARDS} rewards`);
    const figures = await measureAgainstBaseline(app, {
      label: 'redeem',
      ops: BENCH_OPS,
      request: (i) => ({
        method: 'POST',
        path: '/api/v1/me/redemptions',
        headers: { authorization: tokens[i % members.length]!, 'idempotency-key': `bench-${i}` },
        body: { rewardId: rewardIds[i % REWARDS] },
      }),
      check: (i, res) => {
        if (res.status !== 201) throw new Error(`redemption ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        const body = res.body as { state: string; pointsTotal: number };
        if (body.state !== 'completed') throw new Error(`redemption ${i}: ${body.state}`);
        spent += body.pointsTotal;
      },
    });
    printFigures({
      bench: 'redeem',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      rewards: REWARDS,
      ...figures,
      ...(await app.ledgerCheck()),
      pointsSpent: spent,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
