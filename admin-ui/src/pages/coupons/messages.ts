import { defineMessages } from '../../i18n/language';
import type { CouponDiscountType, CouponState } from '@laurel/shared';

interface CouponsMessages {
  title: string;
  subtitle: string;
  newTemplate: string;
  discountTypes: Record<CouponDiscountType, string>;
  states: Record<CouponState, string>;
  // List
  statusFilter: string;
  all: string;
  name: string;
  discount: string;
  minimumSpend: string;
  validity: string;
  stock: string;
  stockLine: (left: string, total: string) => string;
  unlimited: string;
  issued: string;
  redeemed: string;
  perMember: string;
  audience: string;
  allTiers: string;
  status: string;
  actions: string;
  edit: string;
  view: string;
  issue: string;
  archiveTitle: string;
  archiveText: string;
  empty: string;
  couldNotLoad: string;
  // Descriptions
  amountOff: (amount: string) => string;
  percentOff: (percent: number) => string;
  capped: (cap: string) => string;
  minSpend: (amount: string) => string;
  noMinimum: string;
  fixedValidity: (from: string, to: string) => string;
  daysValidity: (days: number) => string;
  // Form page
  back: string;
  newSubtitle: string;
  versionLine: (version: number) => string;
  couldNotLoadTemplate: string;
  readOnlyViewer: string;
  readOnlyArchived: string;
  conflictTitle: string;
  notSaved: string;
  saved: (name: string) => string;
  create: string;
  required: string;
  basics: string;
  description: string;
  active: string;
  activeHelp: string;
  discountType: string;
  amountOffLabel: string;
  minorUnitsHelp: (currency: string) => string;
  percentOffLabel: string;
  percentOffHelp: string;
  maxDiscount: string;
  maxDiscountHelp: string;
  currency: string;
  minimumSpendHelp: string;
  validityType: string;
  validityTypes: { fixed: string; relative: string };
  validFrom: string;
  validTo: string;
  validToHelp: string;
  validDays: string;
  validDaysHelp: string;
  limits: string;
  totalStock: string;
  totalStockHelp: string;
  perMemberLimit: string;
  perMemberLimitHelp: string;
  tiers: string;
  tiersHelp: string;
  // Issue
  issueTitle: (name: string) => string;
  template: string;
  memberId: string;
  memberIdHelp: string;
  reason: string;
  reasonPlaceholder: string;
  issueOk: string;
  issuedTo: (code: string) => string;
  notIssued: string;
}

