import { PackageSourceType } from '@laurel/shared';
import type { Model } from 'mongoose';
import { addCounts, type JobCounts } from '../../jobs/job.js';
import { addDays, businessDayOf, periodOf } from '../../platform/periods.js';
import type { BenefitCache, Offer } from './cache.js';
import type { BenefitIssuer } from './issuance.js';
import type { BenefitMember } from './model.js';

/** How many days back a birthday run also looks, so a run that was late (or missed days) still issues once. */
export const BIRTHDAY_LOOKBACK_DAYS = 7;

/**
 * Issuance on schedule: coupon packs each period to the members of the packages' tiers, birthday gifts ahead of the
 * birthday. Members are found by indexed equality (`tier`, `birthMonthDay`), never by scanning every member.
 */
export class BenefitSchedules {
  constructor(
    private readonly cache: BenefitCache,
    private readonly members: Model<BenefitMember>,
    private readonly issuer: BenefitIssuer,
    private readonly zone: string,
  ) {}

  /** Job: each tier member gets each coupon pack of their tier's packages once in the pack's current period. */
  async issuePeriodic(now: Date, runKey: string): Promise<JobCounts> {
    const counts: JobCounts = { issued: 0, skipped: 0, failed: 0 };
    for (const offer of tierOffers((await this.cache.index()).couponPacks)) {
      const period = periodOf(offer.item.quota.period as 'day' | 'week' | 'month' | 'year', now, { zone: this.zone });
      addCounts(
        counts,
        await this.walk(
          `${runKey}:${offer.pkg.code}:${offer.benefit.code}:${period.key}`,
          { tier: offer.pkg.source.code },
          offer,
          'periodic',
          period.key,
        ),
      );
    }
    return counts;
  }

  /**
   * Job: birthday gifts `daysBefore` days ahead of the birthday, for the birthdays of the last
   * BIRTHDAY_LOOKBACK_DAYS runs too; once per member and birthday year. Feb 29 birthdays are celebrated on Feb 28
   * in other years.
   */
  async issueBirthdays(now: Date, runKey: string): Promise<JobCounts> {
    const counts: JobCounts = { issued: 0, skipped: 0, failed: 0 };
    const today = businessDayOf(now, { zone: this.zone });
    for (const offer of tierOffers((await this.cache.index()).birthdayGifts)) {
      const ahead = (offer.item.value ?? offer.benefit.value).daysBefore ?? 0;
      for (let back = BIRTHDAY_LOOKBACK_DAYS; back >= 0; back--) {
        const celebrated = addDays(today, ahead - back);
        const year = celebrated.slice(0, 4);
        for (const monthDay of birthdaysCelebratedOn(celebrated)) {
          const filter = { birthMonthDay: monthDay, tier: offer.pkg.source.code };
          addCounts(counts, await this.walk(`${runKey}:${offer.pkg.code}:${monthDay}:${year}`, filter, offer, 'birthday', year));
        }
      }
    }
    return counts;
  }

  private walk(
    runKey: string,
    filter: Record<string, unknown>,
    offer: Offer,
    kind: 'periodic' | 'birthday',
    periodKey: string,
  ): Promise<JobCounts> {
    return this.issuer.issueTo({
      runKey,
      model: this.members,
      filter,
      plan: (member) => ({ memberId: member._id.toHexString(), offer, kind, periodKey }),
    });
  }
}

function tierOffers(offers: readonly Offer[]): Offer[] {
  return offers.filter((o) => o.pkg.source.type === PackageSourceType.Tier);
}

/** The `MM-DD` birthdays celebrated on a day: its own, and on Feb 28 of a common year also Feb 29. */
export function birthdaysCelebratedOn(day: string): string[] {
  const monthDay = day.slice(5);
  const year = Number(day.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-28' && !leap ? ['02-28', '02-29'] : [monthDay];
}
