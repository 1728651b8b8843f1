import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BSON } from 'mongodb';
import {
  BENCH_CONCURRENCY,
  BenchHttp,
  commandFigures,
  commandsByOp,
  engineCeiling,
  log,
  nodeLoadMeter,
  progress,
  round,
  runConcurrent,
  timing,
  type HttpAnswer,
  type RecordedCommand,
} from '../lib.js';
import type { BarePlan, ProcessUsage, ServerStart } from './protocol.js';

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-process.js');
/** When set, each measured phase is CPU-profiled in both server processes into this directory (.cpuprofile files). */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;

/** A server process (server-process.ts) and the calls it answers over IPC. */
export class ServerProcess {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    readonly start: ServerStart,
  ) {
    child.on('message', (message: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`server process: ${message.error}`));
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`server process exited (${code})`));
      this.pending.clear();
    });
  }

  static launch(args: string[]): Promise<ServerProcess> {
    const child = fork(ENTRY, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((resolve, reject) => {
      const onMessage = (message: { ready?: ServerStart; failed?: string }): void => {
        if (message.ready) {
          child.off('message', onMessage);
          resolve(new ServerProcess(child, message.ready));
        } else if (message.failed) reject(new Error(`server process failed to start: ${message.failed}`));
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`server process exited before it was ready (${code})`)));
    });
  }

  call<T>(name: string, args?: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, call: name, args });
    });
  }

  usage(): Promise<ProcessUsage> {
    return this.call('usage');
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call('close').catch(() => undefined);
    await exited;
  }
}

/** Laurel in a process of its own, with the calls the benchmarks need for setup and checks. */
export interface ServedApp {
  start: ServerStart;
  server: ServerProcess;
  http: BenchHttp;
  serviceKey(): Promise<string>;
  perAmountRule(): Promise<void>;
  ledgerCheck(): Promise<{ reconcileOk: boolean; pointsInWallets: number }>;
  /** Redis keys of the members' cached summaries. */
  summaryKeys(externalIds: string[]): Promise<string[]>;
  /** The count of commands recorded so far: a mark to slice a phase from. */
  mark(): Promise<number>;
  commands(from: number, until?: number): Promise<RecordedCommand[]>;
  close(): Promise<void>;
}

export async function startServedApp(): Promise<ServedApp> {
  const server = await ServerProcess.launch(['laurel']);
  const http = new BenchHttp(server.start.url, BENCH_CONCURRENCY);
  return {
    start: server.start,
    server,
    http,
    serviceKey: () => server.call('serviceKey'),
    perAmountRule: () => server.call('perAmountRule'),
    ledgerCheck: () => server.call('ledgerCheck'),
    summaryKeys: (externalIds) => server.call('summaryKeys', { externalIds }),
    mark: () => server.call('mark'),
    commands: async (from, until) =>
      BSON.EJSON.parse(await server.call<string>('commands', { from, until }), { relaxed: false }) as RecordedCommand[],
    async close() {
      http.close();
      await server.close();
    },
  };
}

