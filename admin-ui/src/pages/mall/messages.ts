import { defineMessages } from '../../i18n/language';
import type { LimitPeriod, MallRewardType } from '@laurel/shared';

interface MallMessages {
  title: string;
  subtitle: string;
  newReward: string;
  types: Record<MallRewardType, string>;
  periods: Record<LimitPeriod, string>;
  // List
  statusFilter: string;
  typeFilter: string;
  all: string;
  allTypes: string;
  name: string;
  type: string;
  price: string;
  pointsUnit: string;
  stock: string;
  stockLine: (left: string, total: string) => string;
  sale: string;
  always: string;
  from: string;
  until: string;
  limit: string;
  limitLine: (count: number, period: string) => string;
  noLimit: string;
  tiers: string;
  allMembers: string;
  revocable: string;
  yes: string;
  no: string;
  status: string;
  displayOrder: string;
  actions: string;
  edit: string;
  view: string;
  archiveTitle: string;
  archiveText: string;
  empty: string;
  couldNotLoad: string;
  // Form
  back: string;
  newSubtitle: string;
  versionLine: (version: number, type: string) => string;
  couldNotLoadReward: string;
  readOnlyViewer: string;
  readOnlyArchived: string;
  conflictTitle: string;
  notSaved: string;
  saved: (name: string) => string;
  create: string;
  required: string;
  basics: string;
  description: string;
  typeFixed: string;
  active: string;
  activeHelp: string;
  gives: string;
  couponTemplate: string;
  benefit: string;
  benefitCount: string;
  benefitCountHelp: string;
  validDays: string;
  codesHelp: string;
  physicalHelp: string;
  priceCard: string;
  pointsPrice: string;
  cashAmount: string;
  cashHelp: string;
  cashCurrency: string;
  stockCard: string;
  totalStock: string;
  totalStockHelp: string;
  codeStockHelp: string;
  saleStartsAt: string;
  saleEndsAt: string;
  saleHelp: string;
  limitCount: string;
  limitPeriod: string;
  limitHelp: string;
  tiersHelp: string;
  revocableHelp: string;
  displayOrderHelp: string;
  // Codes
  codes: string;
  codesIntro: string;
  available: string;
  assigned: string;
  voided: string;
  total: string;
  pasteCodes: string;
  pasteHelp: (max: number) => string;
  upload: string;
  uploaded: (added: number, duplicates: number) => string;
  notUploaded: string;
  tooMany: (max: number) => string;
  noCodes: string;
  couldNotLoadCodes: string;
}

