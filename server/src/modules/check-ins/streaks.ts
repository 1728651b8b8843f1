import type { Model } from 'mongoose';
import { addDays } from '../../platform/periods.js';
import type { CheckIn } from './model.js';

/** Whether a record is a day of the member's calendar: not cancelled, and (a make-up) merged into the streaks. */
export function counts(record: CheckIn | null | undefined): record is CheckIn {
  return !!record && record.state !== 'cancelled' && record.merged;
}

/** The streak a check-in of the day after `previous` has. */
export function streakAfter(previous: CheckIn | null | undefined): number {
  return counts(previous) ? previous.streak + 1 : 1;
}

export interface Run {
  /** The streak ending the day before the run. */
  before: number;
  /** Consecutive calendar days from the run's first day. */
  length: number;
}

/** Passes over a run before giving up on it settling (each pass follows a concurrent change, which are rare). */
const MAX_PASSES = 8;

/**
 * Streaks are stored on each day; a make-up (or its undo) changes the run after it. `restreak` sets the streaks of
 * the consecutive days from `first` (to `last` at most) from the day before `first`, and nothing else, reading
 * again until a pass changes nothing: a check-in of a later day written meanwhile is seen by the next pass.
 */
export class StreakChains {
  constructor(private readonly records: Model<CheckIn>) {}

  async restreak(memberId: string, first: string, last: string): Promise<Run> {
    let run: Run = { before: 0, length: 0 };
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const docs = await this.records.find({ memberId, date: { $gte: addDays(first, -1), $lte: last } }).lean();
      const byDate = new Map(docs.map((d) => [d.date, d]));
      const previous = byDate.get(addDays(first, -1));
      run = { before: counts(previous) ? previous.streak : 0, length: 0 };
      let changed = false;
      for (let day = first; day <= last; day = addDays(day, 1)) {
        const record = byDate.get(day);
        if (!counts(record)) break;
        const streak = run.before + run.length + 1;
        if (record.streak !== streak) {
          await this.records.updateOne({ _id: record._id, memberId, streak: record.streak }, { $set: { streak } });
          changed = true;
        }
        run.length += 1;
      }
      if (!changed) return run;
    }
    return run;
  }
}
