import type { Page } from '@laurel/shared';
import type { CliContext } from '@laurel/server/cli/context.js';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { AppError } from '@laurel/server/platform/errors.js';
import { createMetrics } from '@laurel/server/platform/metrics.js';
import { createServices, type Services } from '@laurel/server/services.js';

/** Who the demo's audited changes are attributed to. */
export const DEMO_ACTOR = { type: 'system', id: 'demo', label: 'demo data' } as const;

export const say = (msg: string): void => void process.stderr.write(`[demo] ${msg}\n`);

/** A small deterministic generator (LCG): the same demo data on every run, so a second run only replays it. */
export function seeded(seed: number): (max: number) => number {
  let state = (seed * 2654435761) >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}

/** Every item of a paged list (the demo's definitions are few: they are looked up by name or code). */
export async function listAll<T>(list: (page: { limit: number; cursor?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Runs `work`: true when done, false when refused with one of `codes` (a refusal writes nothing, so a rerun agrees). */
export async function ignoringRefusal(work: () => Promise<unknown>, codes: readonly string[]): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (err) {
    if (err instanceof AppError && codes.includes(err.code)) return false;
    throw err;
  }
}

/** The server's services on a clock the demo sets, to do things on the day a member would have done them. */
export interface PastServices {
  services: Services;
  clock: ManualClock;
}

export function pastServices(ctx: CliContext): PastServices {
  const clock = new ManualClock();
  const services = createServices({
    connection: ctx.mongo.connection,
    redis: ctx.redis,
    clock,
    logger: ctx.logger,
    metrics: createMetrics(false),
    config: ctx.config,
  });
  return { services, clock };
}
