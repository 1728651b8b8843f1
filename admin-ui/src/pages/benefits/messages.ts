import { defineMessages } from '../../i18n/language';
import type { BenefitType, PackageSourceType, QuotaPeriod, Stacking } from '@laurel/shared';

interface BenefitsMessages {
  title: string;
  subtitle: string;
  benefitsTab: string;
  packagesTab: string;
  newBenefit: string;
  newPackage: string;
  types: Record<BenefitType, string>;
  valueHelp: Record<BenefitType, string>;
  percentLabel: Partial<Record<BenefitType, string>>;
  giftRewards: string;
  daysBefore: string;
  daysBeforeHelp: string;
  coupons: string;
  couponsHelp: string;
  couponCount: string;
  addCoupon: string;
  defaultValue: string;
  itemValueHelp: string;
  packageCode: string;
  periods: Record<QuotaPeriod, string>;
  stacking: Record<Stacking, string>;
  stackingHelp: string;
  stackingLabel: string;
  sourceTypes: Record<PackageSourceType, string>;
  // Lists
  code: string;
  type: string;
  name: string;
  description: string;
  icon: string;
  status: string;
  actions: string;
  edit: string;
  view: string;
  source: string;
  items: string;
  quotaLine: (count: number, period: string) => string;
  noQuota: string;
  archiveBenefitTitle: string;
  archiveBenefitText: string;
  archivePackageTitle: string;
  archivePackageText: string;
  emptyBenefits: string;
  emptyPackages: string;
  couldNotLoadBenefits: string;
  couldNotLoadPackages: string;
  // Forms
  back: string;
  newBenefitSubtitle: string;
  newPackageSubtitle: string;
  versionLine: (version: number) => string;
  couldNotLoadOne: string;
  readOnlyViewer: string;
  readOnlyArchived: string;
  conflictTitle: string;
  notSaved: string;
  saved: (name: string) => string;
  create: string;
  required: string;
  codeHelp: string;
  codePattern: string;
  codeFixed: string;
  iconHelp: string;
  customValue: string;
  customValueHelp: string;
  invalidJson: string;
  tier: string;
  packageItems: string;
  addItem: string;
  removeItem: string;
  benefit: string;
  quotaCount: string;
  quotaPeriod: string;
  value: string;
  couponTemplate: string;
  couponTemplateHelp: string;
  itemLabel: (index: number) => string;
  noItems: string;
}

