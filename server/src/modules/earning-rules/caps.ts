import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import { ConflictError } from '../../platform/errors.js';
import { periodOf, type PeriodUnit } from '../../platform/periods.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { PeriodCaps } from './evaluate.js';
import type { CapCounter } from './model.js';

export type CapPeriod = PeriodUnit;

interface PeriodSlot {
  period: CapPeriod;
  max: number;
  /** Counter document id: `<ruleId>:<memberId>:<period>:<key>`. */
  id: string;
  key: string;
  until: Date;
}

export interface CapRef {
  ruleId: string;
  memberId: string;
  /** The event taking the units: a re-run of the same event finds its earlier reservation. */
  eventId: string;
  /** The instant whose periods count (the event's first receipt). */
  at: Date;
}

export interface Reservation {
  granted: number;
  /** The period whose cap reduced the grant, if any. */
  cappedBy?: CapPeriod;
}

const MAX_ATTEMPTS = 20;

/** The periods `caps` name, for the instant `at` in the business time zone. */
export function periodSlots(ruleId: string, memberId: string, caps: PeriodCaps, at: Date, zone: string): PeriodSlot[] {
  // Most rules have no period cap: no time-zone arithmetic for them.
  if (caps.perDay === undefined && caps.perWeek === undefined && caps.perMonth === undefined) return [];
  const calendar = { zone };
  const slot = (period: CapPeriod, max: number): PeriodSlot => {
    const { key, end } = periodOf(period, at, calendar);
    return { period, max, id: `${ruleId}:${memberId}:${period}:${key}`, key, until: end };
  };
  const slots: PeriodSlot[] = [];
  if (caps.perDay !== undefined) slots.push(slot('day', caps.perDay));
  if (caps.perWeek !== undefined) slots.push(slot('week', caps.perWeek));
  if (caps.perMonth !== undefined) slots.push(slot('month', caps.perMonth));
  return slots;
}

/** Field name of an event's claim in a counter: a hash, since event ids may hold `.` or `$`. */
function claimOf(eventId: string): string {
  return createHash('sha256').update(eventId).digest('hex').slice(0, 32);
}

/**
 * Per-member period caps, enforced with one counter document per (rule, member, period) changed only by
 * conditional `$inc`s: a grant never takes the counter past its cap, a grant near the cap gets what is left,
 * and each event's claim is recorded in the counter, so reserving again for the same event is a no-op.
 */
export class CapCounters {
  constructor(
    private readonly counters: Model<CapCounter>,
    private readonly zone: string,
  ) {}

  /** Reserves up to `want` units in every period; returns what all of them allow. Idempotent per event. */
  async reserve(ref: CapRef, caps: PeriodCaps, want: number): Promise<Reservation> {
    const claim = claimOf(ref.eventId);
    let granted = want;
    let cappedBy: CapPeriod | undefined;
    const taken: { slot: PeriodSlot; amount: number }[] = [];
    for (const slot of periodSlots(ref.ruleId, ref.memberId, caps, ref.at, this.zone)) {
      let got = await this.reserveIn(slot, ref, claim, granted);
      if (got < granted) {
        cappedBy = slot.period;
        granted = got;
      } else if (got > granted) {
        // A claim from an interrupted run, made before a later period reduced the grant.
        await this.shrink(slot, claim, got, granted);
        got = granted;
      }
      taken.push({ slot, amount: got });
      if (granted === 0) break;
    }
    for (const t of taken) if (t.amount > granted) await this.shrink(t.slot, claim, t.amount, granted);
    return cappedBy ? { granted, cappedBy } : { granted };
  }

  /** What `reserve` would grant now, without reserving (dry run); a member not enrolled yet has used nothing. */
  async peek(ref: { ruleId: string; memberId: string | null; at: Date }, caps: PeriodCaps, want: number): Promise<Reservation> {
    const slots = periodSlots(ref.ruleId, ref.memberId ?? '-', caps, ref.at, this.zone);
    if (slots.length === 0) return { granted: want };
    const docs = ref.memberId ? await this.counters.find({ _id: { $in: slots.map((s) => s.id) } }, { used: 1 }).lean() : [];
    const used = new Map(docs.map((d) => [d._id, d.used]));
    let result: Reservation = { granted: want };
    for (const slot of slots) {
      const left = Math.max(0, slot.max - (used.get(slot.id) ?? 0));
      if (left < result.granted) result = { granted: left, cappedBy: slot.period };
    }
    return result;
  }

  /** Deletes counters of periods that ended before `before`, in bounded batches. */
  async deleteEnded(before: Date, batchSize = 500): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.counters
        .find({ until: { $lt: before } }, { _id: 1 })
        .limit(batchSize)
        .lean();
      if (batch.length === 0) return deleted;
      deleted += (await this.counters.deleteMany({ _id: { $in: batch.map((c) => c._id) } })).deletedCount;
      if (batch.length < batchSize) return deleted;
    }
  }

  /** Takes up to `want` from one period's counter (or returns the event's earlier claim there). */
  private async reserveIn(slot: PeriodSlot, ref: CapRef, claim: string, want: number): Promise<number> {
    const field = `claims.${claim}`;
    const first = Math.min(want, slot.max);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Fast path, one command: create the counter or add to it while the whole amount fits.
      if (first > 0) {
        try {
          const result = await this.counters.updateOne(
            { _id: slot.id, [field]: { $exists: false }, used: { $lte: slot.max - first } },
            {
              $inc: { used: first },
              $set: { [field]: first },
              $setOnInsert: { ruleId: ref.ruleId, memberId: ref.memberId, period: `${slot.period}:${slot.key}`, until: slot.until },
            },
            { upsert: true },
          );
          if (result.modifiedCount + result.upsertedCount === 1) return first;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      // The counter exists and the whole amount did not fit, or the event has a claim already.
      const counter = await this.counters.findById(slot.id).lean();
      if (!counter) continue;
      const prior = counter.claims?.[claim];
      if (prior !== undefined) return prior;
      const take = Math.min(want, slot.max - counter.used);
      if (take <= 0) return 0;
      const result = await this.counters.updateOne(
        { _id: slot.id, used: counter.used, [field]: { $exists: false } },
        { $inc: { used: take }, $set: { [field]: take } },
      );
      if (result.modifiedCount === 1) return take;
    }
    throw new ConflictError('The cap counter is busy; try again', 'CAP_COUNTER_BUSY', { counter: slot.id });
  }

  private async shrink(slot: PeriodSlot, claim: string, from: number, to: number): Promise<void> {
    const field = `claims.${claim}`;
    await this.counters.updateOne({ _id: slot.id, [field]: from }, { $inc: { used: to - from }, $set: { [field]: to } });
  }
}
