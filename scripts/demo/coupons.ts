import { CouponState, type CouponView } from '@laurel/shared';
import type { TemplateInput } from '@laurel/server/modules/coupons/templates.js';
import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
import { DEMO_ACTOR, ignoringRefusal, listAll, say, type PastServices } from './common.js';
import { historyOf } from './history.js';

// The demo shop's coupon templates (CNY, minor units), coupons issued by an operator and taken through checkout so
// that the console shows every state, and the new-member coupon each member got at sign-up (long expired). Keys are
// derived from the member, so a second run answers the coupons issued already and changes nothing.

export const DEMO_COUPON_TEMPLATES = {
  tenOff: {
    name: '¥10 off ¥99',
    discount: { type: 'amount', amountOff: 1000 },
    minSpend: 9900,
    currency: 'CNY',
    validity: { type: 'relative', days: 30 },
  },
  fifteenPercent: {
    name: '15% off over ¥200, up to ¥30',
    discount: { type: 'percent', percentOff: 15, maxDiscount: 3000 },
    minSpend: 20000,
    currency: 'CNY',
    validity: { type: 'relative', days: 30 },
    totalStock: 20000,
    perMemberLimit: 20,
  },
  shipping: {
    name: '¥8 off shipping',
    description: 'Covers standard shipping on any order',
    discount: { type: 'amount', amountOff: 800 },
    currency: 'CNY',
    validity: { type: 'relative', days: 14 },
  },
  newMember: {
    name: 'New member: ¥20 off ¥100',
    description: 'Valid 7 days from sign-up',
    discount: { type: 'amount', amountOff: 2000 },
    minSpend: 10000,
    currency: 'CNY',
    validity: { type: 'relative', days: 7 },
    perMemberLimit: 1,
  },
  limited: {
    name: 'Limited: ¥50 off ¥500',
    description: '100 coupons only',
    discount: { type: 'amount', amountOff: 5000 },
    minSpend: 50000,
    currency: 'CNY',
    validity: { type: 'relative', days: 30 },
    totalStock: 100,
    perMemberLimit: 1,
  },
} satisfies Record<string, TemplateInput>;

export type DemoTemplate = keyof typeof DEMO_COUPON_TEMPLATES;
export type DemoTemplateIds = Record<DemoTemplate, string>;

/** Creates each demo template that does not exist by name; answers the ids of all of them. */
export async function ensureCouponTemplates(services: Services): Promise<DemoTemplateIds> {
  const byName = new Map((await listAll((page) => services.couponTemplates.list(page))).map((t) => [t.name, t.id]));
  let created = 0;
  const ids: Partial<DemoTemplateIds> = {};
  for (const [slug, input] of Object.entries(DEMO_COUPON_TEMPLATES) as [DemoTemplate, TemplateInput][]) {
    let id = byName.get(input.name);
    if (id === undefined) {
      id = (await services.couponTemplates.create(input, DEMO_ACTOR)).id;
      created += 1;
    }
    ids[slug] = id;
  }
  const total = Object.keys(DEMO_COUPON_TEMPLATES).length;
  say(`coupon templates: ${created} created, ${total - created} already there`);
  return ids as DemoTemplateIds;
}

/** What happens to the operator's ¥10 coupon of the n-th member it went to. */
const PLANS = ['kept', 'locked', 'redeemed', 'restored', 'voided', 'released'] as const;
type Plan = (typeof PLANS)[number];
/** Every fourth member (2, 6, 10, …) gets the operator's ¥10 coupon; every eighth (3, 11, …) tries for a limited one. */
const TEN_OFF_EVERY = 4;
const LIMITED_EVERY = 8;
const NEW_MEMBER_EVERY = 5;

interface Totals {
  issued: number;
  moved: number;
  soldOut: number;
}

