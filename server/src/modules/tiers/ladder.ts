import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
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
 * The definitions in memory: read on every ledger change and every earning rule plan, so they are cached.
 * This process's own changes invalidate at once; other processes reload within `refreshMs`.
 */
export class TierCache {
  private loaded: { at: number; ladder: Ladder } | null = null;
  private loading: Promise<Ladder> | null = null;

  constructor(
    private readonly tiers: Model<Tier>,
    private readonly clock: Clock,
    private readonly refreshMs = 10_000,
  ) {}

  async ladder(): Promise<Ladder> {
    const now = this.clock.now().getTime();
    if (this.loaded && now - this.loaded.at < this.refreshMs && now >= this.loaded.at) return this.loaded.ladder;
    this.loading ??= this.tiers
      .find({})
      .lean()
      .then((docs) => {
        const ladder = [...docs].sort((a, b) => a.rank - b.rank);
        this.loaded = { at: this.clock.now().getTime(), ladder };
        return ladder;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  invalidate(): void {
    this.loaded = null;
  }
}
