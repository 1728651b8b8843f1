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
  round,
  runConcurrent,
  timing,
  type HttpAnswer,
  type RecordedCommand,
} from '../lib.js';
import type { ProcessUsage, ServerStart } from './protocol.js';

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
  /** An admin's bearer token for the admin API. */
  operatorToken(): Promise<string>;
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
    operatorToken: () => server.call('operatorToken'),
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

/** What a server process spent on a phase, summed over its rounds. */
class ServerMeter {
  private cpuMicros = 0;
  private active = 0;
  private idle = 0;
  private before: ProcessUsage | null = null;

  constructor(private readonly server: ServerProcess) {}

  async start(): Promise<void> {
    this.before = await this.server.usage();
  }

  async stop(): Promise<void> {
    const after = await this.server.usage();
    const before = this.before!;
    this.cpuMicros += after.cpuMicros - before.cpuMicros;
    this.active += after.eluActive - before.eluActive;
    this.idle += after.eluIdle - before.eluIdle;
  }

  figures(ops: number): { cpuMsPerOp: number; eventLoopUtilization: number } {
    return { cpuMsPerOp: round(this.cpuMicros / 1000 / ops, 3), eventLoopUtilization: round(this.active / (this.active + this.idle), 2) };
  }
}

/**
 * How many rounds a phase is split into, alternating Laurel and the baseline, so that a burst of load on the shared
 * machine falls on both. The first round warms both servers up (the baseline's process is new, its code not yet
 * optimised by the JIT) and is left out of the timing and CPU figures.
 */
const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 5));

interface Drive {
  seconds: number;
  latencies: number[];
}

/** Runs operations [from, to) against one server, BENCH_CONCURRENCY in flight, its CPU measured by `meter`. */
async function drive(
  meter: ServerMeter | null,
  http: BenchHttp,
  spec: PhaseSpec,
  from: number,
  to: number,
  onAnswer: (i: number, answer: HttpAnswer) => void,
  into: Drive,
): Promise<void> {
  await meter?.start();
  const started = Date.now();
  const latencies = await runConcurrent(to - from, BENCH_CONCURRENCY, async (n) => {
    const i = from + n;
    const op = spec.request(i);
    const answer = await http.request(op.method, op.path, { headers: op.headers ?? {}, body: op.body, op: i });
    onAnswer(i, answer);
  });
  await meter?.stop();
  if (!meter) return;
  into.seconds += (Date.now() - started) / 1000;
  into.latencies.push(...latencies);
}

async function profiling<T>(servers: { server: ServerProcess; who: string }[], label: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  for (const { server } of servers) await server.call('profileStart');
  const result = await work();
  for (const { server, who } of servers) {
    const file = path.join(PROFILE_DIR, `${label}-${who}.cpuprofile`);
    await server.call('profileStop', { file });
    log(`profile of ${who}: ${file}`);
  }
  return result;
}

/**
 * A measured phase against Laurel and against the bare baseline (same requests, same client, same concurrency, the
 * same driver commands per request, on a copy of the starting state), in alternating rounds: Laurel answers a round
 * of operations, then the baseline replays that round's commands. Then the engine's ceiling for those commands when
 * there are any. Returns the figures: Laurel's, the baseline's, the ceiling's and their ratios. CPU figures are the
 * server processes' own (process.cpuUsage there), never the client's.
 */
