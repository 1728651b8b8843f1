import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { EXTERNAL_ID_PATTERN } from './members.dto.js';

/** An event id: the event's idempotency key, 1–200 printable ASCII characters (spaces allowed). */
export const EVENT_ID_PATTERN = /^[\x20-\x7e]{1,200}$/;
/** Event types: the known ones below, or any custom type of this shape. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
/** Order ids: 1–128 printable ASCII characters without spaces (they key ledger entries). */
export const ORDER_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
/** ISO-8601 in UTC with a `Z`: `2026-05-01T08:30:00Z` or with milliseconds. */
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** Money amounts are integer minor units up to 2^53 - 1. */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;
export const EVENT_BATCH_MAX = 500;
/** Attributes of one event, as JSON text, may not be longer (custom types carry free attributes). */
export const EVENT_ATTRIBUTES_MAX_CHARS = 16_384;
const EVENT_ATTRIBUTES_MAX_DEPTH = 8;

export const KnownEventType = {
  OrderPaid: 'order.paid',
  OrderRefunded: 'order.refunded',
  MemberRegistered: 'member.registered',
} as const;
export type KnownEventType = (typeof KnownEventType)[keyof typeof KnownEventType];
export const KNOWN_EVENT_TYPES: readonly string[] = Object.values(KnownEventType);

function depthOf(value: unknown, depth = 0): number {
  if (value === null || typeof value !== 'object' || depth > EVENT_ATTRIBUTES_MAX_DEPTH) return depth;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child, depth + 1)), depth + 1);
}

/** A JSON value no longer than `maxChars` as JSON text and at most 8 levels deep. */
export function IsBoundedJson(maxChars: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isBoundedJson',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be at most ${maxChars} characters of JSON, ${EVENT_ATTRIBUTES_MAX_DEPTH} levels deep`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => (JSON.stringify(value) ?? '').length <= maxChars && depthOf(value) <= EVENT_ATTRIBUTES_MAX_DEPTH,
      },
    });
  };
}

export class EventMemberDto {
  @IsString()
  @Matches(EXTERNAL_ID_PATTERN, { message: 'externalId must be 1 to 128 printable ASCII characters' })
  externalId!: string;
}

/**
 * One business event. `attributes` are checked against the type's attribute DTO for known types
 * (see KNOWN_EVENT_ATTRIBUTES); custom types carry free JSON attributes, bounded in size.
 */
export class EventDto {
  @IsString()
  @Matches(EVENT_ID_PATTERN, { message: 'id must be 1 to 200 printable ASCII characters' })
  id!: string;

  @IsString()
  @Matches(EVENT_TYPE_PATTERN, { message: 'type must match ^[a-z][a-z0-9_.-]{0,63}$' })
  type!: string;

  @IsString()
  @Matches(ISO_UTC_PATTERN, { message: 'occurredAt must be an ISO-8601 instant in UTC, e.g. 2026-05-01T08:30:00Z' })
  @IsISO8601({ strict: true }, { message: 'occurredAt must be a valid calendar date and time' })
  occurredAt!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => EventMemberDto)
  member!: EventMemberDto;

  @IsOptional()
  @IsObject()
  @IsBoundedJson(EVENT_ATTRIBUTES_MAX_CHARS)
  attributes?: Record<string, unknown>;
}

export class EventBatchDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_BATCH_MAX)
  @IsObject({ each: true })
  events!: Record<string, unknown>[];
}

export class OrderItemDto {
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  sku!: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  category?: string;

  /** What the line cost (unit price × quantity, after discounts), in minor units. */
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  amount!: number;

  @IsInt()
  @Min(1)
  @Max(1_000_000)
  quantity!: number;
}

export class OrderPaidAttributesDto {
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1 to 128 printable ASCII characters without spaces' })
  orderId!: string;

  /** What the order cost, in minor units of `currency`. */
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR_UNITS)
  amount!: number;

  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter upper-case ISO 4217 code' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  channel?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items?: OrderItemDto[];
}

export class OrderRefundedAttributesDto {
  @IsString()
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1 to 128 printable ASCII characters without spaces' })
  orderId!: string;

  /** The part of the order refunded by this event, in minor units. */
  @IsInt()
  @Min(1)
  @Max(MAX_MINOR_UNITS)
  refundAmount!: number;

  /** Defaults to the amount of the stored order.paid event for the order. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_MINOR_UNITS)
  orderAmount?: number;
}

export class MemberRegisteredAttributesDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  channel?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  referralCode?: string;
}

/** The attribute DTO of each known event type. */
export const KNOWN_EVENT_ATTRIBUTES: Readonly<Record<KnownEventType, new () => object>> = {
  [KnownEventType.OrderPaid]: OrderPaidAttributesDto,
  [KnownEventType.OrderRefunded]: OrderRefundedAttributesDto,
  [KnownEventType.MemberRegistered]: MemberRegisteredAttributesDto,
};

export const SkipReason = {
  /** A condition of the rule did not hold; `detail` names it. */
  Condition: 'condition',
  /** A cap of the rule was reached; `detail` names it (event, day, week, month). */
  Cap: 'cap',
  /** The formula came to zero (e.g. an amount below one unit). */
  Zero: 'zero',
  /** A higher-priority rule with `stop` granted first. */
  Stopped: 'stopped',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

export interface EventGrantView {
  ruleId: string;
  ruleName: string;
  currency: 'points' | 'growth';
  amount: number;
  pending: boolean;
  /** When the units become spendable (now, unless pending). */
  availableAt: string;
  /** The ledger entry; null in a dry run. */
  entryId: string | null;
  /** The grant was reduced by a cap (event, day, week or month). */
  cappedBy?: string;
}

export interface EventSkipView {
  ruleId: string;
  ruleName: string;
  reason: SkipReason;
  detail?: string;
}

export interface EventReversalView {
  orderId: string;
  currency: 'points' | 'growth';
  /** Units taken back (negative) or given back, as the ledger entry's delta. */
  delta: number;
  entryId: string;
}

/** A consumer's business refusal after the event was accepted (e.g. a refund the ledger would not take). */
export interface EventRefusalView {
  consumer: string;
  code: string;
  message: string;
}

/**
 * `processed`: the event was applied and this is what it did. `waiting`: accepted and stored, but not applied yet
 * because it needs another event first (a refund whose order.paid has not arrived); it is applied when that lands.
 */
export type EventOutcomeState = 'processed' | 'waiting';

/** What an accepted event did; a replay returns the same (or, for a waiting event, what it did once applied). */
export interface EventOutcomeView {
  id: string;
  type: string;
  memberId: string | null;
  occurredAt: string;
  state: EventOutcomeState;
  /** Set while `waiting`: the order whose order.paid event the refund waits for. */
  waitingFor?: { orderId: string };
  grants: EventGrantView[];
  skipped: EventSkipView[];
  reversals: EventReversalView[];
  refusals: EventRefusalView[];
}

/** What an event would do (an earning-rules dry run): an outcome that nothing stored. */
export type EventDryRunView = Omit<EventOutcomeView, 'state' | 'waitingFor'>;

export type EventBatchStatus = 'accepted' | 'replayed' | 'rejected';

export interface EventBatchItemView {
  index: number;
  id: string | null;
  status: EventBatchStatus;
  outcome?: EventOutcomeView;
  error?: { code: string; message: string; details: Record<string, unknown> };
}

export interface EventBatchView {
  results: EventBatchItemView[];
  accepted: number;
  replayed: number;
  rejected: number;
}
