import type { CashPriceView, MallRewardView, RedemptionView } from '@laurel/shared';
import type { CashPrice, MallReward, Redemption } from './model.js';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

function cashView(cash: CashPrice | null): CashPriceView | null {
  return cash ? { amount: cash.amount, currency: cash.currency } : null;
}

export function toMallRewardView(r: MallReward): MallRewardView {
  return {
    id: r._id.toHexString(),
    name: r.name,
    description: r.description,
    type: r.type,
    couponTemplateId: r.couponTemplateId,
    benefit: r.benefit ? { ...r.benefit } : null,
    pointsPrice: r.pointsPrice,
    cash: cashView(r.cash),
    stock: { total: r.stock + r.sold, left: r.stock },
    saleStartsAt: iso(r.saleStartsAt),
    saleEndsAt: iso(r.saleEndsAt),
    limit: r.limit ? { count: r.limit.count, period: r.limit.period } : null,
    tiers: [...r.tiers],
    revocable: r.revocable,
    displayOrder: r.displayOrder,
    status: r.status,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The redemption as its member and operators see it; `withCodes: false` (webhooks) leaves the codes' text out. */
export function toRedemptionView(r: Redemption, options: { withCodes: boolean } = { withCodes: true }): RedemptionView {
  const { terms } = r;
  return {
    id: r._id.toHexString(),
    memberId: r.memberId,
    rewardId: r.rewardId,
    rewardName: terms.name,
    rewardType: terms.type,
    quantity: r.quantity,
    pointsPrice: terms.pointsPrice,
    cash: cashView(terms.cash),
    pointsTotal: r.pointsTotal,
    cashTotal: terms.cash ? { amount: terms.cash.amount * r.quantity, currency: terms.cash.currency } : null,
    tiers: [...terms.tiers],
    memberTier: terms.memberTier,
    state: r.state,
    failure: r.failure ? { code: r.failure.code, message: r.failure.message } : null,
    issued: r.issued.map((item) => (options.withCodes || item.code === undefined ? { ...item } : { kind: item.kind, id: item.id })),
    fulfilment:
      r.fulfilmentStatus && r.fulfilment
        ? {
            status: r.fulfilmentStatus,
            trackingNumber: r.fulfilment.trackingNumber,
            note: r.fulfilment.note,
            updatedAt: r.fulfilment.updatedAt.toISOString(),
          }
        : null,
    revocable: terms.revocable,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    completedAt: iso(r.completedAt),
    cancelledAt: iso(r.cancelledAt),
  };
}
