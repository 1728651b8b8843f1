import { BENCH_CONCURRENCY, BENCH_OPS, log, memberToken, orderPaid, printFigures, runBench, runConcurrent } from './lib.js';
import { measureAgainstBaseline, startServedApp } from './support/served.js';

// Daily check-in over HTTP: POST /api/v1/me/check-ins, each operation a different member checking in today (one
// check-in per member per day), under a 7-day program paying points every day. Members exist with a points wallet
// (warm-up: one earning event each), as on any day but their first. Figures: check-ins/s at BENCH_CONCURRENCY in
// flight, DB commands per check-in, Laurel's CPU per check-in against a bare Express app sending the same commands,
// and the engine's ceiling for those commands. Prints one JSON line last.

const PROGRAM = {
  active: true,
  cycleDays: 7,
  dayRewards: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, rewards: [{ type: 'points', amount: day * 5 }] })),
  milestones: [{ kind: 'streak', days: 7, rewards: [{ type: 'points', amount: 100 }] }],
  afterCycle: 'restart',
  dayStart: '00:00',
  makeUp: { windowDays: 3, perMonth: 2, costPoints: 20 },
};

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const admin = { authorization: `Bearer ${await app.operatorToken()}` };
    const program = await app.http.request('PUT', '/api/admin/v1/check-in-program', { headers: admin, body: PROGRAM });
    if (program.status !== 200) throw new Error(`program: ${program.status} ${JSON.stringify(program.body)}`);
    const service = { authorization: `Bearer ${await app.serviceKey()}` };
    await app.perAmountRule();
    const members = Array.from({ length: BENCH_OPS }, (_, i) => `bench-checkin-${i}`);
    const tokens = members.map((externalId) => ({ authorization: `Bearer ${memberToken(app.start.memberJwtSecret, externalId)}` }));

    log(`warm-up: one earning event for each of ${members.length} members (their points wallets)`);
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', { headers: service, body: orderPaid(`warm-${i}`, members[i]!, 10_000) });
      if (res.status !== 201) throw new Error(`warm-up event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    });

    let points = 0;
    log(`measured: ${BENCH_OPS} check-ins, ${BENCH_CONCURRENCY} in flight`);
    const figures = await measureAgainstBaseline(app, {
      label: 'checkin',
      ops: BENCH_OPS,
      request: (i) => ({ method: 'POST', path: '/api/v1/me/check-ins', headers: tokens[i]! }),
      check: (i, res) => {
        if (res.status !== 201) throw new Error(`check-in ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        const body = res.body as { checkIn: { streak: number; rewards: { amount: number }[] } };
        if (body.checkIn.streak !== 1) throw new Error(`check-in ${i}: streak ${body.checkIn.streak}`);
        points += body.checkIn.rewards.reduce((t, r) => t + r.amount, 0);
      },
    });
    printFigures({
      bench: 'checkin',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      ...figures,
      ...(await app.ledgerCheck()),
      checkInPoints: points,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
