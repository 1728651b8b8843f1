/** Calendar arithmetic on `YYYY-MM` / `YYYY-MM-DD` texts (days as the server names them; no time zone involved). */

export function parseMonth(month: string): { year: number; month: number } {
  const [y, m] = month.split('-').map(Number);
  return { year: y ?? 1970, month: m ?? 1 };
}

const pad = (v: number) => String(v).padStart(2, '0');

/** `2027-03` + 1 → `2027-04`; − 1 from January goes to December of the year before. */
export function shiftMonth(month: string, by: number): string {
  const { year, month: m } = parseMonth(month);
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export interface MonthCell {
  /** `YYYY-MM-DD`; null pads the first week before the 1st. */
  date: string | null;
  day: number;
}

/** The month's days in weeks starting on Monday, the first week padded with empty cells. */
export function monthGrid(month: string): MonthCell[] {
  const { year, month: m } = parseMonth(month);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const mondayFirst = (new Date(Date.UTC(year, m - 1, 1)).getUTCDay() + 6) % 7;
  const cells: MonthCell[] = Array.from({ length: mondayFirst }, () => ({ date: null, day: 0 }));
  for (let d = 1; d <= days; d++) cells.push({ date: `${year}-${pad(m)}-${pad(d)}`, day: d });
  return cells;
}
