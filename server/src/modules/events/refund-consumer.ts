import type { EventReversalView, RefundPolicy } from '@laurel/shared';
import { BusinessRuleError, ValidationError } from '../../platform/errors.js';
import { eventKey } from './keys.js';
import type { EventConsumer, OutcomePart, PipelineEvent } from './pipeline.js';

/** What the ledger must offer for refunds (LedgerService fits). */
export interface RefundLedger {
  reverseOrder(input: {
    memberId: string;
    orderId: string;
    refundAmount: number;
    orderAmount: number;
    key: string;
    policy?: RefundPolicy;
  }): Promise<{ entries: { id: string; currency: 'points' | 'growth'; delta: number }[]; replayed: boolean }>;
}

export interface RefundPlan {
  orderId: string;
  refundAmount: number;
  /** null: the refund came before its order and named no amount; the order's amount applies when it lands. */
  orderAmount: number | null;
}

/** The ledger states refund shares as (refund, order) of at most this size; larger orders are scaled to it. */
const LEDGER_SHARE_MAX = 1_000_000_000n;

/**
 * order.refunded: takes back the refunded share of the points and growth the order earned (and gives back
 * the share of points it spent) through ledger.reverseOrder, keyed `event:<id>:refund`. The event service
 * applies a refund only once its order's order.paid is applied, and tells it the order amount then
 * (`event.refund.orderAmount`); see docs/decisions/refunds-before-earning.md.
 */
export class RefundConsumer implements EventConsumer<RefundPlan> {
  readonly name = 'refunds';

  constructor(private readonly ledger: RefundLedger) {}

  async plan(event: PipelineEvent): Promise<RefundPlan | null> {
    if (!event.refund) return null;
    const { orderId, refundAmount, orderAmount } = event.refund;
    if (orderAmount !== null && refundAmount > orderAmount) {
      throw new ValidationError([
        { field: 'attributes.refundAmount', reasons: [`refundAmount may not exceed the order amount (${orderAmount})`] },
      ]);
    }
    return { orderId, refundAmount, orderAmount };
  }

  async apply(event: PipelineEvent, plan: RefundPlan | null): Promise<OutcomePart> {
    if (!plan) return {};
    const orderAmount = plan.orderAmount ?? event.refund?.orderAmount ?? null;
    if (orderAmount === null) throw new Error(`refund ${event.id} applied before the order.paid event of order ${plan.orderId}`);
    if (plan.refundAmount > orderAmount) {
      throw new BusinessRuleError('REFUND_EXCEEDS_ORDER', `The refund of ${plan.refundAmount} exceeds the order amount of ${orderAmount}`, {
        orderId: plan.orderId,
        refundAmount: plan.refundAmount,
        orderAmount,
      });
    }
    const share = ledgerShare(plan.refundAmount, orderAmount);
    if (!share) return {};
    const result = await this.ledger.reverseOrder({
      memberId: event.member.id,
      orderId: plan.orderId,
      ...share,
      key: eventKey(event.id, 'refund'),
    });
    const reversals: EventReversalView[] = result.entries
      .filter((entry) => entry.delta !== 0)
      .map((entry) => ({ orderId: plan.orderId, currency: entry.currency, delta: entry.delta, entryId: entry.id }));
    return { reversals };
  }
}

/**
 * The refunded share as the ledger takes it. Orders above 10^9 minor units are stated against 10^9 (rounding
 * the refund down, a full refund stays full), always the same denominator so cumulative refunds of one order agree.
 * null when the share rounds to nothing.
 */
export function ledgerShare(refundAmount: number, orderAmount: number): { refundAmount: number; orderAmount: number } | null {
  if (BigInt(orderAmount) <= LEDGER_SHARE_MAX) return { refundAmount, orderAmount };
  const scaled = refundAmount === orderAmount ? LEDGER_SHARE_MAX : (BigInt(refundAmount) * LEDGER_SHARE_MAX) / BigInt(orderAmount);
  return scaled === 0n ? null : { refundAmount: Number(scaled), orderAmount: Number(LEDGER_SHARE_MAX) };
}
