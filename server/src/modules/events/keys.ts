import { createHash } from 'node:crypto';

const LEDGER_KEY_MAX = 200;
const NO_SPACES = /^[\x21-\x7e]+$/;

/**
 * The idempotency key of a change an event causes, e.g. `event:<id>:rule:<ruleId>` for a ledger earn.
 * Ledger keys are at most 200 characters without spaces; an event id that would not fit is replaced by its
 * SHA-256 (`event#<hash>:...`: a different prefix, so the two forms can never collide).
 */
export function eventKey(eventId: string, suffix: string): string {
  const plain = `event:${eventId}:${suffix}`;
  if (plain.length <= LEDGER_KEY_MAX && NO_SPACES.test(eventId)) return plain;
  return `event#${createHash('sha256').update(eventId).digest('hex')}:${suffix}`;
}

/** The slot of an order's order.paid event, also claimed by a refund that arrives before it (see model.ts). */
export function orderSlot(memberId: string, orderId: string): string {
  return `order:${memberId}:${orderId}`;
}

/** The slot of any other event: its own, so it never collides. */
export function eventSlot(eventId: string): string {
  return `event:${eventId}`;
}
