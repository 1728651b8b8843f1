import type { TierChangeReason } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { MemberTier, TierActor, TierChange, TierState } from './model.js';

export interface TierDecision {
  state: TierState;
  reason: TierChangeReason;
  actor: TierActor;
  note: string | null;
  metric: number | null;
  /** A manual placement's caller key (see TierChange.key). */
  key?: string | null;
}

const MAX_ATTEMPTS = 10;

/** The member as its tier version sees it: a missing version (never changed) matches as null. */
export function versionFilter(member: MemberTier): Record<string, unknown> {
  return { _id: member._id, tierVersion: member.tierVersion ?? null };
}

/**
 * Changes a member's tier without transactions, as the ledger does: insert the anchor with seq = tierVersion + 1
 * (unique per member), then update the member conditionally on tierVersion. Whoever meets an anchor that is not
 * applied yet (a crash, a racing change) applies it first: it was decided against exactly that version.
 */
export class TierChanger {
  constructor(
    private readonly members: Model<MemberTier>,
    private readonly changes: Model<TierChange>,
    private readonly clock: Clock,
  ) {}

  async read(memberId: string): Promise<MemberTier> {
    const member = Types.ObjectId.isValid(memberId) && memberId.length === 24 ? await this.members.findById(memberId).lean() : null;
    if (!member) throw new NotFoundError('Member', { id: memberId });
    return member;
  }

  /** Decides against the member as read and records the change; null when `decide` says nothing changes. */
  async change(start: MemberTier, decide: (member: MemberTier) => TierDecision | null): Promise<TierChange | null> {
    let member = start;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const decision = decide(member);
      if (!decision) return null;
      const anchor = this.anchorFor(member, decision);
      if (await this.insert(anchor)) {
        await this.apply(member, anchor);
        return anchor;
      }
      await this.helpForward(member);
      member = await this.read(member._id.toHexString());
    }
    throw new ConflictError('The member tier is busy; try again', 'TIER_BUSY', { memberId: start._id.toHexString() });
  }

  /** Applies the anchor left after the member's version, if any (a change interrupted by a crash); true if one was. */
  async helpForward(member: MemberTier): Promise<boolean> {
    const pending = await this.changes.findOne({ memberId: member._id.toHexString(), seq: (member.tierVersion ?? 0) + 1 }).lean();
    if (!pending) return false;
    await this.apply(member, pending);
    return true;
  }

  private async apply(member: MemberTier, anchor: TierChange): Promise<void> {
    await this.members.updateOne(versionFilter(member), { $set: { ...anchor.state, tierVersion: anchor.seq } });
  }

  private anchorFor(member: MemberTier, decision: TierDecision): TierChange {
    const memberId = member._id.toHexString();
    const seq = (member.tierVersion ?? 0) + 1;
    const at = this.clock.now();
    const from = member.tier ?? null;
    const to = decision.state.tier;
    return {
      _id: new Types.ObjectId(),
      memberId,
      seq,
      from,
      to,
      reason: decision.reason,
      actor: decision.actor,
      note: decision.note,
      key: decision.key ?? null,
      metric: decision.metric,
      state: decision.state,
      at,
      outbox: [
        {
          id: `tier.changed:${memberId}:${seq}`,
          type: 'tier.changed',
          memberId,
          occurredAt: at,
          data: {
            externalId: member.externalId,
            from,
            to,
            reason: decision.reason,
            validUntil: decision.state.tierValidUntil?.toISOString() ?? null,
          },
        },
      ],
      outboxPending: true,
    };
  }

  private async insert(anchor: TierChange): Promise<boolean> {
    try {
      await this.changes.create(anchor);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}
