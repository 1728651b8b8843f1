import { SkipReason, type EventGrantView, type EventSkipView, type LedgerSource } from '@laurel/shared';
import { eventKey } from '../events/keys.js';
import type { EventConsumer, OutcomePart, PipelineEvent } from '../events/pipeline.js';
import { pendingUntil } from '../ledger/expiry-policy.js';
import type { RuleCache } from './cache.js';
import type { CapCounters, Reservation } from './caps.js';
import { evaluateRules, factsOf, needsMember, type Candidate, type MemberFacts, type RulePlan } from './evaluate.js';

/** Member tags and tier (MemberService, through memberFactsFrom). */
export interface MemberFactsSource {
  factsOf(memberId: string): Promise<MemberFacts>;
}

/**
 * The member's points multiplier, percent (the benefits feature's packages fit); without it every member earns 100 %.
 * `active` false: nobody's points change, so the member need not be read.
 */
export interface PointsMultiplierSource {
  active(): Promise<boolean>;
  percentOf(member: { id: string; tier: string | null }): Promise<number>;
}

/** What the ledger must offer for earning (LedgerService fits). */
export interface EarnLedger {
  earn(input: {
    memberId: string;
    currency: 'points' | 'growth';
    amount: number;
    key: string;
    source: LedgerSource;
    pendingDays?: number;
    orderId?: string;
    reason?: string;
  }): Promise<{ entry: { id: string; createdAt: string }; replayed: boolean }>;
}

const NO_MEMBER: MemberFacts = { tags: [], tier: null };

/**
 * The earning-rules consumer of the event pipeline. `plan` evaluates the cached rules (no query, unless a
 * rule looks at the member's tags or tier); `apply` takes each grant through the period caps and earns it
 * with the key `event:<id>:rule:<ruleId>`, so a re-run grants nothing twice.
 */
export class EarningRulesConsumer implements EventConsumer<RulePlan> {
  readonly name = 'earning-rules';

  constructor(
    private readonly cache: RuleCache,
    private readonly members: MemberFactsSource,
    private readonly caps: CapCounters,
    private readonly ledger: EarnLedger,
    private readonly zone: string,
    private readonly multipliers?: PointsMultiplierSource,
  ) {}

  plan(event: PipelineEvent): Promise<RulePlan | null> {
    return this.planFor(event, event.member.id);
  }

  async apply(event: PipelineEvent, plan: RulePlan | null): Promise<OutcomePart> {
    return this.walk(plan, async (candidate) => {
      const ref = { ruleId: candidate.ruleId, memberId: event.member.id, eventId: event.id, at: event.receivedAt };
      const reservation = await this.caps.reserve(ref, candidate.periodCaps, candidate.amount);
      if (reservation.granted === 0) return reservation;
      const { entry } = await this.ledger.earn({
        memberId: event.member.id,
        currency: candidate.currency,
        amount: reservation.granted,
        key: eventKey(event.id, `rule:${candidate.ruleId}`),
        source: { type: 'rule', id: candidate.ruleId },
        pendingDays: candidate.pendingDays,
        ...(event.order ? { orderId: event.order.orderId } : {}),
        reason: `earning rule ${candidate.ruleName}`,
      });
      return { ...reservation, entryId: entry.id, at: new Date(entry.createdAt) };
    });
  }

  /** What the event would grant now, changing nothing: no ledger writes, no cap reserved, no member enrolled. */
  async preview(event: PipelineEvent, memberId: string | null, now: Date): Promise<OutcomePart> {
    const plan = await this.planFor(event, memberId);
    return this.walk(plan, async (candidate) => {
      const reservation = await this.caps.peek({ ruleId: candidate.ruleId, memberId, at: now }, candidate.periodCaps, candidate.amount);
      return { ...reservation, entryId: null, at: now };
    });
  }

  private async planFor(event: PipelineEvent, memberId: string | null): Promise<RulePlan | null> {
    const rules = await this.cache.forType(event.type);
    if (rules.length === 0) return null;
    const multiplied = this.multipliers ? await this.multipliers.active() : false;
    const member = memberId && (needsMember(rules) || multiplied) ? await this.members.factsOf(memberId) : NO_MEMBER;
    const pointsPercent =
      memberId && multiplied && this.multipliers ? await this.multipliers.percentOf({ id: memberId, tier: member.tier }) : 100;
    return evaluateRules(rules, factsOf(event), { ...member, pointsPercent });
  }

  /** Walks the plan in order: skips as planned, grants through `grant`, and `stop` after a rule that granted. */
  private async walk(
    plan: RulePlan | null,
    grant: (candidate: Candidate) => Promise<Reservation & { entryId?: string | null; at?: Date }>,
  ): Promise<OutcomePart> {
    const grants: EventGrantView[] = [];
    const skipped: EventSkipView[] = [];
    let stopped = false;
    for (const step of plan?.steps ?? []) {
      if (step.kind === 'skip') {
        skipped.push(step.skip);
        continue;
      }
      const c = step.candidate;
      if (stopped) {
        skipped.push({ ruleId: c.ruleId, ruleName: c.ruleName, reason: SkipReason.Stopped });
        continue;
      }
      const result = await grant(c);
      if (result.granted === 0 || !result.at) {
        skipped.push({
          ruleId: c.ruleId,
          ruleName: c.ruleName,
          reason: SkipReason.Cap,
          ...(result.cappedBy ? { detail: result.cappedBy } : {}),
        });
        continue;
      }
      const cappedBy = result.cappedBy ?? c.cappedBy;
      grants.push({
        ruleId: c.ruleId,
        ruleName: c.ruleName,
        currency: c.currency,
        amount: result.granted,
        pending: c.pendingDays > 0,
        availableAt: (c.pendingDays > 0 ? pendingUntil(result.at, c.pendingDays, this.zone) : result.at).toISOString(),
        entryId: result.entryId ?? null,
        ...(cappedBy ? { cappedBy } : {}),
      });
      if (c.stop) stopped = true;
    }
    return { grants, skipped };
  }
}
