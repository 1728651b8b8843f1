import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { RedisHandle } from '../../platform/redis.js';
import type { SummarySnapshot, SummaryStore } from './types.js';

export const SUMMARY_KEY_PREFIX = 'laurel:summary:';

export function summaryKeyOf(memberId: string): string {
  return `${SUMMARY_KEY_PREFIX}${memberId}`;
}

export interface SummaryCacheOptions {
  /** Upper bound on how long a summary (or an invalidation marker) stays in Redis. */
  ttlSeconds: number;
  /** How many members' failed invalidations are remembered for a retry once Redis answers again. */
  maxMissedInvalidations?: number;
}

/** What one cache key holds: a snapshot, or a marker left by an invalidation (a fresh random value each time). */
type Stored = { snapshot: SummarySnapshot } | { invalidated: string };

const UNAVAILABLE = Symbol('redis unavailable');

/**
 * Sets the key only if it still holds what the reader saw before loading from the database ('' = absent).
 * An invalidation in between replaced it with a new marker, so a summary read before a write can never be
 * stored after that write's invalidation.
 */
const FILL_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`;

/**
 * Read-through cache of member summaries in Redis (`laurel:summary:<memberId>`).
 *
 * - A hit whose `validUntil` (read on the injected clock) has not passed is served as is: no database command.
 * - The ledger invalidates the key after every wallet write; a fill is a compare-and-set against the value
 *   seen before the database read, so a slow reader cannot put back a summary older than a write.
 * - Redis down: reads go to the database; invalidations that could not be sent are remembered (bounded) and
 *   sent before the next cache operation once Redis answers, and the TTL bounds what a missed one can cost.
 */
export class SummaryCache implements SummaryStore {
  private readonly ttlMs: number;
  private readonly maxMissed: number;
  private readonly missed = new Set<string>();
  private missedOverflow = false;

  constructor(
    private readonly redis: RedisHandle,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: SummaryCacheOptions,
  ) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.maxMissed = options.maxMissedInvalidations ?? 10_000;
  }

  async read(memberId: string, load: () => Promise<SummarySnapshot>): Promise<SummarySnapshot> {
    await this.retryMissed();
    const key = summaryKeyOf(memberId);
    const seen = this.missed.has(memberId)
      ? UNAVAILABLE
      : await this.redis.tryRun<string | null | typeof UNAVAILABLE>('summary cache read', (client) => client.get(key), UNAVAILABLE);
    if (seen === UNAVAILABLE) return load();
    const stored = parse(seen);
    if (stored && 'snapshot' in stored && this.fresh(stored.snapshot)) return stored.snapshot;
    const snapshot = await load();
    await this.fill(key, seen, snapshot);
    return snapshot;
  }

  async invalidate(memberId: string): Promise<void> {
    await this.retryMissed();
    if (!(await this.mark([memberId]))) this.remember(memberId);
  }

  /**
   * Whether a cached snapshot describes the present: time has not reached its next expiry or release, nor gone
   * back before the instant it was computed for (another process's clock may run ahead of ours).
   */
  private fresh(snapshot: SummarySnapshot): boolean {
    const now = this.clock.now().getTime();
    if (now < new Date(snapshot.asOf).getTime()) return false;
    return snapshot.validUntil === null || now < new Date(snapshot.validUntil).getTime();
  }

  private async fill(key: string, seen: string | null, snapshot: SummarySnapshot): Promise<void> {
    const untilChange = snapshot.validUntil === null ? this.ttlMs : new Date(snapshot.validUntil).getTime() - this.clock.now().getTime();
    const ttlMs = Math.min(this.ttlMs, untilChange);
    if (ttlMs < 1) return;
    const value = JSON.stringify({ snapshot } satisfies Stored);
    await this.redis.tryRun(
      'summary cache fill',
      (client) => client.eval(FILL_IF_UNCHANGED, { keys: [key], arguments: [seen ?? '', value, String(Math.floor(ttlMs))] }),
      null,
    );
  }

  /** Replaces each member's key with a fresh invalidation marker; false when Redis did not take them. */
  private mark(memberIds: string[]): Promise<boolean> {
    return this.redis.tryRun(
      'summary cache invalidate',
      async (client) => {
        const multi = client.multi();
        for (const memberId of memberIds) {
          const marker = JSON.stringify({ invalidated: randomBytes(9).toString('base64url') } satisfies Stored);
          multi.set(summaryKeyOf(memberId), marker, { expiration: { type: 'PX', value: this.ttlMs } });
        }
        await multi.exec();
        return true;
      },
      false,
    );
  }

  private remember(memberId: string): void {
    if (this.missed.size < this.maxMissed) {
      this.missed.add(memberId);
    } else if (!this.missedOverflow) {
      this.missedOverflow = true;
      this.logger.warn(
        { remembered: this.maxMissed, ttlSeconds: this.ttlMs / 1000 },
        'summary cache: too many invalidations missed while Redis was down; the rest expire with their TTL',
      );
    }
  }

  private async retryMissed(): Promise<void> {
    if (this.missed.size === 0 || !this.redis.isUp()) return;
    const memberIds = [...this.missed];
    if (await this.mark(memberIds)) {
      for (const memberId of memberIds) this.missed.delete(memberId);
      this.missedOverflow = false;
    }
  }
}

function parse(raw: string | null): Stored | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (value !== null && typeof value === 'object' && ('snapshot' in value || 'invalidated' in value)) return value as Stored;
  } catch {
    // Not ours or damaged: treated as a miss and overwritten by the next fill.
  }
  return null;
}
