import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitUntil } from './engines.js';

// The real server (`node server/dist/main.js`) as a child process, for tests that crash it: start, wait until
// /readyz answers, kill it with SIGKILL as a crash would, start it again on the same port.

/** The built server entry point (this file runs from build/test/support). */
export const SERVER_MAIN = fileURLToPath(new URL('../../../server/dist/main.js', import.meta.url));

/** Every server started and not yet reaped, killed outright if the test process exits early. */
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private output = '';
  /** How many times the process was started. */
  starts = 0;

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  /**
   * A server for `env` (database, Redis, secrets...) on a free port; PORT and HOST are set here. The child
   * gets only PATH from this process's environment, so nothing the test runner set leaks into its config.
   */
  static async create(env: Record<string, string>): Promise<ServerProcess> {
    return new ServerProcess(await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server and waits (bounded) until GET /readyz answers 200. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (this.child) throw new Error('the server is already running');
    const child = spawn(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts += 1;
    live.add(child);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      const gone = (code: number | null): void => {
        live.delete(child);
        if (this.child === child) this.child = null;
        resolve(code);
      };
      child.once('exit', (code) => gone(code));
      child.once('error', (err) => {
        keep(Buffer.from(`\nspawn failed: ${err.message}\n`));
        gone(null);
      });
    });
    try {
      await waitUntil(
        `the server on port ${this.port} ready`,
        async () => {
          if (this.child !== child) throw new Error('the server exited while starting');
          const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1_000) });
          await res.arrayBuffer();
          return res.status === 200 ? true : undefined;
        },
        timeoutMs,
        50,
      );
    } catch (err) {
      await this.kill();
      throw new Error(`${(err as Error).message}\n--- server output ---\n${this.output}`, { cause: err });
    }
  }

  /**
   * Kills the server with SIGKILL, as a crash or a lost host would: no shutdown hook runs, requests in flight
   * die where they are. Sends the signal at once (synchronously) and resolves once the process has exited.
   */
  kill(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    child.kill('SIGKILL');
    return this.waitForExit(child, 'SIGKILL');
  }

  /** Stops the server the orderly way (SIGTERM: drain HTTP, close connections) and waits for it to exit. */
  stop(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    child.kill('SIGTERM');
    return this.waitForExit(child, 'SIGTERM');
  }

  /** Kills the server (SIGKILL) if it runs, then starts it again on the same port. */
  async restart(timeoutMs = 20_000): Promise<void> {
    await this.kill();
    await this.start(timeoutMs);
  }

  /** What the server printed last, for diagnosing a failure. */
  recentOutput(): string {
    return this.output;
  }

  private async waitForExit(child: ChildProcess, signal: string, timeoutMs = 25_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`the server (pid ${child.pid}) did not exit within ${timeoutMs} ms of ${signal}`);
  }
}
