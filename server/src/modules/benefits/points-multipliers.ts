import { PackageSourceType } from '@laurel/shared';
import type { BenefitCache } from './cache.js';
import { sourceKey } from './cache.js';
import type { HeldSourceReader } from './member-entitlements.js';

/** What earning knows of the member already: their id and tier (read with their tags, no extra command). */
export interface EarningMember {
  id: string;
  tier: string | null;
}

/**
 * The points multiplier a member earns with: the best active `points_multiplier` of the packages of the sources they
 * hold. The tier comes from the caller; sources beyond the tier (a plan's subscriptions) are read per member, so a
 * plan's multiplier joins without a change here. Definitions come from the cache: no database command for them.
 */
export class PointsMultipliers {
  constructor(
    private readonly cache: BenefitCache,
    private readonly moreSources: readonly HeldSourceReader[],
  ) {}

  /** Whether any package gives a multiplier at all: otherwise earning need not read the member. */
  async active(): Promise<boolean> {
    return (await this.cache.index()).multipliers.size > 0;
  }

  /** Percent of the rules' points the member earns: 100 when no source they hold gives a multiplier. */
  async percentOf(member: EarningMember): Promise<number> {
    const { multipliers } = await this.cache.index();
    const held: { type: PackageSourceType; code: string }[] = member.tier ? [{ type: PackageSourceType.Tier, code: member.tier }] : [];
    for (const reader of this.moreSources) held.push(...(await reader.heldBy(member.id)));
    return held.reduce((best, source) => Math.max(best, multipliers.get(sourceKey(source)) ?? 100), 100);
  }
}
