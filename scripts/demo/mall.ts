import { FulfilmentStatus, LimitPeriod, MallRewardType, RedemptionState, type RedemptionView } from '@laurel/shared';
import type { RewardInput } from '@laurel/server/modules/mall/reward-definitions.js';
import { AppError } from '@laurel/server/platform/errors.js';
import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
import type { DemoTemplateIds } from './coupons.js';
import { DEMO_ACTOR, listAll, say, seeded } from './common.js';

// The demo's points mall: coupon, benefit, virtual-code and physical rewards with stock, a points + cash one, one for
// gold and platinum members only and one with a monthly limit. Members redeem through the mall's RedemptionService,
// each redemption under a request key derived from the member and the reward, so a second run answers the same
// redemptions and takes nothing more; operators ship and deliver some of the physical ones.

export type DemoReward = 'tenOff' | 'freeShipping' | 'fifteenOff' | 'videoVip' | 'shipping' | 'tote' | 'mug' | 'umbrella';
export type DemoRewardIds = Record<DemoReward, string>;

export function demoRewards(templates: DemoTemplateIds): Record<DemoReward, RewardInput> {
  return {
    tenOff: {
      name: '¥10 off ¥99 coupon',
      type: MallRewardType.Coupon,
      couponTemplateId: templates.tenOff,
      pointsPrice: 100,
      stock: 2000,
      revocable: true,
      displayOrder: 10,
    },
    freeShipping: {
      name: 'Free shipping ×3 (30 days)',
      type: MallRewardType.Benefit,
      benefit: { code: 'free-shipping', count: 3, validDays: 30 },
      pointsPrice: 150,
      stock: 2000,
      displayOrder: 20,
    },
    fifteenOff: {
      name: '15% off coupon (up to ¥30)',
      type: MallRewardType.Coupon,
      couponTemplateId: templates.fifteenPercent,
      pointsPrice: 200,
      stock: 2000,
      displayOrder: 30,
    },
    videoVip: {
      name: 'Video VIP, 1 month',
      description: 'A code for one month of a video streaming membership',
      type: MallRewardType.VirtualCode,
      pointsPrice: 240,
      stock: 0,
      displayOrder: 40,
    },
    shipping: {
      name: '¥8 shipping coupon',
      description: 'Up to 2 a month',
      type: MallRewardType.Coupon,
      couponTemplateId: templates.shipping,
      pointsPrice: 50,
      stock: 5000,
      limit: { count: 2, period: LimitPeriod.Month },
      displayOrder: 50,
    },
    tote: { name: 'Laurel canvas tote', type: MallRewardType.Physical, pointsPrice: 500, stock: 60, displayOrder: 60 },
    mug: {
      name: 'Coffee mug',
      description: 'Points plus ¥19.90, paid at checkout',
      type: MallRewardType.Physical,
      pointsPrice: 300,
      cash: { amount: 1990, currency: 'CNY' },
      stock: 100,
      revocable: true,
      displayOrder: 70,
    },
    umbrella: {
      name: 'Gold members’ umbrella',
      type: MallRewardType.Physical,
      pointsPrice: 1500,
      stock: 20,
      tiers: ['gold', 'platinum'],
      displayOrder: 80,
    },
  };
}

/** The video codes of the pool: the same on every run, so an upload repeated adds nothing. */
export const VIDEO_CODES = 150;
export function videoCode(k: number): string {
  const next = seeded(k * 31 + 7);
  const chars = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  return `VIP-${Array.from({ length: 10 }, () => chars[next(chars.length)]).join('')}`;
}

/** Creates each demo reward that does not exist by name and fills the code pool; answers the ids of all of them. */
export async function ensureMall(services: Services, templates: DemoTemplateIds): Promise<DemoRewardIds> {
  const byName = new Map((await listAll((page) => services.mallRewards.list(page))).map((r) => [r.name, r.id]));
  const ids: Partial<DemoRewardIds> = {};
  let created = 0;
  for (const [slug, input] of Object.entries(demoRewards(templates)) as [DemoReward, RewardInput][]) {
    let id = byName.get(input.name);
    if (id === undefined) {
      id = (await services.mallRewards.create(input, DEMO_ACTOR)).id;
      created += 1;
    }
    ids[slug] = id;
  }
  const codes = Array.from({ length: VIDEO_CODES }, (_, k) => videoCode(k + 1));
  const pool = await services.mallRewards.addCodes(ids.videoVip!, codes, DEMO_ACTOR);
  say(
    `mall: ${created} rewards created, ${Object.keys(ids).length - created} already there; video codes: ${pool.added} added (${pool.total} in the pool)`,
  );
  return ids as DemoRewardIds;
}

