import { BenefitType, QuotaPeriod, Stacking, type BenefitValueView, type PackageSourceType } from '@laurel/shared';
import { periodOf } from '../../platform/periods.js';
import type { BenefitIndex } from './cache.js';
import { sourceKey } from './cache.js';
import type { Benefit, BenefitGrant, BenefitValue, PoolRef, Quota } from './model.js';

/** A package source the member holds now, with its term (the tier's validity; a plan's subscription). */
export interface HeldSource {
  type: PackageSourceType;
  code: string;
  termStart: Date | null;
  /** null: the term does not end. */
  termEnd: Date | null;
}

/** One thing that grants the benefit: a package item of a held source, or a grant. */
export interface EntitlementSource {
  type: PackageSourceType | 'grant';
  code: string;
  ref: string;
  quota: Quota;
  value: BenefitValue;
  stacking: Stacking;
  termStart: Date | null;
  termEnd: Date | null;
  grant?: BenefitGrant;
}

/** A quota counter a use may be taken from; `limit` null = unlimited. */
export interface Pool {
  ref: PoolRef;
  period: QuotaPeriod;
  periodKey: string;
  limit: number | null;
  resetsAt: Date | null;
}

export interface Entitlement {
  benefit: Benefit;
  value: BenefitValue;
  sources: EntitlementSource[];
  /** In the order uses take them: the soonest reset first, unlimited last. */
  pools: Pool[];
}

export interface ResolveInput {
  memberId: string;
  held: readonly HeldSource[];
  grants: readonly BenefitGrant[];
  now: Date;
  zone: string;
}

/**
 * The member's entitlements: every source that grants each benefit, combined. When any package source of a benefit
 * says `best`, the best package alone applies (the better value, then the larger quota); otherwise their quotas add
 * up: sources with the same period share one counter with their counts summed. Grants always add, each with its own
 * counter.
 */
export function resolveEntitlements(index: BenefitIndex, input: ResolveInput): Map<string, Entitlement> {
  const byBenefit = new Map<string, EntitlementSource[]>();
  const add = (code: string, source: EntitlementSource) => byBenefit.set(code, [...(byBenefit.get(code) ?? []), source]);
  for (const held of input.held) {
    for (const { pkg, item, benefit } of index.offersBySource.get(sourceKey(held)) ?? []) {
      add(benefit.code, {
        type: held.type,
        code: held.code,
        ref: pkg.code,
        quota: item.quota,
        value: item.value ?? benefit.value,
        stacking: item.stacking,
        termStart: held.termStart,
        termEnd: held.termEnd,
      });
    }
  }
  for (const grant of input.grants) {
    const benefit = index.benefits.get(grant.benefitCode);
    if (!benefit || benefit.status !== 'active' || !grantIsLive(grant, input.now)) continue;
    add(benefit.code, {
      type: 'grant',
      code: `${grant.source.type}:${grant.source.id}`,
      ref: grant._id,
      quota: { period: QuotaPeriod.Term, count: grant.count },
      value: benefit.value,
      stacking: Stacking.Add,
      termStart: grant.validFrom,
      termEnd: grant.validUntil,
      grant,
    });
  }
  const entitlements = new Map<string, Entitlement>();
  for (const [code, sources] of byBenefit) {
    const benefit = index.benefits.get(code)!;
    const packaged = sources.filter((s) => !s.grant);
    const granted = sources.filter((s) => s.grant);
    // `best` chooses among the packages the member holds; a grant (bought in the mall, given by a campaign) is the
    // member's own and always adds to whatever the packages give.
    const fromPackages =
      packaged.length > 0 && packaged.some((s) => s.stacking === Stacking.Best) ? [bestOf(benefit.type, packaged)] : packaged;
    const applying = [...fromPackages, ...granted];
    entitlements.set(code, {
      benefit,
      value: bestOf(benefit.type, applying).value,
      sources,
      pools: poolsOf(input, benefit.code, applying),
    });
  }
  return entitlements;
}

export function grantIsLive(grant: BenefitGrant, now: Date): boolean {
  return grant.state === 'active' && grant.validFrom <= now && now <= grant.validUntil;
}

/** Higher is better: a discount pays less, a multiplier multiplies more; other types have no better value. */
function valueRank(type: BenefitType, value: BenefitValueView): number {
  if (type === BenefitType.Discount) return -(value.percent ?? 100);
  if (type === BenefitType.PointsMultiplier) return value.percent ?? 100;
  return 0;
}

/** Quotas compare by count whatever their period; unlimited beats any count. */
function quotaRank(quota: Quota): number {
  return quota.count ?? Number.POSITIVE_INFINITY;
}

/** The better value, then the larger quota; ties go to the first (package sources before grants). */
function bestOf(type: BenefitType, sources: readonly EntitlementSource[]): EntitlementSource {
  let best = sources[0]!;
  for (const source of sources.slice(1)) {
    const byValue = valueRank(type, source.value) - valueRank(type, best.value);
    if (byValue > 0 || (byValue === 0 && quotaRank(source.quota) > quotaRank(best.quota))) best = source;
  }
  return best;
}

function poolsOf(input: ResolveInput, benefitCode: string, sources: readonly EntitlementSource[]): Pool[] {
  const shared = new Map<string, Pool>();
  const pools: Pool[] = [];
  for (const source of sources) {
    if (source.grant) {
      const grant = source.grant;
      pools.push({
        ref: { id: `grant:${grant._id}`, kind: 'grant', docId: grant._id },
        period: QuotaPeriod.Term,
        periodKey: grant._id,
        limit: grant.count,
        resetsAt: grant.validUntil,
      });
      continue;
    }
    const { key, resetsAt } = periodKeyOf(source, input);
    const id = `${source.quota.period}:${key}`;
    const pool = shared.get(id);
    if (pool) {
      pool.limit = pool.limit === null || source.quota.count === null ? null : pool.limit + source.quota.count;
      continue;
    }
    const created: Pool = {
      ref: { id, kind: 'counter', docId: `${input.memberId}:${benefitCode}:${id}` },
      period: source.quota.period,
      periodKey: key,
      limit: source.quota.count,
      resetsAt,
    };
    shared.set(id, created);
    pools.push(created);
  }
  const order = (pool: Pool) => pool.resetsAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return pools.sort((a, b) => order(a) - order(b));
}

/** The current period of a package source's quota, in the business time zone; `term` is the source's own term. */
function periodKeyOf(source: EntitlementSource, input: ResolveInput): { key: string; resetsAt: Date | null } {
  const period = source.quota.period;
  switch (period) {
    case QuotaPeriod.Unlimited:
      return { key: 'all', resetsAt: null };
    case QuotaPeriod.Term:
      return { key: `${source.type}-${source.code}-${source.termStart?.toISOString() ?? 'always'}`, resetsAt: source.termEnd };
    default: {
      const current = periodOf(period, input.now, { zone: input.zone });
      return { key: current.key, resetsAt: current.end };
    }
  }
}
