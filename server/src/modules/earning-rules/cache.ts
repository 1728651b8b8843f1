import type { Clock } from '../../platform/clock.js';
import type { EarningRule } from './model.js';

/**
 * The active rules in memory, grouped by event type and sorted for evaluation (priority highest first, then
 * oldest first), so evaluating an event costs no query. This process's own changes invalidate it at once;
 * changes made by other processes are picked up within `refreshMs`.
 */
export class RuleCache {
  private byType: Map<string, EarningRule[]> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, EarningRule[]>> | null = null;
  private generation = 0;

  constructor(
    private readonly load: () => Promise<EarningRule[]>,
    private readonly clock: Clock,
    private readonly refreshMs: number,
  ) {}

  async forType(eventType: string): Promise<readonly EarningRule[]> {
    const fresh = this.byType !== null && this.clock.now().getTime() - this.loadedAt < this.refreshMs;
    const rules = fresh && this.byType ? this.byType : await this.reload();
    return rules.get(eventType) ?? [];
  }

  invalidate(): void {
    this.generation += 1;
    this.byType = null;
    this.loading = null;
  }

  /** One load at a time; a load that an invalidation overtook answers its caller but is not kept. */
  private reload(): Promise<Map<string, EarningRule[]>> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const startedAt = this.clock.now().getTime();
    const loading = this.load().then(
      (rules) => {
        const grouped = group(rules);
        if (generation === this.generation) {
          this.byType = grouped;
          this.loadedAt = startedAt;
          this.loading = null;
        }
        return grouped;
      },
      (err: unknown) => {
        if (generation === this.generation) this.loading = null;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
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
