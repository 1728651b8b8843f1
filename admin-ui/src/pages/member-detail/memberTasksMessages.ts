import type { TaskLock, TaskProgressState } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

interface MemberTasksMessages {
  tab: string;
  intro: string;
  task: string;
  period: string;
  ends: string;
  progress: string;
  state: string;
  completions: string;
  rewards: string;
  claimable: string;
  claimBy: string;
  noClaimBy: string;
  states: Record<TaskProgressState, string>;
  locks: Record<TaskLock, string>;
  completionsLeft: (n: number) => string;
  milestone: (target: string) => string;
  completedAt: string;
  claimedAt: string;
  granted: string;
  nothing: string;
  empty: string;
  couldNotLoad: string;
}

export const memberTasksMessages = defineMessages<MemberTasksMessages>({
  en: {
    tab: 'Tasks',
    intro: 'What the member sees in the app: every visible task with the current period’s progress, and rewards waiting for a claim.',
    task: 'Task',
    period: 'Period',
    ends: 'ends',
    progress: 'Progress',
    state: 'State',
    completions: 'Completions',
    rewards: 'Rewards',
    claimable: 'To claim',
    claimBy: 'by',
    noClaimBy: 'no deadline',
    states: { in_progress: 'in progress', completed: 'completed', claimed: 'claimed', expired: 'expired', revoked: 'revoked' },
    locks: {
      prerequisite: 'locked: prerequisite not completed',
      not_started: 'not started yet',
      limit_reached: 'completion limit reached',
    },
    completionsLeft: (n) => (n === 1 ? '1 completion left' : `${n} completions left`),
    milestone: (target) => `at ${target}`,
    completedAt: 'Completed',
    claimedAt: 'Claimed',
    granted: 'Granted',
    nothing: '—',
    empty: 'No task is visible to this member',
    couldNotLoad: 'Could not load the member’s tasks',
  },
  zh: {
    tab: '任务',
    intro: '会员在应用中看到的内容：每个可见任务在当前周期的进度，以及待领取的奖励。',
    task: '任务',
    period: '周期',
    ends: '截止',
    progress: '进度',
    state: '状态',
    completions: '完成记录',
    rewards: '奖励',
    claimable: '待领取',
    claimBy: '截止',
    noClaimBy: '无期限',
    states: { in_progress: '进行中', completed: '已完成', claimed: '已领取', expired: '已过期', revoked: '已撤销' },
    locks: { prerequisite: '未解锁：前置任务未完成', not_started: '尚未开始', limit_reached: '已达完成次数上限' },
    completionsLeft: (n) => `还可完成 ${n} 次`,
    milestone: (target) => `达到 ${target}`,
    completedAt: '完成时间',
    claimedAt: '领取时间',
    granted: '已发放',
    nothing: '—',
    empty: '该会员没有可见的任务',
    couldNotLoad: '无法加载会员的任务',
  },
});

export type MemberTasksTexts = (typeof memberTasksMessages)['en'];
