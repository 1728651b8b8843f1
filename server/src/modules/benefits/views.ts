import type { BenefitGrantView, BenefitPackageView, BenefitUseView, BenefitValueView, BenefitView } from '@laurel/shared';
import type { Benefit, BenefitGrant, BenefitPackage, BenefitUse, BenefitValue } from './model.js';

/** A stored value without the fields it does not have. */
export function valueView(value: BenefitValue): BenefitValueView {
  const view: BenefitValueView = {};
  if (value.percent !== undefined) view.percent = value.percent;
  if (value.coupons !== undefined) view.coupons = value.coupons.map((c) => ({ templateId: c.templateId, count: c.count }));
  if (value.rewards !== undefined) view.rewards = value.rewards.map((r) => ({ type: r.type, amount: r.amount }));
  if (value.daysBefore !== undefined) view.daysBefore = value.daysBefore;
  if (value.data !== undefined) view.data = value.data;
  return view;
}

export function toBenefitView(benefit: Benefit): BenefitView {
  return {
    id: benefit._id.toHexString(),
    code: benefit.code,
    type: benefit.type,
    name: benefit.name,
    description: benefit.description,
    icon: benefit.icon,
    value: valueView(benefit.value),
    status: benefit.status,
    version: benefit.version,
    createdAt: benefit.createdAt.toISOString(),
    updatedAt: benefit.updatedAt.toISOString(),
  };
}

export function toPackageView(pkg: BenefitPackage): BenefitPackageView {
  return {
    id: pkg._id.toHexString(),
    code: pkg.code,
    name: pkg.name,
    description: pkg.description,
    source: { type: pkg.source.type, code: pkg.source.code },
    items: pkg.items.map((item) => ({
      benefitCode: item.benefitCode,
      quota: { period: item.quota.period, count: item.quota.count },
      value: item.value === null ? null : valueView(item.value),
      stacking: item.stacking,
    })),
    status: pkg.status,
    version: pkg.version,
    createdAt: pkg.createdAt.toISOString(),
    updatedAt: pkg.updatedAt.toISOString(),
  };
}

export function toGrantView(grant: BenefitGrant): BenefitGrantView {
  return {
    id: grant._id,
    memberId: grant.memberId,
    benefitCode: grant.benefitCode,
    count: grant.count,
    used: grant.used,
    validFrom: grant.validFrom.toISOString(),
    validUntil: grant.validUntil.toISOString(),
    source: { type: grant.source.type, id: grant.source.id },
    state: grant.state,
    createdAt: grant.createdAt.toISOString(),
    revokedAt: grant.revokedAt ? grant.revokedAt.toISOString() : null,
  };
}

export function toUseView(use: BenefitUse): BenefitUseView {
  return {
    id: use._id,
    memberId: use.memberId,
    benefitCode: use.benefitCode,
    key: use.key,
    orderId: use.orderId,
    count: use.count,
    state: use.state,
    pool: use.pool?.id ?? null,
    remaining: use.remaining,
    createdAt: use.createdAt.toISOString(),
    usedAt: use.usedAt ? use.usedAt.toISOString() : null,
    releasedAt: use.releasedAt ? use.releasedAt.toISOString() : null,
  };
}
