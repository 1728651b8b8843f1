import 'reflect-metadata';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { BSON, MongoClient, type Document } from 'mongodb';
import { createClient } from 'redis';
import { summaryKeyOf } from '@laurel/server/modules/ledger/summary-cache.js';
import {
  ledgerCheck,
  type RecordedCommand,
  operatorToken,
  outcomeOf,
  perAmountRule,
  replayable,
  serviceKey,
  startBenchApp,
  NOT_REPLAYED,
} from '../lib.js';
import type { BarePlan, ProcessUsage, ServerStart } from './protocol.js';

// A benchmark's server, in a process of its own so that its CPU time is measured apart from the client's.
//   node server-process.js laurel   Laurel as main.ts builds it (see startBenchApp), commands recorded per request
//   node server-process.js bare     the baseline: a bare Express 5 app with express.json() that answers each request
//                                   with the driver commands Laurel sent for it, replayed, and Laurel's answer
// The parent drives it over IPC (see served.ts): one request { id, call, args }, one reply { id, ok, result | error }.

type Handler = (args: never) => Promise<unknown>;

/**
 * Recorded commands as Extended JSON, which keeps their BSON types (ObjectId, Date, Int32 or Double) for an exact
 * replay. Each command goes through BSON first, as the driver sent it: commands may hold Mongoose documents.
 */
function exported(commands: RecordedCommand[]): string {
  return BSON.EJSON.stringify(
    commands.map((c) => ({ ...c, command: BSON.deserialize(BSON.serialize(c.command), { promoteValues: false }) })),
    { relaxed: false },
  );
}

const send = (message: unknown): void => void process.send?.(message);

function serve(handlers: Record<string, Handler>): void {
  process.on('message', (message: { id: number; call: string; args: unknown }) => {
    const handler = handlers[message.call] as ((args: unknown) => Promise<unknown>) | undefined;
    if (!handler) return send({ id: message.id, ok: false, error: `no call ${message.call}` });
    handler(message.args).then(
      (result) => send({ id: message.id, ok: true, result }),
      (err: unknown) => send({ id: message.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** CPU time and event-loop activity so far; the parent subtracts two readings. */
function usage(): Promise<ProcessUsage> {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return Promise.resolve({ cpuMicros: cpu.user + cpu.system, eluActive: elu.active, eluIdle: elu.idle });
}

/** Samples this process's CPU (as `node --cpu-prof` does) between start and stop; writes a .cpuprofile. */
function profiler(): Record<string, Handler> {
  const session = new Session();
  session.connect();
  return {
    profileStart: async () => {
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    profileStop: async (args: { file: string }) => {
      const { profile } = await session.post('Profiler.stop');
      await fs.writeFile(args.file, JSON.stringify(profile));
      await session.post('Profiler.disable');
    },
  };
}

async function startLaurel(): Promise<void> {
  const app = await startBenchApp();
  serve({
    ...profiler(),
    usage,
    mark: () => Promise.resolve(app.recorder.mark()),
    commands: (args: { from: number; until?: number }) => Promise.resolve(exported(app.recorder.since(args.from, args.until))),
    serviceKey: () => serviceKey(app),
    operatorToken: () => operatorToken(app),
    perAmountRule: () => perAmountRule(app),
    ledgerCheck: () => ledgerCheck(app),
    summaryKeys: async (args: { externalIds: string[] }) => {
      const keys: string[] = [];
      for (const externalId of args.externalIds) keys.push(summaryKeyOf((await app.services.members.ensure(externalId)).id));
      return keys;
    },
    close: async () => {
      await app.close();
      setImmediate(() => process.exit(0));
    },
  });
  const start: ServerStart = {
    url: app.url,
    dbName: app.dbName,
    engine: app.mongo.engine,
    poolSize: app.mongo.poolSize,
    mongodbUri: app.config.mongodbUri,
    redisUrl: app.config.redisUrl,
    memberJwtSecret: app.memberJwtSecret,
  };
  send({ ready: start });
}

async function startBare(options: { mongodbUri: string; dbName: string; poolSize: number; redisUrl: string }): Promise<void> {
  // Not monitored, unlike Laurel's connection (whose commands are recorded per request, about 3 % of its CPU):
  // the baseline carries none of the benchmark's bookkeeping, so the ratio never flatters Laurel.
  const mongo = new MongoClient(options.mongodbUri, { maxPoolSize: options.poolSize, minPoolSize: Math.min(options.poolSize, 1) });
  await mongo.connect();
  const db = mongo.db(options.dbName);
  const redis = createClient({ url: options.redisUrl });
  await redis.connect();
  const plans: BarePlan[] = [];
  let mismatches = 0;
  let sent = 0;

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(async (req, res) => {
    const plan = plans[Number(req.headers['x-bench-op'])];
    if (!plan) {
      res.status(404).json({ error: 'no plan for this operation' });
      return;
    }
    for (const c of plan.commands) {
      if (NOT_REPLAYED.has(c.name)) continue;
      sent += 1;
      const outcome = await db.command(replayable(c.command as Document)).then(
        (reply) => outcomeOf(reply, false),
        () => 'failed',
      );
      if (outcome !== c.outcome) mismatches += 1;
    }
    if (plan.redisGet) JSON.parse((await redis.get(plan.redisGet)) ?? 'null');
    res.status(plan.answer.status).json(plan.answer.body);
  });
  const server = http.createServer(app);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  serve({
    ...profiler(),
    usage,
    /** Replays Laurel's setup commands into this database: the same starting state. */
    setup: async (args: { setup: string }) => {
      const setup = BSON.EJSON.parse(args.setup, { relaxed: false }) as { name: string; command: Document; outcome: string }[];
      let setupErrors = 0;
      for (const c of setup) {
        if (NOT_REPLAYED.has(c.name)) continue;
        const outcome = await db.command(replayable(c.command)).then(
          (reply) => outcomeOf(reply, false),
          () => 'failed',
        );
        if (outcome === 'failed' && c.outcome !== 'failed') setupErrors += 1;
      }
      return { setupErrors };
    },
    /** Takes the plans of operations `from`, `from + 1`, ... (a round of the phase). */
    plans: (args: { from: number; commands: string; plans: Omit<BarePlan, 'commands'>[] }) => {
      const commands = BSON.EJSON.parse(args.commands, { relaxed: false }) as BarePlan['commands'][];
      args.plans.forEach((plan, i) => (plans[args.from + i] = { ...plan, commands: commands[i] ?? [] }));
      return Promise.resolve();
    },
    stats: () => Promise.resolve({ mismatches, commands: sent }),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await db.dropDatabase().catch(() => undefined);
      await mongo.close();
      await redis.close();
      setImmediate(() => process.exit(0));
    },
  });
  const start: ServerStart = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dbName: options.dbName,
    engine: 'bare',
    poolSize: options.poolSize,
    mongodbUri: options.mongodbUri,
    redisUrl: options.redisUrl,
    memberJwtSecret: '',
  };
  send({ ready: start });
}

const mode = process.argv[2];
const started =
  mode === 'laurel'
    ? startLaurel()
    : mode === 'bare'
      ? startBare(JSON.parse(process.argv[3] ?? '{}') as Parameters<typeof startBare>[0])
      : Promise.reject(new Error(`usage: server-process.js laurel | bare <options json>`));
started.catch((err: unknown) => {
  send({ failed: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
