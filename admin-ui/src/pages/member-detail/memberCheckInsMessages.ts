import { defineMessages } from '../../i18n/language';

interface MemberCheckInsMessages {
  tab: string;
  intro: string;
  streak: string;
  days: (n: number) => string;
  today: string;
  checkedIn: string;
  notYet: string;
  cycleDay: (day: number, of: number) => string;
  monthTotal: string;
  makeUpsLeft: string;
  nextReward: string;
  inactive: string;
  previousMonth: string;
  nextMonth: string;
  monthLabel: (year: number, month: number) => string;
  weekdays: string[];
  regular: string;
  makeUp: string;
  missed: string;
  monthSummary: (month: string, checkIns: number, makeUps: number) => string;
  dayDetail: (streak: number, cycleDay: number) => string;
  rewards: string;
  cost: (points: number) => string;
  couldNotLoad: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const memberCheckInsMessages = defineMessages<MemberCheckInsMessages>({
  en: {
    tab: 'Check-in',
    intro: 'The member’s check-in calendar in the program’s days, with the current streak and what the next check-in pays.',
    streak: 'Current streak',
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
    today: 'Today',
    checkedIn: 'checked in',
    notYet: 'not yet',
    cycleDay: (day, of) => `day ${day} of ${of}`,
    monthTotal: 'This month',
    makeUpsLeft: 'Make-ups left this month',
    nextReward: 'Next check-in pays',
    inactive: 'The check-in program is not active',
    previousMonth: 'Previous month',
    nextMonth: 'Next month',
    monthLabel: (year, month) => `${MONTHS[month - 1] ?? month} ${year}`,
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    regular: 'Checked in',
    makeUp: 'Made up',
    missed: 'Not checked in',
    monthSummary: (month, checkIns, makeUps) =>
      `${checkIns === 1 ? '1 check-in' : `${checkIns} check-ins`} in ${month}, ${makeUps} made up`,
    dayDetail: (streak, cycleDay) => `streak ${streak}, cycle day ${cycleDay}`,
    rewards: 'paid',
    cost: (points) => `cost ${points} points`,
    couldNotLoad: 'Could not load the member’s check-ins',
  },
  zh: {
    tab: '签到',
    intro: '按签到规则的日期显示的会员签到日历，以及当前连续签到天数和下次签到的奖励。',
    streak: '当前连续签到',
    days: (n) => `${n} 天`,
    today: '今天',
    checkedIn: '已签到',
    notYet: '未签到',
    cycleDay: (day, of) => `周期第 ${day}/${of} 天`,
    monthTotal: '本月签到',
    makeUpsLeft: '本月剩余补签',
    nextReward: '下次签到奖励',
    inactive: '签到未启用',
    previousMonth: '上个月',
    nextMonth: '下个月',
    monthLabel: (year, month) => `${year}年${month}月`,
    weekdays: ['一', '二', '三', '四', '五', '六', '日'],
    regular: '已签到',
    makeUp: '补签',
    missed: '未签到',
    monthSummary: (month, checkIns, makeUps) => `${month}签到 ${checkIns} 次，其中补签 ${makeUps} 次`,
    dayDetail: (streak, cycleDay) => `连续 ${streak} 天，周期第 ${cycleDay} 天`,
    rewards: '奖励',
    cost: (points) => `消耗 ${points} 积分`,
    couldNotLoad: '无法加载会员的签到',
  },
});

export type MemberCheckInsTexts = (typeof memberCheckInsMessages)['en'];
