import { api } from '../../api/client';
import { seg, type Page, type PageFetcher } from '../../api/types';
import type { StatusAction } from '../../components/DefinitionStatusActions';
import type {
  CouponState,
  CouponTemplateStatus,
  CouponTemplateView,
  CouponView,
  CreateCouponTemplateDto,
  IssueCouponDto,
  UpdateCouponTemplateDto,
  VoidCouponDto,
} from '@laurel/shared';

// Records, so the compiler asks for every status and state the API knows.
const STATUSES: Record<CouponTemplateStatus, true> = { active: true, paused: true, archived: true };
const STATES: Record<CouponState, true> = {
  issued: true,
  locked: true,
  redeemed: true,
  restored: true,
  expired: true,
  voided: true,
};
export const TEMPLATE_STATUS_LIST = Object.keys(STATUSES) as CouponTemplateStatus[];
export const COUPON_STATE_LIST = Object.keys(STATES) as CouponState[];

export function couponTemplatesFetcher(status: CouponTemplateStatus | undefined): PageFetcher<CouponTemplateView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<CouponTemplateView>>('/coupon-templates', { query: { status, limit: Math.min(limit, 100), cursor }, signal });
}

export function getCouponTemplate(id: string, signal?: AbortSignal): Promise<CouponTemplateView> {
  return api.get<CouponTemplateView>(`/coupon-templates/${seg(id)}`, { signal });
}

export function createCouponTemplate(input: CreateCouponTemplateDto, idempotencyKey: string): Promise<CouponTemplateView> {
  return api.post<CouponTemplateView>('/coupon-templates', input, { idempotencyKey });
}

/** Applies only to `input.version` of the template (409 CONFLICT when someone changed it meanwhile). */
export function updateCouponTemplate(id: string, input: UpdateCouponTemplateDto, idempotencyKey: string): Promise<CouponTemplateView> {
  return api.patch<CouponTemplateView>(`/coupon-templates/${seg(id)}`, input, { idempotencyKey });
}

export function changeCouponTemplateStatus(id: string, action: StatusAction): Promise<CouponTemplateView> {
  return api.post<CouponTemplateView>(`/coupon-templates/${seg(id)}/${action}`, {});
}

/** Issues one coupon of the template to a member (audited with the reason). */
export function issueCoupon(templateId: string, input: IssueCouponDto, idempotencyKey: string): Promise<CouponView> {
  return api.post<CouponView>(`/coupon-templates/${seg(templateId)}/issue`, input, { idempotencyKey });
}

export function memberCouponsFetcher(memberId: string, state: CouponState | undefined): PageFetcher<CouponView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<CouponView>>(`/members/${seg(memberId)}/coupons`, { query: { state, limit: Math.min(limit, 100), cursor }, signal });
}

/** Voids an issued or locked coupon for good (audited; the coupon stays listed). */
export function voidCoupon(couponId: string, input: VoidCouponDto, idempotencyKey: string): Promise<CouponView> {
  return api.post<CouponView>(`/coupons/${seg(couponId)}/void`, input, { idempotencyKey });
}

/** Templates that are not archived (the first 100), for pickers (packages, mall rewards). */
export async function activeCouponTemplates(signal: AbortSignal): Promise<CouponTemplateView[]> {
  const page = await api.get<Page<CouponTemplateView>>('/coupon-templates', { query: { limit: 100 }, signal });
  return page.items.filter((x) => x.status !== 'archived');
}
