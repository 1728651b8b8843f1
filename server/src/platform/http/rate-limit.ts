import type { RedisHandle } from '../redis.js';

export interface RateLimitDecision {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in Redis. When Redis is down the limiter fails open: a missing limit is
 * better than refusing every request, and the Redis handle logs the degradation.
 */
export class RateLimiter {
  constructor(
    private readonly redis: RedisHandle,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async consume(bucket: string, max: number, windowSeconds: number): Promise<RateLimitDecision> {
    const now = this.nowMs();
    const windowMs = windowSeconds * 1000;
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    const key = `laurel:rl:${bucket}:${windowStart}`;
    const count = await this.redis.tryRun(
      'rate limit',
      async (client) => {
        const [hits] = await client
          .multi()
          .incr(key)
          .pExpire(key, windowMs + 1000)
          .exec();
        return Number(hits);
      },
      0,
    );
    return { allowed: count <= max, remaining: Math.max(0, max - count), retryAfterSeconds };
  }
}