export const mallMessages = defineMessages<MallMessages>({
  en: {
    title: 'Points mall',
    subtitle: 'Rewards members redeem with points: coupons, benefits, codes and items',
    newReward: 'New reward',
    types: { coupon: 'Coupon', benefit: 'Benefit', virtual_code: 'Virtual code', physical: 'Physical item' },
    periods: { day: 'per day', week: 'per week', month: 'per month', year: 'per year', lifetime: 'in all' },
    statusFilter: 'Status',
    typeFilter: 'Type',
    all: 'All',
    allTypes: 'All types',
    name: 'Name',
    type: 'Type',
    price: 'Price',
    pointsUnit: 'points',
    stock: 'Stock left',
    stockLine: (left, total) => `${left} of ${total}`,
    sale: 'On sale',
    always: 'always',
    from: 'from',
    until: 'until',
    limit: 'Per member',
    limitLine: (count, period) => `${count} ${period}`,
    noLimit: 'no limit',
    tiers: 'Tiers',
    allMembers: 'all members',
    revocable: 'Revocable',
    yes: 'yes',
    no: 'no',
    status: 'Status',
    displayOrder: 'Order',
    actions: 'Actions',
    edit: 'Edit',
    view: 'View',
    archiveTitle: 'Archive this reward?',
    archiveText: 'It leaves the mall for good. Redemptions already made are kept.',
    empty: 'No reward yet',
    couldNotLoad: 'Could not load the rewards',
    back: 'Points mall',
    newSubtitle: 'What the reward gives, its price, stock, sale window and who may redeem it',
    versionLine: (version, type) => `Version ${version} · ${type}`,
    couldNotLoadReward: 'Could not load the reward',
    readOnlyViewer: 'Only operators and admins can change rewards.',
    readOnlyArchived: 'This reward is archived and can no longer be changed.',
    conflictTitle: 'Someone changed this reward meanwhile',
    notSaved: 'The reward was not saved',
    saved: (name) => `Saved: ${name}`,
    create: 'Create reward',
    required: 'Required',
    basics: 'Basics',
    description: 'Description',
    typeFixed: 'The type and what the reward gives are fixed once created',
    active: 'Active',
    activeHelp: 'Off: created paused (not in the mall until resumed)',
    gives: 'What it gives',
    couponTemplate: 'Coupon template',
    benefit: 'Benefit',
    benefitCount: 'Uses',
    benefitCountHelp: 'Uses of the benefit per unit redeemed',
    validDays: 'Valid days',
    codesHelp: 'Each unit gives one code from the pool; upload codes after creating the reward (each adds one unit of stock).',
    physicalHelp: 'An item the operators ship; its fulfilment is followed on the redemption.',
    priceCard: 'Price',
    pointsPrice: 'Points',
    cashAmount: 'Plus cash',
    cashHelp: 'Minor units (e.g. 990 = 9.90), settled by the host app; blank: points only',
    cashCurrency: 'Currency',
    stockCard: 'Stock, sale and limits',
    totalStock: 'Total stock',
    totalStockHelp: 'Units ever for sale; a change moves what is left by the difference',
    codeStockHelp: 'Codes are the stock: upload them below',
    saleStartsAt: 'Sale starts',
    saleEndsAt: 'Sale ends',
    saleHelp: 'Blank: no bound',
    limitCount: 'Per-member limit',
    limitPeriod: 'Period',
    limitHelp: 'Units one member may redeem per period (business time zone); blank: no limit',
    tiersHelp: 'Blank: every member',
    revocableHelp: 'A completed redemption may be cancelled (points and stock back)',
    displayOrderHelp: 'Lower first in the mall',
    codes: 'Code pool',
    codesIntro: 'Each code is given once. Operators and admins upload them; nobody can read them back in bulk.',
    available: 'Available',
    assigned: 'Assigned',
    voided: 'Voided',
    total: 'Total',
    pasteCodes: 'Codes',
    pasteHelp: (max) => `One code per line, at most ${max} per upload`,
    upload: 'Upload codes',
    uploaded: (added, duplicates) => `${added} added, ${duplicates} duplicates skipped`,
    notUploaded: 'The codes were not uploaded',
    tooMany: (max) => `At most ${max} codes per upload`,
    noCodes: 'Paste at least one code',
    couldNotLoadCodes: 'Could not load the code counts',
  },
  zh: {
    title: '积分商城',
    subtitle: '会员用积分兑换的商品：优惠券、权益、兑换码和实物',
    newReward: '新建商品',
    types: { coupon: '优惠券', benefit: '权益', virtual_code: '兑换码', physical: '实物' },
    periods: { day: '每天', week: '每周', month: '每月', year: '每年', lifetime: '累计' },
    statusFilter: '状态',
    typeFilter: '类型',
    all: '全部',
    allTypes: '全部类型',
    name: '名称',
    type: '类型',
    price: '价格',
    pointsUnit: '积分',
    stock: '剩余库存',
    stockLine: (left, total) => `${left} / ${total}`,
    sale: '上架时间',
    always: '长期',
    from: '自',
    until: '至',
    limit: '每人限兑',
    limitLine: (count, period) => `${period} ${count} 件`,
    noLimit: '不限',
    tiers: '等级',
    allMembers: '全部会员',
    revocable: '可撤销',
    yes: '是',
    no: '否',
    status: '状态',
    displayOrder: '排序',
    actions: '操作',
    edit: '编辑',
    view: '查看',
    archiveTitle: '归档该商品？',
    archiveText: '商品将永久下架。已有的兑换记录保留。',
    empty: '暂无商品',
    couldNotLoad: '无法加载商品',
    back: '积分商城',
    newSubtitle: '商品内容、价格、库存、上架时间及可兑换人群',
    versionLine: (version, type) => `版本 ${version} · ${type}`,
    couldNotLoadReward: '无法加载商品',
    readOnlyViewer: '只有运营人员和管理员可以修改商品。',
    readOnlyArchived: '该商品已归档，不能再修改。',
    conflictTitle: '该商品已被他人修改',
    notSaved: '商品未保存',
    saved: (name) => `已保存：${name}`,
    create: '创建商品',
    required: '必填',
    basics: '基本信息',
    description: '描述',
    typeFixed: '类型和商品内容创建后不可修改',
    active: '启用',
    activeHelp: '关闭：创建为暂停状态（恢复前不在商城展示）',
    gives: '商品内容',
    couponTemplate: '优惠券模板',
    benefit: '权益',
    benefitCount: '次数',
    benefitCountHelp: '每兑换一件获得的权益次数',
    validDays: '有效天数',
    codesHelp: '每件发放码池中的一个兑换码；创建后上传兑换码（每个码增加一件库存）。',
    physicalHelp: '由运营人员发货的实物；在兑换记录中跟踪配送状态。',
    priceCard: '价格',
    pointsPrice: '积分',
    cashAmount: '加现金',
    cashHelp: '最小单位（如 990 = 9.90），由宿主应用结算；留空：纯积分',
    cashCurrency: '币种',
    stockCard: '库存、上架与限制',
    totalStock: '总库存',
    totalStockHelp: '累计可售件数；修改后剩余库存按差额变化',
    codeStockHelp: '兑换码即库存：在下方上传',
    saleStartsAt: '开始时间',
    saleEndsAt: '结束时间',
    saleHelp: '留空：不限',
    limitCount: '每人限兑',
    limitPeriod: '周期',
    limitHelp: '每位会员每周期可兑换的件数（业务时区）；留空：不限',
    tiersHelp: '留空：全部会员',
    revocableHelp: '已完成的兑换可撤销（退回积分和库存）',
    displayOrderHelp: '数值越小越靠前',
    codes: '兑换码池',
    codesIntro: '每个兑换码只发放一次。运营人员和管理员可上传，任何人都不能批量读取。',
    available: '可用',
    assigned: '已发放',
    voided: '已作废',
    total: '合计',
    pasteCodes: '兑换码',
    pasteHelp: (max) => `每行一个兑换码，每次最多 ${max} 个`,
    upload: '上传兑换码',
    uploaded: (added, duplicates) => `新增 ${added} 个，跳过重复 ${duplicates} 个`,
    notUploaded: '兑换码未上传',
    tooMany: (max) => `每次最多上传 ${max} 个兑换码`,
    noCodes: '请至少粘贴一个兑换码',
    couldNotLoadCodes: '无法加载兑换码数量',
  },
});

export type MallTexts = (typeof mallMessages)['en'];
