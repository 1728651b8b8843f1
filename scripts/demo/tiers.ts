import type { Services } from '@laurel/server/services.js';
import { NotFoundError } from '@laurel/server/platform/errors.js';
import { demoMemberId } from './accounts.js';
import { DEMO_ACTOR, say } from './common.js';

type TierInput = Parameters<Services['tierDefinitions']['create']>[0];

/** The demo ladder: growth in a rolling 12 months (the default program), one year of validity, 30 days of grace. */
export const DEMO_TIERS: TierInput[] = [
  { code: 'bronze', name: '青铜会员', rank: 1, entryThreshold: 0, validityMonths: null },
  { code: 'silver', name: '白银会员', rank: 2, entryThreshold: 500, retentionThreshold: 400, validityMonths: 12, graceDays: 30 },
  { code: 'gold', name: '黄金会员', rank: 3, entryThreshold: 2000, retentionThreshold: 1600, validityMonths: 12, graceDays: 30 },
  {
    code: 'platinum',
    name: '铂金会员',
    rank: 4,
    entryThreshold: 8000,
    retentionThreshold: 6000,
    validityMonths: 12,
    graceDays: 30,
    downgradeMode: 'to_qualified',
  },
];

/** The benefit that multiplies the points of earning rules; each tier's package gives its own percent. */
const POINTS_BOOST = 'points-boost';
const DEMO_MULTIPLIERS: readonly { tier: string; percent: number }[] = [
  { tier: 'silver', percent: 110 },
  { tier: 'gold', percent: 125 },
  { tier: 'platinum', percent: 150 },
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
  await ensureTierMultipliers(services);
}

/**
 * The tiers' points multipliers, as benefit packages `<tier>-points`: each is created only when its code is free (an
 * operator's edit, or an archive, is kept; other demo packages of the tier are left alone).
 */
async function ensureTierMultipliers(services: Services): Promise<void> {
  const definitions = services.benefitDefinitions;
  await createUnlessExists(
    () => definitions.getBenefit(POINTS_BOOST),
    () =>
      definitions.createBenefit(
        { code: POINTS_BOOST, type: 'points_multiplier', name: '积分加速', description: 'Tier points multiplier on every earn' },
        DEMO_ACTOR,
      ),
  );
  let created = 0;
  for (const { tier, percent } of DEMO_MULTIPLIERS) {
    const made = await createUnlessExists(
      () => definitions.getPackage(`${tier}-points`),
      () =>
        definitions.createPackage(
          {
            code: `${tier}-points`,
            name: `${tier} points multiplier`,
            source: { type: 'tier', code: tier },
            items: [{ benefitCode: POINTS_BOOST, quota: { period: 'unlimited' }, value: { percent } }],
          },
          DEMO_ACTOR,
        ),
    );
    if (made) created += 1;
  }
  say(`tier points multipliers: ${created} packages created, ${DEMO_MULTIPLIERS.length - created} already there`);
}

/** Runs `create` when `get` finds no definition by its code; one that exists (in any state) is kept as it is. */
async function createUnlessExists(get: () => Promise<unknown>, create: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return false;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  await create();
  return true;
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
