import { BenefitType, QuotaPeriod, Stacking } from '@laurel/shared';
import type { BenefitInput, PackageInput, PackageItemInput } from '@laurel/server/modules/benefits/definitions.js';
import { addDays, businessDayOf } from '@laurel/server/platform/periods.js';
import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
import type { DemoTemplateIds } from './coupons.js';
import { DEMO_ACTOR, ignoringRefusal, listAll, say, seeded } from './common.js';

// The demo's benefits and a package per tier, better up the ladder; birthdays for every third member (set through the
// members service, as `PATCH /members/:externalId/profile` does); then the day's coupon packs and birthday gifts, issued
// as the nightly jobs would on the day the demo first ran (keys per member and period: a rerun issues nothing again).

export function demoBenefits(templates: DemoTemplateIds): BenefitInput[] {
  return [
    { code: 'member-price', type: BenefitType.Discount, name: 'Member price', description: 'Members pay less on every order' },
    { code: 'free-shipping', type: BenefitType.FreeShipping, name: 'Free shipping', description: 'Standard shipping, free' },
    {
      code: 'monthly-pack',
      type: BenefitType.CouponPack,
      name: 'Monthly coupon pack',
      description: 'Two shipping coupons and a 15% off coupon every month',
      value: {
        coupons: [
          { templateId: templates.shipping, count: 2 },
          { templateId: templates.fifteenPercent, count: 1 },
        ],
      },
    },
    {
      code: 'birthday',
      type: BenefitType.BirthdayGift,
      name: 'Birthday gift',
      description: 'Points a week before your birthday',
      value: { rewards: [{ type: 'points', amount: 200 }], daysBefore: 7 },
    },
    { code: 'priority-service', type: BenefitType.PriorityService, name: 'Priority service', description: 'A dedicated service line' },
  ];
}

const month = (count: number) => ({ period: QuotaPeriod.Month, count });
const unlimited = { period: QuotaPeriod.Unlimited };
const yearly = { period: QuotaPeriod.Year, count: 1 };
const percent = (value: number) => ({ percent: value });

function pkg(tier: string, name: string, items: PackageItemInput[]): PackageInput {
  return { code: `${tier}-benefits`, name, source: { type: 'tier', code: tier }, items };
}

/** A package per demo tier (the tiers' points multipliers are their `<tier>-points` packages: see tiers.ts). */
export const DEMO_PACKAGES: PackageInput[] = [
  pkg('bronze', 'Bronze', [
    { benefitCode: 'free-shipping', quota: month(1) },
    { benefitCode: 'birthday', quota: yearly },
  ]),
  pkg('silver', 'Silver', [
    { benefitCode: 'member-price', quota: unlimited, value: percent(98) },
    { benefitCode: 'free-shipping', quota: month(2) },
    { benefitCode: 'birthday', quota: yearly },
  ]),
  pkg('gold', 'Gold', [
    { benefitCode: 'member-price', quota: unlimited, value: percent(95) },
    { benefitCode: 'free-shipping', quota: month(5), stacking: Stacking.Add },
    { benefitCode: 'monthly-pack', quota: month(1) },
    { benefitCode: 'birthday', quota: yearly, value: { rewards: [{ type: 'points', amount: 500 }], daysBefore: 7 } },
  ]),
  pkg('platinum', 'Platinum', [
    { benefitCode: 'member-price', quota: unlimited, value: percent(90) },
    { benefitCode: 'free-shipping', quota: unlimited },
    { benefitCode: 'monthly-pack', quota: month(1) },
    { benefitCode: 'birthday', quota: yearly, value: { rewards: [{ type: 'points', amount: 1000 }], daysBefore: 7 } },
    { benefitCode: 'priority-service', quota: unlimited },
  ]),
];

/** Creates each demo benefit and package that does not exist by code (operators' changes and archives are kept). */
export async function ensureBenefits(services: Services, templates: DemoTemplateIds): Promise<void> {
  const defs = services.benefitDefinitions;
  const benefits = new Set((await listAll((page) => defs.listBenefits(page))).map((b) => b.code));
  const packages = new Set((await listAll((page) => defs.listPackages(page))).map((p) => p.code));
  const wanted = demoBenefits(templates);
  let created = 0;
  for (const benefit of wanted) {
    if (benefits.has(benefit.code)) continue;
    await defs.createBenefit(benefit, DEMO_ACTOR);
    created += 1;
  }
  for (const input of DEMO_PACKAGES) {
    if (packages.has(input.code)) continue;
    await defs.createPackage(input, DEMO_ACTOR);
    created += 1;
  }
  say(`benefits: ${created} benefits and packages created (${wanted.length} benefits, ${DEMO_PACKAGES.length} packages in all)`);
}

const BIRTHDAY_EVERY = 3;

/** Member i's birthday (every third member has one): half of them within ten days of the demo's day, so gifts show. */
export function birthdayOf(i: number, demoDay: string): string | null {
  if (i % BIRTHDAY_EVERY !== 0) return null;
  const next = seeded(i * 13 + 5);
  const monthDay = addDays(demoDay, i % 2 === 0 ? next(10) : next(365)).slice(5);
  // Feb 29 needs a leap year of birth.
  const year = monthDay === '02-29' ? 1972 + 4 * next(8) : 1970 + next(36);
  return `${year}-${monthDay}`;
}

/** Birthdays through the members service, then the coupon packs and birthday gifts of the demo's day. */
export async function loadBenefits(services: Services, zone: string, count: number): Promise<void> {
  const demoAt = new Date((await services.members.findByExternalId(demoMemberId(1))).createdAt);
  const demoDay = businessDayOf(demoAt, { zone });
  let set = 0;
  for (let i = BIRTHDAY_EVERY; i <= count; i += BIRTHDAY_EVERY) {
    const externalId = demoMemberId(i);
    const birthday = birthdayOf(i, demoDay)!;
    if ((await services.members.findByExternalId(externalId)).profile.birthday === birthday) continue;
    await services.members.updateProfile(externalId, { birthday });
    set += 1;
  }
  const shipping = await loadShippingUses(services, count);
  const packs = await services.benefitSchedules.issuePeriodic(demoAt, `demo:benefits:periodic:${demoDay}`);
  const gifts = await services.benefitSchedules.issueBirthdays(demoAt, `demo:benefits:birthdays:${demoDay}`);
  say(
    `benefits: ${set} birthdays set; free shipping used on ${shipping} orders; coupon packs of ${demoDay}: ${packs.issued ?? 0} issued, ${packs.failed ?? 0} failed; birthday gifts: ${gifts.issued ?? 0} issued`,
  );
}

const SHIPPING_EVERY = 7;

/**
 * Checkout uses free shipping on one order of every seventh member (every other of them refunded: the use released),
 * keyed by the order id, so a rerun answers the same use. Members without a tier have no free shipping.
 */
async function loadShippingUses(services: Services, count: number): Promise<number> {
  let used = 0;
  for (let i = SHIPPING_EVERY; i <= count; i += SHIPPING_EVERY) {
    const memberId = await services.members.idOf(demoMemberId(i));
    const use = { memberId, benefitCode: 'free-shipping', orderId: `demo-${demoMemberId(i)}-shipping-1` };
    if (!(await ignoringRefusal(() => services.benefits.use(use), ['NOT_ELIGIBLE', 'QUOTA_EXHAUSTED']))) continue;
    if (i % (2 * SHIPPING_EVERY) === 0) await services.benefits.release(use);
    used += 1;
  }
  return used;
}
