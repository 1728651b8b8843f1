import { api } from '../../api/client';
import { seg, type Page, type PageFetcher } from '../../api/types';
import type { StatusAction } from '../../components/DefinitionStatusActions';
import type {
  AddRewardCodesDto,
  CreateMallRewardDto,
  LimitPeriod,
  MallRewardStatus,
  MallRewardType,
  MallRewardView,
  RewardCodeCountsView,
  RewardCodesAddedView,
  UpdateMallRewardDto,
} from '@laurel/shared';

// Records, so the compiler asks for every type, status and period the API knows.
const TYPES: Record<MallRewardType, true> = { coupon: true, benefit: true, virtual_code: true, physical: true };
const STATUSES: Record<MallRewardStatus, true> = { active: true, paused: true, archived: true };
const PERIODS: Record<LimitPeriod, true> = { day: true, week: true, month: true, year: true, lifetime: true };
export const REWARD_TYPE_LIST = Object.keys(TYPES) as MallRewardType[];
export const REWARD_STATUS_LIST = Object.keys(STATUSES) as MallRewardStatus[];
export const LIMIT_PERIOD_LIST = Object.keys(PERIODS) as LimitPeriod[];

/** The role the server asks for to change rewards and fulfil redemptions. */
export const MALL_WRITE_ROLE = 'operator' as const;

export interface RewardFilter {
  status?: MallRewardStatus;
  type?: MallRewardType;
}

export function rewardsFetcher(filter: RewardFilter): PageFetcher<MallRewardView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<MallRewardView>>('/rewards', { query: { ...filter, limit: Math.min(limit, 100), cursor }, signal });
}

/** Rewards of every status (the first 100), for the redemptions filter. */
export async function rewardChoices(signal: AbortSignal): Promise<MallRewardView[]> {
  return (await api.get<Page<MallRewardView>>('/rewards', { query: { limit: 100 }, signal })).items;
}

export function getReward(id: string, signal?: AbortSignal): Promise<MallRewardView> {
  return api.get<MallRewardView>(`/rewards/${seg(id)}`, { signal });
}

export function createReward(input: CreateMallRewardDto, idempotencyKey: string): Promise<MallRewardView> {
  return api.post<MallRewardView>('/rewards', input, { idempotencyKey });
}

/** Applies only to `input.version` (409 CONFLICT when someone changed it meanwhile). */
export function updateReward(id: string, input: UpdateMallRewardDto, idempotencyKey: string): Promise<MallRewardView> {
  return api.patch<MallRewardView>(`/rewards/${seg(id)}`, input, { idempotencyKey });
}

export function changeRewardStatus(id: string, action: StatusAction): Promise<MallRewardView> {
  return api.post<MallRewardView>(`/rewards/${seg(id)}/${action}`, {});
}

export function getRewardCodes(id: string, signal?: AbortSignal): Promise<RewardCodeCountsView> {
  return api.get<RewardCodeCountsView>(`/rewards/${seg(id)}/codes`, { signal });
}

/** Adds codes to the pool (one unit of stock each); codes already there are skipped and counted. */
export function addRewardCodes(id: string, input: AddRewardCodesDto, idempotencyKey: string): Promise<RewardCodesAddedView> {
  return api.post<RewardCodesAddedView>(`/rewards/${seg(id)}/codes`, input, { idempotencyKey });
}