/** Refusals of a redemption the mall allowed a moment before (another member took the last unit meanwhile). */
const REFUSALS = ['INSUFFICIENT_POINTS', 'OUT_OF_STOCK', 'NOT_ELIGIBLE', 'LIMIT_REACHED', 'NOT_ON_SALE'];

/** A redemption as made (or made already), or why the member could not make it. */
export type Attempt = { redemption: RedemptionView; refused?: undefined } | { refused: string; redemption?: undefined };

/**
 * Member `externalId` redeems `rewardId` as their app would: only when their mall allows it (so no failed redemption is
 * left, whose request key a rerun would try again), under the request key `demo:<member>:<what>`, so a rerun answers
 * the redemption made without taking anything again. The demo earns no points after its redemptions (cancels give
 * back only what they took), so a member refused on the first run is refused on the next.
 */
export async function redeemAs(services: Services, memberId: string, externalId: string, what: string, rewardId: string): Promise<Attempt> {
  const item = (await services.storefront.mall(memberId)).items.find((it) => it.rewardId === rewardId);
  if (!item?.allowed) return { refused: item?.reason ?? 'not_on_sale' };
  try {
    return { redemption: await services.redemptions.redeem(memberId, { rewardId }, `demo:${externalId}:${what}`) };
  } catch (err) {
    if (err instanceof AppError && REFUSALS.includes(err.code)) return { refused: err.code.toLowerCase() };
    throw err;
  }
}

interface Totals {
  redeemed: number;
  refused: Record<string, number>;
  moved: number;
}

/** Counts an attempt; answers the redemption if it is completed (not cancelled or failed). */
export function tally(totals: { redeemed: number; refused: Record<string, number> }, attempt: Attempt): RedemptionView | null {
  if (attempt.refused !== undefined) {
    totals.refused[attempt.refused] = (totals.refused[attempt.refused] ?? 0) + 1;
    return null;
  }
  totals.redeemed += 1;
  return attempt.redemption.state === RedemptionState.Completed ? attempt.redemption : null;
}

export const refusals = (refused: Record<string, number>): string =>
  Object.entries(refused)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ') || 'none';

/** What an operator does with the n-th tote: nothing yet, shipped, delivered, or cancelled (points and stock back). */
const TOTE_PLANS = [[], ['shipped'], ['shipped', 'delivered'], ['cancelled']] as const;

async function fulfil(services: Services, r: RedemptionView, steps: readonly string[]): Promise<number> {
  let moves = 0;
  let status = r.fulfilment?.status;
  for (const step of steps) {
    // Each step once: the redemption as it is now says which are done.
    if (status !== FulfilmentStatus.Pending && !(step === 'delivered' && status === FulfilmentStatus.Shipped)) continue;
    const trackingNumber = `SF${r.id.slice(-10).toUpperCase()}`;
    const moved = await services.redemptions.fulfil(r.id, { status: step as FulfilmentStatus, trackingNumber }, DEMO_ACTOR);
    status = moved.fulfilment?.status;
    moves += 1;
  }
  return moves;
}

/**
 * The mall beyond the history's redemptions: every 6th member takes the month's two shipping coupons, every 9th a tote
 * (shipped, delivered or cancelled by an operator), every 11th a mug (every third of them cancelled by the member),
 * every 25th tries for the gold members' umbrella.
 */
export async function loadMall(services: Services, rewards: DemoRewardIds, count: number): Promise<void> {
  const totals: Totals = { redeemed: 0, refused: {}, moved: 0 };
  for (let i = 1; i <= count; i++) {
    const externalId = demoMemberId(i);
    if (i % 6 !== 1 && i % 9 !== 4 && i % 11 !== 5 && i % 25 !== 0) continue;
    const memberId = await services.members.idOf(externalId);
    const redeem = async (what: string, rewardId: string) => tally(totals, await redeemAs(services, memberId, externalId, what, rewardId));
    if (i % 6 === 1) {
      await redeem('mall:shipping:1', rewards.shipping);
      await redeem('mall:shipping:2', rewards.shipping);
    }
    if (i % 9 === 4) {
      const tote = await redeem('mall:tote', rewards.tote);
      if (tote) totals.moved += await fulfil(services, tote, TOTE_PLANS[Math.floor((seeded(i)(1000) * TOTE_PLANS.length) / 1000)]!);
    }
    if (i % 11 === 5) {
      const mug = await redeem('mall:mug', rewards.mug);
      if (mug && Math.floor(i / 11) % 3 === 0) {
        await services.redemptions.cancel(memberId, mug.id);
        totals.moved += 1;
      }
    }
    if (i % 25 === 0) await redeem('mall:umbrella', rewards.umbrella);
  }
  say(
    `mall: ${totals.redeemed} redemptions (made or there already), ${totals.moved} fulfilment moves and cancels; not allowed: ${refusals(totals.refused)}`,
  );
}
