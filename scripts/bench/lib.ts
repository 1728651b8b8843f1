import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AdminRole, ApiScope } from '@laurel/shared';
import { MongoClient, type Document } from 'mongodb';
import { Schema } from 'mongoose';
import { buildApp } from '@laurel/server/app.js';
import { loadConfig, type Config } from '@laurel/server/config.js';
import { systemClock } from '@laurel/server/platform/clock.js';
import { createLogger } from '@laurel/server/platform/logger.js';
import { createMetrics } from '@laurel/server/platform/metrics.js';
import { connectMongo, updateInBulk, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { connectRedis, type RedisHandle } from '@laurel/server/platform/redis.js';
import { createServices, type Services } from '@laurel/server/services.js';

/** Runs `op` `total` times with `concurrency` in flight; returns latencies in ms. */
export async function runConcurrent(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const started = process.hrtime.bigint();
      await op(i);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      onProgress?.(latencies.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

/** A progress callback for runConcurrent that logs every `every` operations. */
export function progress(what: string, total: number, every = Math.max(1, Math.floor(total / 5))): (done: number) => void {
  return (done) => {
    if (done % every === 0 || done === total) log(`${what}: ${done}/${total}`);
  };
}

export interface NodeLoad {
  /** CPU time (user + system) this process spent per operation: client, server, driver, all of it. */
  nodeCpuMsPerOp: number;
  /** Share of the phase the event loop was busy (1 = the Node process, not the engine, was the bottleneck). */
  eventLoopUtilization: number;
}

/** Starts measuring this process's CPU time and event-loop utilization for a phase. */
export function nodeLoadMeter(): { stop(ops: number): NodeLoad } {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return {
    stop(ops) {
      const used = process.cpuUsage(cpu);
      return {
        nodeCpuMsPerOp: round((used.user + used.system) / 1000 / ops, 2),
        eventLoopUtilization: round(performance.eventLoopUtilization(elu).utilization, 2),
      };
    },
  };
}

/** Prints the figures as the one JSON line a benchmark ends with. */
export function printFigures(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** Runs a benchmark's main, printing the error and exiting 1 if it fails. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      // fast-check and the driver wrap the error that matters: print the whole cause chain.
      for (let e: unknown = err, depth = 0; e !== undefined && depth < 5; e = e instanceof Error ? e.cause : undefined, depth++) {
        process.stderr.write(`${depth > 0 ? 'caused by: ' : ''}${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      }
      process.exit(1);
    },
  );
}

export const BENCH_OPS = Number(process.env.BENCH_OPS ?? 3000);
export const BENCH_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** How many members the operations are spread over (more than the concurrency, so no two in flight share a wallet). */
export const BENCH_MEMBERS = Number(process.env.BENCH_MEMBERS ?? 256);

// ---------------------------------------------------------------------------------------------------------------
// Database commands: recorded with the driver's command monitoring, attributed to the operation that sent them.

/** Collections whose commands are the ledger's share of an operation. */
export const LEDGER_COLLECTIONS = new Set(['ledger_wallets', 'ledger_entries']);

export interface RecordedCommand {
  name: string;
  /** The collection the command names (null for database-level commands). */
  collection: string | null;
  /** The command as sent (shallow copy made by the driver's monitoring). */
  command: Document;
  /** The benchmark operation (index) whose request sent it; null outside any operation. */
  op: number | null;
  /** A summary of the reply (ok, n, write errors, documents returned), to check that a replay did the same. */
  outcome: string | null;
}

/** What a reply says about a command's effect, in a form two runs can compare. */
export function outcomeOf(reply: Document | undefined, failed: boolean): string {
  if (failed || !reply) return 'failed';
  const cursor = reply.cursor as { firstBatch?: unknown[] } | undefined;
  const writeErrors = reply.writeErrors as { code?: number }[] | undefined;
  return [
    reply.ok,
    reply.n ?? '',
    reply.nModified ?? '',
    writeErrors?.map((e) => e.code).join(',') ?? '',
    cursor?.firstBatch?.length ?? '',
  ].join('|');
}

/**
 * Records every command a MongoClient sends. Operations are attributed through an AsyncLocalStorage that
 * the bench HTTP server enters per request (header `x-bench-op`), so each command is tied to the request
 * that caused it, however the requests interleave.
 */
export class CommandRecorder {
  readonly context = new AsyncLocalStorage<number>();
  readonly commands: RecordedCommand[] = [];
  private readonly started = new Map<number, RecordedCommand>();

  attach(client: MongoClient): void {
    client.on('commandStarted', (event) => {
      const target = (event.command as Document)[event.commandName] as unknown;
      const recorded: RecordedCommand = {
        name: event.commandName,
        collection: typeof target === 'string' ? target : null,
        command: event.command as Document,
        op: this.context.getStore() ?? null,
        outcome: null,
      };
      this.commands.push(recorded);
      this.started.set(event.requestId, recorded);
    });
    client.on('commandSucceeded', (event) => this.finish(event.requestId, event.reply as Document, false));
    client.on('commandFailed', (event) => this.finish(event.requestId, undefined, true));
  }

  /** The number of commands recorded so far: a mark to slice a phase from. */
  mark(): number {
    return this.commands.length;
  }

  since(mark: number, until = this.commands.length): RecordedCommand[] {
    return this.commands.slice(mark, until);
  }

  private finish(requestId: number, reply: Document | undefined, failed: boolean): void {
    const recorded = this.started.get(requestId);
    if (!recorded) return;
    this.started.delete(requestId);
    recorded.outcome = outcomeOf(reply, failed);
  }
}

export interface CommandFigures {
  /** All database commands per operation. */
  dbCommandsPerOp: number;
  /** The ledger's share (ledger_wallets + ledger_entries) per operation. */
  ledgerCommandsPerOp: number;
  /** Per operation, by group (ledger, or the collection name) and command name. */
  perOpBy: Record<string, Record<string, number>>;
  /** Commands sent outside any measured operation while the phase ran (background work). */
  unattributed: number;
}

/** Counts a phase's commands per operation, the ledger's share apart from the rest. */
export function commandFigures(commands: RecordedCommand[], ops: number): CommandFigures {
  const by: Record<string, Record<string, number>> = {};
  let ledger = 0;
  let unattributed = 0;
  for (const c of commands) {
    if (c.op === null) unattributed += 1;
    const group = c.collection && LEDGER_COLLECTIONS.has(c.collection) ? 'ledger' : (c.collection ?? '(database)');
    if (group === 'ledger') ledger += 1;
    const names = (by[group] ??= {});
    names[c.name] = (names[c.name] ?? 0) + 1;
  }
  const perOpBy = Object.fromEntries(
    Object.entries(by).map(([group, names]) => [
      group,
      Object.fromEntries(Object.entries(names).map(([n, count]) => [n, round(count / ops, 3)])),
    ]),
  );
  return { dbCommandsPerOp: round(commands.length / ops, 3), ledgerCommandsPerOp: round(ledger / ops, 3), perOpBy, unattributed };
}

/** The measured operations' commands, one list per operation in the order sent. */
export function commandsByOp(commands: RecordedCommand[], ops: number): RecordedCommand[][] {
  const lists: RecordedCommand[][] = Array.from({ length: ops }, () => []);
  for (const c of commands) if (c.op !== null && c.op >= 0 && c.op < ops) lists[c.op]!.push(c);
  return lists;
}

// ---------------------------------------------------------------------------------------------------------------
// The engine's ceiling: the same commands through the bare driver.

/** Fields a driver adds per send (session, cluster time, target database): the replaying driver adds its own. */
const PER_SEND_FIELDS = new Set(['lsid', 'txnNumber', '$clusterTime', '$db', '$readPreference', 'autocommit', 'startTransaction']);

export function replayable(command: Document): Document {
  const copy: Document = {};
  for (const [key, value] of Object.entries(command)) if (!PER_SEND_FIELDS.has(key)) copy[key] = value;
  return copy;
}

/** Commands that cannot be replayed as they were sent (cursor ids of another run). */
export const NOT_REPLAYED = new Set(['getMore', 'killCursors', 'endSessions']);

export interface CeilingFigures {
  seconds: number;
  latencies: number[];
  /** Setup commands the replay database refused (should be 0: the replay starts from the same state). */
  setupErrors: number;
  /** Measured commands whose reply differed from the app's (should be 0: same commands, same state, same effect). */
  mismatches: number;
  commands: number;
  load: NodeLoad;
}

/**
 * The engine's ceiling for a workload: replays, into a fresh database through the bare driver with the app's
 * pool size, first the setup commands one by one (collections, indexes, data: the same starting state), then
 * each measured operation's commands in order, `concurrency` operations in flight. No HTTP, no validation,
 * no Mongoose: what is left is the engine's own cost for exactly the commands the app sent.
 */
export async function engineCeiling(options: {
  uri: string;
  dbName: string;
  poolSize: number;
  setup: RecordedCommand[];
  ops: RecordedCommand[][];
  concurrency: number;
}): Promise<CeilingFigures> {
  const client = new MongoClient(options.uri, { maxPoolSize: options.poolSize, minPoolSize: Math.min(options.poolSize, 1) });
  await client.connect();
  const db = client.db(options.dbName);
  let setupErrors = 0;
  let mismatches = 0;
  try {
    log(`ceiling: replaying ${options.setup.length} setup commands into ${options.dbName}`);
    for (const c of options.setup) {
      if (NOT_REPLAYED.has(c.name)) continue;
      const outcome = await db.command(replayable(c.command)).then(
        (reply) => outcomeOf(reply, false),
        () => 'failed',
      );
      if (outcome === 'failed' && c.outcome !== 'failed') setupErrors += 1;
    }
    const commands = options.ops.reduce((n, list) => n + list.length, 0);
    log(`ceiling: ${options.ops.length} operations (${commands} commands), ${options.concurrency} in flight, pool ${options.poolSize}`);
    const started = Date.now();
    const meter = nodeLoadMeter();
    const latencies = await runConcurrent(
      options.ops.length,
      options.concurrency,
      async (i) => {
        for (const c of options.ops[i]!) {
          if (NOT_REPLAYED.has(c.name)) continue;
          const outcome = await db.command(replayable(c.command)).then(
            (reply) => outcomeOf(reply, false),
            () => 'failed',
          );
          if (outcome !== c.outcome) mismatches += 1;
        }
      },
      progress('ceiling', options.ops.length),
    );
    const seconds = (Date.now() - started) / 1000;
    return { seconds, latencies, setupErrors, mismatches, commands, load: meter.stop(options.ops.length) };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The real app, in process, on a fresh database, served over HTTP on an ephemeral port.

export const SYSTEM_ACTOR = { type: 'system' as const, id: 'bench', label: 'benchmark' };

export interface BenchApp {
  url: string;
  dbName: string;
  config: Config;
  mongo: MongoHandle;
  redis: RedisHandle;
  services: Services;
  recorder: CommandRecorder;
  http: BenchHttp;
  memberJwtSecret: string;
  close(): Promise<void>;
}

/**
 * Builds the app as main.ts does (config from an environment, connections, services, buildApp) against a
 * database of its own, and listens on 127.0.0.1:0. Every database command is recorded; each request runs
 * inside the recorder's context with the operation index from its `x-bench-op` header.
 */
export async function startBenchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const dbName = `laurel_bench_${randomBytes(4).toString('hex')}`;
  const memberJwtSecret = randomBytes(24).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'production',
    MONGODB_URI: process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/laurel',
    MONGODB_DB_NAME: dbName,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    MEMBER_JWT_SECRET: memberJwtSecret,
    ADMIN_TOKEN_SECRET: randomBytes(24).toString('hex'),
    // Request logging is per request work that would go to stdout, where the figures go.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    SCHEDULER_ENABLED: 'false',
    // One client sends everything: keep the limits out of the way (they still run, in Redis).
    RATE_LIMIT_API_KEY_MAX: '10000000',
    RATE_LIMIT_MEMBER_MAX: '1000000',
    RATE_LIMIT_IP_MAX: '1000000',
    ...env,
  });
  const logger = createLogger(config.logLevel);
  const recorder = new CommandRecorder();
  const mongo = await connectMongo({
    uri: config.mongodbUri,
    dbName,
    poolSize: config.mongodbPoolSize,
    // Turns command monitoring on; the recorder listens to the full events.
    onCommand: () => undefined,
  });
  recorder.attach(mongo.connection.getClient());
  const redis = connectRedis(config.redisUrl, logger);
  const metrics = createMetrics();
  const services = createServices({ connection: mongo.connection, redis, clock: systemClock, logger, metrics, config });
  await services.ready();
  const deadline = Date.now() + 5_000;
  while (!redis.isUp() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (!redis.isUp()) throw new Error(`Redis at ${config.redisUrl} is not answering`);
  const app = buildApp({ config, logger, metrics, clock: systemClock, mongo, redis, services, version: 'bench' });
  const server = http.createServer((req, res) => {
    const op = Number(req.headers['x-bench-op'] ?? -1);
    recorder.context.run(op, () => app(req, res));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new BenchHttp(url, Number(process.env.BENCH_CONCURRENCY ?? 32));
  return {
    url,
    dbName,
    config,
    mongo,
    redis,
    services,
    recorder,
    http: client,
    memberJwtSecret,
    async close() {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await mongo.connection.dropDatabase().catch(() => undefined);
      await mongo.close();
      await redis.close();
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** A keep-alive HTTP/1.1 JSON client on node:http (lighter than fetch, which matters when client and server share two cores). */
export class BenchHttp {
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: unknown; op?: number } = {},
  ): Promise<HttpAnswer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    if (options.op !== undefined) headers['x-bench-op'] = String(options.op);
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.baseUrl}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A member JWT as a host app signs it: HS256, `sub` = the member's external id, valid for an hour. */
export function memberToken(secret: string, externalId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: externalId, iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An API key with the scopes a shop backend has: events:write, members:read, members:write. */
export async function serviceKey(app: BenchApp): Promise<string> {
  const key = await app.services.apiKeys.create(
    { name: 'bench', scopes: [ApiScope.EventsWrite, ApiScope.MembersRead, ApiScope.MembersWrite] },
    SYSTEM_ACTOR,
  );
  return key.secret;
}

/** An admin's bearer token, for setting a benchmark up through the admin API as an operator would. */
export async function operatorToken(app: BenchApp): Promise<string> {
  const email = `bench-${randomBytes(4).toString('hex')}@laurel.local`;
  const password = randomBytes(12).toString('hex');
  await app.services.adminUsers.create({ email, name: 'bench', password, role: AdminRole.Admin }, SYSTEM_ACTOR);
  return (await app.services.adminUsers.login(email, password)).token;
}

/** The one earning rule the benchmarks use: order.paid, 1 point per 100 minor units, no cap, available at once. */
export async function perAmountRule(app: BenchApp): Promise<void> {
  await app.services.earningRules.create(
    { name: 'bench: 1 point per 100', eventType: 'order.paid', currency: 'points', formula: { kind: 'per_amount', unit: 100, rate: 1 } },
    SYSTEM_ACTOR,
  );
}

/** An order.paid event for a member (amount in minor units), as a shop backend sends it. */
export function orderPaid(id: string, externalId: string, amount: number): Record<string, unknown> {
  return {
    id,
    type: 'order.paid',
    occurredAt: new Date().toISOString(),
    member: { externalId },
    attributes: { orderId: `order-${id}`, amount, currency: 'CNY' },
  };
}

/** Latency and throughput figures of a phase. */
export function timing(latencies: number[], seconds: number): { opsPerSecond: number; p50Ms: number; p99Ms: number } {
  return {
    opsPerSecond: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** The sum of the points wallets' available balances, and whether every wallet agrees with its ledger. */
export async function ledgerCheck(app: BenchApp): Promise<{ reconcileOk: boolean; pointsInWallets: number }> {
  log('checking the ledger (reconcile, totals)');
  const report = await app.services.ledger.reconcile();
  const wallets = await app.mongo.connection.collection('ledger_wallets').find({ currency: 'points' }).toArray();
  return { reconcileOk: report.ok, pointsInWallets: wallets.reduce((t, w) => t + (w.available as number), 0) };
}

/**
 * What the engine can do at best for a job that writes every member once: plain `$set` updates by `_id` of up to
 * `sample` of the collection's documents, sent as the jobs send theirs (ordered bulk commands of BULK_STATEMENTS).
 * Run after the job, on the same collection at the same size. Returns documents updated per second.
 */
export async function oneWritePerDocumentRate(app: BenchApp, collection: string, sample = 10_000): Promise<number> {
  const model = app.mongo.connection.model(`Ceiling_${collection}`, new Schema({}, { strict: false }), collection);
  const ids = (await model.find({}, { _id: 1 }).limit(sample).lean()).map((doc) => doc._id);
  const started = process.hrtime.bigint();
  const updated = await updateInBulk(
    model,
    ids.map((_id, i) => ({ filter: { _id }, update: { $set: { benchTouched: i } } })),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (updated !== ids.length) throw new Error(`updated ${updated} of ${ids.length} ${collection}`);
  return round(updated / seconds, 0);
}
