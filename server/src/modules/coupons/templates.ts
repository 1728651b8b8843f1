import {
  CouponDiscountType,
  CouponTemplateStatus,
  CouponValidityType,
  type CouponTemplateView,
  type FieldError,
  type Page,
} from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import { isDayKey } from '../../platform/periods.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { CouponDiscount, CouponTemplate, CouponValidity } from './model.js';
import { toTemplateView } from './views.js';

/** CreateCouponTemplateDto fits. */
export interface TemplateInput {
  name: string;
  description?: string | undefined;
  discount: Partial<CouponDiscount> & { type: CouponDiscount['type'] };
  minSpend?: number | undefined;
  currency: string;
  validity: Partial<CouponValidity> & { type: CouponValidity['type'] };
  totalStock?: number | undefined;
  perMemberLimit?: number | undefined;
  audience?: { tiers?: string[] | undefined } | undefined;
  active?: boolean | undefined;
}

/** UpdateCouponTemplateDto fits. */
export type TemplateChanges = Partial<Omit<TemplateInput, 'currency' | 'active'>> & { version?: number | undefined };

/**
 * Coupon templates for operators: create, change (optimistic `version`), pause, resume, archive (frozen for good).
 * Every change is audited with before and after. Coupons issued keep the terms they were issued with. Whether a
 * template has stock and a per-member limit is fixed at creation (their values may change).
 */