/** The checkout moves a plan still needs, from the coupon as it is now (nothing once it is where the plan ends). */
async function follow(services: Services, externalId: string, coupon: CouponView, plan: Plan): Promise<number> {
  const orderId = `demo-${externalId}-coupon-1`;
  const order = { orderId, amount: 12_800, currency: 'CNY' };
  // A coupon not touched since its issue; a released one is `issued` again, but changed since.
  const untouched = coupon.state === CouponState.Issued && coupon.updatedAt === coupon.issuedAt;
  if (plan === 'kept') return 0;
  if (plan === 'voided') {
    if (!untouched) return 0;
    await services.coupons.void(coupon.id, 'Issued twice by mistake', DEMO_ACTOR);
    return 1;
  }
  if (plan === 'locked' || plan === 'released') {
    if (!untouched) return 0;
    await services.coupons.lock(externalId, coupon.code, { ...order, lockSeconds: 86_400 });
    if (plan === 'released') await services.coupons.release(externalId, coupon.code, orderId);
    return 1;
  }
  let moves = 0;
  if (untouched) {
    await services.coupons.redeem(externalId, coupon.code, order);
    moves += 1;
  }
  if (plan === 'restored' && (untouched || coupon.state === CouponState.Redeemed)) {
    await services.coupons.restore(externalId, coupon.code, orderId);
    moves += 1;
  }
  return moves;
}

/** Operators' coupons (the ¥10 one to every fourth member, taken through checkout; the limited one while it lasts). */
export async function loadCoupons(services: Services, templates: DemoTemplateIds, count: number): Promise<void> {
  const totals: Totals = { issued: 0, moved: 0, soldOut: 0 };
  for (let i = 2; i <= count; i += TEN_OFF_EVERY) {
    const externalId = demoMemberId(i);
    const memberId = await services.members.idOf(externalId);
    const key = `demo:${externalId}:coupon:ten-off`;
    const coupon = await services.coupons.issueByOperator(
      templates.tenOff,
      { memberId, key, reason: 'Sorry for the late delivery' },
      DEMO_ACTOR,
    );
    totals.moved += await follow(services, externalId, coupon, PLANS[Math.floor(i / TEN_OFF_EVERY) % PLANS.length]!);
  }
  for (let i = 3; i <= count; i += LIMITED_EVERY) {
    const externalId = demoMemberId(i);
    const memberId = await services.members.idOf(externalId);
    const key = `demo:${externalId}:coupon:limited`;
    // Once they are gone, nobody is tried: a refused issue is tried again under its key, which counts up its attempts.
    if ((await services.couponTemplates.get(templates.limited)).stockLeft === 0) {
      totals.soldOut += 1;
      continue;
    }
    const issued = await ignoringRefusal(
      () => services.coupons.issueByOperator(templates.limited, { memberId, key, reason: 'Double 11 giveaway' }, DEMO_ACTOR),
      ['OUT_OF_STOCK'],
    );
    if (issued) totals.issued += 1;
    else totals.soldOut += 1;
  }
  say(
    `coupons: operator's coupons to ${Math.floor((count + 2) / TEN_OFF_EVERY)} + ${totals.issued} members, ${totals.moved} checkout moves, ${totals.soldOut} limited ones not issued (out of stock)`,
  );
}

/** Every fifth member got the new-member coupon when they signed up; it is valid 7 days, so they are all expired now. */
export async function loadNewMemberCoupons(past: PastServices, templateId: string, count: number): Promise<void> {
  let issued = 0;
  for (let i = NEW_MEMBER_EVERY; i <= count; i += NEW_MEMBER_EVERY) {
    const externalId = demoMemberId(i);
    const member = await past.services.members.findByExternalId(externalId);
    const signup = historyOf(i, new Date(member.createdAt)).events[0]!.occurredAt;
    past.clock.set(new Date(signup));
    await past.services.coupons.issue({
      templateId,
      memberId: member.id,
      key: `demo:${externalId}:coupon:new-member`,
      source: { type: 'campaign', id: 'new-member' },
    });
    issued += 1;
  }
  say(`coupons: ${issued} new-member coupons at sign-up (expired since)`);
}
