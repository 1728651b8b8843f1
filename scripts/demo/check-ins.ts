import type { UpdateCheckInProgramDto } from '@laurel/shared';
import type { CliContext } from '@laurel/server/cli/context.js';
import { type ManualClock } from '@laurel/server/platform/clock.js';
import { addDays, businessDayOf, dayStartOf } from '@laurel/server/platform/periods.js';
import { demoMemberId } from './accounts.js';
import { DEMO_ACTOR, ignoringRefusal, pastServices, say, seeded } from './common.js';

// The demo's 7-day check-in program and three weeks of check-ins for every tenth member, each made on its own day:
// the check-in service runs on a clock set to that day, as if the member had opened the app then. Days are derived
// from the member's number and enrolment, so a second run finds every day checked in already and changes nothing.

export const DEMO_CHECK_IN_PROGRAM: UpdateCheckInProgramDto = {
  active: true,
  cycleDays: 7,
  dayRewards: [5, 5, 10, 10, 15, 15, 30].map((amount, i) => ({ day: i + 1, rewards: [{ type: 'points', amount }] })),
  milestones: [
    {
      kind: 'streak',
      days: 7,
      rewards: [
        { type: 'points', amount: 50 },
        { type: 'growth', amount: 20 },
      ],
    },
    { kind: 'monthly_total', days: 15, rewards: [{ type: 'points', amount: 100 }] },
  ],
  afterCycle: 'restart',
  dayStart: '00:00',
  makeUp: { windowDays: 3, perMonth: 2, costPoints: 20, payDayReward: true },
};

const HISTORY_DAYS = 21;
/** Every tenth member checks in (members 1, 11, 21, …). */
const CHECKING_EVERY = 10;
/** Hour of the business day at which demo members check in. */
const CHECK_IN_HOUR_MS = 9 * 3_600_000;

interface Totals {
  checkIns: number;
  makeUps: number;
  already: number;
}

/** The days member `i` checks in on (and those it makes up the day after missing them), ending the day before `end`. */
export function checkInDaysOf(i: number, end: string): { day: string; makeUp: string | null }[] {
  const next = seeded(i * 7 + 3);
  const days: { day: string; makeUp: string | null }[] = [];
  let missed: string | null = null;
  for (let back = HISTORY_DAYS; back >= 1; back--) {
    const day = addDays(end, -back);
    if (next(6) === 0) {
      missed = day;
      continue;
    }
    // Every third gap is made up on the next day the member checks in.
    days.push({ day, makeUp: missed !== null && next(3) === 0 ? missed : null });
    missed = null;
  }
  return days;
}

async function atDay<T>(clock: ManualClock, zone: string, day: string, work: () => Promise<T>): Promise<T> {
  clock.set(new Date(dayStartOf(day, { zone }).getTime() + CHECK_IN_HOUR_MS));
  return work();
}

/** Sets the demo program up (unless one was configured) and loads the check-ins of every tenth member of 1..count. */
export async function loadCheckIns(ctx: CliContext, count: number): Promise<void> {
  const zone = ctx.config.businessTimeZone;
  const { services: past, clock } = pastServices(ctx);
  const today = businessDayOf(new Date(), { zone });
  if ((await ctx.services.checkInProgram.view()).version === 0) {
    // Activated on the first day of the history, so that its missed days may be made up.
    await atDay(clock, zone, addDays(today, -HISTORY_DAYS - 1), () => past.checkInProgram.update(DEMO_CHECK_IN_PROGRAM, DEMO_ACTOR));
    say('check-in: the 7-day program created');
  }
  const totals: Totals = { checkIns: 0, makeUps: 0, already: 0 };
  for (let i = 1; i <= count; i += CHECKING_EVERY) {
    const member = await ctx.services.members.findByExternalId(demoMemberId(i));
    const end = businessDayOf(new Date(member.createdAt), { zone });
    for (const { day, makeUp } of checkInDaysOf(i, end)) {
      const made = await atDay(clock, zone, day, () => ignoringRefusal(() => past.checkIns.checkIn(member.id), ['ALREADY_CHECKED_IN']));
      totals[made ? 'checkIns' : 'already'] += 1;
      if (makeUp === null) continue;
      const repaired = await atDay(clock, zone, day, () =>
        ignoringRefusal(
          () => past.checkIns.makeUp(member.id, makeUp),
          ['MAKE_UP_NOT_ALLOWED', 'MAKE_UP_LIMIT_REACHED', 'INSUFFICIENT_POINTS'],
        ),
      );
      if (repaired) totals.makeUps += 1;
    }
  }
  say(`check-in: ${totals.checkIns} check-ins and ${totals.makeUps} make-ups added (${totals.already} days already checked in)`);
}
