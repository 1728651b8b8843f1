import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { EventOutcomeView } from './events.dto.js';
import { PageQueryDto } from './page-query.dto.js';

/**
 * Where a stored event is: `received` (anchored; being applied, or retried after a failure with backoff),
 * `waiting` (a refund whose order.paid has not arrived), `failed` (parked after the last automatic attempt,
 * until an operator retries it), `processed` (applied; the outcome is stored).
 */
export const EVENT_RECORD_STATES = ['received', 'waiting', 'failed', 'processed'] as const;
export type EventRecordState = (typeof EVENT_RECORD_STATES)[number];

/** The states an operator lists: everything not processed yet. */
export const EVENT_OPEN_STATES = ['received', 'waiting', 'failed'] as const;
export type EventOpenState = (typeof EVENT_OPEN_STATES)[number];

/** `GET /members/:id/events`: the member's open events, one state or all three. */
export class MemberEventRecordQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(EVENT_OPEN_STATES)
  state?: EventOpenState;
}

/** `GET /events`: open events, one state or all three, of one member or all. */
export class EventRecordQueryDto extends MemberEventRecordQueryDto {
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'memberId must be a member id' })
  memberId?: string;
}

/** A stored event as operators see it: what was sent, where it is, and why it is not processed yet. */
export interface EventRecordView {
  id: string;
  type: string;
  memberId: string;
  externalId: string;
  state: EventRecordState;
  occurredAt: string;
  receivedAt: string;
  processedAt: string | null;
  orderId: string | null;
  attributes: Record<string, unknown>;
  /** Failed attempts to apply it (a refund waiting for its order is not failing). */
  attempts: number;
  /** The message of the last failure (no stack); null once it succeeded. */
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When the resume job tries it next (or checks again whether a waiting refund's order arrived); null when failed or processed. */
  nextAttemptAt: string | null;
  waitingFor: { orderId: string } | null;
  outcome: EventOutcomeView | null;
}
