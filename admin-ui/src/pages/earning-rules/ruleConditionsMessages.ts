import { defineMessages } from '../../i18n/language';

interface RuleConditionsMessages {
  title: string;
  emptyMeansNone: string;
  instantInUtc: string;
  include: (label: string) => string;
  exclude: (label: string) => string;
  any: string;
  none: string;
  amountFrom: string;
  amountFromHelp: string;
  amountTo: string;
  inclusive: string;
  channels: string;
  channelsPlaceholder: string;
  currencies: string;
  currenciesHelp: string;
  currenciesPlaceholder: string;
  skus: string;
  categories: string;
  memberTiers: string;
  memberTiersHelp: string;
  memberTiersPlaceholder: string;
  memberTags: string;
  memberTagsHelp: string;
  memberTagsPlaceholder: string;
  validFrom: string;
  validFromHelp: string;
  validTo: string;
  validToHelp: string;
}

export const ruleConditionsMessages = defineMessages<RuleConditionsMessages>({
  en: {
    title: 'Conditions',
    emptyMeansNone: 'Empty means no condition',
    instantInUtc: 'An instant in UTC, e.g. 2026-06-01T00:00:00Z',
    include: (label) => `${label}: include`,
    exclude: (label) => `${label}: exclude`,
    any: 'Any',
    none: 'None',
    amountFrom: 'Amount from',
    amountFromHelp: 'Minor units (fen, cents), inclusive',
    amountTo: 'Amount to',
    inclusive: 'Inclusive',
    channels: 'Channels',
    channelsPlaceholder: 'e.g. app, store',
    currencies: 'Order currencies',
    currenciesHelp: 'order.paid only',
    currenciesPlaceholder: 'e.g. CNY',
    skus: 'SKUs',
    categories: 'Categories',
    memberTiers: 'Member tiers',
    memberTiersHelp: "The member's tier is one of these",
    memberTiersPlaceholder: 'e.g. gold',
    memberTags: 'Member tags',
    memberTagsHelp: 'The member has any of these',
    memberTagsPlaceholder: 'e.g. newsletter',
    validFrom: 'Valid from (UTC)',
    validFromHelp: 'Events that occurred at or after',
    validTo: 'Valid to (UTC)',
    validToHelp: 'Events that occurred before',
  },
  zh: {
    title: '条件',
    emptyMeansNone: '留空表示不限',
    instantInUtc: 'UTC 时间点，例如 2026-06-01T00:00:00Z',
    include: (label) => `${label}：包含`,
    exclude: (label) => `${label}：排除`,
    any: '不限',
    none: '无',
    amountFrom: '金额下限',
    amountFromHelp: '最小货币单位（分），含本数',
    amountTo: '金额上限',
    inclusive: '含本数',
    channels: '渠道',
    channelsPlaceholder: '例如 app, store',
    currencies: '订单币种',
    currenciesHelp: '仅限 order.paid',
    currenciesPlaceholder: '例如 CNY',
    skus: 'SKU',
    categories: '品类',
    memberTiers: '会员等级',
    memberTiersHelp: '会员等级为其中之一',
    memberTiersPlaceholder: '例如 gold',
    memberTags: '会员标签',
    memberTagsHelp: '会员拥有其中任一标签',
    memberTagsPlaceholder: '例如 newsletter',
    validFrom: '生效时间（UTC）',
    validFromHelp: '发生于此时或之后的事件',
    validTo: '失效时间（UTC）',
    validToHelp: '发生于此时之前的事件',
  },
});
