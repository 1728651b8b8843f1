import { api } from '../../api/client';
import { seg, type Page, type PageFetcher } from '../../api/types';
import type { FulfilmentStatus, RedemptionState, RedemptionView, UpdateFulfilmentDto } from '@laurel/shared';

// A record, so the compiler asks for every state the API knows.
const STATES: Record<RedemptionState, true> = {
  created: true,
  points_held: true,
  stock_taken: true,
  issued: true,
  completed: true,
  failed: true,
  cancelled: true,
};
export const REDEMPTION_STATE_LIST = Object.keys(STATES) as RedemptionState[];
/** The saga's steps in order; `failed` and `cancelled` end it elsewhere. */
export const SAGA_STEPS: readonly RedemptionState[] = ['created', 'points_held', 'stock_taken', 'issued', 'completed'];
/** What an operator may move a physical redemption to from each fulfilment status. */
export const NEXT_FULFILMENT: Record<FulfilmentStatus, FulfilmentStatus[]> = {
  pending: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export interface RedemptionFilter {
  state?: RedemptionState;
  rewardId?: string;
}

export function redemptionsFetcher(filter: RedemptionFilter): PageFetcher<RedemptionView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<RedemptionView>>('/redemptions', { query: { ...filter, limit: Math.min(limit, 100), cursor }, signal });
}

export function memberRedemptionsFetcher(memberId: string): PageFetcher<RedemptionView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<RedemptionView>>(`/members/${seg(memberId)}/redemptions`, { query: { limit: Math.min(limit, 100), cursor }, signal });
}

/** Moves a physical redemption's fulfilment on (audited); cancelling returns the member's points and the stock. */
export function updateFulfilment(id: string, input: UpdateFulfilmentDto, idempotencyKey: string): Promise<RedemptionView> {
  return api.post<RedemptionView>(`/redemptions/${seg(id)}/fulfilment`, input, { idempotencyKey });
}
