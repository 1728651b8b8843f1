import type { CouponSourceType } from '@laurel/shared';
import { defineMessages } from '../../i18n/language';

interface MemberLoyaltyMessages {
  benefitsTab: string;
  couponsTab: string;
  redemptionsTab: string;
  // Benefits
  benefitsIntro: string;
  benefit: string;
  value: string;
  remaining: string;
  unlimited: string;
  pool: (used: number, limit: number | null) => string;
  resets: string;
  never: string;
  sources: string;
  grantSource: string;
  validUntil: string;
  noEntitlement: string;
  grants: string;
  granted: string;
  used: string;
  state: string;
  grantStates: { active: string; revoked: string };
  source: string;
  recentUses: string;
  keyOrOrder: string;
  count: string;
  when: string;
  noUse: string;
  couldNotLoadBenefits: string;
  // Coupons
  couponsIntro: string;
  couponSources: Record<CouponSourceType, string>;
  code: string;
  template: string;
  discount: string;
  validity: string;
  order: string;
  issuedAt: string;
  voidAction: string;
  voidTitle: (code: string) => string;
  voidIntro: string;
  voidOk: string;
  voided: (code: string) => string;
  notVoided: string;
  reason: string;
  reasonPlaceholder: string;
  required: string;
  noCoupon: string;
  couldNotLoadCoupons: string;
  stateFilter: string;
  all: string;
  // Redemptions
  redemptionsIntro: string;
  noRedemption: string;
  couldNotLoadRedemptions: string;
}

export const memberLoyaltyMessages = defineMessages<MemberLoyaltyMessages>({
  en: {
    benefitsTab: 'Benefits',
    couponsTab: 'Coupons',
    redemptionsTab: 'Redemptions',
    benefitsIntro: 'What the member’s tier, plan and grants give now, with the quota left in each period.',
    benefit: 'Benefit',
    value: 'Value',
    remaining: 'Remaining',
    unlimited: 'unlimited',
    pool: (used, limit) => (limit === null ? `${used} used` : `${used} of ${limit} used`),
    resets: 'Resets',
    never: 'never',
    sources: 'From',
    grantSource: 'grant',
    validUntil: 'until',
    noEntitlement: 'The member has no benefit now',
    grants: 'Grants',
    granted: 'Granted',
    used: 'Used',
    state: 'State',
    grantStates: { active: 'active', revoked: 'revoked' },
    source: 'Source',
    recentUses: 'Recent uses',
    keyOrOrder: 'Key / order',
    count: 'Count',
    when: 'When',
    noUse: 'No use yet',
    couldNotLoadBenefits: 'Could not load the member’s benefits',
    couponsIntro: 'Every coupon issued to the member, whatever its state; voided coupons stay listed.',
    couponSources: {
      operator: 'operator',
      benefit: 'benefit',
      task: 'task',
      check_in: 'check-in',
      mall: 'points mall',
      campaign: 'campaign',
    },
    code: 'Code',
    template: 'Template',
    discount: 'Discount',
    validity: 'Valid',
    order: 'Order',
    issuedAt: 'Issued',
    voidAction: 'Void',
    voidTitle: (code) => `Void coupon ${code}?`,
    voidIntro: 'The coupon can never be used again. It stays listed, and the audit keeps the reason.',
    voidOk: 'Void coupon',
    voided: (code) => `Coupon ${code} voided`,
    notVoided: 'The coupon was not voided',
    reason: 'Reason',
    reasonPlaceholder: 'e.g. issued by mistake, ticket #4821',
    required: 'Required',
    noCoupon: 'No coupon',
    couldNotLoadCoupons: 'Could not load the member’s coupons',
    stateFilter: 'State',
    all: 'All',
    redemptionsIntro: 'The member’s points-mall redemptions, newest first.',
    noRedemption: 'No redemption',
    couldNotLoadRedemptions: 'Could not load the member’s redemptions',
  },
  zh: {
    benefitsTab: '权益',
    couponsTab: '优惠券',
    redemptionsTab: '兑换记录',
    benefitsIntro: '会员当前等级、付费会员及单独授予的权益，以及每个周期的剩余配额。',
    benefit: '权益',
    value: '数值',
    remaining: '剩余',
    unlimited: '不限',
    pool: (used, limit) => (limit === null ? `已用 ${used}` : `已用 ${used} / ${limit}`),
    resets: '重置时间',
    never: '不重置',
    sources: '来源',
    grantSource: '授予',
    validUntil: '至',
    noEntitlement: '会员当前没有权益',
    grants: '单独授予',
    granted: '授予次数',
    used: '已用',
    state: '状态',
    grantStates: { active: '有效', revoked: '已撤销' },
    source: '来源',
    recentUses: '最近使用',
    keyOrOrder: '键 / 订单',
    count: '次数',
    when: '时间',
    noUse: '暂无使用记录',
    couldNotLoadBenefits: '无法加载会员权益',
    couponsIntro: '发放给会员的所有优惠券（任何状态）；作废的优惠券仍会列出。',
    couponSources: { operator: '运营发放', benefit: '会员权益', task: '任务', check_in: '签到', mall: '积分商城', campaign: '营销活动' },
    code: '券码',
    template: '模板',
    discount: '优惠',
    validity: '有效期',
    order: '订单',
    issuedAt: '发放时间',
    voidAction: '作废',
    voidTitle: (code) => `作废优惠券 ${code}？`,
    voidIntro: '作废后该券永远无法使用。记录仍保留，审计日志记录原因。',
    voidOk: '作废优惠券',
    voided: (code) => `优惠券 ${code} 已作废`,
    notVoided: '优惠券未作废',
    reason: '原因',
    reasonPlaceholder: '例如：误发，工单 #4821',
    required: '必填',
    noCoupon: '暂无优惠券',
    couldNotLoadCoupons: '无法加载会员优惠券',
    stateFilter: '状态',
    all: '全部',
    redemptionsIntro: '会员在积分商城的兑换记录，最新的在前。',
    noRedemption: '暂无兑换记录',
    couldNotLoadRedemptions: '无法加载会员兑换记录',
  },
});

export type MemberLoyaltyTexts = (typeof memberLoyaltyMessages)['en'];
