import { BenefitStatus, BenefitType } from '@laurel/shared';
import type { Clock } from '../../platform/clock.js';
import { GenerationCache, type GenerationStore } from '../../platform/generation-cache.js';
import type { Benefit, BenefitPackage, PackageItem } from './model.js';

/** An active package's item of an active benefit. */
export interface Offer {
  pkg: BenefitPackage;
  item: PackageItem;
  benefit: Benefit;
}

/** Every benefit by code, and the active offers by source (`tier:gold`) and by benefit type. */
export interface BenefitIndex {
  benefits: ReadonlyMap<string, Benefit>;
  offersBySource: ReadonlyMap<string, readonly Offer[]>;
  /** Offers the scheduled jobs issue: coupon packs and birthday gifts. */
  couponPacks: readonly Offer[];
  birthdayGifts: readonly Offer[];
  /** The best points multiplier (percent, above 100) of each source that gives one, by source key. */
  multipliers: ReadonlyMap<string, number>;
}

export function sourceKey(source: { type: string; code: string }): string {
  return `${source.type}:${source.code}`;
}

/**
 * Benefit and package definitions in memory (there are few): an entitlement read at checkout costs the cache's
 * generation check, no query for definitions; a change is seen by the next read in every process.
 */
export class BenefitCache {
  private readonly cache: GenerationCache<BenefitIndex>;

  constructor(
    load: () => Promise<{ benefits: Benefit[]; packages: BenefitPackage[] }>,
    clock: Clock,
    refreshMs: number,
    store?: GenerationStore,
  ) {
    this.cache = new GenerationCache({ name: 'benefits', load: async () => indexOf(await load()), clock, refreshMs, store });
  }

  index(): Promise<BenefitIndex> {
    return this.cache.get();
  }

  /** After every definition write. */
  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }
}

function indexOf({ benefits, packages }: { benefits: Benefit[]; packages: BenefitPackage[] }): BenefitIndex {
  const byCode = new Map(benefits.map((b) => [b.code, b]));
  const offersBySource = new Map<string, Offer[]>();
  const couponPacks: Offer[] = [];
  const birthdayGifts: Offer[] = [];
  const multipliers = new Map<string, number>();
  for (const pkg of packages) {
    if (pkg.status !== BenefitStatus.Active) continue;
    for (const item of pkg.items) {
      const benefit = byCode.get(item.benefitCode);
      if (!benefit || benefit.status !== BenefitStatus.Active) continue;
      const offer = { pkg, item, benefit };
      const key = sourceKey(pkg.source);
      offersBySource.set(key, [...(offersBySource.get(key) ?? []), offer]);
      if (benefit.type === BenefitType.CouponPack) couponPacks.push(offer);
      if (benefit.type === BenefitType.BirthdayGift) birthdayGifts.push(offer);
      const percent = benefit.type === BenefitType.PointsMultiplier ? (item.value ?? benefit.value).percent : undefined;
      if (percent !== undefined) multipliers.set(key, Math.max(percent, multipliers.get(key) ?? 100));
    }
  }
  return { benefits: byCode, offersBySource, couponPacks, birthdayGifts, multipliers };
}
