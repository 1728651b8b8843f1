import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, NotEquals } from 'class-validator';
import type { MemberProfileView } from './members.dto.js';
import { PageQueryDto } from './page-query.dto.js';

/** `points` are spendable; `growth` drives tiers and is never spent by members (only reversed or adjusted). */
export const Currency = { Points: 'points', Growth: 'growth' } as const;
export type Currency = (typeof Currency)[keyof typeof Currency];
export const CURRENCIES: readonly Currency[] = Object.values(Currency);

export const LedgerKind = {
  Earn: 'earn',
  Spend: 'spend',
  Hold: 'hold',
  Capture: 'capture',
  Release: 'release',
  Adjust: 'adjust',
  Reverse: 'reverse',
  Expire: 'expire',
  ReleasePending: 'release_pending',
} as const;
export type LedgerKind = (typeof LedgerKind)[keyof typeof LedgerKind];
export const LEDGER_KINDS: readonly LedgerKind[] = Object.values(LedgerKind);

export const LedgerSourceType = {
  Event: 'event',
  Rule: 'rule',
  Task: 'task',
  CheckIn: 'check_in',
  Benefit: 'benefit',
  Order: 'order',
  Operator: 'operator',
  System: 'system',
} as const;
export type LedgerSourceType = (typeof LedgerSourceType)[keyof typeof LedgerSourceType];
export const LEDGER_SOURCE_TYPES: readonly LedgerSourceType[] = Object.values(LedgerSourceType);

/** What a refund does when the points it should take back are no longer there. */
export const RefundPolicy = {
  /** Take back only what is still pending from the order; the rest is forgiven (recorded). */
  PendingOnly: 'pending_only',
  /** Take back from pending, then from available; a shortfall is forgiven (recorded). */
  WithinAvailable: 'within_available',
  /** As within_available, but a shortfall becomes explicit debt that later earnings repay first. */
  AllowDebt: 'allow_debt',
} as const;
export type RefundPolicy = (typeof RefundPolicy)[keyof typeof RefundPolicy];
export const REFUND_POLICIES: readonly RefundPolicy[] = Object.values(RefundPolicy);

export interface LedgerBalances {
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

export interface LedgerSource {
  type: LedgerSourceType;
  id: string;
}

export interface LedgerRefundView {
  refundAmount: number;
  orderAmount: number;
  policy: RefundPolicy;
  reversed: number;
  restored: number;
  debt: number;
  forgiven: number;
}

export interface LedgerEntryView {
  id: string;
  memberId: string;
  currency: Currency;
  /** Position in the wallet's ledger: 1, 2, 3 ... with no gaps. */
  seq: number;
  kind: LedgerKind;
  /** Change of available + pending + held − debt. */
  delta: number;
  change: LedgerBalances;
  balanceAfter: LedgerBalances;
  source: LedgerSource;
  orderId: string | null;
  reason: string | null;
  operator: { id: string; label: string } | null;
  lots: { lotId: string; delta: number; expiresAt: string | null }[];
  refund: LedgerRefundView | null;
  createdAt: string;
}

export interface ExpiryView {
  /** ISO instant at which these units expire. */
  at: string;
  amount: number;
}

export interface LedgerSummaryView {
  memberId: string;
  available: number;
  pending: number;
  held: number;
  debt: number;
  growth: number;
  growthPending: number;
  growthDebt: number;
  lifetime: { points: LifetimeTotals; growth: LifetimeTotals };
  /** The next (up to) three expiry instants of points, with the amount expiring at each. */
  nextExpiries: ExpiryView[];
}

export class LedgerQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(CURRENCIES)
  currency?: Currency;

  @IsOptional()
  @IsIn(LEDGER_KINDS)
  kind?: LedgerKind;
}

/** Largest amount one ledger operation may move (the ledger refuses more): far below 2^53, so sums stay exact. */
export const LEDGER_MAX_AMOUNT = 1_000_000_000;
/** Order ids key ledger entries and holds: 1–128 printable ASCII characters without spaces. */
export const LEDGER_ORDER_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
const ORDER_ID_MESSAGE = 'orderId must be 1 to 128 printable ASCII characters without spaces';

/** An operator's manual change of a member's balance; the idempotency key comes from the header. */
export class LedgerAdjustDto {
  @IsIn(CURRENCIES)
  currency!: Currency;

  // No type conversion: a JSON body carries numbers, and "5" is refused rather than guessed at.
  @IsInt()
  @NotEquals(0)
  @Min(-LEDGER_MAX_AMOUNT)
  @Max(LEDGER_MAX_AMOUNT)
  amount!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;
}

/** A service spends a member's available points (earliest-expiring first); the idempotency key comes from the header. */
export class SpendPointsDto {
  @IsInt()
  @Min(1)
  @Max(LEDGER_MAX_AMOUNT)
  amount!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason!: string;

  @IsOptional()
  @IsString()
  @Matches(LEDGER_ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId?: string;
}

/** A service puts available points aside for an order at checkout (captured or released later). */
export class HoldPointsDto {
  @IsInt()
  @Min(1)
  @Max(LEDGER_MAX_AMOUNT)
  amount!: number;

  @IsString()
  @Matches(LEDGER_ORDER_ID_PATTERN, { message: ORDER_ID_MESSAGE })
  orderId!: string;
}

export const EXPIRING_DAYS_DEFAULT = 30;
export const EXPIRING_DAYS_MAX = 3650;

export class ExpiringQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(EXPIRING_DAYS_MAX)
  days?: number;
}

export interface ExpiringItemView {
  /** The business-time-zone date on which these units expire. */
  date: string;
  /** ISO instant at which they expire (the end of that day for the built-in policies). */
  at: string;
  amount: number;
}

/** Points that expire from now until the end of the business day `days` days ahead, by expiry instant. */
export interface ExpiringPointsView {
  days: number;
  until: string;
  total: number;
  items: ExpiringItemView[];
}

export interface LotView {
  lotId: string;
  pending: boolean;
  /** Units ever credited to the lot, and what is left of them. */
  amount: number;
  remaining: number;
  earnedAt: string;
  availableAt: string;
  expiresAt: string | null;
  source: LedgerSource;
}

export interface HoldView {
  orderId: string;
  amount: number;
  heldAt: string;
  /** The lots the held units came from; a release puts them back there. */
  pieces: { lotId: string; amount: number; expiresAt: string | null }[];
}

/** One wallet as stored: balances, lots and open holds (due expiries and releases are applied by the jobs). */
export interface WalletView extends LedgerBalances {
  currency: Currency;
  /** seq of the last applied ledger entry. */
  version: number;
  lifetime: LifetimeTotals;
  lots: LotView[];
  holds: HoldView[];
  nextExpiryAt: string | null;
  nextAvailableAt: string | null;
  updatedAt: string | null;
}

/** What an operator sees of a member: the profile and every wallet. */
export interface MemberWalletsView {
  member: MemberProfileView;
  wallets: WalletView[];
}