export const benefitsMessages = defineMessages<BenefitsMessages>({
  en: {
    title: 'Benefits',
    subtitle: 'Member rights, and the packages that give them to each tier',
    benefitsTab: 'Benefits',
    packagesTab: 'Packages',
    newBenefit: 'New benefit',
    newPackage: 'New package',
    types: {
      discount: 'Discount',
      free_shipping: 'Free shipping',
      coupon_pack: 'Coupon pack',
      birthday_gift: 'Birthday gift',
      points_multiplier: 'Points multiplier',
      priority_service: 'Priority service',
      custom: 'Custom',
    },
    valueHelp: {
      discount: 'Percent of the price the member pays: 95 = 5% off (1–99; lower is better)',
      free_shipping: 'Counted uses, no value',
      coupon_pack: 'Coupons issued once per period',
      birthday_gift: 'Points and growth through the ledger, and/or coupons',
      points_multiplier: 'Percent of the points earned: 150 = 1.5× (101–1000)',
      priority_service: 'Counted uses, no value',
      custom: 'A JSON object the host app reads',
    },
    percentLabel: { discount: 'Percent paid', points_multiplier: 'Multiplier' },
    giftRewards: 'Gift',
    daysBefore: 'Days before',
    daysBeforeHelp: 'Issued this many days before the birthday (0 = on the day)',
    coupons: 'Coupons',
    couponsHelp: 'Templates and how many of each',
    couponCount: 'Count',
    addCoupon: 'Add coupon',
    defaultValue: 'Default value',
    itemValueHelp: 'Blank: the benefit’s own value',
    packageCode: 'Package code',
    periods: { day: 'per day', week: 'per week', month: 'per month', year: 'per year', term: 'per term', unlimited: 'unlimited' },
    stacking: { add: 'Add up', best: 'Best wins' },
    stackingHelp: 'When another source gives the same benefit',
    stackingLabel: 'Stacking',
    sourceTypes: { tier: 'Tier', plan: 'Plan' },
    code: 'Code',
    type: 'Type',
    name: 'Name',
    description: 'Description',
    icon: 'Icon',
    status: 'Status',
    actions: 'Actions',
    edit: 'Edit',
    view: 'View',
    source: 'For',
    items: 'Benefits',
    quotaLine: (count, period) => `${count} ${period}`,
    noQuota: 'no quota',
    archiveBenefitTitle: 'Archive this benefit?',
    archiveBenefitText: 'Packages stop giving it; uses already recorded stay.',
    archivePackageTitle: 'Archive this package?',
    archivePackageText: 'Members of its tier lose what it gives at once; uses already recorded stay.',
    emptyBenefits: 'No benefit yet',
    emptyPackages: 'No package yet',
    couldNotLoadBenefits: 'Could not load the benefits',
    couldNotLoadPackages: 'Could not load the packages',
    back: 'Benefits',
    newBenefitSubtitle: 'A right members can have: its type, code and how the host app shows it',
    newPackageSubtitle: 'What a tier gives: benefits with their quota, value and stacking',
    versionLine: (version) => `Version ${version}`,
    couldNotLoadOne: 'Could not load it',
    readOnlyViewer: 'Only operators and admins can change benefits and packages.',
    readOnlyArchived: 'This is archived and can no longer be changed.',
    conflictTitle: 'Someone changed this meanwhile',
    notSaved: 'Not saved',
    saved: (name) => `Saved: ${name}`,
    create: 'Create',
    required: 'Required',
    codeHelp: 'Stable, used by the host app and the service API (e.g. free_shipping)',
    codePattern: 'Lower-case letters, digits, _ and -, starting with a letter',
    codeFixed: 'Fixed once created',
    iconHelp: 'An icon name or URL the host app shows',
    customValue: 'Value (JSON)',
    customValueHelp: 'A JSON object the host app receives with the benefit',
    invalidJson: 'Not a JSON object',
    tier: 'Tier',
    packageItems: 'Benefits in the package',
    addItem: 'Add benefit',
    removeItem: 'Remove',
    benefit: 'Benefit',
    quotaCount: 'Quota',
    quotaPeriod: 'Period',
    value: 'Value',
    couponTemplate: 'Coupon template',
    couponTemplateHelp: 'Coupon packs and coupon gifts issue this template',
    itemLabel: (index) => `Item ${index}`,
    noItems: 'No benefit in the package',
  },
  zh: {
    title: '会员权益',
    subtitle: '会员权益，以及把权益授予各等级的权益包',
    benefitsTab: '权益',
    packagesTab: '权益包',
    newBenefit: '新建权益',
    newPackage: '新建权益包',
    types: {
      discount: '折扣',
      free_shipping: '免运费',
      coupon_pack: '券包',
      birthday_gift: '生日礼',
      points_multiplier: '积分加倍',
      priority_service: '优先服务',
      custom: '自定义',
    },
    valueHelp: {
      discount: '会员支付价格的百分比：95 即 95 折（1–99，越低越优）',
      free_shipping: '按次计数，无数值',
      coupon_pack: '每周期发放一次的优惠券',
      birthday_gift: '通过账本发放的积分和成长值，及/或优惠券',
      points_multiplier: '所得积分的百分比：150 即 1.5 倍（101–1000）',
      priority_service: '按次计数，无数值',
      custom: '宿主应用读取的 JSON 对象',
    },
    percentLabel: { discount: '支付比例', points_multiplier: '倍率' },
    giftRewards: '礼物',
    daysBefore: '提前天数',
    daysBeforeHelp: '生日前该天数发放（0 = 当天）',
    coupons: '优惠券',
    couponsHelp: '模板及各自张数',
    couponCount: '张数',
    addCoupon: '添加优惠券',
    defaultValue: '默认数值',
    itemValueHelp: '留空：使用权益自身的数值',
    packageCode: '权益包编码',
    periods: { day: '每天', week: '每周', month: '每月', year: '每年', term: '每个有效期', unlimited: '不限' },
    stacking: { add: '叠加', best: '取最优' },
    stackingHelp: '其他来源也授予同一权益时',
    stackingLabel: '叠加方式',
    sourceTypes: { tier: '等级', plan: '付费会员' },
    code: '编码',
    type: '类型',
    name: '名称',
    description: '描述',
    icon: '图标',
    status: '状态',
    actions: '操作',
    edit: '编辑',
    view: '查看',
    source: '适用于',
    items: '权益',
    quotaLine: (count, period) => `${period} ${count} 次`,
    noQuota: '不限次数',
    archiveBenefitTitle: '归档该权益？',
    archiveBenefitText: '权益包不再授予该权益；已有的使用记录保留。',
    archivePackageTitle: '归档该权益包？',
    archivePackageText: '该等级的会员立即失去其中的权益；已有的使用记录保留。',
    emptyBenefits: '暂无权益',
    emptyPackages: '暂无权益包',
    couldNotLoadBenefits: '无法加载权益',
    couldNotLoadPackages: '无法加载权益包',
    back: '会员权益',
    newBenefitSubtitle: '会员可享有的权益：类型、编码及宿主应用的展示方式',
    newPackageSubtitle: '等级可享有的权益：配额、数值与叠加方式',
    versionLine: (version) => `版本 ${version}`,
    couldNotLoadOne: '无法加载',
    readOnlyViewer: '只有运营人员和管理员可以修改权益和权益包。',
    readOnlyArchived: '已归档，不能再修改。',
    conflictTitle: '已被他人修改',
    notSaved: '未保存',
    saved: (name) => `已保存：${name}`,
    create: '创建',
    required: '必填',
    codeHelp: '固定不变，供宿主应用和服务 API 使用（如 free_shipping）',
    codePattern: '小写字母、数字、_ 和 -，以字母开头',
    codeFixed: '创建后不可修改',
    iconHelp: '宿主应用显示的图标名称或 URL',
    customValue: '数值（JSON）',
    customValueHelp: '随权益发送给宿主应用的 JSON 对象',
    invalidJson: '不是 JSON 对象',
    tier: '等级',
    packageItems: '包含的权益',
    addItem: '添加权益',
    removeItem: '移除',
    benefit: '权益',
    quotaCount: '配额',
    quotaPeriod: '周期',
    value: '数值',
    couponTemplate: '优惠券模板',
    couponTemplateHelp: '券包和优惠券生日礼发放该模板',
    itemLabel: (index) => `第 ${index} 项`,
    noItems: '权益包中没有权益',
  },
});

export type BenefitsTexts = (typeof benefitsMessages)['en'];
