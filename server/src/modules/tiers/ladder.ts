import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { GenerationCache, type GenerationStore } from '../../platform/generation-cache.js';
import type { Tier } from './model.js';

/** The tier definitions, lowest rank first. */
export type Ladder = readonly Tier[];

/** The highest tier whose entry threshold the metric meets; null below the lowest. */
export function qualifiedTier(ladder: Ladder, metric: number): Tier | null {
  let found: Tier | null = null;
  for (const tier of ladder) if (metric >= tier.entryThreshold) found = tier;
  return found;
}

export function rankOf(ladder: Ladder, code: string | null): number {
  return code === null ? 0 : (ladder.find((t) => t.code === code)?.rank ?? 0);
}

export function tierOf(ladder: Ladder, code: string | null): Tier | null {
  return code === null ? null : (ladder.find((t) => t.code === code) ?? null);
}

/** Where a member who missed the retention of `current` goes: one rank down, or to what the metric qualifies for. */
export function downgradeTarget(ladder: Ladder, current: Tier, metric: number): Tier | null {
  const lower = ladder.filter((t) => t.rank < current.rank);
  if (current.downgradeMode === 'one_level') return lower.at(-1) ?? null;
  const qualified = qualifiedTier(lower, metric);
  return qualified;
}

/**
 * The definitions in memory, lowest rank first: read on every ledger change and every earning rule plan. A
 * definition change is seen by the next read in every process (platform/generation-cache.ts).
 */
export class TierCache {
  private readonly cache: GenerationCache<Ladder>;

  constructor(tiers: Model<Tier>, clock: Clock, refreshMs = 10_000, store?: GenerationStore) {
    const load = async (): Promise<Ladder> => [...(await tiers.find({}).lean())].sort((a, b) => a.rank - b.rank);
    this.cache = new GenerationCache({ name: 'tiers', load, clock, refreshMs, store });
  }

  ladder(): Promise<Ladder> {
    return this.cache.get();
  }

  /** After every definition write. */
  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }
}
