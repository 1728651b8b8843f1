import type { ClaimMode, TaskCompletionCounts, TaskKind, TaskMeasure, TaskStatus } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

interface TasksMessages {
  title: string;
  subtitle: string;
  newTask: string;
  kinds: Record<TaskKind, string>;
  kindHelp: Record<TaskKind, string>;
  statuses: Record<TaskStatus, string>;
  claimModes: Record<ClaimMode, string>;
  measures: Record<TaskMeasure, string>;
  counts: Record<keyof TaskCompletionCounts, string>;
  weekdays: string[];
  // List
  statusFilter: string;
  kindFilter: string;
  all: string;
  allKinds: string;
  name: string;
  kind: string;
  trigger: string;
  target: string;
  rewards: string;
  claim: string;
  status: string;
  completions: string;
  displayOrder: string;
  actions: string;
  sumOf: (attribute: string) => string;
  claimWithin: (days: number) => string;
  edit: string;
  view: string;
  pause: string;
  resume: string;
  archive: string;
  archiveTitle: string;
  archiveText: string;
  paused: (name: string) => string;
  resumed: (name: string) => string;
  archived: (name: string) => string;
  changeFailed: string;
  empty: string;
  couldNotLoad: string;
  // Form page
  back: string;
  newSubtitle: string;
  versionLine: (version: number, kind: string) => string;
  couldNotLoadTask: string;
  readOnlyViewer: string;
  readOnlyArchived: string;
  conflictTitle: string;
  conflictText: string;
  reload: string;
  notSaved: string;
  saved: (name: string) => string;
  create: string;
  cancel: string;
  required: string;
  // Basics
  basics: string;
  namePlaceholder: string;
  description: string;
  descriptionHelp: string;
  kindFixed: string;
  displayOrderHelp: string;
  active: string;
  activeHelp: string;
  // Trigger
  eventType: string;
  eventTypeHelp: string;
  eventTypePattern: string;
  measure: string;
  attribute: string;
  attributeHelp: string;
  attributePattern: string;
  // Goal
  goal: string;
  targetHelp: Record<TaskMeasure, string>;
  rewardsHelp: string;
  milestones: string;
  milestonesHelp: string;
  milestone: string;
  addMilestone: string;
  removeMilestone: (n: number) => string;
  milestoneLabel: (n: number) => string;
  // Options
  claimAndRefunds: string;
  claimMode: string;
  claimWindowDays: string;
  claimWindowHelp: string;
  clawback: string;
  clawbackHelp: string;
  schedule: string;
  weekStart: string;
  startsAt: string;
  startsAtHelp: string;
  endsAt: string;
  endsAtHelp: string;
  windowNeedsBoth: string;
  audience: string;
  tiers: string;
  tiersHelp: string;
  prerequisite: string;
  prerequisiteHelp: string;
  noPrerequisite: string;
  completionLimit: string;
  completionLimitHelp: string;
}

