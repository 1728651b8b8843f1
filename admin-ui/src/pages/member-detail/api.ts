import type { EventOpenState, EventRecordView } from '@laurel/shared';
import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';

export const CURRENCIES = ['points', 'growth'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const LEDGER_KINDS = ['earn', 'spend', 'hold', 'capture', 'release', 'adjust', 'reverse', 'expire', 'release_pending'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The most one adjustment may move (the ledger refuses more). */
export const MAX_ADJUST = 1_000_000_000;

export interface Balances {
  available: number;
  pending: number;
  held: number;
  debt: number;
}

export interface LifetimeTotals {
  earned: number;
  spent: number;
  expired: number;
  reversed: number;
  restored: number;
  /** Net of operator adjustments (may be negative). */
  adjusted: number;
}

export interface Source {
  type: string;
  id: string;
}

export interface Lot {
  lotId: string;
  pending: boolean;
  amount: number;
  remaining: number;
  earnedAt: IsoDateTime;
  availableAt: IsoDateTime;
  expiresAt: IsoDateTime | null;
  source: Source;
}

export interface Hold {
  orderId: string;
  amount: number;
  heldAt: IsoDateTime;
  pieces: { lotId: string; amount: number; expiresAt: IsoDateTime | null }[];
}

export interface Wallet extends Balances {
  currency: Currency;
  version: number;
  lifetime: LifetimeTotals;
  lots: Lot[];
  holds: Hold[];
  nextExpiryAt: IsoDateTime | null;
  nextAvailableAt: IsoDateTime | null;
  updatedAt: IsoDateTime | null;
}

export interface MemberProfile {
  id: string;
  externalId: string;
  createdAt: IsoDateTime;
  profile: { name?: string; phone?: string; email?: string; birthday?: string };
  tags: string[];
}

export interface MemberDetail {
  member: MemberProfile;
  wallets: Wallet[];
}

export interface LedgerEntry {
  id: string;
  memberId: string;
  currency: Currency;
  seq: number;
  kind: LedgerKind;
  /** Change of available + pending + held − debt. */
  delta: number;
  change: Balances;
  balanceAfter: Balances;
  source: Source;
  orderId: string | null;
  reason: string | null;
  operator: { id: string; label: string } | null;
  lots: { lotId: string; delta: number; expiresAt: IsoDateTime | null }[];
  createdAt: IsoDateTime;
}

export interface LedgerFilter {
  currency?: Currency;
  kind?: LedgerKind;
}

export interface AdjustInput {
  currency: Currency;
  /** Positive credits, negative debits. */
  amount: number;
  reason: string;
}

export function getMemberDetail(id: string, signal?: AbortSignal): Promise<MemberDetail> {
  return api.get<MemberDetail>(`/members/${seg(id)}`, { signal });
}

export function ledgerFetcher(memberId: string, filter: LedgerFilter): PageFetcher<LedgerEntry> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<LedgerEntry>>(`/members/${seg(memberId)}/ledger`, {
      query: { currency: filter.currency, kind: filter.kind, limit: Math.min(limit, 100), cursor },
      signal,
    });
}

/** The key makes the adjustment apply once however often it is sent (the ledger keys its entry by it). */
export function adjustBalance(memberId: string, input: AdjustInput, idempotencyKey: string): Promise<LedgerEntry> {
  return api.post<LedgerEntry>(`/members/${seg(memberId)}/adjustments`, input, { idempotencyKey });
}

/** One rung of the tier ladder, lowest rank first. */
export interface TierRung {
  code: string;
  name: string;
  rank: number;
}

/** A member's tier as the tiers module reports it (trimmed to what the console shows). */
export interface MemberTier {
  tier: string | null;
  name: string | null;
  since: IsoDateTime | null;
  validUntil: IsoDateTime | null;
  current: number;
  next: { tier: string; name: string; needed: number } | null;
  autoUpgrade: boolean;
  ladder: TierRung[];
}

export const TIER_CHANGE_REASONS = ['upgrade', 'retention_missed', 'manual', 'reevaluation'] as const;
export type TierChangeReason = (typeof TIER_CHANGE_REASONS)[number];

export interface TierChange {
  id: string;
  seq: number;
  from: string | null;
  to: string | null;
  reason: TierChangeReason;
  actor: { type: string; id: string; label: string };
  /** The operator's reason for a manual change. */
  note: string | null;
  validUntil: IsoDateTime | null;
  at: IsoDateTime;
}

export interface SetTierInput {
  /** null removes the member's tier. */
  tier: string | null;
  /** UTC instant in the future; omitted: the tier's own validity from now. */
  validUntil?: IsoDateTime;
  reason: string;
  autoUpgrade: boolean;
}

export function getMemberTier(memberId: string, signal?: AbortSignal): Promise<MemberTier> {
  return api.get<MemberTier>(`/members/${seg(memberId)}/tier`, { signal });
}

export function tierHistoryFetcher(memberId: string): PageFetcher<TierChange> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<TierChange>>(`/members/${seg(memberId)}/tier/history`, { query: { limit: Math.min(limit, 100), cursor }, signal });
}

/** Audited by the server; the key makes a retried submission change the tier once. */
export function setMemberTier(memberId: string, input: SetTierInput, idempotencyKey: string): Promise<MemberTier> {
  return api.post<MemberTier>(`/members/${seg(memberId)}/tier`, input, { idempotencyKey });
}

/** The member's events not processed yet (retrying, waiting for their order, failed); all three without a state. */
export function memberEventsFetcher(memberId: string, state: EventOpenState | undefined): PageFetcher<EventRecordView> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<EventRecordView>>(`/members/${seg(memberId)}/events`, { query: { state, limit: Math.min(limit, 100), cursor }, signal });
}

/** Attempts the event now (audited); a processed event is left as it is, so a repeat changes nothing. */
export function retryEvent(eventId: string, idempotencyKey: string): Promise<EventRecordView> {
  return api.post<EventRecordView>(`/events/${seg(eventId)}/retry`, undefined, { idempotencyKey });
}
