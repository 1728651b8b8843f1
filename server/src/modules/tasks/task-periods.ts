import { ClaimMode, TaskKind } from '@laurel/shared';
import { addDays, businessDayOf, dayStartOf, periodOf, type BusinessCalendar } from '../../platform/periods.js';
import type { Task, TaskTerms } from './model.js';

export interface TaskPeriod {
  key: string;
  /** First instant after the period; null for periods that never end (`once`, `milestones`). */
  end: Date | null;
}

/** An event received more than this long after its period ended no longer counts. */
export const LATE_EVENT_MS = 86_400_000;

/** The period of a task an instant falls in, in the business time zone. */
export function taskPeriodOf(task: Pick<Task, 'kind' | 'weekStart' | 'endsAt'>, at: Date, zone: string): TaskPeriod {
  const calendar: BusinessCalendar = { zone, weekStart: task.weekStart };
  switch (task.kind) {
    case TaskKind.Daily:
      return fromPeriod(periodOf('day', at, calendar));
    case TaskKind.Weekly:
      return fromPeriod(periodOf('week', at, calendar));
    case TaskKind.Monthly:
      return fromPeriod(periodOf('month', at, calendar));
    case TaskKind.Once:
      return { key: 'once', end: null };
    case TaskKind.Window:
      return { key: 'window', end: task.endsAt };
    case TaskKind.Milestones:
      return { key: 'lifetime', end: null };
  }
}

function fromPeriod(period: { key: string; end: Date }): TaskPeriod {
  return { key: period.key, end: period.end };
}

/** Whether an event arrives too late for its period: more than a day after the period ended. */
export function isLate(periodEnd: Date | null, receivedAt: Date): boolean {
  return periodEnd !== null && receivedAt.getTime() > periodEnd.getTime() + LATE_EVENT_MS;
}

/**
 * The last instant a manual reward can be claimed: the end of the business day `claimWindowDays` days after the
 * period ends (daily, weekly, monthly), or after the day of completion (once, window, milestones). null for `auto`.
 */
export function claimByOf(terms: TaskTerms, periodEnd: Date | null, completedAt: Date, zone: string): Date | null {
  if (terms.claimMode === ClaimMode.Auto) return null;
  const calendar = { zone };
  const periodic = terms.kind === TaskKind.Daily || terms.kind === TaskKind.Weekly || terms.kind === TaskKind.Monthly;
  // The first day after which the window's days are counted.
  const firstDay = periodic && periodEnd ? businessDayOf(periodEnd, calendar) : addDays(businessDayOf(completedAt, calendar), 1);
  return new Date(dayStartOf(addDays(firstDay, terms.claimWindowDays), calendar).getTime() - 1);
}
