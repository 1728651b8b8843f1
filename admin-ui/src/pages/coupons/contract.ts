// Stand-in for the shared DTOs until their branch is merged (replaced by imports from @laurel/shared).
type AudienceView = { tiers: string[] };
type AudienceDto = AudienceView;

export type CouponDiscountType = 'amount' | 'percent';

export type CouponValidityType = 'fixed' | 'relative';

export type CouponTemplateStatus = 'active' | 'paused' | 'archived';

export type CouponState = 'issued' | 'locked' | 'redeemed' | 'restored' | 'expired' | 'voided';

export type CouponSourceType = 'operator' | 'benefit' | 'task' | 'mall' | 'campaign';

export type CouponRefusal =
  'expired' | 'locked' | 'redeemed' | 'voided' | 'below_minimum_spend' | 'currency_mismatch' | 'not_yet_valid' | 'not_this_order';

export interface CouponDiscountDto {
  type: CouponDiscountType;
  amountOff?: number;
  percentOff?: number;
  maxDiscount?: number;
}

export interface CouponValidityDto {
  type: CouponValidityType;
  from?: string;
  to?: string;
  days?: number;
}

export interface CreateCouponTemplateDto {
  name: string;
  description?: string;
  discount: CouponDiscountDto;
  minSpend?: number;
  currency: string;
  validity: CouponValidityDto;
  totalStock?: number;
  perMemberLimit?: number;
  audience?: AudienceDto;
  active?: boolean;
}

export interface UpdateCouponTemplateDto {
  version?: number;
  name?: string;
  description?: string;
  discount?: CouponDiscountDto;
  minSpend?: number;
  validity?: CouponValidityDto;
  totalStock?: number;
  perMemberLimit?: number;
  audience?: AudienceDto;
}

export interface CouponTemplateQueryDto {
  status?: CouponTemplateStatus;
}

export interface IssueCouponDto {
  memberId: string;
  reason: string;
}

export interface VoidCouponDto {
  reason: string;
}

export interface MyCouponQueryDto {
  state?: CouponState;
}

export interface CouponQueryDto extends MyCouponQueryDto {
  templateId?: string;
  memberId?: string;
}

export interface CouponOrderDto {
  orderId: string;
  amount: number;
  currency: string;
}

export interface LockCouponDto extends CouponOrderDto {
  lockSeconds?: number;
}

export interface RedeemCouponDto extends CouponOrderDto {
  orderId: string;
}

export interface CouponDiscountView {
  type: CouponDiscountType;
  /** `amount` only. */
  amountOff: number | null;
  /** `percent` only. */
  percentOff: number | null;
  /** `percent` only; null = no cap. */
  maxDiscount: number | null;
}

export interface CouponValidityView {
  type: CouponValidityType;
  /** `fixed` only. */
  from: string | null;
  to: string | null;
  /** `relative` only. */
  days: number | null;
}

export interface CouponTemplateCounts {
  /** Coupons issued and not undone. */
  issued: number;
  redeemed: number;
  restored: number;
  expired: number;
  voided: number;
}

export interface CouponTemplateView {
  id: string;
  name: string;
  description: string;
  discount: CouponDiscountView;
  minSpend: number;
  currency: string;
  validity: CouponValidityView;
  /** null = unlimited. */
  totalStock: number | null;
  /** null = unlimited. */
  stockLeft: number | null;
  perMemberLimit: number | null;
  audience: AudienceView;
  status: CouponTemplateStatus;
  counts: CouponTemplateCounts;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CouponView {
  id: string;
  /** What the member types or scans at checkout. */
  code: string;
  memberId: string;
  templateId: string;
  templateName: string;
  discount: CouponDiscountView;
  minSpend: number;
  currency: string;
  /** The first and last instants the coupon can be used. */
  validFrom: string;
  validUntil: string;
  state: CouponState;
  source: { type: CouponSourceType; id: string };
  /** The order that holds (`locked`) or used (`redeemed`) it. */
  orderId: string | null;
  lockedUntil: string | null;
  redeemedAt: string | null;
  /** What the redemption took off its order (minor units). */
  discountApplied: number | null;
  issuedAt: string;
  voidReason: string | null;
  updatedAt: string;
}

export interface CouponUseView {
  coupon: CouponView;
  orderId: string;
  /** Minor units of `currency` off the order: never more than its amount. */
  discount: number;
  currency: string;
}
