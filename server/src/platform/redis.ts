import { createClient } from 'redis';
import type { Logger } from './logger.js';

function createRedisClient(url: string) {
  return createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 3_000),
    },
  });
}

export type RedisClient = ReturnType<typeof createRedisClient>;

/**
 * Redis as Laurel uses it: a cache, rate limits and short locks, never the only copy of anything.
 * Commands fail fast while disconnected (no offline queue) so callers can fall back to the database.
 */
export interface RedisHandle {
  client: RedisClient;
  isUp(): boolean;
  /** Runs `fn` when Redis is up; on any Redis failure logs a warning and returns `fallback`. */
  tryRun<T>(what: string, fn: (client: RedisClient) => Promise<T>, fallback: T): Promise<T>;
  close(): Promise<void>;
}

export function connectRedis(url: string, logger: Logger): RedisHandle {
  const client = createRedisClient(url);
  let lastWarning = 0;
  const warn = (msg: string, err: unknown): void => {
    const now = Date.now();
    if (now - lastWarning < 10_000) return;
    lastWarning = now;
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, msg);
  };
  client.on('error', (err: unknown) => warn('redis unavailable; degrading to the database', err));
  client.on('ready', () => logger.info('redis connected'));
  client.connect().catch((err: unknown) => warn('redis connect failed; will keep retrying', err));

  return {
    client,
    isUp: () => client.isReady,
    async tryRun(what, fn, fallback) {
      if (!client.isReady) return fallback;
      try {
        return await fn(client);
      } catch (err) {
        warn(`redis ${what} failed; falling back`, err);
        return fallback;
      }
    },
    async close() {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
