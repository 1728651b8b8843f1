import { TEST_ADMIN_SECRET, TEST_MEMBER_SECRET, type TestApp } from './harness.js';
import { ServerProcess } from './server-process.js';

// A stream of requests against the real server (a child process) that is killed with SIGKILL while they are in
// flight: what each request's client saw, and which ones it never saw answered.

/** What the client saw: the answer, or 'unknown' when the connection died first. */
export type Answer = { status: number; body: unknown } | 'unknown';

/**
 * The real server on the test app's database and Redis, with the scheduler off (the test runs jobs itself) and the
 * test secrets; `env` adds to or overrides its configuration.
 */
export function aServerOn(t: TestApp, env: Record<string, string> = {}): Promise<ServerProcess> {
  return ServerProcess.create({
    NODE_ENV: 'test',
    MONGODB_URI: t.config.mongodbUri,
    MONGODB_DB_NAME: t.dbName,
    REDIS_URL: t.config.redisUrl,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'silent',
    MEMBER_JWT_SECRET: TEST_MEMBER_SECRET,
    ADMIN_TOKEN_SECRET: TEST_ADMIN_SECRET,
    // A request cut off by the kill holds its Idempotency-Key this long; the retries then take it over.
    IDEMPOTENCY_LOCK_SECONDS: '1',
    ...env,
  });
}

/** A small deterministic generator of 1..max, so a failing stream can be replayed from its seed. */
export function random(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 1 + (state % max);
  };
}

/** POSTs a JSON body to the server; 'unknown' when no answer arrives (the server was killed, or 30 s passed). */
export async function postJson(server: ServerProcess, path: string, headers: Record<string, string>, body: unknown): Promise<Answer> {
  try {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  } catch {
    return 'unknown';
  }
}

/**
 * Sends `ops` with `concurrency` in flight and kills the server (SIGKILL) as the `killAfter`-th answer arrives; no
 * request is sent after that. Requests without an answer are 'unknown'; those never sent have no entry.
 */
export async function streamUntilKilled<Op>(
  server: ServerProcess,
  ops: readonly Op[],
  options: { concurrency: number; killAfter: number; send: (op: Op) => Promise<Answer> },
): Promise<Map<Op, Answer>> {
  const results = new Map<Op, Answer>();
  let next = 0;
  let answered = 0;
  let killing: Promise<void> | null = null;
  const worker = async (): Promise<void> => {
    while (next < ops.length && !killing) {
      const op = ops[next++]!;
      const result = await options.send(op);
      results.set(op, result);
      if (result !== 'unknown') {
        answered += 1;
        if (answered === options.killAfter && !killing) killing = server.kill();
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (killing) await killing;
  return results;
}

/** The requests of a round that got no answer. */
export function unanswered<Op>(results: Map<Op, Answer>): Op[] {
  return [...results].filter(([, result]) => result === 'unknown').map(([op]) => op);
}
