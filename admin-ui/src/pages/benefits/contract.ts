// Stand-in for the shared DTOs until their branch is merged (replaced by imports from @laurel/shared).
type RewardView = { type: 'points' | 'growth'; amount: number };
type RewardDto = RewardView;
export type BenefitGrantSourceType = 'mall' | 'campaign' | 'operator' | 'task';

export type BenefitType =
  'discount' | 'free_shipping' | 'coupon_pack' | 'birthday_gift' | 'points_multiplier' | 'priority_service' | 'custom';

export type BenefitStatus = 'active' | 'archived';

export type QuotaPeriod = 'day' | 'week' | 'month' | 'year' | 'term' | 'unlimited';

export type Stacking = 'add' | 'best';

export type PackageSourceType = 'tier' | 'plan';

export type BenefitUseState = 'pending' | 'used' | 'refused' | 'cancelled' | 'releasing' | 'released';

export interface BenefitCouponDto {
  templateId: string;
  count: number;
}

export interface BenefitValueDto {
  percent?: number;
  coupons?: BenefitCouponDto[];
  rewards?: RewardDto[];
  daysBefore?: number;
  data?: Record<string, unknown>;
}

export interface CreateBenefitDto {
  code: string;
  type: BenefitType;
  name: string;
  description?: string;
  icon?: string;
  value?: BenefitValueDto;
}

export interface UpdateBenefitDto {
  version?: number;
  name?: string;
  description?: string;
  icon?: string;
  value?: BenefitValueDto;
}

export interface BenefitQueryDto {
  status?: BenefitStatus;
  type?: BenefitType;
}

export interface QuotaDto {
  period: QuotaPeriod;
  count?: number;
}

export interface PackageItemDto {
  benefitCode: string;
  quota: QuotaDto;
  value?: BenefitValueDto;
  stacking?: Stacking;
}

export interface PackageSourceDto {
  type: PackageSourceType;
  code: string;
}

export interface CreateBenefitPackageDto {
  code: string;
  name: string;
  description?: string;
  source: PackageSourceDto;
  items: PackageItemDto[];
}

export interface UpdateBenefitPackageDto {
  version?: number;
  name?: string;
  description?: string;
  items?: PackageItemDto[];
}

export interface BenefitPackageQueryDto {
  status?: BenefitStatus;
}

export interface UseBenefitDto {
  key?: string;
  orderId?: string;
  count?: number;
}

export interface ReleaseBenefitDto {
  key?: string;
  orderId?: string;
}

export interface BenefitCouponView {
  templateId: string;
  count: number;
}

export interface BenefitValueView {
  percent?: number;
  coupons?: BenefitCouponView[];
  rewards?: RewardView[];
  daysBefore?: number;
  data?: Record<string, unknown>;
}

export interface BenefitView {
  id: string;
  code: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string;
  value: BenefitValueView;
  status: BenefitStatus;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface QuotaView {
  period: QuotaPeriod;
  /** null for `unlimited`. */
  count: number | null;
}

export interface PackageItemView {
  benefitCode: string;
  quota: QuotaView;
  /** null: the benefit's own value. */
  value: BenefitValueView | null;
  stacking: Stacking;
}

export interface BenefitPackageView {
  id: string;
  code: string;
  name: string;
  description: string;
  source: { type: PackageSourceType; code: string };
  items: PackageItemView[];
  status: BenefitStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EntitlementSourceView {
  type: PackageSourceType | 'grant';
  /** Tier or plan code; for a grant, its source (`mall:<id>`). */
  code: string;
  /** The package, or the grant's id. */
  ref: string;
  quota: QuotaView;
  value: BenefitValueView;
  stacking: Stacking;
  /** End of the source's term (tier validity, grant validity); null when it does not end. */
  validUntil: string | null;
}

export interface QuotaPoolView {
  /** `<period>:<periodKey>`, or `grant:<id>`. */
  id: string;
  period: QuotaPeriod;
  periodKey: string;
  /** null: unlimited. */
  limit: number | null;
  used: number;
  remaining: number | null;
  /** When the counter starts again (or the grant ends); null when never. */
  resetsAt: string | null;
}

export interface EntitlementView {
  benefitCode: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string;
  /** The value that applies (the better one when sources differ). */
  value: BenefitValueView;
  /** Across the pools; null when any pool is unlimited. */
  remaining: number | null;
  /** The earliest reset of a pool; null when none resets. */
  resetsAt: string | null;
  pools: QuotaPoolView[];
  sources: EntitlementSourceView[];
}

export interface BenefitUseView {
  id: string;
  memberId: string;
  benefitCode: string;
  key: string | null;
  orderId: string | null;
  count: number;
  state: BenefitUseState;
  /** The pool the use was taken from (`QuotaPoolView.id`); null until taken. */
  pool: string | null;
  /** The quota left in that pool after the use (null: unlimited or not taken). */
  remaining: number | null;
  createdAt: string;
  usedAt: string | null;
  releasedAt: string | null;
}

export interface BenefitGrantView {
  id: string;
  memberId: string;
  benefitCode: string;
  count: number;
  used: number;
  validFrom: string;
  validUntil: string;
  source: { type: BenefitGrantSourceType; id: string };
  state: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export interface MemberBenefitsView {
  memberId: string;
  entitlements: EntitlementView[];
  grants: BenefitGrantView[];
  recentUses: BenefitUseView[];
}
