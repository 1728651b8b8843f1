import { DateTime } from 'luxon';

/**
 * Business days, weeks, months and years: computed once, in the business time zone, and stored as period keys
 * (`2027-03-14`, `2027-W11`, `2027-03`, `2027`). A program's day may begin later than midnight (`dayStartMinutes`, e.g.
 * 240 for 04:00): an instant before that belongs to the previous day. Wall-clock arithmetic throughout, so a
 * daylight-saving change moves no boundary: a day is from its start to the next day's start, 23 or 25 hours long
 * on the change days.
 */
export interface BusinessCalendar {
  zone: string;
  /** Minutes after local midnight at which a day begins; default 0. */
  dayStartMinutes?: number;
  /** ISO weekday on which a week begins (1 = Monday, the default … 7 = Sunday). */
  weekStart?: number;
}

export type PeriodUnit = 'day' | 'week' | 'month' | 'year';

export interface Period {
  key: string;
  /** First instant of the period. */
  start: Date;
  /** First instant after it. */
  end: Date;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `HH:mm` → minutes after midnight. */
export function minutesOfDayStart(text: string): number {
  const [hours = '0', minutes = '0'] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** `minutes` after midnight → `HH:mm`. */
export function dayStartText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The business day (`YYYY-MM-DD`) an instant belongs to. */
export function businessDayOf(at: Date, calendar: BusinessCalendar): string {
  const local = DateTime.fromJSDate(at, { zone: calendar.zone });
  const startMinutes = calendar.dayStartMinutes ?? 0;
  const date = local.hour * 60 + local.minute < startMinutes ? local.minus({ days: 1 }) : local;
  return date.toISODate() ?? '';
}

/** The first instant of a business day. A day start that falls into a daylight-saving gap begins where the gap ends. */
export function dayStartOf(day: string, calendar: BusinessCalendar): Date {
  const { year, month, date } = parts(day);
  const minutes = calendar.dayStartMinutes ?? 0;
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const start = DateTime.fromObject({ year, month, day: date, hour, minute }, { zone: calendar.zone });
  if (start.hour === hour && start.minute === minute) return start.toJSDate();
  // Luxon moves a wall time inside a gap forward by the gap's length; the gap itself ends at the next full hour.
  return DateTime.fromObject({ year, month, day: date, hour: hour + 1, minute: 0 }, { zone: calendar.zone }).toJSDate();
}

/** The last instant (millisecond) of a business day: what "valid until the end of the day" means. */
export function dayEndOf(day: string, calendar: BusinessCalendar): Date {
  return new Date(dayStartOf(addDays(day, 1), calendar).getTime() - 1);
}

/** Calendar arithmetic on day keys (no time zone involved; plain UTC dates, the hot path of check-ins). */
export function addDays(day: string, days: number): string {
  const { year, month, date } = parts(day);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = parts(from);
  const b = parts(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.date) - Date.UTC(a.year, a.month - 1, a.date)) / 86_400_000);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day key. */
export function weekdayOf(day: string): number {
  const { year, month, date } = parts(day);
  return new Date(Date.UTC(year, month - 1, date)).getUTCDay() || 7;
}

/** The business month (`YYYY-MM`) an instant belongs to. */
export function businessMonthOf(at: Date, calendar: BusinessCalendar): string {
  return monthOf(businessDayOf(at, calendar));
}

/** Every day from `from` to `to` inclusive, at most `max` of them. */
export function dayRange(from: string, to: string, max = 400): string[] {
  const days: string[] = [];
  for (let day = from; day <= to && days.length < max; day = addDays(day, 1)) days.push(day);
  return days;
}

/** `YYYY-MM` of a day key. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function isDayKey(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const { year, month, date } = parts(text);
  return DateTime.utc(year, month, date).isValid && addDays(text, 0) === text;
}

/** The day, ISO (or configured) week, month or year an instant falls in: its key and its bounds. */
export function periodOf(unit: PeriodUnit, at: Date, calendar: BusinessCalendar): Period {
  return periodOfDay(unit, businessDayOf(at, calendar), calendar);
}

/** The period of a unit that contains a business day. */
export function periodOfDay(unit: PeriodUnit, day: string, calendar: BusinessCalendar): Period {
  const bounds = (first: string, next: string) => ({ start: dayStartOf(first, calendar), end: dayStartOf(next, calendar) });
  switch (unit) {
    case 'day':
      return { key: day, ...bounds(day, addDays(day, 1)) };
    case 'week': {
      const weekStart = calendar.weekStart ?? 1;
      const first = addDays(day, -((weekdayOf(day) - weekStart + 7) % 7));
      const { year, month, date } = parts(first);
      const key = weekStart === 1 ? DateTime.utc(year, month, date).toFormat("kkkk-'W'WW") : `${first}/week`;
      return { key, ...bounds(first, addDays(first, 7)) };
    }
    case 'month': {
      const first = `${monthOf(day)}-01`;
      const { year, month } = parts(first);
      const next = DateTime.utc(year, month, 1).plus({ months: 1 }).toISODate() ?? '';
      return { key: monthOf(day), ...bounds(first, next) };
    }
    case 'year': {
      const year = day.slice(0, 4);
      return { key: year, ...bounds(`${year}-01-01`, `${Number(year) + 1}-01-01`) };
    }
  }
}

function parts(day: string): { year: number; month: number; date: number } {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new Error(`not a day key: ${day}`);
  return { year: Number(match[1]), month: Number(match[2]), date: Number(match[3]) };
}
