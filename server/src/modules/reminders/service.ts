import { DateTime } from 'luxon';
import type { Model } from 'mongoose';
import type { JobCounts } from '../../jobs/job.js';
import type { Clock } from '../../platform/clock.js';
import { insertNewInBulk } from '../../platform/mongo.js';
import type { OutboxMessage } from '../outbox/types.js';
import type { Reminder } from './model.js';

/** A member's points by expiry instant, from now on (as the member's own summary shows them). */
export interface MemberExpiries {
  memberId: string;
  expiries: { at: Date; amount: number }[];
}

/** What reminders need from the ledger: a batched, claimed walk over members with points expiring by `until`. */
export interface ExpiringPointsSource {
  walkExpiringPoints(until: Date, runKey: string, visit: (batch: MemberExpiries[]) => Promise<JobCounts>): Promise<JobCounts>;
}

export interface ReminderOptions {
  timeZone: string;
  /** Days ahead, counted in business days to the end of the day; each instant gets one reminder per window. */
  windows?: number[];
}

export const POINTS_EXPIRING = 'points.expiring';

/** Reminders of expiring points: one per member, expiry instant and window, each carrying a `points.expiring` message. */
export class ReminderService {
  private readonly windows: number[];

  constructor(
    private readonly reminders: Model<Reminder>,
    private readonly ledger: ExpiringPointsSource,
    private readonly clock: Clock,
    private readonly options: ReminderOptions,
  ) {
    this.windows = [...(options.windows ?? [30, 7])].sort((a, b) => a - b);
  }

  /**
   * Job: records a reminder for every member with points expiring by the end of the business day `window` days
   * ahead, for the tightest window each instant falls in. Idempotent: a reminder's key is its identity.
   */
  async remindExpiringPoints(now: Date = this.clock.now(), runKey = `adhoc:${now.toISOString()}`): Promise<JobCounts> {
    const ends = this.windows.map((days) => ({ days, until: this.endOfDay(now, days) }));
    const widest = ends[ends.length - 1]!.until;
    const counts = await this.ledger.walkExpiringPoints(widest, runKey, async (batch) => {
      const docs: Reminder[] = [];
      for (const member of batch) {
        for (const { at, amount } of member.expiries) {
          if (at < now || amount <= 0) continue;
          const window = ends.find((e) => at <= e.until);
          if (window) docs.push(this.reminderOf(member.memberId, at, window.days, amount, now));
        }
      }
      return { members: batch.length, reminded: await this.insertNew(docs), due: docs.length };
    });
    return { members: counts.members ?? 0, reminders: counts.reminded ?? 0, alreadySent: (counts.due ?? 0) - (counts.reminded ?? 0) };
  }

  /** A member's reminders, newest first (for operators and tests). */
  forMember(memberId: string): Promise<Reminder[]> {
    return this.reminders.find({ memberId }).sort({ createdAt: -1 }).lean();
  }

  private endOfDay(now: Date, days: number): Date {
    return DateTime.fromJSDate(now, { zone: this.options.timeZone }).plus({ days }).endOf('day').toJSDate();
  }

  private reminderOf(memberId: string, at: Date, windowDays: number, amount: number, now: Date): Reminder {
    const key = `${POINTS_EXPIRING}:${memberId}:${at.toISOString()}:${windowDays}d`;
    const message: OutboxMessage = {
      id: key,
      type: POINTS_EXPIRING,
      memberId,
      occurredAt: now,
      data: { expiresAt: at.toISOString(), amount, windowDays },
    };
    return {
      _id: key,
      kind: POINTS_EXPIRING,
      memberId,
      expiresAt: at,
      windowDays,
      amount,
      createdAt: now,
      outbox: [message],
      outboxPending: true,
    };
  }

  /** Inserts unordered; a duplicate key is a reminder already sent. Returns how many are new. */
  private async insertNew(docs: Reminder[]): Promise<number> {
    const sent = await insertNewInBulk(docs, (d) => this.reminders.insertMany(d, { ordered: false }));
    return docs.length - sent.size;
  }
}
