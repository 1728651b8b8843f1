import type { Services } from '@laurel/server/services.js';
import { DEMO_ACTOR, say } from './common.js';

type TierInput = Parameters<Services['tierDefinitions']['create']>[0];

/** The demo ladder: growth in a rolling 12 months (the default program), one year of validity, 30 days of grace. */
export const DEMO_TIERS: TierInput[] = [
  { code: 'bronze', name: '青铜会员', rank: 1, entryThreshold: 0, validityMonths: null, benefitIds: ['birthday-coupon'] },
  {
    code: 'silver',
    name: '白银会员',
    rank: 2,
    entryThreshold: 500,
    retentionThreshold: 400,
    validityMonths: 12,
    graceDays: 30,
    pointsMultiplierPercent: 110,
    benefitIds: ['birthday-coupon', 'free-shipping-2'],
  },
  {
    code: 'gold',
    name: '黄金会员',
    rank: 3,
    entryThreshold: 2000,
    retentionThreshold: 1600,
    validityMonths: 12,
    graceDays: 30,
    pointsMultiplierPercent: 125,
    benefitIds: ['birthday-coupon', 'free-shipping-5', 'priority-service'],
  },
  {
    code: 'platinum',
    name: '铂金会员',
    rank: 4,
    entryThreshold: 8000,
    retentionThreshold: 6000,
    validityMonths: 12,
    graceDays: 30,
    downgradeMode: 'to_qualified',
    pointsMultiplierPercent: 150,
    benefitIds: ['birthday-gift', 'free-shipping-unlimited', 'priority-service'],
  },
];

/** Creates each demo tier that does not exist by code (operators' edits to existing ones are kept). */
export async function ensureTiers(services: Services): Promise<void> {
  const existing = new Set((await services.tierDefinitions.list()).map((t) => t.code));
  let created = 0;
  for (const tier of DEMO_TIERS) {
    if (existing.has(tier.code)) continue;
    await services.tierDefinitions.create(tier, DEMO_ACTOR);
    created += 1;
  }
  say(`tiers: ${created} created, ${DEMO_TIERS.length - created} already there`);
}
