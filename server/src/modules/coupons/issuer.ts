import { CouponTemplateStatus, ErrorCode, type CouponSourceType, type CouponView } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { BusinessCalendar } from '../../platform/periods.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { MemberLimits } from './member-limits.js';
import { couponMessage } from './messages.js';
import type { Coupon, CouponTemplate } from './model.js';
import type { TemplateStock } from './stock.js';
import { newCouponCode, validityOver, validityWindow } from './terms.js';
import { toCouponView } from './views.js';

export interface IssueInput {
  templateId: string;
  /** Laurel's member id. */
  memberId: string;
  /** The issue's idempotency key, per member: the same key returns the same coupon and issues once. */
  key: string;
  source: { type: CouponSourceType; id: string };
  /** Operator issues: audited with this actor. */
  actor?: Actor;
  /** The caller (a benefit package) has already decided the member's right: the template's audience is not checked. */
  skipAudience?: boolean;
}

export type UndoIssueResult = 'undone' | 'not_issued' | 'in_use';

/**
 * The points at which a test can make an issue or its undo fail (as a crash would, leaving the steps done so far):
 * the issue's steps, a cancel's mark, an undo's void and its stock given back.
 */
export type IssueStep = 'written' | 'counted' | 'stock_taken' | 'issued' | 'cancelled' | 'voided' | 'stock_returned';
/** Test-only: called after each step of an issue; throwing there simulates a crash. Never wired to HTTP. */
export type IssueFaults = (step: IssueStep) => void | Promise<void>;

/** What the issuer needs to know of a member: their tier (for the audience). */
export interface MemberTierReader {
  get(id: string): Promise<{ tier?: string | null }>;
}

export interface IssuerDeps {
  coupons: Model<Coupon>;
  templates: Model<CouponTemplate>;
  stock: TemplateStock;
  limits: MemberLimits;
  members: MemberTierReader;
  audit: AuditSink;
  clock: Clock;
  calendar: BusinessCalendar;
  graceMs: number;
  faults: IssueFaults | undefined;
  onChanged: () => void;
}

const KEY_MAX = 300;
const CODE_ATTEMPTS = 5;
const WRITE_ATTEMPTS = 3;

/**
 * Issues coupons as idempotent steps, each with its undo: (1) write the coupon `pending` under its unique
 * (member, key), (2) take the member's count (per-member limit), (3) take the stock, (4) mark it `issued` with its
 * `coupon.issued` message, (5) clear the stock op. A refusal at (2) or (3) undoes what was done and cancels the
 * coupon. The request that wrote (or claimed again) a pending attempt owns it until its follow-up mark is due (the
 * grace period): only it takes stock and counts for the attempt, so clearing an op once the coupon records it is
 * safe. A retry with the key meanwhile is told the issue is in progress; after the grace period a retry, or the
 * resume job, undoes the attempt (a retry then issues afresh). An issued coupon with its op uncleared is finished by
 * anyone.
 */
export class CouponIssuer {
  constructor(private readonly deps: IssuerDeps) {}

