import type { MemberTierView, TierChangeView, TierView } from '@laurel/shared';
import { metricOf, type TierProgram } from './decide.js';
import { rankOf, tierOf, type Ladder } from './ladder.js';
import type { MemberTier, Tier, TierChange } from './model.js';

export function toTierView(tier: Tier): TierView {
  return {
    code: tier.code,
    name: tier.name,
    rank: tier.rank,
    entryThreshold: tier.entryThreshold,
    retentionThreshold: tier.retentionThreshold,
    validityMonths: tier.validityMonths,
    graceDays: tier.graceDays,
    downgradeMode: tier.downgradeMode,
    version: tier.version,
    createdAt: tier.createdAt.toISOString(),
    updatedAt: tier.updatedAt.toISOString(),
  };
}

export function toChangeView(change: TierChange): TierChangeView {
  return {
    id: change._id.toHexString(),
    memberId: change.memberId,
    seq: change.seq,
    from: change.from,
    to: change.to,
    reason: change.reason,
    actor: { type: change.actor.type, id: change.actor.id, label: change.actor.label },
    note: change.note,
    metric: change.metric,
    validUntil: change.state.tierValidUntil?.toISOString() ?? null,
    at: change.at.toISOString(),
  };
}

export function toMemberTierView(member: MemberTier, ladder: Ladder, program: TierProgram, now: Date): MemberTierView {
  const current = tierOf(ladder, member.tier ?? null);
  const metric = metricOf(member, program, now);
  const rank = rankOf(ladder, member.tier ?? null);
  const next = ladder.find((t) => t.rank > rank) ?? null;
  const expires = current !== null && member.tierValidUntil !== null && member.tierValidUntil !== undefined;
  return {
    tier: member.tier ?? null,
    name: current?.name ?? null,
    since: member.tierSince?.toISOString() ?? null,
    validUntil: member.tierValidUntil?.toISOString() ?? null,
    decidesOn: member.tierDueDay ?? null,
    metric: program.metric,
    current: metric,
    next: next ? { tier: next.code, name: next.name, needed: Math.max(0, next.entryThreshold - metric) } : null,
    neededToKeep: expires ? Math.max(0, current.retentionThreshold - metric) : null,
    autoUpgrade: member.tierAutoUpgrade !== false,
    ladder: ladder.map((t) => ({
      code: t.code,
      name: t.name,
      rank: t.rank,
      entryThreshold: t.entryThreshold,
    })),
  };
}
