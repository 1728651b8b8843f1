import type { BenefitGrantView, BenefitUseView, EntitlementView, MemberBenefitsView } from '@laurel/shared';
import type { GrantInput, BenefitGrants } from './grants.js';
import type { EntitlementReader } from './member-entitlements.js';
import type { BenefitUses, ReleaseInput, UseInput } from './uses.js';

/** Answers a member by Laurel's id, or 404 (MemberService fits). */
export interface MemberLookup {
  get(id: string): Promise<unknown>;
}

/**
 * What other features and the HTTP edge ask of benefits: a member's entitlements, uses at checkout and their release,
 * and member-level grants (the points mall, campaigns, operators, tasks).
 */
export class BenefitService {
  constructor(
    private readonly entitlements: EntitlementReader,
    private readonly uses: BenefitUses,
    private readonly grants: BenefitGrants,
    private readonly members: MemberLookup,
  ) {}

  /** The member's entitlements: value, remaining quota, reset time and sources of each benefit. */
  entitlementsOf(memberId: string): Promise<EntitlementView[]> {
    return this.entitlements.views(memberId);
  }

  /** For support: entitlements, grants and the latest uses. */
  async memberBenefits(memberId: string): Promise<MemberBenefitsView> {
    await this.members.get(memberId);
    return {
      memberId,
      entitlements: await this.entitlements.views(memberId),
      grants: await this.grants.of(memberId),
      recentUses: await this.uses.recent(memberId),
    };
  }

  /** Takes `count` (default 1) uses; idempotent by key or order id. QUOTA_EXHAUSTED, NOT_ELIGIBLE. */
  use(input: UseInput): Promise<BenefitUseView> {
    return this.uses.use(input);
  }

  /** Gives a use back by the key or order id it was taken with; idempotent. */
  release(input: ReleaseInput): Promise<BenefitUseView> {
    return this.uses.release(input);
  }

  /** A member-level grant: `count` uses until the end of the business day `validDays` later; idempotent by key. */
  grant(input: GrantInput): Promise<BenefitGrantView> {
    return this.grants.grant(input);
  }

  /** Revokes an unused grant: `undone` (also on a repeat), `not_granted`, or `in_use` once any of it was used. */
  undoGrant(input: { key: string; memberId: string }): Promise<'undone' | 'not_granted' | 'in_use'> {
    return this.grants.undoGrant(input);
  }
}
