import { defineMessages } from '../../i18n/language';
import type { FulfilmentStatus, RedemptionState } from '@laurel/shared';

interface RedemptionsMessages {
  title: string;
  subtitle: string;
  states: Record<RedemptionState, string>;
  stateHelp: Record<RedemptionState, string>;
  fulfilments: Record<FulfilmentStatus, string>;
  issuedKinds: Record<'code' | 'coupon' | 'benefit' | 'item', string>;
  stateFilter: string;
  rewardFilter: string;
  all: string;
  allRewards: string;
  redemption: string;
  member: string;
  reward: string;
  quantity: string;
  price: string;
  total: string;
  state: string;
  fulfilment: string;
  created: string;
  completed: string;
  cancelled: string;
  updated: string;
  empty: string;
  couldNotLoad: string;
  // Detail
  back: string;
  couldNotLoadOne: string;
  detailTitle: (reward: string) => string;
  saga: string;
  failure: string;
  issued: string;
  nothingIssued: string;
  revocable: string;
  tiersChecked: string;
  everyone: string;
  noTier: string;
  yes: string;
  no: string;
  tracking: string;
  note: string;
  noFulfilment: string;
  // Fulfilment
  updateFulfilment: string;
  moveTo: (status: string) => string;
  fulfilmentTitle: string;
  status: string;
  trackingHelp: string;
  cancelWarning: string;
  apply: string;
  notUpdated: string;
  fulfilmentUpdated: (status: string) => string;
  required: string;
}

export const redemptionsMessages = defineMessages<RedemptionsMessages>({
  en: {
    title: 'Redemptions',
    subtitle: 'What members redeemed in the points mall, each step of it, and the delivery of physical items',
    states: {
      created: 'created',
      points_held: 'points held',
      stock_taken: 'stock taken',
      issued: 'issued',
      completed: 'completed',
      failed: 'failed',
      cancelled: 'cancelled',
    },
    stateHelp: {
      created: 'Recorded; nothing taken yet',
      points_held: 'The points are held on the member’s wallet',
      stock_taken: 'The stock and the member’s limit are taken',
      issued: 'The reward is given (code, coupon, benefit or item)',
      completed: 'The held points are spent',
      failed: 'A step was refused; what the earlier steps did is undone',
      cancelled: 'Cancelled after completion: points and stock returned',
    },
    fulfilments: { pending: 'to ship', shipped: 'shipped', delivered: 'delivered', cancelled: 'cancelled' },
    issuedKinds: { code: 'Code', coupon: 'Coupon', benefit: 'Benefit grant', item: 'Item' },
    stateFilter: 'State',
    rewardFilter: 'Reward',
    all: 'All',
    allRewards: 'All rewards',
    redemption: 'Redemption',
    member: 'Member',
    reward: 'Reward',
    quantity: 'Qty',
    price: 'Unit price',
    total: 'Total',
    state: 'State',
    fulfilment: 'Fulfilment',
    created: 'Created',
    completed: 'Completed',
    cancelled: 'Cancelled',
    updated: 'Updated',
    empty: 'No redemption',
    couldNotLoad: 'Could not load the redemptions',
    back: 'Redemptions',
    couldNotLoadOne: 'Could not load the redemption',
    detailTitle: (reward) => `Redemption of ${reward}`,
    saga: 'Steps',
    failure: 'Failure',
    issued: 'Given',
    nothingIssued: 'Nothing given',
    revocable: 'Revocable',
    tiersChecked: 'Tiers (member’s then)',
    everyone: 'everyone',
    noTier: 'no tier',
    yes: 'yes',
    no: 'no',
    tracking: 'Tracking number',
    note: 'Note',
    noFulfilment: 'Not a physical item',
    updateFulfilment: 'Update fulfilment',
    moveTo: (status) => `Mark ${status}`,
    fulfilmentTitle: 'Update the delivery',
    status: 'Status',
    trackingHelp: 'The carrier’s number the member can follow',
    cancelWarning: 'Cancelling returns the member’s points and the stock. It cannot be undone.',
    apply: 'Apply',
    notUpdated: 'The fulfilment was not updated',
    fulfilmentUpdated: (status) => `Fulfilment: ${status}`,
    required: 'Required',
  },
  zh: {
    title: '兑换记录',
    subtitle: '会员在积分商城的兑换、每个步骤，以及实物的配送',
    states: {
      created: '已创建',
      points_held: '积分已冻结',
      stock_taken: '库存已扣减',
      issued: '已发放',
      completed: '已完成',
      failed: '失败',
      cancelled: '已撤销',
    },
    stateHelp: {
      created: '已记录，尚未扣减任何东西',
      points_held: '会员钱包中的积分已冻结',
      stock_taken: '库存和会员限额已扣减',
      issued: '商品已发放（兑换码、优惠券、权益或实物）',
      completed: '冻结的积分已扣除',
      failed: '某一步被拒绝；之前步骤已回滚',
      cancelled: '完成后撤销：积分和库存已退回',
    },
    fulfilments: { pending: '待发货', shipped: '已发货', delivered: '已签收', cancelled: '已取消' },
    issuedKinds: { code: '兑换码', coupon: '优惠券', benefit: '权益', item: '实物' },
    stateFilter: '状态',
    rewardFilter: '商品',
    all: '全部',
    allRewards: '全部商品',
    redemption: '兑换',
    member: '会员',
    reward: '商品',
    quantity: '数量',
    price: '单价',
    total: '合计',
    state: '状态',
    fulfilment: '配送',
    created: '创建时间',
    completed: '完成时间',
    cancelled: '撤销时间',
    updated: '更新时间',
    empty: '暂无兑换记录',
    couldNotLoad: '无法加载兑换记录',
    back: '兑换记录',
    couldNotLoadOne: '无法加载兑换记录',
    detailTitle: (reward) => `兑换：${reward}`,
    saga: '步骤',
    failure: '失败原因',
    issued: '已发放',
    nothingIssued: '未发放',
    revocable: '可撤销',
    tiersChecked: '限定等级（会员当时等级）',
    everyone: '不限',
    noTier: '无等级',
    yes: '是',
    no: '否',
    tracking: '物流单号',
    note: '备注',
    noFulfilment: '非实物商品',
    updateFulfilment: '更新配送',
    moveTo: (status) => `标记为${status}`,
    fulfilmentTitle: '更新配送状态',
    status: '状态',
    trackingHelp: '会员可查询的物流单号',
    cancelWarning: '取消将退回会员积分和库存，且无法恢复。',
    apply: '确定',
    notUpdated: '配送状态未更新',
    fulfilmentUpdated: (status) => `配送：${status}`,
    required: '必填',
  },
});

export type RedemptionsTexts = (typeof redemptionsMessages)['en'];
