import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { BUSINESS_DAY_PATTERN, RewardDto, type GrantedRewardView, type RewardView } from './rewards.dto.js';

/** After the last day of the cycle: back to day 1's reward, or the last day's reward again and again. */
export const AfterCycle = { Restart: 'restart', RepeatLast: 'repeat_last' } as const;
export type AfterCycle = (typeof AfterCycle)[keyof typeof AfterCycle];
export const AFTER_CYCLE_MODES: readonly AfterCycle[] = Object.values(AfterCycle);

/** `streak`: the streak reaches `days` consecutive days; `monthly_total`: `days` check-ins in one calendar month. */
export const CheckInMilestoneKind = { Streak: 'streak', MonthlyTotal: 'monthly_total' } as const;
export type CheckInMilestoneKind = (typeof CheckInMilestoneKind)[keyof typeof CheckInMilestoneKind];
export const CHECK_IN_MILESTONE_KINDS: readonly CheckInMilestoneKind[] = Object.values(CheckInMilestoneKind);

/** `HH:mm`, 24-hour: when the program's day begins in the business time zone. */
export const DAY_START_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CheckInDayRewardDto {
  /** Day of the cycle, 1-based. */
  @IsInt()
  @Min(1)
  @Max(366)
  day!: number;

  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards!: RewardDto[];
}

export class CheckInMilestoneDto {
  @IsIn(CHECK_IN_MILESTONE_KINDS)
  kind!: CheckInMilestoneKind;

  @IsInt()
  @Min(1)
  @Max(3660)
  days!: number;

  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards!: RewardDto[];
}

export class MakeUpRulesDto {
  /** Missed days at most this many days back (yesterday = 1) may be made up; 0 turns make-ups off. */
  @IsInt()
  @Min(0)
  @Max(366)
  windowDays!: number;

  /** Make-ups per member per calendar month (of the business time zone). */
  @IsInt()
  @Min(0)
  @Max(31)
  perMonth!: number;

  /** Points a make-up costs (spent through the ledger, given back if it fails); 0 = free. */
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  costPoints!: number;

  /** Whether a made-up day pays the day reward of its place in the merged streak; default true. */
  @IsOptional()
  @IsBoolean()
  payDayReward?: boolean;
}

/** The check-in program as a whole (there is one); replaced whole by an update. */
export class UpdateCheckInProgramDto {
  /** When given, the change applies only to this version (409 CONFLICT otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsBoolean()
  active!: boolean;

  @IsInt()
  @Min(1)
  @Max(366)
  cycleDays!: number;

  /** Rewards per cycle day; days without an entry give nothing. Each day at most once, at most `cycleDays`. */
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CheckInDayRewardDto)
  dayRewards!: CheckInDayRewardDto[];

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CheckInMilestoneDto)
  milestones!: CheckInMilestoneDto[];

  @IsIn(AFTER_CYCLE_MODES)
  afterCycle!: AfterCycle;

  /** Default `00:00`. */
  @IsOptional()
  @Matches(DAY_START_PATTERN, { message: 'dayStart must be HH:mm (00:00 to 23:59)' })
  dayStart?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => MakeUpRulesDto)
  makeUp!: MakeUpRulesDto;
}

export class MakeUpCheckInDto {
  @Matches(BUSINESS_DAY_PATTERN, { message: 'date must be a day, YYYY-MM-DD' })
  date!: string;
}

export interface CheckInProgramView {
  active: boolean;
  cycleDays: number;
  dayRewards: { day: number; rewards: RewardView[] }[];
  milestones: { kind: CheckInMilestoneKind; days: number; rewards: RewardView[] }[];
  afterCycle: AfterCycle;
  dayStart: string;
  makeUp: { windowDays: number; perMonth: number; costPoints: number; payDayReward: boolean };
  /** The business time zone days are counted in. */
  timeZone: string;
  /** The business day the program was first made active (no make-up reaches before it); null until then. */
  activatedOn: string | null;
  /** 0 until the program is first configured. */
  version: number;
  updatedAt: string | null;
}

/** One recorded check-in (a day of the member's calendar). */
export interface CheckInView {
  date: string;
  kind: 'regular' | 'make_up';
  /** Consecutive days up to and including this one (as of the latest make-up). */
  streak: number;
  /** Place in the cycle that paid the day reward. */
  cycleDay: number;
  /** Day reward and milestones this check-in paid. */
  rewards: (GrantedRewardView & { reason: 'day' | 'streak' | 'monthly_total' | 'make_up_cost'; days?: number })[];
  /** Points the make-up cost (0 for a regular check-in). */
  costPoints: number;
  recordedAt: string;
}

/** What the member sees: the current cycle and what comes next. */
export interface CheckInStatusView {
  /** Today in the program's day (business time zone, shifted by dayStart). */
  today: string;
  checkedInToday: boolean;
  /** Consecutive days ending today (or yesterday, when today is still open). */
  streak: number;
  /** Where today's (or the next) check-in stands in the cycle. */
  cycleDay: number;
  cycleDays: number;
  /** The days of the current cycle, oldest first, with their check-ins. */
  days: { date: string; cycleDay: number; checkedIn: boolean; kind: 'regular' | 'make_up' | null; rewards: RewardView[] }[];
  /** What the next check-in pays (day reward and milestones it would reach). */
  nextReward: RewardView[];
  monthTotal: number;
  makeUpsLeft: number;
  /** Missed days that may be made up now, newest first. */
  makeUpDays: string[];
  makeUpCostPoints: number;
  active: boolean;
}

/** The answer of a check-in or a make-up. */
export interface CheckInResultView {
  checkIn: CheckInView;
  status: CheckInStatusView;
}

export class MemberCheckInsQueryDto {
  /** The calendar month to show, `YYYY-MM`; default the current one. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}

/** What support sees of a member's check-ins: the member's own status and one month's calendar. */
export interface MemberCheckInsView {
  status: CheckInStatusView;
  month: string;
  /** The month's check-ins, oldest first. */
  checkIns: CheckInView[];
}
