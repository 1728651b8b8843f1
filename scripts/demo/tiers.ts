import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
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

/** Members an operator placed higher than their growth (every 20th silver, every 50th gold, every 100th platinum). */
export function placedTierOf(i: number): string | null {
  if (i % 100 === 0) return 'platinum';
  if (i % 50 === 0) return 'gold';
  if (i % 20 === 0) return 'silver';
  return null;
}

/** Places the demo's VIP members on their tier as an operator would (keyed per member: placed once, audited once). */
export async function placeVipMembers(services: Services, count: number): Promise<void> {
  let placed = 0;
  for (let i = 10; i <= count; i += 10) {
    const tier = placedTierOf(i);
    if (tier === null) continue;
    const externalId = demoMemberId(i);
    const memberId = await services.members.idOf(externalId);
    const input = { tier, reason: 'VIP customer', autoUpgrade: true, key: `demo:${externalId}:tier` };
    await services.tiers.setManual(memberId, input, DEMO_ACTOR);
    placed += 1;
  }
  say(`tiers: ${placed} VIP members placed by an operator (silver, gold, platinum)`);
}