export interface HttpOp {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PhaseSpec {
  /** Names the phase in progress lines and profile files. */
  label: string;
  ops: number;
  request(i: number): HttpOp;
  /** Checks Laurel's answer to operation i (throws on a wrong one) and does the benchmark's accounting. */
  check(i: number, answer: HttpAnswer): void;
  /** The Redis key the baseline reads for operation i (a cached read's data), if any. */
  redisGet?(i: number): string | null;
}

interface ServerLoad {
  cpuMsPerOp: number;
  eventLoopUtilization: number;
}

function loadBetween(before: ProcessUsage, after: ProcessUsage, ops: number): ServerLoad {
  const active = after.eluActive - before.eluActive;
  const idle = after.eluIdle - before.eluIdle;
  return {
    cpuMsPerOp: round((after.cpuMicros - before.cpuMicros) / 1000 / ops, 3),
    eventLoopUtilization: round(active / (active + idle), 2),
  };
}

/** Runs the phase's requests against one server, BENCH_CONCURRENCY in flight, measuring the server's CPU. */
async function drive(
  server: ServerProcess,
  http: BenchHttp,
  spec: PhaseSpec,
  who: string,
  onAnswer: (i: number, answer: HttpAnswer) => void,
): Promise<{ seconds: number; latencies: number[]; load: ServerLoad; clientCpuMsPerOp: number }> {
  if (PROFILE_DIR) await server.call('profileStart');
  const before = await server.usage();
  const client = nodeLoadMeter();
  const started = Date.now();
  const latencies = await runConcurrent(
    spec.ops,
    BENCH_CONCURRENCY,
    async (i) => {
      const op = spec.request(i);
      const answer = await http.request(op.method, op.path, { headers: op.headers ?? {}, body: op.body, op: i });
      onAnswer(i, answer);
    },
    progress(`${spec.label} (${who})`, spec.ops),
  );
  const seconds = (Date.now() - started) / 1000;
  const clientLoad = client.stop(spec.ops);
  const after = await server.usage();
  if (PROFILE_DIR) {
    const file = path.join(PROFILE_DIR, `${spec.label}-${who}.cpuprofile`);
    await server.call('profileStop', { file });
    log(`profile of ${who}: ${file}`);
  }
  return { seconds, latencies, load: loadBetween(before, after, spec.ops), clientCpuMsPerOp: clientLoad.nodeCpuMsPerOp };
}

/**
 * A measured phase against Laurel, then against the bare baseline (same requests, same client, same concurrency,
 * the same driver commands per request, on a copy of the starting state), then the engine's ceiling for those
 * commands when there are any. Returns the figures: Laurel's, the baseline's, the ceiling's and their ratios.
 * CPU figures are the server processes' own (process.cpuUsage there), never the client's.
 */
export async function measureAgainstBaseline(app: ServedApp, spec: PhaseSpec): Promise<Record<string, unknown>> {
  const mark = await app.mark();
  const answers: { status: number; body: unknown }[] = new Array(spec.ops);
  const laurel = await drive(app.server, app.http, spec, 'laurel', (i, answer) => {
    spec.check(i, answer);
    answers[i] = { status: answer.status, body: answer.body };
  });
  const measured = await app.commands(mark);
  const setup = await app.commands(0, mark);
  const byOp = commandsByOp(measured, spec.ops);

  const bare = await ServerProcess.launch([
    'bare',
    JSON.stringify({
      mongodbUri: app.start.mongodbUri,
      dbName: `${app.start.dbName}_baseline`,
      poolSize: app.start.poolSize,
      redisUrl: app.start.redisUrl,
    }),
  ]);
  let baseline: Awaited<ReturnType<typeof drive>>;
  let baselineStats: { mismatches: number; commands: number };
  let baselineSetupErrors: number;
  try {
    const plans: BarePlan[] = byOp.map((commands, i) => ({
      commands: commands.map((c) => ({ name: c.name, command: c.command, outcome: c.outcome })),
      redisGet: spec.redisGet?.(i) ?? null,
      answer: answers[i]!,
    }));
    log(`baseline: replaying ${setup.length} setup commands, then ${spec.ops} requests`);
    // Commands as Extended JSON (their BSON types kept); the answers as plain JSON, as Laurel sent them.
    const loaded = await bare.call<{ setupErrors: number }>('load', {
      setup: BSON.EJSON.stringify(setup, { relaxed: false }),
      commands: BSON.EJSON.stringify(
        plans.map((p) => p.commands),
        { relaxed: false },
      ),
      plans: plans.map((p) => ({ redisGet: p.redisGet, answer: p.answer })),
    });
    baselineSetupErrors = loaded.setupErrors;
    const bareHttp = new BenchHttp(bare.start.url, BENCH_CONCURRENCY);
    try {
      baseline = await drive(bare, bareHttp, spec, 'bare', (i, answer) => {
        if (answer.status !== answers[i]!.status) throw new Error(`baseline ${spec.label} ${i}: ${answer.status}`);
      });
    } finally {
      bareHttp.close();
    }
    baselineStats = await bare.call('stats');
  } finally {
    await bare.close();
  }

  const laurelTiming = timing(laurel.latencies, laurel.seconds);
  const baselineTiming = timing(baseline.latencies, baseline.seconds);
  const figures: Record<string, unknown> = {
    ops: spec.ops,
    concurrency: BENCH_CONCURRENCY,
    ...laurelTiming,
    ...commandFigures(measured, spec.ops),
    nodeCpuMsPerOp: laurel.load.cpuMsPerOp,
    eventLoopUtilization: laurel.load.eventLoopUtilization,
    clientNodeCpuMsPerOp: laurel.clientCpuMsPerOp,
    baselineOpsPerSecond: baselineTiming.opsPerSecond,
    baselineP50Ms: baselineTiming.p50Ms,
    baselineP99Ms: baselineTiming.p99Ms,
    baselineNodeCpuMsPerOp: baseline.load.cpuMsPerOp,
    baselineEventLoopUtilization: baseline.load.eventLoopUtilization,
    baselineDbCommandsPerOp: round(baselineStats.commands / spec.ops, 3),
    baselineReplaySetupErrors: baselineSetupErrors,
    baselineReplayMismatches: baselineStats.mismatches,
    cpuRatioToBaseline: round(laurel.load.cpuMsPerOp / baseline.load.cpuMsPerOp, 2),
    ...(PROFILE_DIR ? { profiled: true } : {}),
  };
  if (measured.length === 0) return figures;

  const ceiling = await engineCeiling({
    uri: app.start.mongodbUri,
    dbName: `${app.start.dbName}_ceiling`,
    poolSize: app.start.poolSize,
    setup,
    ops: byOp,
    concurrency: BENCH_CONCURRENCY,
  });
  const ceilingTiming = timing(ceiling.latencies, ceiling.seconds);
  return {
    ...figures,
    ceilingOpsPerSecond: ceilingTiming.opsPerSecond,
    ceilingP50Ms: ceilingTiming.p50Ms,
    ceilingP99Ms: ceilingTiming.p99Ms,
    ratioToCeiling: round(laurelTiming.opsPerSecond / ceilingTiming.opsPerSecond, 2),
    ceilingNodeCpuMsPerOp: ceiling.load.nodeCpuMsPerOp,
    replaySetupErrors: ceiling.setupErrors,
    replayMismatches: ceiling.mismatches,
  };
}