export const couponsMessages = defineMessages<CouponsMessages>({
  en: {
    title: 'Coupon templates',
    subtitle: 'Coupons members receive from benefits, tasks, the points mall or an operator',
    newTemplate: 'New template',
    discountTypes: { amount: 'Fixed amount', percent: 'Percentage' },
    states: {
      issued: 'issued',
      locked: 'locked',
      redeemed: 'redeemed',
      restored: 'restored',
      expired: 'expired',
      voided: 'voided',
    },
    statusFilter: 'Status',
    all: 'All',
    name: 'Name',
    discount: 'Discount',
    minimumSpend: 'Minimum spend',
    validity: 'Validity',
    stock: 'Stock left',
    stockLine: (left, total) => `${left} of ${total}`,
    unlimited: 'unlimited',
    issued: 'Issued',
    redeemed: 'Redeemed',
    perMember: 'Per member',
    audience: 'Audience',
    allTiers: 'all members',
    status: 'Status',
    actions: 'Actions',
    edit: 'Edit',
    view: 'View',
    issue: 'Issue',
    archiveTitle: 'Archive this template?',
    archiveText: 'No coupon of it is issued any more. Coupons already issued stay usable until they expire.',
    empty: 'No coupon template yet',
    couldNotLoad: 'Could not load the coupon templates',
    amountOff: (amount) => `${amount} off`,
    percentOff: (percent) => `${percent}% off`,
    capped: (cap) => `at most ${cap}`,
    minSpend: (amount) => `from ${amount}`,
    noMinimum: 'no minimum',
    fixedValidity: (from, to) => `${from} – ${to}`,
    daysValidity: (days) => (days === 1 ? 'the day of issue' : `${days} days from issue`),
    back: 'Coupon templates',
    newSubtitle: 'A coupon definition: discount, validity, stock and who may receive it',
    versionLine: (version) => `Version ${version}`,
    couldNotLoadTemplate: 'Could not load the coupon template',
    readOnlyViewer: 'Only operators and admins can change coupon templates.',
    readOnlyArchived: 'This template is archived and can no longer be changed.',
    conflictTitle: 'Someone changed this template meanwhile',
    notSaved: 'The template was not saved',
    saved: (name) => `Saved: ${name}`,
    create: 'Create template',
    required: 'Required',
    basics: 'Basics',
    description: 'Description',
    active: 'Active',
    activeHelp: 'Off: created paused (nothing is issued until it is resumed)',
    discountType: 'Discount type',
    amountOffLabel: 'Amount off',
    minorUnitsHelp: (currency) => `In minor units of ${currency} (e.g. 1000 = 10.00)`,
    percentOffLabel: 'Percent off',
    percentOffHelp: '10 = 10% off the order',
    maxDiscount: 'Cap',
    maxDiscountHelp: 'The most the coupon takes off, in minor units; blank: no cap',
    currency: 'Currency',
    minimumSpendHelp: 'The order amount the coupon needs, in minor units; blank: none',
    validityType: 'Validity',
    validityTypes: { fixed: 'Fixed dates', relative: 'Days from issue' },
    validFrom: 'First day',
    validTo: 'Last day',
    validToHelp: 'Business days (the business time zone): usable from the start of the first to the end of the last',
    validDays: 'Days',
    validDaysHelp: 'Business days, the day of issue being the first (1 = that day only)',
    limits: 'Stock and limits',
    totalStock: 'Total stock',
    totalStockHelp: 'Blank: unlimited (fixed at creation: a template without stock keeps none)',
    perMemberLimit: 'Per-member limit',
    perMemberLimitHelp: 'How many one member may be issued in all; blank: no limit (fixed at creation)',
    tiers: 'Tiers',
    tiersHelp: 'Blank: every member',
    issueTitle: (name) => `Issue “${name}” to a member`,
    template: 'Coupon template',
    memberId: 'Member ID',
    memberIdHelp: 'The member’s ID as shown on the member page',
    reason: 'Reason',
    reasonPlaceholder: 'e.g. goodwill for ticket #4821',
    issueOk: 'Issue coupon',
    issuedTo: (code) => `Coupon ${code} issued`,
    notIssued: 'The coupon was not issued',
  },
  zh: {
    title: '优惠券模板',
    subtitle: '会员通过权益、任务、积分商城或运营人员获得的优惠券',
    newTemplate: '新建模板',
    discountTypes: { amount: '固定金额', percent: '按比例' },
    states: {
      issued: '已发放',
      locked: '已锁定',
      redeemed: '已核销',
      restored: '已恢复',
      expired: '已过期',
      voided: '已作废',
    },
    statusFilter: '状态',
    all: '全部',
    name: '名称',
    discount: '优惠',
    minimumSpend: '最低消费',
    validity: '有效期',
    stock: '剩余库存',
    stockLine: (left, total) => `${left} / ${total}`,
    unlimited: '不限',
    issued: '已发放',
    redeemed: '已核销',
    perMember: '每人限领',
    audience: '适用人群',
    allTiers: '全部会员',
    status: '状态',
    actions: '操作',
    edit: '编辑',
    view: '查看',
    issue: '发放',
    archiveTitle: '归档该模板？',
    archiveText: '归档后不再发放该券。已发放的优惠券在过期前仍可使用。',
    empty: '暂无优惠券模板',
    couldNotLoad: '无法加载优惠券模板',
    amountOff: (amount) => `减 ${amount}`,
    percentOff: (percent) => `${percent}% 折扣`,
    capped: (cap) => `最多减 ${cap}`,
    minSpend: (amount) => `满 ${amount} 可用`,
    noMinimum: '无门槛',
    fixedValidity: (from, to) => `${from} – ${to}`,
    daysValidity: (days) => (days === 1 ? '仅发放当天有效' : `自发放起 ${days} 天内有效`),
    back: '优惠券模板',
    newSubtitle: '优惠券定义：优惠、有效期、库存及可领取人群',
    versionLine: (version) => `版本 ${version}`,
    couldNotLoadTemplate: '无法加载优惠券模板',
    readOnlyViewer: '只有运营人员和管理员可以修改优惠券模板。',
    readOnlyArchived: '该模板已归档，不能再修改。',
    conflictTitle: '该模板已被他人修改',
    notSaved: '模板未保存',
    saved: (name) => `已保存：${name}`,
    create: '创建模板',
    required: '必填',
    basics: '基本信息',
    description: '描述',
    active: '启用',
    activeHelp: '关闭：创建为暂停状态（恢复前不发放）',
    discountType: '优惠类型',
    amountOffLabel: '减免金额',
    minorUnitsHelp: (currency) => `以 ${currency} 的最小单位计（如 1000 = 10.00）`,
    percentOffLabel: '折扣比例',
    percentOffHelp: '10 即订单减 10%',
    maxDiscount: '封顶',
    maxDiscountHelp: '最多减免的金额（最小单位）；留空：不封顶',
    currency: '币种',
    minimumSpendHelp: '使用所需的订单金额（最小单位）；留空：无门槛',
    validityType: '有效期',
    validityTypes: { fixed: '固定日期', relative: '自发放起天数' },
    validFrom: '首日',
    validTo: '末日',
    validToHelp: '营业日（业务时区）：自首日开始至末日结束可用',
    validDays: '天数',
    validDaysHelp: '营业日，发放当天为第一天（1 = 仅当天）',
    limits: '库存与限制',
    totalStock: '总库存',
    totalStockHelp: '留空：不限（创建时确定：无库存限制的模板始终不限）',
    perMemberLimit: '每人限领',
    perMemberLimitHelp: '每位会员累计最多可领取的数量；留空：不限（创建时确定）',
    tiers: '等级',
    tiersHelp: '留空：全部会员',
    issueTitle: (name) => `向会员发放“${name}”`,
    template: '优惠券模板',
    memberId: '会员 ID',
    memberIdHelp: '会员详情页显示的会员 ID',
    reason: '原因',
    reasonPlaceholder: '例如：工单 #4821 补偿',
    issueOk: '发放优惠券',
    issuedTo: (code) => `已发放优惠券 ${code}`,
    notIssued: '优惠券未发放',
  },
});

export type CouponsTexts = (typeof couponsMessages)['en'];