  async issue(input: IssueInput, reason?: string): Promise<CouponView> {
    if (input.key.length === 0 || input.key.length > KEY_MAX) {
      throw new ValidationError([{ field: 'key', reasons: [`key must be 1 to ${KEY_MAX} characters`] }]);
    }
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const existing = await this.deps.coupons.findOne({ memberId: input.memberId, issueKey: input.key }).lean();
      if (existing?.undone) throw undoneError(input.key);
      if (existing && existing.templateId !== input.templateId) {
        throw new ConflictError('The key was used to issue a coupon of another template', ErrorCode.IdempotencyKeyReused, {
          key: input.key,
          templateId: existing.templateId,
        });
      }
      if (existing && existing.state !== 'pending' && existing.state !== 'cancelled') return this.issued(existing);
      if (existing?.followUp) {
        // A pending attempt (or a cancel waiting for its check) belongs to its request until the mark is due; after
        // that the request is presumed dead and its attempt is undone here, as the resume job would.
        if (existing.followUpAt && existing.followUpAt > this.deps.clock.now()) throw inProgressError(input.key);
        await this.cancel(existing, false);
        continue;
      }
      const template = await this.template(input.templateId);
      await this.checkOnSale(template, input);
      const mine = existing ? await this.reclaim(existing, template) : await this.write(template, input);
      if (mine) return this.complete(mine, template, input.actor, reason);
    }
    throw inProgressError(input.key);
  }

  /**
   * Compensates an issue: an unused coupon (issued, restored, expired or voided by an operator) is voided and its
   * stock and the member's count are given back; a pending one is cancelled; an unknown key is recorded as undone so
   * that a late issue with it is refused. Idempotent; `in_use` (nothing changed) when the coupon is locked or redeemed.
   */
  async undoIssue(input: { key: string; memberId: string }): Promise<UndoIssueResult> {
    const { coupons, clock } = this.deps;
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const c = await coupons.findOne({ memberId: input.memberId, issueKey: input.key }).lean();
      if (!c) {
        if (await this.writeUndone(input)) return 'not_issued';
        continue;
      }
      if (c.state === 'locked' || c.state === 'redeemed') return 'in_use';
      if (c.state === 'pending' || c.state === 'cancelled') {
        if (await this.cancel(c, true)) return 'not_issued';
        continue; // issued meanwhile: undo it as such
      }
      if (c.undone) {
        // The give-back belongs to the undo that voided it until its mark is due; then anyone finishes it.
        if (c.followUp && (!c.followUpAt || c.followUpAt <= clock.now())) await this.giveBack(c);
        return 'undone';
      }
      const now = clock.now();
      const voided = await coupons
        .findOneAndUpdate(
          { _id: c._id, state: c.state, undone: false },
          {
            $set: {
              state: 'voided',
              undone: true,
              voidedAt: c.voidedAt ?? now,
              voidReason: c.voidReason ?? 'issue undone',
              followUp: true,
              followUpAt: this.followUpAt(now),
              outboxPending: true,
              updatedAt: now,
            },
            $push: { outbox: couponMessage('coupon.voided', c, now) },
          },
          { returnDocument: 'after' },
        )
        .lean();
      if (!voided) continue; // it changed meanwhile (locked, redeemed, expired): look again
      this.deps.onChanged();
      await this.fault('voided');
      await this.giveBack(voided);
      return 'undone';
    }
    throw new ConflictError('The coupon is changing; retry the undo', ErrorCode.Conflict, { key: input.key });
  }

  /** The resume job's work on one coupon marked for follow-up: undo a pending issue, finish any other. */
  async resume(c: Coupon): Promise<'cancelled' | 'finished' | 'returned' | 'skipped'> {
    if (c.state === 'pending' || c.state === 'cancelled') return (await this.cancel(c, c.undone)) ? 'cancelled' : 'skipped';
    if (c.undone) {
      await this.giveBack(c);
      return 'returned';
    }
    await this.finish(c);
    return 'finished';
  }

  private async complete(c: Coupon, template: CouponTemplate, actor: Actor | undefined, reason: string | undefined): Promise<CouponView> {
    const { coupons, stock, limits, clock } = this.deps;
    const ref = issueRef(c);
    await this.fault('written');
    if (c.counted && template.perMemberLimit !== null) {
      if (!(await limits.take(c.templateId, c.memberId, ref, template.perMemberLimit))) {
        await this.cancel(c, false, true);
        throw new BusinessRuleError(ErrorCode.LimitReached, 'The member has reached the limit of coupons of this template', {
          templateId: c.templateId,
          limit: template.perMemberLimit,
        });
      }
    }
    await this.fault('counted');
    if (!(await stock.take(template._id, ref, c.stocked, clock.now()))) {
      await this.cancel(c, false, true);
      throw new BusinessRuleError(ErrorCode.OutOfStock, 'No coupons of this template are left', { templateId: c.templateId });
    }
    await this.fault('stock_taken');
    const now = clock.now();
    const issued = await coupons
      .findOneAndUpdate(
        { _id: c._id, state: 'pending', attempt: c.attempt },
        {
          $set: { state: 'issued', stage: 'issued', issuedAt: now, followUpAt: this.followUpAt(now), outboxPending: true, updatedAt: now },
          $push: { outbox: couponMessage('coupon.issued', c, now) },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!issued) return this.lostMark(c);
    this.deps.onChanged();
    if (actor) {
      const after = toCouponView(issued, now);
      await this.deps.audit.record({
        actor,
        action: 'coupon.issue',
        target: { type: 'coupon', id: after.id },
        after: { ...after, reason },
      });
    }
    await this.fault('issued');
    return this.issued(await this.finish(issued));
  }

  /**
   * The mark to `issued` found the coupon changed: another request issued this attempt, or the attempt was cancelled
   * (by an undo, or after the grace period). A cancelled attempt can never be issued, so what it took goes back here.
   */
  private async lostMark(c: Coupon): Promise<CouponView> {
    const now = await this.deps.coupons.findById(c._id).lean();
    if (now && now.attempt === c.attempt && now.state !== 'pending' && now.state !== 'cancelled') return this.issued(now);
    await this.undoAttempt(c);
    if (now?.undone) throw undoneError(c.issueKey);
    throw new ConflictError('The issue was interrupted; retry it with the same key', ErrorCode.Conflict, { key: c.issueKey });
  }

  /** An issued coupon, its stock op cleared if a crash left it. */
  private async issued(c: Coupon): Promise<CouponView> {
    const done = c.followUp && c.stage === 'issued' && !c.undone ? await this.finish(c) : c;
    return toCouponView(done, this.deps.clock.now());
  }

  /** Step 5: the coupon has recorded its stock, so the op is forgotten; then the follow-up mark goes. */
  private async finish(c: Coupon): Promise<Coupon> {
    await this.deps.stock.clear(new Types.ObjectId(c.templateId), issueRef(c));
    const done = await this.deps.coupons
      .findOneAndUpdate(
        { _id: c._id, stage: 'issued' },
        { $set: { stage: 'done' }, $unset: { followUp: 1, followUpAt: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    return done ?? c;
  }

  /**
   * Cancels a pending attempt: the coupon is marked first (so its request cannot mark it issued any more), then the
   * attempt's count and stock go back. An attempt whose request may still be running (its mark not yet due) keeps a
   * mark due when it would have been, so the resume job undoes again whatever that request takes after this. Each
   * part is idempotent. False when the coupon was issued meanwhile (nothing is undone then). `byOwner`: the attempt's
   * own request cancels it (a refusal), so nothing can come after.
   */
  private async cancel(c: Coupon, undone: boolean, byOwner = false): Promise<boolean> {
    const { coupons, clock } = this.deps;
    const now = clock.now();
    const recheckAt = !byOwner && c.followUp && c.followUpAt && c.followUpAt > now ? c.followUpAt : now;
    const marked = await coupons
      .findOneAndUpdate(
        { _id: c._id, state: { $in: ['pending', 'cancelled'] }, attempt: c.attempt },
        { $set: { state: 'cancelled', undone: undone || c.undone, followUp: true, followUpAt: recheckAt, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!marked) return false;
    await this.fault('cancelled');
    await this.undoAttempt(marked);
    if (recheckAt <= now) {
      await coupons.updateOne(
        { _id: c._id, state: 'cancelled', attempt: c.attempt, followUpAt: { $lte: now } },
        { $unset: { followUp: 1, followUpAt: 1 } },
      );
    }
    return true;
  }

  /** Gives back the count and stock one attempt took (each only if it was taken). */
  private async undoAttempt(c: Coupon): Promise<void> {
    if (!Types.ObjectId.isValid(c.templateId)) return; // the record of an undo before any issue took nothing
    const ref = issueRef(c);
    await this.deps.stock.untake(new Types.ObjectId(c.templateId), ref, c.stocked);
    if (c.counted) await this.deps.limits.give(c.templateId, c.memberId, ref);
  }

  /** The undo of an issued coupon (already voided and marked undone): its stock unit and the member's count go back. */
  private async giveBack(c: Coupon): Promise<void> {
    const { coupons, stock, limits, clock } = this.deps;
    const templateId = new Types.ObjectId(c.templateId);
    const op = `${c._id.toHexString()}-return`;
    await stock.giveBack(templateId, op, c.stocked, clock.now());
    await this.fault('stock_returned');
    if (c.counted) await limits.give(c.templateId, c.memberId, issueRef(c));
    // The coupon records the return before the op is forgotten: a crash between leaves only a stale op key. The
    // issue's own op goes too, in case a crash left it (the coupon was issued: nothing takes under it again).
    await coupons.updateOne({ _id: c._id, undone: true }, { $unset: { followUp: 1, followUpAt: 1 } });
    await stock.clear(templateId, op);
    await stock.clear(templateId, issueRef(c));
  }

  private async checkOnSale(template: CouponTemplate, input: IssueInput): Promise<void> {
    const now = this.deps.clock.now();
    if (template.status !== CouponTemplateStatus.Active || validityOver(template.validity, now, this.deps.calendar)) {
      throw new BusinessRuleError(ErrorCode.NotOnSale, 'The coupon template is not issuing coupons', {
        templateId: input.templateId,
        status: template.status,
      });
    }
    if (input.skipAudience || template.audience.tiers.length === 0) return;
    const tier = (await this.deps.members.get(input.memberId)).tier ?? null;
    if (tier === null || !template.audience.tiers.includes(tier)) {
      throw new BusinessRuleError(ErrorCode.NotEligible, "The member's tier is not in the template's audience", {
        templateId: input.templateId,
        tier,
      });
    }
  }

  /** Step 1: the pending coupon under its unique key, or null when another request wrote that key first. */
  private async write(template: CouponTemplate, input: IssueInput): Promise<Coupon | null> {
    const now = this.deps.clock.now();
    const window = validityWindow(template.validity, now, this.deps.calendar);
    const coupon: Coupon = {
      _id: new Types.ObjectId(),
      code: '',
      memberId: input.memberId,
      templateId: template._id.toHexString(),
      issueKey: input.key,
      source: { type: input.source.type, id: input.source.id },
      ...termsOf(template),
      validFrom: window.from,
      validUntil: window.until,
      state: 'pending',
      stage: 'written',
      attempt: 1,
      counted: template.perMemberLimit !== null,
      stocked: template.totalStock !== null,
      undone: false,
      orderId: null,
      lockedUntil: null,
      redeemedAt: null,
      discountApplied: null,
      restoredOrderIds: [],
      issuedAt: null,
      voidedAt: null,
      voidReason: null,
      actor: input.actor ?? null,
      followUp: true,
      followUpAt: this.followUpAt(now),
      createdAt: now,
      updatedAt: now,
    };
    return (await this.insert(coupon)) ? coupon : null;
  }

  /** A cancelled issue tried again with its key: a new attempt, with the template's terms of now. */
  private async reclaim(c: Coupon, template: CouponTemplate): Promise<Coupon | null> {
    const now = this.deps.clock.now();
    const window = validityWindow(template.validity, now, this.deps.calendar);
    return this.deps.coupons
      .findOneAndUpdate(
        { _id: c._id, state: 'cancelled', attempt: c.attempt, undone: false, followUp: { $ne: true } },
        {
          $set: {
            ...termsOf(template),
            validFrom: window.from,
            validUntil: window.until,
            state: 'pending',
            stage: 'written',
            counted: template.perMemberLimit !== null,
            stocked: template.totalStock !== null,
            followUp: true,
            followUpAt: this.followUpAt(now),
            updatedAt: now,
          },
          $inc: { attempt: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean();
  }

  /** Records an undo that came before any issue with its key, so that a late issue is refused. */
  private async writeUndone(input: { key: string; memberId: string }): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.insert({
      _id: new Types.ObjectId(),
      code: '',
      memberId: input.memberId,
      templateId: '-',
      issueKey: input.key,
      source: null,
      state: 'cancelled',
      stage: 'written',
      attempt: 1,
      counted: false,
      stocked: false,
      undone: true,
      restoredOrderIds: [],
      createdAt: now,
      updatedAt: now,
    } as unknown as Coupon);
  }

  /** Inserts with a fresh code; false when the (member, key) exists already. A code collision draws another. */
  private async insert(coupon: Coupon): Promise<boolean> {
    for (let i = 0; i < CODE_ATTEMPTS; i++) {
      try {
        await this.deps.coupons.create({ ...coupon, code: newCouponCode() });
        return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        if (await this.deps.coupons.exists({ memberId: coupon.memberId, issueKey: coupon.issueKey })) return false;
      }
    }
    throw new Error('could not draw an unused coupon code');
  }

  private async template(id: string): Promise<CouponTemplate> {
    const template = Types.ObjectId.isValid(id) && id.length === 24 ? await this.deps.templates.findById(id).lean() : null;
    if (!template) throw new NotFoundError('Coupon template', { id });
    return template;
  }

  private async fault(step: IssueStep): Promise<void> {
    if (this.deps.faults) await this.deps.faults(step);
  }

  private followUpAt(now: Date): Date {
    return new Date(now.getTime() + this.deps.graceMs);
  }
}

/** Names one issue attempt in the member's count and the template's stock ops. */
function issueRef(c: Coupon): string {
  return `${c._id.toHexString()}-${c.attempt}`;
}

function termsOf(template: CouponTemplate): Pick<Coupon, 'templateName' | 'discount' | 'minSpend' | 'currency'> {
  return {
    templateName: template.name,
    discount: { ...template.discount },
    minSpend: template.minSpend,
    currency: template.currency,
  };
}

function inProgressError(key: string): ConflictError {
  return new ConflictError('The coupon is being issued by another request; retry with the same key', ErrorCode.IdempotencyKeyInProgress, {
    key,
  });
}

function undoneError(key: string): ConflictError {
  return new ConflictError('The issue with this key was undone', ErrorCode.Conflict, { key, reason: 'undone' });
}
