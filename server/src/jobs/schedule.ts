import { CronExpressionParser } from 'cron-parser';

const INTERVAL = /^(\d+)\s*(second|minute|hour|day)s?$/;
const UNIT_MS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** True for a 5- or 6-field cron expression. */
export function isCron(expression: string): boolean {
  if (expression.trim().split(/\s+/).length < 5) return false;
  try {
    CronExpressionParser.parse(expression, { strict: false });
    return true;
  } catch {
    return false;
  }
}

function intervalMs(expression: string): number | null {
  const match = INTERVAL.exec(expression.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

/** Why a schedule is unusable, or null: a cron expression or an interval such as '5 minutes'. */
export function scheduleProblem(expression: string): string | null {
  if (isCron(expression)) return null;
  const ms = intervalMs(expression);
  return ms !== null && ms > 0 ? null : `"${expression}" is neither a cron expression nor an interval such as "5 minutes"`;
}

/**
 * The latest instant at or before `now` at which the schedule fires (cron read in `timeZone`; intervals
 * aligned to the epoch), as ISO text: every worker that fires the same slot names it the same.
 */
export function slotOf(expression: string, now: Date, timeZone: string): string {
  const ms = intervalMs(expression);
  if (ms !== null && ms > 0) return new Date(Math.floor(now.getTime() / ms) * ms).toISOString();
  const cron = CronExpressionParser.parse(expression, { currentDate: new Date(now.getTime() + 1), tz: timeZone });
  return cron.prev().toDate().toISOString();
}

/** Parses `name=cron;name=cron` (JOB_SCHEDULES); problems name each bad entry. */
export function parseSchedules(text: string): { schedules: Record<string, string>; problems: string[] } {
  const schedules: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of text.split(';').map((p) => p.trim())) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq > 0 ? part.slice(0, eq).trim() : '';
    const expression = eq > 0 ? part.slice(eq + 1).trim() : '';
    if (!name || !expression) {
      problems.push(`"${part}" is not name=schedule`);
      continue;
    }
    const problem = scheduleProblem(expression);
    if (problem) problems.push(`${name}: ${problem}`);
    else schedules[name] = expression;
  }
  return { schedules, problems };
}
