import { api } from '../../api/client';
import { seg, type Page, type PageFetcher } from '../../api/types';
import type {
  BenefitPackageView,
  BenefitType,
  BenefitView,
  CreateBenefitDto,
  CreateBenefitPackageDto,
  MemberBenefitsView,
  QuotaPeriod,
  Stacking,
  UpdateBenefitDto,
  UpdateBenefitPackageDto,
} from '@laurel/shared';

// Records, so the compiler asks for every type, period and mode the API knows.
const TYPES: Record<BenefitType, true> = {
  discount: true,
  free_shipping: true,
  coupon_pack: true,
  birthday_gift: true,
  points_multiplier: true,
  priority_service: true,
  custom: true,
};
const PERIODS: Record<QuotaPeriod, true> = { day: true, week: true, month: true, year: true, term: true, unlimited: true };
const STACKING: Record<Stacking, true> = { add: true, best: true };
export const BENEFIT_TYPE_LIST = Object.keys(TYPES) as BenefitType[];
export const QUOTA_PERIOD_LIST = Object.keys(PERIODS) as QuotaPeriod[];
export const STACKING_LIST = Object.keys(STACKING) as Stacking[];

export const benefitsFetcher: PageFetcher<BenefitView> = ({ cursor, limit, signal }) =>
  api.get<Page<BenefitView>>('/benefits', { query: { limit: Math.min(limit, 100), cursor }, signal });

export const packagesFetcher: PageFetcher<BenefitPackageView> = ({ cursor, limit, signal }) =>
  api.get<Page<BenefitPackageView>>('/benefit-packages', { query: { limit: Math.min(limit, 100), cursor }, signal });

/** Every benefit that is not archived (the first 100), for the package's pickers. */
export async function activeBenefits(signal: AbortSignal): Promise<BenefitView[]> {
  return (await api.get<Page<BenefitView>>('/benefits', { query: { limit: 100 }, signal })).items.filter((b) => b.status !== 'archived');
}

export function getBenefit(code: string, signal?: AbortSignal): Promise<BenefitView> {
  return api.get<BenefitView>(`/benefits/${seg(code)}`, { signal });
}

export function createBenefit(input: CreateBenefitDto, idempotencyKey: string): Promise<BenefitView> {
  return api.post<BenefitView>('/benefits', input, { idempotencyKey });
}

/** Applies only to `input.version` (409 CONFLICT when someone changed it meanwhile). */
export function updateBenefit(code: string, input: UpdateBenefitDto, idempotencyKey: string): Promise<BenefitView> {
  return api.patch<BenefitView>(`/benefits/${seg(code)}`, input, { idempotencyKey });
}

export function archiveBenefit(code: string): Promise<BenefitView> {
  return api.post<BenefitView>(`/benefits/${seg(code)}/archive`, {});
}

export function getPackage(code: string, signal?: AbortSignal): Promise<BenefitPackageView> {
  return api.get<BenefitPackageView>(`/benefit-packages/${seg(code)}`, { signal });
}

export function createPackage(input: CreateBenefitPackageDto, idempotencyKey: string): Promise<BenefitPackageView> {
  return api.post<BenefitPackageView>('/benefit-packages', input, { idempotencyKey });
}

export function updatePackage(code: string, input: UpdateBenefitPackageDto, idempotencyKey: string): Promise<BenefitPackageView> {
  return api.patch<BenefitPackageView>(`/benefit-packages/${seg(code)}`, input, { idempotencyKey });
}

export function archivePackage(code: string): Promise<BenefitPackageView> {
  return api.post<BenefitPackageView>(`/benefit-packages/${seg(code)}/archive`, {});
}

/** The member's entitlements (remaining quota, reset time, sources) and recent uses. */
export function getMemberBenefits(memberId: string, signal?: AbortSignal): Promise<MemberBenefitsView> {
  return api.get<MemberBenefitsView>(`/members/${seg(memberId)}/benefits`, { signal });
}

/** The role the server asks for to change benefits and packages (configuration). */
export const BENEFITS_WRITE_ROLE = 'operator' as const;
