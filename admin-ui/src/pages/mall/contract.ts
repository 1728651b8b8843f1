// Stand-in for the shared DTOs until their branch is merged (replaced by imports from @laurel/shared).
export type MallRewardType = 'coupon' | 'benefit' | 'virtual_code' | 'physical';

export type MallRewardStatus = 'active' | 'paused' | 'archived';

export type LimitPeriod = 'day' | 'week' | 'month' | 'year' | 'lifetime';

export type RedemptionState = 'created' | 'points_held' | 'stock_taken' | 'issued' | 'completed' | 'failed' | 'cancelled';

export type FulfilmentStatus = 'pending' | 'shipped' | 'delivered' | 'cancelled';

export type RedeemBlock = 'not_on_sale' | 'not_eligible' | 'out_of_stock' | 'limit_reached' | 'insufficient_points';

export interface CashPriceDto {
  amount: number;
  currency: string;
}

export interface RewardBenefitDto {
  code: string;
  count: number;
  validDays: number;
}

export interface RewardLimitDto {
  count: number;
  period: LimitPeriod;
}

export interface CreateMallRewardDto {
  name: string;
  description?: string;
  type: MallRewardType;
  couponTemplateId?: string;
  benefit?: RewardBenefitDto;
  pointsPrice: number;
  cash?: CashPriceDto;
  stock?: number;
  saleStartsAt?: string;
  saleEndsAt?: string;
  limit?: RewardLimitDto;
  tiers?: string[];
  revocable?: boolean;
  displayOrder?: number;
  active?: boolean;
}

export interface UpdateMallRewardDto {
  version?: number;
  name?: string;
  description?: string;
  pointsPrice?: number;
  cash?: CashPriceDto | null;
  stock?: number;
  saleStartsAt?: string | null;
  saleEndsAt?: string | null;
  limit?: RewardLimitDto | null;
  tiers?: string[];
  revocable?: boolean;
  displayOrder?: number;
}

export interface MallRewardQueryDto {
  status?: MallRewardStatus;
  type?: MallRewardType;
}

export interface AddRewardCodesDto {
  codes: string[];
}

export interface RedeemRewardDto {
  rewardId: string;
  quantity?: number;
}

export interface RedemptionQueryDto {
  state?: RedemptionState;
  rewardId?: string;
  memberId?: string;
}

export interface MemberRedemptionQueryDto {
  state?: RedemptionState;
}

export interface UpdateFulfilmentDto {
  status: FulfilmentStatus;
  trackingNumber?: string;
  note?: string;
}

export interface CashPriceView {
  amount: number;
  currency: string;
}

export interface RewardLimitView {
  count: number;
  period: LimitPeriod;
}

export interface MallRewardView {
  id: string;
  name: string;
  description: string;
  type: MallRewardType;
  couponTemplateId: string | null;
  benefit: { code: string; count: number; validDays: number } | null;
  pointsPrice: number;
  cash: CashPriceView | null;
  /** Units ever for sale (`left` + units redeemed and not returned). */
  stock: { total: number; left: number };
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  limit: RewardLimitView | null;
  tiers: string[];
  revocable: boolean;
  displayOrder: number;
  status: MallRewardStatus;
  /** Starts at 1, +1 per change. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface MallItemView {
  rewardId: string;
  name: string;
  description: string;
  type: MallRewardType;
  pointsPrice: number;
  cash: CashPriceView | null;
  stockLeft: number;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  /** The per-member limit with the units left in the current period (null = no limit). */
  limit: (RewardLimitView & { left: number; periodKey: string }) | null;
  revocable: boolean;
  allowed: boolean;
  reason: RedeemBlock | null;
  displayOrder: number;
}

export interface MallView {
  /** The member's available points when the mall was read. */
  points: number;
  items: MallItemView[];
}

export interface RewardCodeCountsView {
  rewardId: string;
  available: number;
  assigned: number;
  voided: number;
  total: number;
}

export interface RewardCodesAddedView extends RewardCodeCountsView {
  added: number;
  /** Codes already in the pool (or repeated in the upload), skipped. */
  duplicates: number;
}

export interface IssuedItemView {
  kind: 'code' | 'coupon' | 'benefit' | 'item';
  id: string;
  /** `code`: the code itself (only the member and operators see it). */
  code?: string;
}

export interface FulfilmentView {
  status: FulfilmentStatus;
  trackingNumber: string | null;
  note: string | null;
  updatedAt: string;
}

export interface RedemptionView {
  id: string;
  memberId: string;
  rewardId: string;
  rewardName: string;
  rewardType: MallRewardType;
  quantity: number;
  /** The price per unit when the redemption was made. */
  pointsPrice: number;
  cash: CashPriceView | null;
  pointsTotal: number;
  cashTotal: CashPriceView | null;
  state: RedemptionState;
  /** Set on `failed`: the refusal that failed it. */
  failure: { code: string; message: string } | null;
  issued: IssuedItemView[];
  /** Physical rewards only. */
  fulfilment: FulfilmentView | null;
  revocable: boolean;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
}
