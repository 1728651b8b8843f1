import type { Model } from 'mongoose';
import type { Walker } from '../../jobs/batch-walker.js';
import type { Clock } from '../../platform/clock.js';
import type { AuditSink } from '../audit/service.js';
import { CouponCheckout } from './checkout.js';
import { CouponIssuer, type IssueFaults, type MemberTierReader } from './issuer.js';
import { couponJobs } from './jobs.js';
import { MemberLimits } from './member-limits.js';
import type { Coupon, CouponMemberCount, CouponTemplate } from './model.js';
import { CouponService, type MemberIds } from './service.js';
import { TemplateStock } from './stock.js';
import { CouponSweeps } from './sweeps.js';
import { CouponTemplateService } from './templates.js';

export interface CouponModels {
  templates: Model<CouponTemplate>;
  coupons: Model<Coupon>;
  memberCounts: Model<CouponMemberCount>;
}

export interface CouponsDeps {
  models: CouponModels;
  members: MemberTierReader & MemberIds;
  audit: AuditSink;
  clock: Clock;
  /** Business time zone: validity ends at the end of its days. */
  timeZone: string;
  walker: Walker;
  /** How long a lock holds when the checkout names no time. */
  lockMs: number;
  /** How long an issue begun is left to its request before the resume job undoes (or finishes) it; default 2 minutes. */
  resumeGraceMs?: number;
  /** Told after a coupon gained an outbox message (to relay it soon). */
  onChanged?: () => void;
  /** Tests only: fails an issue at a step, as a crash would. */
  faults?: IssueFaults | undefined;
}

/** Builds the coupons feature: templates for operators, the coupon service (issue, checkout, voids) and its jobs. */
export function createCoupons(deps: CouponsDeps) {
  const { models, clock } = deps;
  const onChanged = deps.onChanged ?? (() => undefined);
  const stock = new TemplateStock(models.templates);
  const issuer = new CouponIssuer({
    coupons: models.coupons,
    templates: models.templates,
    stock,
    limits: new MemberLimits(models.memberCounts),
    members: deps.members,
    audit: deps.audit,
    clock,
    calendar: { zone: deps.timeZone },
    graceMs: deps.resumeGraceMs ?? 120_000,
    faults: deps.faults,
    onChanged,
  });
  const checkout = new CouponCheckout({ coupons: models.coupons, stock, clock, lockMs: deps.lockMs, onChanged });
  const service = new CouponService({
    coupons: models.coupons,
    issuer,
    checkout,
    stock,
    members: deps.members,
    audit: deps.audit,
    clock,
    onChanged,
  });
  const templates = new CouponTemplateService(models.templates, deps.audit, clock);
  const sweeps = new CouponSweeps(models.coupons, issuer, stock, deps.walker, onChanged);
  return { service, templates, sweeps, jobs: couponJobs(sweeps) };
}
