import {
  BENCH_CONCURRENCY,
  BENCH_MEMBERS,
  BENCH_OPS,
  log,
  memberToken,
  orderPaid,
  printFigures,
  runBench,
  runConcurrent,
  type HttpAnswer,
} from './lib.js';
import { measureAgainstBaseline, startServedApp } from './support/served.js';

// Member summary reads over HTTP: GET /api/v1/me with a member JWT. The first read of each member misses the
// Redis cache and fills it (cold reads: one database command, the engine's ceiling for it); then BENCH_OPS
// reads are answered from the cache, which must cost no database command at all. Each phase also runs against a
// bare Express app that sends the same database commands (and, for a cached read, reads the same Redis key):
// Laurel's CPU per read against it. Prints one JSON line last.

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const apiKey = await app.serviceKey();
    await app.perAmountRule();
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);
    const tokens = members.map((m) => `Bearer ${memberToken(app.start.memberJwtSecret, m)}`);
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
    const summaryKeys = await app.summaryKeys(members);

    const read = (i: number) => ({ method: 'GET', path: '/api/v1/me', headers: { authorization: tokens[i % members.length]! } });
    const check = (i: number, res: HttpAnswer): void => {
      const member = members[i % members.length]!;
      if (res.status !== 200) throw new Error(`summary of ${member}: ${res.status} ${JSON.stringify(res.body)}`);
      const available = (res.body as { available: number }).available;
      if (available !== balances.get(member))
        throw new Error(`summary of ${member}: available ${available}, expected ${balances.get(member)}`);
    };

    log(`cold: the first read of each of ${members.length} members (fills the cache)`);
    const cold = await measureAgainstBaseline(app, { label: 'summary-cold', ops: members.length, request: read, check });
    log(`cached: ${BENCH_OPS} reads, ${BENCH_CONCURRENCY} in flight`);
    const cached = await measureAgainstBaseline(app, {
      label: 'summary-cached',
      ops: BENCH_OPS,
      request: read,
      check,
      redisGet: (i) => summaryKeys[i % members.length]!,
    });
    printFigures({
      bench: 'summary',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      ...cached,
      dbCommandsPerCachedRead: cached.dbCommandsPerOp,
      cold,
    });
  } finally {
    await app.close();
  }
}

runBench(main);
