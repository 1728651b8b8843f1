// Stand-in for the shared benefit DTOs until they are merged (replaced by imports from @laurel/shared).
export type BenefitType =
  'percentage_discount' | 'free_shipping' | 'coupon_pack' | 'birthday_gift' | 'points_multiplier' | 'priority_service' | 'custom';
export type BenefitStatus = 'active' | 'archived';
export type QuotaPeriod = 'day' | 'week' | 'month' | 'year' | 'term' | 'unlimited';
export type StackingMode = 'add' | 'best';
export type PackageSourceType = 'tier' | 'plan';

export interface CreateBenefitDto {
  code: string;
  type: BenefitType;
  name: string;
  description?: string;
  icon?: string;
  value?: Record<string, unknown>;
}
export interface UpdateBenefitDto {
  version?: number;
  name?: string;
  description?: string;
  icon?: string;
  value?: Record<string, unknown> | null;
}
export interface BenefitView {
  id: string;
  code: string;
  type: BenefitType;
  name: string;
  description: string;
  icon: string | null;
  value: Record<string, unknown> | null;
  status: BenefitStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface BenefitPackageItemDto {
  benefitCode: string;
  quota?: { count: number; period: QuotaPeriod };
  value?: number;
  stacking?: StackingMode;
  couponTemplateId?: string;
  couponsPerPeriod?: number;
}
export interface CreateBenefitPackageDto {
  name: string;
  source: { type: PackageSourceType; code: string };
  items: BenefitPackageItemDto[];
}
export interface UpdateBenefitPackageDto {
  version?: number;
  name?: string;
  items?: BenefitPackageItemDto[];
}
export interface BenefitPackageView {
  id: string;
  name: string;
  source: { type: PackageSourceType; code: string };
  items: (BenefitPackageItemDto & { stacking: StackingMode })[];
  status: BenefitStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export interface EntitlementView {
  benefitCode: string;
  name: string;
  type: BenefitType;
  value: number | null;
  quota: number | null;
  used: number;
  remaining: number | null;
  period: QuotaPeriod;
  periodKey: string;
  resetsAt: string | null;
  sources: { type: string; id: string }[];
}
export interface BenefitUseView {
  id: string;
  benefitCode: string;
  key: string;
  count: number;
  state: 'used' | 'released';
  usedAt: string;
}
export interface MemberBenefitsView {
  entitlements: EntitlementView[];
  recentUses: BenefitUseView[];
}
