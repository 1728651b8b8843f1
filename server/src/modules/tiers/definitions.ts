import type { DowngradeMode, FieldError, TierView } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { Actor } from '../audit/service.js';
import type { TierCache } from './ladder.js';
import type { MemberTier, Tier } from './model.js';
import type { AuditSink } from '../audit/service.js';
import { toTierView } from './views.js';

export interface TierInput {
  code: string;
  name: string;
  rank: number;
  entryThreshold: number;
  retentionThreshold?: number | undefined;
  validityMonths?: number | null | undefined;
  graceDays?: number | undefined;
  downgradeMode?: DowngradeMode | undefined;
}

export type TierChanges = Partial<Omit<TierInput, 'code'>> & { version?: number | undefined };

type TierFields = Omit<Tier, '_id' | 'version' | 'createdAt' | 'updatedAt'>;

/** Tier definitions: audited, versioned. Editing never re-tiers anyone (that is the explicit re-evaluation). */
export class TierDefinitionService {
  constructor(
    private readonly tiers: Model<Tier>,
    private readonly members: Model<MemberTier>,
    private readonly cache: TierCache,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<TierView[]> {
    return (await this.tiers.find({}).lean()).sort((a, b) => a.rank - b.rank).map(toTierView);
  }

  async get(code: string): Promise<TierView> {
    return toTierView(await this.find(code));
  }

  async create(input: TierInput, actor: Actor): Promise<TierView> {
    const fields: TierFields = {
      code: input.code,
      name: input.name,
      rank: input.rank,
      entryThreshold: input.entryThreshold,
      retentionThreshold: input.retentionThreshold ?? input.entryThreshold,
      validityMonths: input.validityMonths ?? null,
      graceDays: input.graceDays ?? 0,
      downgradeMode: input.downgradeMode ?? 'one_level',
    };
    await this.check(fields, null);
    const now = this.clock.now();
    let created: Tier;
    try {
      created = (await this.tiers.create({ ...fields, version: 1, createdAt: now, updatedAt: now })).toObject();
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new ConflictError('A tier with this code or rank exists', 'TIER_EXISTS', { code: input.code });
      throw err;
    }
    await this.cache.invalidate();
    const view = toTierView(created);
    await this.audit.record({ actor, action: 'tier.create', target: { type: 'tier', id: view.code }, after: view });
    return view;
  }

  async update(code: string, changes: TierChanges, actor: Actor): Promise<TierView> {
    const before = await this.find(code);
    if (changes.version !== undefined && changes.version !== before.version)
      throw new ConflictError('The tier has changed since you read it', undefined, { code, version: before.version });
    const merged: TierFields = { ...fieldsOf(before), ...definedOf(changes) };
    await this.check(merged, before);
    const after = await this.tiers
      .findOneAndUpdate(
        { _id: before._id, version: before.version },
        { $set: { ...merged, updatedAt: this.clock.now() }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!after) throw new ConflictError('The tier changed while this change was made; read it again', undefined, { code });
    await this.cache.invalidate();
    const view = toTierView(after);
    await this.audit.record({ actor, action: 'tier.update', target: { type: 'tier', id: code }, before: toTierView(before), after: view });
    return view;
  }

  /** Deletes a tier nobody holds (409 TIER_IN_USE otherwise). */
  async remove(code: string, actor: Actor): Promise<void> {
    const before = await this.find(code);
    if (await this.members.exists({ tier: code })) throw new ConflictError('Members hold this tier', 'TIER_IN_USE', { code });
    await this.tiers.deleteOne({ _id: before._id, version: before.version });
    await this.cache.invalidate();
    await this.audit.record({ actor, action: 'tier.delete', target: { type: 'tier', id: code }, before: toTierView(before) });
  }

  /** Entry thresholds rise strictly with rank across the ladder; ranks are unique. */
  private async check(fields: TierFields, before: Tier | null): Promise<void> {
    const problems: FieldError[] = [];
    const others = (await this.tiers.find({}).lean()).filter((t) => !before || !t._id.equals(before._id));
    if (others.some((t) => t.rank === fields.rank)) problems.push({ field: 'rank', reasons: [`rank ${fields.rank} is taken`] });
    const below = others.filter((t) => t.rank < fields.rank);
    const above = others.filter((t) => t.rank > fields.rank);
    if (below.some((t) => t.entryThreshold >= fields.entryThreshold) || above.some((t) => t.entryThreshold <= fields.entryThreshold))
      problems.push({ field: 'entryThreshold', reasons: ['entry thresholds must rise strictly with rank'] });
    if (fields.retentionThreshold > fields.entryThreshold)
      problems.push({ field: 'retentionThreshold', reasons: ['retentionThreshold may not exceed entryThreshold'] });
    if (problems.length > 0) throw new ValidationError(problems);
  }

  private async find(code: string): Promise<Tier> {
    const tier = await this.tiers.findOne({ code }).lean();
    if (!tier) throw new NotFoundError('Tier', { code });
    return tier;
  }
}

function fieldsOf(tier: Tier): TierFields {
  const { code, name, rank, entryThreshold, retentionThreshold, validityMonths, graceDays, downgradeMode } = tier;
  return {
    code,
    name,
    rank,
    entryThreshold,
    retentionThreshold,
    validityMonths,
    graceDays,
    downgradeMode,
  };
}

function definedOf(changes: TierChanges): Partial<TierFields> {
  const { version: _version, ...rest } = changes;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TierFields>;
}
