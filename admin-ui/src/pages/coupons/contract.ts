// Stand-in for the shared coupon DTOs until they are merged (replaced by imports from @laurel/shared).
export type CouponTemplateStatus = 'active' | 'paused' | 'archived';
export type CouponDiscountType = 'amount_off' | 'percent_off';
export type CouponState = 'pending' | 'issued' | 'locked' | 'redeemed' | 'restored' | 'expired' | 'voided';

export interface CouponDiscountDto {
  type: CouponDiscountType;
  amountOff?: number;
  percentOff?: number;
  maxDiscount?: number;
}
export interface CouponValidityDto {
  type: 'fixed' | 'days';
  from?: string;
  to?: string;
  days?: number;
}
export interface CreateCouponTemplateDto {
  name: string;
  description?: string;
  discount: CouponDiscountDto;
  minimumSpend?: number;
  currency: string;
  validity: CouponValidityDto;
  totalStock?: number;
  perMemberLimit?: number;
  audience?: { tiers: string[] };
  active?: boolean;
}
export interface UpdateCouponTemplateDto extends Partial<Omit<CreateCouponTemplateDto, 'totalStock' | 'perMemberLimit'>> {
  version?: number;
  totalStock?: number | null;
  perMemberLimit?: number | null;
}
export interface CouponTemplateView {
  id: string;
  name: string;
  description: string;
  discount: CouponDiscountDto;
  minimumSpend: number;
  currency: string;
  validity: CouponValidityDto;
  totalStock: number | null;
  stockLeft: number | null;
  perMemberLimit: number | null;
  audience: { tiers: string[] };
  status: CouponTemplateStatus;
  version: number;
  issuedCount: number;
  redeemedCount: number;
  createdAt: string;
  updatedAt: string;
}
export interface IssueCouponDto {
  memberId: string;
  reason: string;
}
export interface VoidCouponDto {
  reason: string;
}
export interface CouponView {
  id: string;
  code: string;
  templateId: string;
  templateName: string;
  memberId: string;
  state: CouponState;
  discount: CouponDiscountDto;
  minimumSpend: number;
  currency: string;
  validFrom: string;
  validUntil: string;
  orderId: string | null;
  issuedAt: string;
}
