import type { AfterCycle, CheckInMilestoneKind } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

interface CheckInMessages {
  title: string;
  subtitle: string;
  timeZone: (zone: string, dayStart: string) => string;
  version: (version: number) => string;
  neverConfigured: string;
  couldNotLoad: string;
  readOnly: string;
  conflictTitle: string;
  conflictText: string;
  reload: string;
  notSaved: string;
  saved: string;
  save: string;
  required: string;
  program: string;
  active: string;
  activeHelp: string;
  cycleDays: string;
  cycleDaysHelp: string;
  afterCycle: string;
  afterCycleModes: Record<AfterCycle, string>;
  dayStart: string;
  dayStartHelp: string;
  dayStartPattern: string;
  dayRewards: string;
  dayRewardsHelp: string;
  day: string;
  dayN: (day: number) => string;
  points: string;
  growth: string;
  couponsAndBenefits: string;
  milestones: string;
  milestonesHelp: string;
  kind: string;
  kinds: Record<CheckInMilestoneKind, string>;
  days: string;
  rewards: string;
  milestoneN: (n: number) => string;
  addMilestone: string;
  removeMilestone: (n: number) => string;
  noMilestones: string;
  makeUp: string;
  makeUpHelp: string;
  windowDays: string;
  windowDaysHelp: string;
  perMonth: string;
  perMonthHelp: string;
  costPoints: string;
  costPointsHelp: string;
  payDayReward: string;
  payDayRewardHelp: string;
}

export const checkInMessages = defineMessages<CheckInMessages>({
  en: {
    title: 'Check-in',
    subtitle: 'The daily check-in program: a reward per day of the streak, milestone bonuses and make-up check-ins',
    timeZone: (zone, dayStart) => `Days are counted in ${zone}, starting at ${dayStart}`,
    version: (version) => `Version ${version}`,
    neverConfigured: 'Not configured yet: members cannot check in until it is saved active',
    couldNotLoad: 'Could not load the check-in program',
    readOnly: 'Only operators and admins can change the check-in program.',
    conflictTitle: 'Someone changed the program meanwhile',
    conflictText: 'Nothing was saved. Reload to see the current version, then make your change again.',
    reload: 'Reload',
    notSaved: 'The program was not saved',
    saved: 'Check-in program saved',
    save: 'Save program',
    required: 'Required',
    program: 'Program',
    active: 'Active',
    activeHelp: 'Off: members cannot check in',
    cycleDays: 'Cycle length (days)',
    cycleDaysHelp: 'The day rewards repeat after this many days',
    afterCycle: 'After the last day',
    afterCycleModes: { restart: 'Restart at day 1', repeat_last: 'Repeat the last day' },
    dayStart: 'Day starts at',
    dayStartHelp: 'HH:mm in the business time zone, e.g. 04:00',
    dayStartPattern: 'HH:mm, from 00:00 to 23:59',
    dayRewards: 'Day rewards',
    dayRewardsHelp: 'What the check-in on each day of the cycle pays; blank pays nothing',
    day: 'Day',
    dayN: (day) => `Day ${day}`,
    points: 'Points',
    growth: 'Growth',
    couponsAndBenefits: 'Coupons and benefits',
    milestones: 'Milestones',
    milestonesHelp: 'A bonus for a streak of N consecutive days, or for N check-ins in one calendar month',
    kind: 'Kind',
    kinds: { streak: 'Streak', monthly_total: 'Monthly total' },
    days: 'Days',
    rewards: 'Rewards',
    milestoneN: (n) => `Milestone ${n}`,
    addMilestone: 'Add milestone',
    removeMilestone: (n) => `Remove milestone ${n}`,
    noMilestones: 'No milestones',
    makeUp: 'Make-up check-ins',
    makeUpHelp: 'Members may make up a missed day of the current streak',
    windowDays: 'Window (days)',
    windowDaysHelp: 'Missed days at most this many days back (yesterday = 1); 0 turns make-ups off',
    perMonth: 'Per month',
    perMonthHelp: 'Make-ups per member per calendar month',
    costPoints: 'Cost (points)',
    costPointsHelp: '0 = free; given back if the make-up fails',
    payDayReward: 'Pay the day reward',
    payDayRewardHelp: 'A made-up day pays the reward of its place in the merged streak',
  },
  zh: {
    title: '签到',
    subtitle: '每日签到：按连续天数发放奖励，里程碑额外奖励，以及补签',
    timeZone: (zone, dayStart) => `按 ${zone} 时区计算日期，每天从 ${dayStart} 开始`,
    version: (version) => `版本 ${version}`,
    neverConfigured: '尚未配置：保存并启用之前会员无法签到',
    couldNotLoad: '无法加载签到规则',
    readOnly: '只有运营人员和管理员可以修改签到规则。',
    conflictTitle: '签到规则已被他人修改',
    conflictText: '本次修改未保存。请重新加载查看最新版本，然后再修改。',
    reload: '重新加载',
    notSaved: '签到规则未保存',
    saved: '签到规则已保存',
    save: '保存规则',
    required: '必填',
    program: '签到规则',
    active: '启用',
    activeHelp: '关闭后会员无法签到',
    cycleDays: '周期天数',
    cycleDaysHelp: '每日奖励按此天数循环',
    afterCycle: '周期结束后',
    afterCycleModes: { restart: '从第 1 天重新开始', repeat_last: '重复最后一天' },
    dayStart: '每日开始时间',
    dayStartHelp: '业务时区的 HH:mm，例如 04:00',
    dayStartPattern: 'HH:mm，00:00 至 23:59',
    dayRewards: '每日奖励',
    dayRewardsHelp: '周期内每一天签到获得的奖励；留空为无奖励',
    day: '天数',
    dayN: (day) => `第 ${day} 天`,
    points: '积分',
    growth: '成长值',
    couponsAndBenefits: '优惠券与权益',
    milestones: '里程碑奖励',
    milestonesHelp: '连续签到 N 天，或一个自然月内累计签到 N 次时的额外奖励',
    kind: '类型',
    kinds: { streak: '连续签到', monthly_total: '月累计' },
    days: '天数',
    rewards: '奖励',
    milestoneN: (n) => `里程碑 ${n}`,
    addMilestone: '添加里程碑',
    removeMilestone: (n) => `删除里程碑 ${n}`,
    noMilestones: '暂无里程碑',
    makeUp: '补签',
    makeUpHelp: '会员可补签当前连续签到中漏签的日期',
    windowDays: '可补签天数',
    windowDaysHelp: '最多可补签多少天前的漏签（昨天为 1）；0 为关闭补签',
    perMonth: '每月次数',
    perMonthHelp: '每位会员每个自然月可补签的次数',
    costPoints: '消耗积分',
    costPointsHelp: '0 为免费；补签失败时退还',
    payDayReward: '发放当日奖励',
    payDayRewardHelp: '补签的日期按其在合并后连续签到中的位置发放当日奖励',
  },
});

export type CheckInTexts = (typeof checkInMessages)['en'];
