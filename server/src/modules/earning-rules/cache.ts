import type { Clock } from '../../platform/clock.js';
import { GenerationCache, type GenerationStore } from '../../platform/generation-cache.js';
import type { EarningRule } from './model.js';

/**
 * The active rules in memory, grouped by event type and sorted for evaluation (priority highest first, then
 * oldest first), so evaluating an event costs no query beyond the cache's generation check. A rule change is
 * seen by the next evaluation in every process (platform/generation-cache.ts).
 */
export class RuleCache {
  private readonly cache: GenerationCache<Map<string, EarningRule[]>>;

  constructor(load: () => Promise<EarningRule[]>, clock: Clock, refreshMs: number, store?: GenerationStore) {
    this.cache = new GenerationCache({ name: 'earning-rules', load: async () => group(await load()), clock, refreshMs, store });
  }

  async forType(eventType: string): Promise<readonly EarningRule[]> {
    return (await this.cache.get()).get(eventType) ?? [];
  }

  /** After every rule write. */
  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }
}

function group(rules: EarningRule[]): Map<string, EarningRule[]> {
  const byType = new Map<string, EarningRule[]>();
  for (const rule of rules) byType.set(rule.eventType, [...(byType.get(rule.eventType) ?? []), rule]);
  for (const list of byType.values()) {
    list.sort(
      (a, b) =>
        b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()),
    );
  }
  return byType;
}