export class CouponTemplateService {
  constructor(
    private readonly templates: Model<CouponTemplate>,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async create(input: TemplateInput, actor: Actor): Promise<CouponTemplateView> {
    const discount = discountOf(input.discount);
    const validity = validityOf(input.validity);
    checked(discount, validity);
    const now = this.clock.now();
    const created = await this.templates.create({
      name: input.name,
      description: input.description ?? '',
      discount,
      minSpend: input.minSpend ?? 0,
      currency: input.currency,
      validity,
      totalStock: input.totalStock ?? null,
      stockLeft: input.totalStock ?? null,
      perMemberLimit: input.perMemberLimit ?? null,
      audience: { tiers: [...(input.audience?.tiers ?? [])] },
      status: input.active === false ? CouponTemplateStatus.Paused : CouponTemplateStatus.Active,
      issued: 0,
      redeemed: 0,
      restored: 0,
      expired: 0,
      voided: 0,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    const view = toTemplateView(created.toObject());
    await this.audit.record({ actor, action: 'coupon-template.create', target: { type: 'coupon-template', id: view.id }, after: view });
    return view;
  }

  async get(id: string): Promise<CouponTemplateView> {
    return toTemplateView(await this.find(id));
  }

  /** Newest first, with stock left and counts. */
  async list(query: PageRequest & { status?: CouponTemplateStatus | undefined }): Promise<Page<CouponTemplateView>> {
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { ...idFilter };
    if (query.status) filter.status = query.status;
    const docs = await this.templates.find(filter, { stockOps: 0 }).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toTemplateView);
  }

  /** `discount`, `validity` and `audience` are replaced whole; a stock change moves stock left by as much. */
  async update(id: string, changes: TemplateChanges, actor: Actor): Promise<CouponTemplateView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (changes.version !== undefined && changes.version !== before.version) {
      throw new ConflictError('The coupon template has changed since you read it', undefined, { id, version: before.version });
    }
    const problems: FieldError[] = [];
    if (changes.totalStock !== undefined && before.totalStock === null) {
      problems.push({ field: 'totalStock', reasons: ['a template created without stock keeps none'] });
    }
    if (changes.perMemberLimit !== undefined && before.perMemberLimit === null) {
      problems.push({ field: 'perMemberLimit', reasons: ['a template created without a per-member limit keeps none'] });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const discount = changes.discount ? discountOf(changes.discount) : before.discount;
    const validity = changes.validity ? validityOf(changes.validity) : before.validity;
    checked(discount, validity);
    const set: Record<string, unknown> = { discount, validity, updatedAt: this.clock.now() };
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.minSpend !== undefined) set.minSpend = changes.minSpend;
    if (changes.perMemberLimit !== undefined) set.perMemberLimit = changes.perMemberLimit;
    if (changes.audience) set.audience = { tiers: [...(changes.audience.tiers ?? [])] };
    const stockDelta = changes.totalStock !== undefined && before.totalStock !== null ? changes.totalStock - before.totalStock : 0;
    const filter: Record<string, unknown> = stockDelta < 0 ? { stockLeft: { $gte: -stockDelta } } : {};
    const update = { $set: set, ...(stockDelta !== 0 ? { $inc: { totalStock: stockDelta, stockLeft: stockDelta } } : {}) };
    return this.write(before, update, filter, 'coupon-template.update', actor, stockDelta < 0);
  }

  /** Stops issuing (coupons issued stay usable). Pausing twice changes nothing. */
  pause(id: string, actor: Actor): Promise<CouponTemplateView> {
    return this.setStatus(id, CouponTemplateStatus.Paused, 'coupon-template.pause', actor);
  }

  resume(id: string, actor: Actor): Promise<CouponTemplateView> {
    return this.setStatus(id, CouponTemplateStatus.Active, 'coupon-template.resume', actor);
  }

  /** Retires a template for good: it issues no more and can no longer change; its coupons stay usable. */
  async archive(id: string, actor: Actor): Promise<CouponTemplateView> {
    const before = await this.find(id);
    if (before.status === CouponTemplateStatus.Archived) return toTemplateView(before);
    return this.write(
      before,
      { $set: { status: CouponTemplateStatus.Archived, updatedAt: this.clock.now() } },
      {},
      'coupon-template.archive',
      actor,
    );
  }

  private async setStatus(id: string, status: CouponTemplateStatus, action: string, actor: Actor): Promise<CouponTemplateView> {
    const before = await this.find(id);
    this.refuseArchived(before);
    if (before.status === status) return toTemplateView(before);
    return this.write(before, { $set: { status, updatedAt: this.clock.now() } }, {}, action, actor);
  }

  private refuseArchived(template: CouponTemplate): void {
    if (template.status === CouponTemplateStatus.Archived) {
      throw new ConflictError('An archived coupon template cannot be changed', 'TEMPLATE_ARCHIVED', { id: template._id.toHexString() });
    }
  }

  /** Applies an update to the version read (a concurrent change is a 409) and audits it. */
  private async write(
    before: CouponTemplate,
    update: Record<string, unknown>,
    filter: Record<string, unknown>,
    action: string,
    actor: Actor,
    reducesStock = false,
  ): Promise<CouponTemplateView> {
    const id = before._id.toHexString();
    const after = await this.templates
      .findOneAndUpdate(
        { _id: before._id, version: before.version, ...filter },
        { ...update, $inc: { ...incOf(update), version: 1 } },
        {
          // No projection: FerretDB refuses findAndModify with one.
          returnDocument: 'after',
        },
      )
      .lean();
    if (!after) {
      const now = await this.find(id);
      if (reducesStock && now.version === before.version) {
        throw new ValidationError([{ field: 'totalStock', reasons: ['total stock cannot go below the coupons already issued'] }]);
      }
      throw new ConflictError('The coupon template changed while this change was made; read it again', undefined, { id });
    }
    const view = toTemplateView(after);
    await this.audit.record({ actor, action, target: { type: 'coupon-template', id }, before: toTemplateView(before), after: view });
    return view;
  }

  private async find(id: string): Promise<CouponTemplate> {
    const template = Types.ObjectId.isValid(id) && id.length === 24 ? await this.templates.findById(id, { stockOps: 0 }).lean() : null;
    if (!template) throw new NotFoundError('Coupon template', { id });
    return template;
  }
}

function incOf(update: Record<string, unknown>): Record<string, number> {
  return (update.$inc as Record<string, number> | undefined) ?? {};
}

function discountOf(input: TemplateInput['discount']): CouponDiscount {
  return {
    type: input.type,
    amountOff: input.type === CouponDiscountType.Amount ? (input.amountOff ?? null) : null,
    percentOff: input.type === CouponDiscountType.Percent ? (input.percentOff ?? null) : null,
    maxDiscount: input.type === CouponDiscountType.Percent ? (input.maxDiscount ?? null) : null,
  };
}

function validityOf(input: TemplateInput['validity']): CouponValidity {
  const fixed = input.type === CouponValidityType.Fixed;
  return {
    type: input.type,
    from: fixed ? (input.from ?? null) : null,
    to: fixed ? (input.to ?? null) : null,
    days: fixed ? null : (input.days ?? null),
  };
}

/** The checks the DTO cannot make: which fields each type needs, and real days in order. */
function checked(discount: CouponDiscount, validity: CouponValidity): void {
  const problems: FieldError[] = [];
  if (discount.type === CouponDiscountType.Amount && discount.amountOff === null) {
    problems.push({ field: 'discount.amountOff', reasons: ['an amount discount needs amountOff'] });
  }
  if (discount.type === CouponDiscountType.Percent && discount.percentOff === null) {
    problems.push({ field: 'discount.percentOff', reasons: ['a percent discount needs percentOff'] });
  }
  if (validity.type === CouponValidityType.Fixed) {
    if (validity.from === null || !isDayKey(validity.from))
      problems.push({ field: 'validity.from', reasons: ['fixed validity needs a real day'] });
    if (validity.to === null || !isDayKey(validity.to))
      problems.push({ field: 'validity.to', reasons: ['fixed validity needs a real day'] });
    else if (validity.from !== null && validity.to < validity.from)
      problems.push({ field: 'validity.to', reasons: ['to must not be before from'] });
  } else if (validity.days === null) {
    problems.push({ field: 'validity.days', reasons: ['relative validity needs days'] });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}
