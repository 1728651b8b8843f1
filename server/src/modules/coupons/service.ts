import { CouponRefusal, type CouponState, type CouponUseView, type CouponView, type Page } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { CouponCheckout, CouponOrder } from './checkout.js';
import type { CouponIssuer, IssueInput, UndoIssueResult } from './issuer.js';
import { couponMessage } from './messages.js';
import type { Coupon } from './model.js';
import type { TemplateStock } from './stock.js';
import { notUsable } from './terms.js';
import { SHOWN_STATES, toCouponView } from './views.js';

/** Member lookups that never enrol anyone: 404 for an unknown external id or member id. */
export interface MemberIds {
  idOf(externalId: string): Promise<string>;
  get(id: string): Promise<unknown>;
}

export interface CouponQuery extends PageRequest {
  state?: CouponState | undefined;
  templateId?: string | undefined;
  memberId?: string | undefined;
}

export interface CouponServiceDeps {
  coupons: Model<Coupon>;
  issuer: CouponIssuer;
  checkout: CouponCheckout;
  stock: TemplateStock;
  members: MemberIds;
  audit: AuditSink;
  clock: Clock;
  onChanged: () => void;
}

/**
 * Members' coupons: issue (for other features and operators) and its undo, the member's list, the checkout's lock,
 * redeem, release and restore, the operators' lists and voids.
 */
export class CouponService {
  constructor(private readonly deps: CouponServiceDeps) {}

  /** Issues one coupon; idempotent by `key` (per member). Throws OUT_OF_STOCK, LIMIT_REACHED, NOT_ELIGIBLE, NOT_ON_SALE. */
  issue(input: IssueInput): Promise<CouponView> {
    return this.deps.issuer.issue(input);
  }

  /** Compensates an issue (see CouponIssuer.undoIssue); idempotent. */
  undoIssue(input: { key: string; memberId: string }): Promise<UndoIssueResult> {
    return this.deps.issuer.undoIssue(input);
  }

  /** An operator's issue to a member (404 for an unknown member), audited with the reason; the audience is the operator's call. */
  async issueByOperator(templateId: string, input: { memberId: string; reason: string; key: string }, actor: Actor): Promise<CouponView> {
    await this.deps.members.get(input.memberId);
    return this.deps.issuer.issue(
      { templateId, memberId: input.memberId, key: input.key, source: { type: 'operator', id: actor.id }, actor, skipAudience: true },
      input.reason,
    );
  }

  /** A member's coupons, newest first. */
  listOfMember(memberId: string, query: PageRequest & { state?: CouponState | undefined }): Promise<Page<CouponView>> {
    return this.list({ ...query, memberId });
  }

  /** A member's coupons for operators: 404 for an unknown member. */
  async memberCoupons(memberId: string, query: PageRequest & { state?: CouponState | undefined }): Promise<Page<CouponView>> {
    await this.deps.members.get(memberId);
    return this.list({ ...query, memberId });
  }

  /** Coupons by template, member and state, newest first. */
  async list(query: CouponQuery): Promise<Page<CouponView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const now = this.deps.clock.now();
    const filter: Record<string, unknown> = { ...idFilter, ...stateFilter(query.state, now) };
    if (query.memberId) filter.memberId = query.memberId;
    if (query.templateId) filter.templateId = query.templateId;
    const docs = await this.deps.coupons.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, (c) => toCouponView(c, now));
  }

  async lock(externalId: string, code: string, order: CouponOrder & { lockSeconds?: number | undefined }): Promise<CouponUseView> {
    const memberId = await this.deps.members.idOf(externalId);
    return this.deps.checkout.lock(memberId, code, {
      ...order,
      lockMs: order.lockSeconds === undefined ? undefined : order.lockSeconds * 1000,
    });
  }

  async redeem(externalId: string, code: string, order: CouponOrder): Promise<CouponUseView> {
    return this.deps.checkout.redeem(await this.deps.members.idOf(externalId), code, order);
  }

  async release(externalId: string, code: string, orderId: string): Promise<CouponView> {
    return this.deps.checkout.release(await this.deps.members.idOf(externalId), code, orderId);
  }

  async restore(externalId: string, code: string, orderId: string): Promise<CouponView> {
    return this.deps.checkout.restore(await this.deps.members.idOf(externalId), code, orderId);
  }

  /**
   * An operator voids an unused or locked coupon: it can never be used again, and the row stays. Audited once (by
   * the call that voided it); voiding a void coupon answers it as it is. Stock and the member's count are not given back.
   */
  async void(id: string, reason: string, actor: Actor): Promise<CouponView> {
    const { coupons, clock } = this.deps;
    const c = Types.ObjectId.isValid(id) && id.length === 24 ? await coupons.findById(id).lean() : null;
    if (!c || c.state === 'pending' || c.state === 'cancelled') throw new NotFoundError('Coupon', { id });
    const now = clock.now();
    if (c.state === 'voided') return toCouponView(c, now);
    if (c.state === 'redeemed') throw notUsable(CouponRefusal.Redeemed, 'A redeemed coupon cannot be voided');
    if (c.state === 'expired') throw notUsable(CouponRefusal.Expired, 'An expired coupon cannot be voided');
    const voided = await coupons
      .findOneAndUpdate(
        { _id: c._id, state: { $in: ['issued', 'restored', 'locked'] } },
        {
          $set: { state: 'voided', voidedAt: now, voidReason: reason, actor, lockedUntil: null, outboxPending: true, updatedAt: now },
          $push: { outbox: couponMessage('coupon.voided', c, now) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!voided) return this.void(id, reason, actor);
    this.deps.onChanged();
    await this.deps.stock.count(c.templateId, 'voided');
    const view = toCouponView(voided, now);
    await this.deps.audit.record({
      actor,
      action: 'coupon.void',
      target: { type: 'coupon', id },
      before: toCouponView(c, now),
      after: { ...view, reason },
    });
    return view;
  }
}

/**
 * A state as shown: usable coupons past their validity are `expired` before the job writes it (toCouponView), so
 * the filters agree with what the items say.
 */
function stateFilter(state: CouponState | undefined, now: Date): Record<string, unknown> {
  if (state === undefined) return { state: { $in: SHOWN_STATES } };
  if (state === 'issued' || state === 'restored') return { state, validUntil: { $gte: now } };
  if (state === 'expired') return { $or: [{ state: 'expired' }, { state: { $in: ['issued', 'restored'] }, validUntil: { $lt: now } }] };
  return { state };
}
