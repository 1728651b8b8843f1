import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';

export const DOWNGRADE_MODES = ['one_level', 'to_qualified'] as const;
export type DowngradeMode = (typeof DOWNGRADE_MODES)[number];
export const DOWNGRADE_MODE_LABELS: Record<DowngradeMode, string> = {
  one_level: 'One rank down',
  to_qualified: 'To the tier qualified for',
};
export const TIER_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
export const MAX_TIER_THRESHOLD = 1_000_000_000_000;

/** What create takes; a change takes the same fields except `code`. */
export interface TierInput {
  code: string;
  name: string;
  rank: number;
  entryThreshold: number;
  retentionThreshold?: number;
  /** null: held for good. */
  validityMonths?: number | null;
  graceDays?: number;
  downgradeMode?: DowngradeMode;
}

export interface Tier extends Required<TierInput> {
  version: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface TierReevaluation {
  dryRun: boolean;
  members: number;
  up: number;
  down: number;
  sample: { memberId: string; from: string | null; to: string | null }[];
  job?: { name: string; outcome: string; counts: Record<string, number> };
}

/** The whole ladder, lowest rank first (the server answers it as one page). */
export const tiersFetcher: PageFetcher<Tier> = ({ signal }) => api.get<Page<Tier>>('/tiers', { signal });

export function createTier(input: TierInput, idempotencyKey: string): Promise<Tier> {
  return api.post<Tier>('/tiers', input, { idempotencyKey });
}

/** Applies only to `version` of the tier (409 when someone changed it meanwhile). */
export function updateTier(code: string, version: number, input: Omit<TierInput, 'code'>, idempotencyKey: string): Promise<Tier> {
  return api.patch<Tier>(`/tiers/${seg(code)}`, { ...input, version }, { idempotencyKey });
}

/** `dryRun` counts who would move; otherwise the re-evaluation job runs now. */
export function reevaluateTiers(dryRun: boolean, idempotencyKey?: string): Promise<TierReevaluation> {
  return api.post<TierReevaluation>('/tiers/reevaluation', { dryRun }, { idempotencyKey });
}
