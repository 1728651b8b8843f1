import {
  BENCH_CONCURRENCY,
  BENCH_MEMBERS,
  BENCH_OPS,
  commandFigures,
  commandsByOp,
  engineCeiling,
  log,
  nodeLoadMeter,
  memberToken,
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

// Member summary reads over HTTP: GET /api/v1/me with a member JWT. The first read of each member misses the
// Redis cache and fills it (cold reads: database commands and the engine's ceiling for them); then
// BENCH_OPS reads are answered from the cache, which must cost no database command at all.
// Prints one JSON line last.

async function main(): Promise<void> {
  const app = await startBenchApp();
  try {
    const apiKey = await serviceKey(app);
    await perAmountRule(app);
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);
    const tokens = members.map((m) => `Bearer ${memberToken(app.memberJwtSecret, m)}`);
    const balances = new Map<string, number>();

    log(`setup: one event for each of ${members.length} members`);
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', {
        headers: { authorization: `Bearer ${apiKey}` },
        body: orderPaid(`fund-${i}`, members[i]!, 10_000 + i * 100),
      });
      if (res.status !== 201) throw new Error(`event: ${res.status} ${JSON.stringify(res.body)}`);
      balances.set(
        members[i]!,
        (res.body as { grants: { amount: number }[] }).grants.reduce((t, g) => t + g.amount, 0),
      );
    });

    const read = async (i: number, op: number): Promise<void> => {
      const member = members[i % members.length]!;
      const res = await app.http.request('GET', '/api/v1/me', { headers: { authorization: tokens[i % members.length]! }, op });
      if (res.status !== 200) throw new Error(`summary of ${member}: ${res.status} ${JSON.stringify(res.body)}`);
      const available = (res.body as { available: number }).available;
      if (available !== balances.get(member))
        throw new Error(`summary of ${member}: available ${available}, expected ${balances.get(member)}`);
    };

    const coldMark = app.recorder.mark();
    log(`cold: the first read of each of ${members.length} members (fills the cache)`);
    let started = Date.now();
    const cold = await runConcurrent(members.length, BENCH_CONCURRENCY, (i) => read(i, i));
    const coldSeconds = (Date.now() - started) / 1000;
    const cachedMark = app.recorder.mark();

    log(`cached: ${BENCH_OPS} reads, ${BENCH_CONCURRENCY} in flight`);
    started = Date.now();
    const meter = nodeLoadMeter();
    const cached = await runConcurrent(
      BENCH_OPS,
      BENCH_CONCURRENCY,
      (i) => read(i, members.length + i),
      progress('cached reads', BENCH_OPS),
    );
    const cachedSeconds = (Date.now() - started) / 1000;
    const load = meter.stop(BENCH_OPS);
    const cachedCommands = app.recorder.since(cachedMark);
    const coldCommands = app.recorder.since(coldMark, cachedMark);

    const ceiling = await engineCeiling({
      uri: app.config.mongodbUri,
      dbName: `${app.dbName}_ceiling`,
      poolSize: app.mongo.poolSize,
      setup: app.recorder.since(0, coldMark),
      ops: commandsByOp(coldCommands, members.length),
      concurrency: BENCH_CONCURRENCY,
    });
    const cachedTiming = timing(cached, cachedSeconds);
    const coldTiming = timing(cold, coldSeconds);
    const ceilingTiming = timing(ceiling.latencies, ceiling.seconds);
    const coldFigures = commandFigures(coldCommands, members.length);
    printFigures({
      bench: 'summary',
      engine: app.mongo.engine,
      poolSize: app.mongo.poolSize,
      ops: BENCH_OPS,
      concurrency: BENCH_CONCURRENCY,
      members: members.length,
      ...cachedTiming,
      dbCommandsPerCachedRead: round(cachedCommands.length / BENCH_OPS, 3),
      dbCommandsInCachedPhase: cachedCommands.length,
      ...load,
      cold: {
        ops: members.length,
        ...coldTiming,
        dbCommandsPerOp: coldFigures.dbCommandsPerOp,
        perOpBy: coldFigures.perOpBy,
        ceilingOpsPerSecond: ceilingTiming.opsPerSecond,
        ratioToCeiling: round(coldTiming.opsPerSecond / ceilingTiming.opsPerSecond, 2),
        replayMismatches: ceiling.mismatches,
      },
    });
  } finally {
    await app.close();
  }
}

runBench(main);
