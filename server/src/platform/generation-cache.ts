import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import type { RedisHandle } from './redis.js';

/**
 * Where processes of one deployment share the generation of each cached value: a write bumps it, a read compares
 * it with the generation its kept value was loaded under. `read` answers null when the store cannot be reached.
 */
export interface GenerationStore {
  read(name: string): Promise<string | null>;
  bump(name: string): Promise<void>;
}

/**
 * Generations in Redis (`laurel:generation:<namespace>:<name>`), each a random token: a key lost to eviction and
 * set again can never repeat the token a process loaded under. Redis down: reads are unknown, a bump is lost.
 */
export function redisGenerations(redis: RedisHandle, namespace: string): GenerationStore {
  const key = (name: string) => `laurel:generation:${namespace}:${name}`;
  return {
    read: (name) => redis.tryRun('cache generation read', async (client) => (await client.get(key(name))) ?? '', null),
    bump: (name) =>
      redis.tryRun(
        'cache generation bump',
        async (client) => void (await client.set(key(name), randomBytes(8).toString('hex'))),
        undefined,
      ),
  };
}

interface Kept<T> {
  value: T;
  loadedAt: number;
  local: number;
  shared: string | null;
}

/**
 * A value loaded from the database and kept in memory, seen fresh by every process:
 * - `invalidate()` (after the write) bumps this process's generation at once and the shared one in the store;
 * - a read serves the kept value only while both generations are those it was loaded under, and it is younger
 *   than `refreshMs`; otherwise it loads, joining a load in flight only if that load started under the same
 *   generations. So the next read after a write, in any process, loads after the write.
 * - A load that an invalidation overtook answers its caller but is not kept.
 * - Store unreachable: this process's writes are still seen at once, other processes' within `refreshMs`.
 */
export class GenerationCache<T> {
  private kept: Kept<T> | null = null;
  private loading: { promise: Promise<T>; local: number; shared: string | null } | null = null;
  private local = 0;

  constructor(
    private readonly options: {
      name: string;
      load: () => Promise<T>;
      clock: Clock;
      refreshMs: number;
      store?: GenerationStore | undefined;
    },
  ) {}

  async get(): Promise<T> {
    const shared = (await this.options.store?.read(this.options.name)) ?? null;
    const now = this.options.clock.now().getTime();
    const kept = this.kept;
    if (kept && kept.local === this.local && (shared === null || kept.shared === shared)) {
      const age = now - kept.loadedAt;
      if (age >= 0 && age < this.options.refreshMs) return kept.value;
    }
    const loading = this.loading;
    if (loading && loading.local === this.local && loading.shared === shared) return loading.promise;
    return this.reload(shared, now);
  }

  /** Call after every write of what the value is loaded from; never throws. */
  async invalidate(): Promise<void> {
    this.local += 1;
    this.kept = null;
    this.loading = null;
    await this.options.store?.bump(this.options.name);
  }

  private reload(shared: string | null, startedAt: number): Promise<T> {
    const local = this.local;
    const current = () => this.local === local && this.loading?.promise === promise;
    const promise = this.options.load().then(
      (value) => {
        if (current()) {
          this.kept = { value, loadedAt: startedAt, local, shared };
          this.loading = null;
        }
        return value;
      },
      (err: unknown) => {
        if (current()) this.loading = null;
        throw err;
      },
    );
    this.loading = { promise, local, shared };
    return promise;
  }
}
