import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

// Dedicated engine processes for resilience tests: each runs on a port of its own, so a test can stop and
// start it without touching the shared engines the rest of the suite uses.

/** The FerretDB binary scripts/engines.mjs builds (this file runs from build/test/support). */
export const FERRETDB_BIN = fileURLToPath(new URL('../../../.local/bin/ferretdb', import.meta.url));

const pgHost = process.env.LAUREL_PG_HOST ?? '127.0.0.1';
const pgPort = process.env.LAUREL_PG_PORT ?? '5432';
const pgDatabase = process.env.LAUREL_PG_DATABASE ?? 'laurel';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nobody listens on right now, chosen by the kernel. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portAccepts(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Polls `check` until it returns a value that is not undefined, for at most `timeoutMs` of real time.
 * Only for waiting on real external processes (an engine starting or stopping), never on the app clock.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s${why}`);
    }
    await sleep(intervalMs);
  }
}

/** Every engine process started and not yet reaped, killed outright if the test process exits early. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** One engine process that a test can stop (as a crash would) and start again on the same port. */
export class EngineProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: string,
    private readonly args: string[],
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts the process and waits (bounded) until its port accepts connections. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    if (await portAccepts(this.port)) throw new Error(`port ${this.port} is already taken; cannot start ${this.name} on it`);
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    live.add(child);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        live.delete(child);
        if (this.child === child) this.child = null;
        resolve();
      });
      child.once('error', (err) => {
        keep(Buffer.from(`\nspawn failed: ${err.message}\n`));
        live.delete(child);
        if (this.child === child) this.child = null;
        resolve();
      });
    });
    try {
      await waitUntil(
        `${this.name} accepting connections on port ${this.port}`,
        async () => {
          if (!this.child) throw new Error(`${this.name} exited early`);
          return (await portAccepts(this.port)) ? true : undefined;
        },
        timeoutMs,
        100,
      );
    } catch (err) {
      await this.stop();
      throw new Error(`${(err as Error).message}\n--- ${this.name} output ---\n${this.output}`, { cause: err });
    }
  }

  /**
   * Kills the process with SIGKILL, as a crash or a lost host would, and waits until it has exited and its
   * port is closed. (A SIGTERM is no outage for FerretDB: it keeps serving open connections while it drains.)
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (child) {
      child.kill('SIGKILL');
      await Promise.race([this.exited, sleep(timeoutMs)]);
      if (this.child === child) throw new Error(`${this.name} (pid ${child.pid}) did not exit after SIGKILL`);
    }
    await waitUntil(`${this.name} port ${this.port} closed`, async () => ((await portAccepts(this.port)) ? undefined : true), timeoutMs);
  }

  /** What the process printed last, for diagnosing a failure. */
  recentOutput(): string {
    return this.output;
  }
}

/** A FerretDB of its own on `port`, over the project's PostgreSQL database; null when the binary is not built. */
export function dedicatedFerretDb(port: number): EngineProcess | null {
  if (!fs.existsSync(FERRETDB_BIN)) return null;
  return new EngineProcess('FerretDB', port, FERRETDB_BIN, [
    `--listen-addr=127.0.0.1:${port}`,
    '--handler=postgresql',
    `--postgresql-url=postgres://postgres@${pgHost}:${pgPort}/${pgDatabase}`,
  ]);
}

/** A Redis of its own on `port`, in the foreground, without persistence; null when redis-server is not installed. */
export function dedicatedRedis(port: number): EngineProcess | null {
  if (spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status !== 0) return null;
  return new EngineProcess('Redis', port, 'redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ]);
}
