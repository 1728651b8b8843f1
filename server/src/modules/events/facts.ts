import { KnownEventType } from '@laurel/shared';
import type { MemberRef } from '../members/service.js';
import type { OrderFacts, OrderItem, PipelineEvent, RefundFacts } from './pipeline.js';

type Attributes = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

function itemOf(raw: unknown): OrderItem | null {
  if (raw === null || typeof raw !== 'object') return null;
  const item = raw as Attributes;
  const sku = text(item.sku);
  const amount = integer(item.amount);
  const quantity = integer(item.quantity);
  if (sku === null || amount === null || quantity === null) return null;
  return { sku, category: text(item.category), amount, quantity };
}

/** The order an order.paid event describes (its attributes were validated when the event was accepted). */
export function orderFactsOf(type: string, attributes: Attributes): OrderFacts | null {
  if (type !== KnownEventType.OrderPaid) return null;
  const orderId = text(attributes.orderId);
  const amount = integer(attributes.amount);
  const currency = text(attributes.currency);
  if (orderId === null || amount === null || currency === null) return null;
  const items = Array.isArray(attributes.items) ? attributes.items.map(itemOf).filter((i): i is OrderItem => i !== null) : [];
  return { orderId, amount, currency, channel: text(attributes.channel), items };
}

export function refundFactsOf(type: string, attributes: Attributes): RefundFacts | null {
  if (type !== KnownEventType.OrderRefunded) return null;
  const orderId = text(attributes.orderId);
  const refundAmount = integer(attributes.refundAmount);
  if (orderId === null || refundAmount === null) return null;
  return { orderId, refundAmount, orderAmount: integer(attributes.orderAmount) };
}

/** The event as consumers see it, with the facts of its known type. */
export function toPipelineEvent(
  input: { id: string; type: string; occurredAt: Date; attributes: Attributes },
  member: MemberRef,
  receivedAt: Date,
): PipelineEvent {
  return {
    id: input.id,
    type: input.type,
    occurredAt: input.occurredAt,
    receivedAt,
    member,
    attributes: input.attributes,
    order: orderFactsOf(input.type, input.attributes),
    refund: refundFactsOf(input.type, input.attributes),
  };
}

/** A refund stated without an order amount is stated against its order's: `orderAmount` from the order.paid event. */
export function withOrderAmount(event: PipelineEvent, orderAmount: number | null): PipelineEvent {
  if (!event.refund || event.refund.orderAmount !== null) return event;
  return { ...event, refund: { ...event.refund, orderAmount } };
}
