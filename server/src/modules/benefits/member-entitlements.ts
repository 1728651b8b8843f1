import { PackageSourceType, type EntitlementView, type QuotaPoolView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import type { BenefitCache } from './cache.js';
import { resolveEntitlements, type Entitlement, type HeldSource } from './entitlements.js';
import type { BenefitGrant, BenefitMember } from './model.js';
import type { QuotaPools } from './quota-pools.js';
import { valueView } from './views.js';

/** Where a member's package sources come from: the tier today; a plan's subscriptions join as another reader. */
export interface HeldSourceReader {
  heldBy(memberId: string): Promise<HeldSource[]>;
}

/** The member's tier, with its validity as the term of `term` quotas: one read of the member by `_id`. */
export function tierSources(members: Model<BenefitMember>): HeldSourceReader & { ofMember(member: BenefitMember): HeldSource[] } {
  const ofMember = (member: BenefitMember): HeldSource[] =>
    member.tier
      ? [{ type: PackageSourceType.Tier, code: member.tier, termStart: member.tierSince ?? null, termEnd: member.tierValidUntil ?? null }]
      : [];
  return {
    ofMember,
    heldBy: async (memberId) => {
      const member = await members.findById(memberId, { tier: 1, tierSince: 1, tierValidUntil: 1 }).lean();
      return member ? ofMember(member) : [];
    },
  };
}

export interface MemberEntitlements {
  entitlements: Map<string, Entitlement>;
  grants: BenefitGrant[];
}

/**
 * A member's entitlements as of now: definitions from the cache, the member's sources (one read), their grants (one
 * query by `memberId`); counters are read by `_id` only where a view needs them.
 */
export class EntitlementReader {
  constructor(
    private readonly cache: BenefitCache,
    private readonly sources: readonly HeldSourceReader[],
    private readonly grants: Model<BenefitGrant>,
    private readonly pools: QuotaPools,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async of(memberId: string): Promise<MemberEntitlements> {
    const index = await this.cache.index();
    const held = (await Promise.all(this.sources.map((s) => s.heldBy(memberId)))).flat();
    const grants = await this.grants.find({ memberId }).lean();
    const entitlements = resolveEntitlements(index, { memberId, held, grants, now: this.clock.now(), zone: this.zone });
    return { entitlements, grants };
  }

  grantsOf(memberId: string): Promise<BenefitGrant[]> {
    return this.grants.find({ memberId }).lean();
  }

  /** Every entitlement with its value, pools (used, remaining, reset) and sources; ordered by benefit code. */
  async views(memberId: string): Promise<EntitlementView[]> {
    const { entitlements, grants } = await this.of(memberId);
    const views: EntitlementView[] = [];
    for (const entitlement of [...entitlements.values()].sort((a, b) => (a.benefit.code < b.benefit.code ? -1 : 1))) {
      views.push(entitlementView(entitlement, await this.pools.usedOf(entitlement.pools, grants)));
    }
    return views;
  }
}

export function entitlementView(entitlement: Entitlement, used: ReadonlyMap<string, number>): EntitlementView {
  const { benefit } = entitlement;
  const pools: QuotaPoolView[] = entitlement.pools.map((pool) => {
    const count = used.get(pool.ref.id) ?? 0;
    return {
      id: pool.ref.id,
      period: pool.period,
      periodKey: pool.periodKey,
      limit: pool.limit,
      used: count,
      remaining: pool.limit === null ? null : Math.max(0, pool.limit - count),
      resetsAt: pool.resetsAt?.toISOString() ?? null,
    };
  });
  const resets = pools.map((p) => p.resetsAt).filter((r): r is string => r !== null);
  return {
    benefitCode: benefit.code,
    type: benefit.type,
    name: benefit.name,
    description: benefit.description,
    icon: benefit.icon,
    value: valueView(entitlement.value),
    remaining: pools.some((p) => p.remaining === null) ? null : pools.reduce((sum, p) => sum + (p.remaining ?? 0), 0),
    resetsAt: resets.length > 0 ? resets.sort()[0]! : null,
    pools,
    sources: entitlement.sources.map((s) => ({
      type: s.type,
      code: s.code,
      ref: s.ref,
      quota: { period: s.quota.period, count: s.quota.count },
      value: valueView(s.value),
      stacking: s.stacking,
      validUntil: s.termEnd?.toISOString() ?? null,
    })),
  };
}