export const tasksMessages = defineMessages<TasksMessages>({
  en: {
    title: 'Tasks',
    subtitle: 'Goals members complete for rewards: newbie steps, daily and weekly goals, milestones',
    newTask: 'New task',
    kinds: { once: 'Once', daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', window: 'Window', milestones: 'Milestones' },
    kindHelp: {
      once: 'Completed once per member, e.g. a first order',
      daily: 'Starts over at the start of each business day',
      weekly: 'Starts over at the start of each week',
      monthly: 'Starts over at the start of each calendar month',
      window: 'One period between a start and an end',
      milestones: 'Cumulative and never reset; each milestone has its own reward',
    },
    statuses: { active: 'Active', paused: 'Paused', archived: 'Archived' },
    claimModes: { auto: 'Automatic', manual: 'Claimed by the member' },
    measures: { count: 'Count events', sum: 'Sum an attribute' },
    counts: { completed: 'completed', claimed: 'claimed', expired: 'expired', revoked: 'revoked' },
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    statusFilter: 'Status',
    kindFilter: 'Kind',
    all: 'All',
    allKinds: 'All kinds',
    name: 'Name',
    kind: 'Kind',
    trigger: 'Trigger',
    target: 'Target',
    rewards: 'Rewards',
    claim: 'Claim',
    status: 'Status',
    completions: 'Completions',
    displayOrder: 'Display order',
    actions: 'Actions',
    sumOf: (attribute) => `sum of ${attribute}`,
    claimWithin: (days) => `within ${days} days`,
    edit: 'Edit',
    view: 'View',
    pause: 'Pause',
    resume: 'Resume',
    archive: 'Archive',
    archiveTitle: 'Archive this task?',
    archiveText: 'It stops counting at once and cannot be changed or restored. Recorded progress and rewards stay.',
    paused: (name) => `Task “${name}” paused`,
    resumed: (name) => `Task “${name}” resumed`,
    archived: (name) => `Task “${name}” archived`,
    changeFailed: 'Could not change the task',
    empty: 'No tasks match',
    couldNotLoad: 'Could not load tasks',
    back: 'Tasks',
    newSubtitle: 'A goal members reach through their events, and what it gives',
    versionLine: (version, kind) => `Version ${version} · ${kind}`,
    couldNotLoadTask: 'Could not load the task',
    readOnlyViewer: 'Only operators and admins can change tasks.',
    readOnlyArchived: 'Archived tasks no longer count and cannot change.',
    conflictTitle: 'Someone changed this task meanwhile',
    conflictText: 'Nothing was saved. Reload to see the current version, then make your change again.',
    reload: 'Reload',
    notSaved: 'The task was not saved',
    saved: (name) => `Task “${name}” saved`,
    create: 'Create task',
    cancel: 'Cancel',
    required: 'Required',
    basics: 'Task',
    namePlaceholder: 'e.g. 3 orders today',
    description: 'Description',
    descriptionHelp: 'Shown to members',
    kindFixed: 'Cannot change once created',
    displayOrderHelp: "Lower first in the member's list",
    active: 'Active',
    activeHelp: 'Off creates the task paused',
    eventType: 'Event type',
    eventTypeHelp: 'A known type or your own, e.g. review.posted',
    eventTypePattern: 'Lower-case letters, digits, . _ -',
    measure: 'Progress',
    attribute: 'Attribute summed',
    attributeHelp: 'An integer attribute of the event; blank: amount (the order amount in minor units)',
    attributePattern: 'A top-level attribute name',
    goal: 'Target and rewards',
    targetHelp: { count: 'Matching events per period', sum: 'Total per period (amounts in minor units)' },
    rewardsHelp: 'Points and/or growth; blank for none',
    milestones: 'Milestones',
    milestonesHelp: 'Ascending targets, each with its own reward',
    milestone: 'Milestone',
    addMilestone: 'Add milestone',
    removeMilestone: (n) => `Remove milestone ${n}`,
    milestoneLabel: (n) => `Milestone ${n}`,
    claimAndRefunds: 'Claim and refunds',
    claimMode: 'Claim mode',
    claimWindowDays: 'Claim window (days)',
    claimWindowHelp: 'Days after the period ends (after completion for once and milestones) to claim',
    clawback: 'Clawback on refund',
    clawbackHelp: 'When a refund takes the progress back below the target, the reward is reversed',
    schedule: 'Schedule',
    weekStart: 'Week starts on',
    startsAt: 'Starts at',
    startsAtHelp: 'Events before do not count (your local time)',
    endsAt: 'Ends at',
    endsAtHelp: 'Events at or after do not count',
    windowNeedsBoth: 'A window task needs a start and an end',
    audience: 'Audience and limits',
    tiers: 'Tiers',
    tiersHelp: 'Empty: every member',
    prerequisite: 'Prerequisite task',
    prerequisiteHelp: 'The member must have completed it first',
    noPrerequisite: 'None',
    completionLimit: 'Completion limit',
    completionLimitHelp:
      'Completions per member in all; blank: no limit. Set when the task is created: it can be changed later, not added or removed',
  },
  zh: {
    title: '任务',
    subtitle: '会员完成即可获得奖励的目标：新手任务、每日与每周目标、里程碑',
    newTask: '新建任务',
    kinds: { once: '一次性', daily: '每日', weekly: '每周', monthly: '每月', window: '限时', milestones: '里程碑' },
    kindHelp: {
      once: '每位会员完成一次，例如首次下单',
      daily: '每个业务日开始时重新计算',
      weekly: '每周开始时重新计算',
      monthly: '每个自然月开始时重新计算',
      window: '在开始与结束时间之间的一个周期',
      milestones: '累计计算，永不重置；每个里程碑单独奖励',
    },
    statuses: { active: '启用', paused: '已暂停', archived: '已归档' },
    claimModes: { auto: '自动发放', manual: '会员领取' },
    measures: { count: '按次数', sum: '按属性累计' },
    counts: { completed: '已完成', claimed: '已领取', expired: '已过期', revoked: '已撤销' },
    weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    statusFilter: '状态',
    kindFilter: '类型',
    all: '全部',
    allKinds: '全部类型',
    name: '名称',
    kind: '类型',
    trigger: '触发',
    target: '目标',
    rewards: '奖励',
    claim: '领取',
    status: '状态',
    completions: '完成情况',
    displayOrder: '排序',
    actions: '操作',
    sumOf: (attribute) => `累计 ${attribute}`,
    claimWithin: (days) => `${days} 天内`,
    edit: '编辑',
    view: '查看',
    pause: '暂停',
    resume: '恢复',
    archive: '归档',
    archiveTitle: '归档该任务？',
    archiveText: '任务将立即停止计数，且无法再修改或恢复。已记录的进度和奖励保留。',
    paused: (name) => `任务“${name}”已暂停`,
    resumed: (name) => `任务“${name}”已恢复`,
    archived: (name) => `任务“${name}”已归档`,
    changeFailed: '无法更改任务',
    empty: '没有符合条件的任务',
    couldNotLoad: '无法加载任务',
    back: '任务',
    newSubtitle: '会员通过事件达成的目标及其奖励',
    versionLine: (version, kind) => `版本 ${version} · ${kind}`,
    couldNotLoadTask: '无法加载任务',
    readOnlyViewer: '只有运营人员和管理员可以修改任务。',
    readOnlyArchived: '已归档的任务不再计数，也无法修改。',
    conflictTitle: '该任务已被他人修改',
    conflictText: '本次修改未保存。请重新加载查看最新版本，然后再修改。',
    reload: '重新加载',
    notSaved: '任务未保存',
    saved: (name) => `任务“${name}”已保存`,
    create: '创建任务',
    cancel: '取消',
    required: '必填',
    basics: '任务',
    namePlaceholder: '例如：今日下单 3 次',
    description: '描述',
    descriptionHelp: '展示给会员',
    kindFixed: '创建后不可更改',
    displayOrderHelp: '在会员的任务列表中数值越小越靠前',
    active: '启用',
    activeHelp: '关闭则创建为暂停状态',
    eventType: '事件类型',
    eventTypeHelp: '内置类型或自定义类型，例如 review.posted',
    eventTypePattern: '小写字母、数字、. _ -',
    measure: '进度计算',
    attribute: '累计的属性',
    attributeHelp: '事件的整数属性；留空为 amount（订单金额，以分计）',
    attributePattern: '事件的顶层属性名',
    goal: '目标与奖励',
    targetHelp: { count: '每个周期内需要的匹配事件次数', sum: '每个周期内需要的累计值（金额以分计）' },
    rewardsHelp: '积分和/或成长值；留空为不发放',
    milestones: '里程碑',
    milestonesHelp: '目标依次递增，每个里程碑单独奖励',
    milestone: '里程碑',
    addMilestone: '添加里程碑',
    removeMilestone: (n) => `删除里程碑 ${n}`,
    milestoneLabel: (n) => `里程碑 ${n}`,
    claimAndRefunds: '领取与退款',
    claimMode: '领取方式',
    claimWindowDays: '领取期限（天）',
    claimWindowHelp: '周期结束后（一次性和里程碑任务为完成后）可领取的天数',
    clawback: '退款时收回奖励',
    clawbackHelp: '退款使进度低于目标时，撤回已发放的奖励',
    schedule: '时间',
    weekStart: '每周起始日',
    startsAt: '开始时间',
    startsAtHelp: '此前发生的事件不计入（按本地时间）',
    endsAt: '结束时间',
    endsAtHelp: '此时及之后发生的事件不计入',
    windowNeedsBoth: '限时任务需要开始时间和结束时间',
    audience: '适用范围与限制',
    tiers: '会员等级',
    tiersHelp: '留空为全部会员',
    prerequisite: '前置任务',
    prerequisiteHelp: '会员须先完成该任务',
    noPrerequisite: '无',
    completionLimit: '完成次数上限',
    completionLimitHelp: '每位会员累计可完成的次数；留空为不限。创建任务时设定：之后可修改，不能新增或取消',
  },
});

export type TasksTexts = (typeof tasksMessages)['en'];