export async function measureAgainstBaseline(app: ServedApp, spec: PhaseSpec): Promise<Record<string, unknown>> {
  const mark = await app.mark();
  const setup = await app.commands(0, mark);
  const bare = await ServerProcess.launch([
    'bare',
    JSON.stringify({
      mongodbUri: app.start.mongodbUri,
      dbName: `${app.start.dbName}_baseline`,
      poolSize: app.start.poolSize,
      redisUrl: app.start.redisUrl,
    }),
  ]);
  const answers: { status: number; body: unknown }[] = new Array(spec.ops);
  const measured: RecordedCommand[] = [];
  const laurel: Drive = { seconds: 0, latencies: [] };
  const baseline: Drive = { seconds: 0, latencies: [] };
  const laurelMeter = new ServerMeter(app.server);
  const bareMeter = new ServerMeter(bare);
  const clientMeter = { cpuMicros: 0 };
  let measuredOps = 0;
  let baselineStats: { mismatches: number; commands: number };
  let baselineSetupErrors: number;
  try {
    log(`baseline: replaying ${setup.length} setup commands`);
    baselineSetupErrors = (await bare.call<{ setupErrors: number }>('setup', { setup: BSON.EJSON.stringify(setup, { relaxed: false }) }))
      .setupErrors;
    const bareHttp = new BenchHttp(bare.start.url, BENCH_CONCURRENCY);
    try {
      await profiling(
        [
          { server: app.server, who: 'laurel' },
          { server: bare, who: 'bare' },
        ],
        spec.label,
        async () => {
          let roundMark = mark;
          for (let round = 0; round < ROUNDS; round++) {
            const from = Math.floor((round * spec.ops) / ROUNDS);
            const to = Math.floor(((round + 1) * spec.ops) / ROUNDS);
            if (from === to) continue;
            const warmUp = round === 0;
            if (!warmUp) measuredOps += to - from;
            const client = process.cpuUsage();
            await drive(
              warmUp ? null : laurelMeter,
              app.http,
              spec,
              from,
              to,
              (i, answer) => {
                spec.check(i, answer);
                answers[i] = { status: answer.status, body: answer.body };
              },
              laurel,
            );
            const used = process.cpuUsage(client);
            if (!warmUp) clientMeter.cpuMicros += used.user + used.system;
            const roundCommands = await app.commands(roundMark);
            roundMark += roundCommands.length;
            measured.push(...roundCommands);
            const byOp = commandsByOp(roundCommands, spec.ops).slice(from, to);
            await bare.call('plans', {
              from,
              // Commands as Extended JSON (their BSON types kept); the answers as plain JSON, as Laurel sent them.
              commands: BSON.EJSON.stringify(
                byOp.map((list) => list.map((c) => ({ name: c.name, command: c.command, outcome: c.outcome }))),
                { relaxed: false },
              ),
              plans: byOp.map((_, n) => ({ redisGet: spec.redisGet?.(from + n) ?? null, answer: answers[from + n]! })),
            });
            await drive(
              warmUp ? null : bareMeter,
              bareHttp,
              spec,
              from,
              to,
              (i, answer) => {
                if (answer.status !== answers[i]!.status) throw new Error(`baseline ${spec.label} ${i}: ${answer.status}`);
              },
              baseline,
            );
            log(
              `${spec.label}: ${warmUp ? 'warm-up' : 'round'} ${round + 1}/${ROUNDS} (operations ${from}–${to - 1}) on Laurel and the baseline`,
            );
          }
        },
      );
    } finally {
      bareHttp.close();
    }
    baselineStats = await bare.call('stats');
  } finally {
    await bare.close();
  }

  const laurelTiming = timing(laurel.latencies, laurel.seconds);
  const baselineTiming = timing(baseline.latencies, baseline.seconds);
  const laurelLoad = laurelMeter.figures(measuredOps);
  const bareLoad = bareMeter.figures(measuredOps);
  const figures: Record<string, unknown> = {
    ops: spec.ops,
    concurrency: BENCH_CONCURRENCY,
    rounds: ROUNDS,
    // measuredOps: the operations in the timing and CPU figures, all but the warm-up round.
    measuredOps,
    ...laurelTiming,
    ...commandFigures(measured, spec.ops),
    nodeCpuMsPerOp: laurelLoad.cpuMsPerOp,
    eventLoopUtilization: laurelLoad.eventLoopUtilization,
    clientNodeCpuMsPerOp: round(clientMeter.cpuMicros / 1000 / measuredOps, 3),
    baselineOpsPerSecond: baselineTiming.opsPerSecond,
    baselineP50Ms: baselineTiming.p50Ms,
    baselineP99Ms: baselineTiming.p99Ms,
    baselineNodeCpuMsPerOp: bareLoad.cpuMsPerOp,
    baselineEventLoopUtilization: bareLoad.eventLoopUtilization,
    baselineDbCommandsPerOp: round(baselineStats.commands / spec.ops, 3),
    baselineReplaySetupErrors: baselineSetupErrors,
    baselineReplayMismatches: baselineStats.mismatches,
    cpuRatioToBaseline: round(laurelLoad.cpuMsPerOp / bareLoad.cpuMsPerOp, 2),
    ...(PROFILE_DIR ? { profiled: true } : {}),
  };
  if (measured.length === 0) return figures;

  const ceiling = await engineCeiling({
    uri: app.start.mongodbUri,
    dbName: `${app.start.dbName}_ceiling`,
    poolSize: app.start.poolSize,
    setup,
    ops: commandsByOp(measured, spec.ops),
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
