import type { Page } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { isDayKey } from '../../platform/periods.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Member } from './model.js';

export interface MemberRef {
  id: string;
  externalId: string;
}

export interface MemberView extends MemberRef {
  createdAt: string;
  profile: Member['profile'];
  tags: string[];
  tier: string | null;
}

/** UpdateMemberProfileDto fits. */
export interface ProfileChanges {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  birthday?: string | null | undefined;
}

const REF_CACHE_LIMIT = 50_000;

export class MemberService {
  /** externalId → id never changes once enrolled, so it is safe to keep in memory. */
  private readonly refs = new Map<string, MemberRef>();

  constructor(
    private readonly members: Model<Member>,
    private readonly clock: Clock,
  ) {}

  /** Finds a member by external id, enrolling them on first sight; safe under concurrent first calls. */
  async ensure(externalId: string): Promise<MemberRef> {
    const cached = this.refs.get(externalId);
    if (cached) return cached;
    let doc = await this.members.findOne({ externalId }, { _id: 1, externalId: 1 }).lean();
    if (!doc) {
      try {
        doc = (await this.members.create({ externalId, createdAt: this.clock.now(), profile: {}, tags: [] })).toObject();
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        doc = await this.members.findOne({ externalId }, { _id: 1, externalId: 1 }).lean();
        if (!doc) throw err;
      }
    }
    return this.remember({ id: doc._id.toHexString(), externalId: doc.externalId });
  }

  private remember(ref: MemberRef): MemberRef {
    if (this.refs.size >= REF_CACHE_LIMIT) this.refs.clear();
    this.refs.set(ref.externalId, ref);
    return ref;
  }

  /** The internal id of an enrolled member (404 when unknown; never enrols): from memory once seen. */
  async idOf(externalId: string): Promise<string> {
    const cached = this.refs.get(externalId);
    if (cached) return cached.id;
    const doc = await this.members.findOne({ externalId }, { _id: 1, externalId: 1 }).lean();
    if (!doc) throw new NotFoundError('Member', { externalId });
    return this.remember({ id: doc._id.toHexString(), externalId: doc.externalId }).id;
  }

  async findByExternalId(externalId: string): Promise<MemberView> {
    const doc = await this.members.findOne({ externalId }).lean();
    if (!doc) throw new NotFoundError('Member', { externalId });
    return toView(doc);
  }

  async get(id: string): Promise<MemberView> {
    const doc = Types.ObjectId.isValid(id) ? await this.members.findById(id).lean() : null;
    if (!doc) throw new NotFoundError('Member', { id });
    return toView(doc);
  }

  /**
   * Sets the given profile fields (a null birthday removes it) and keeps `birthMonthDay` with the birthday. Setting
   * the same fields again changes nothing.
   */
  async updateProfile(externalId: string, changes: ProfileChanges): Promise<MemberView> {
    const { birthday, ...rest } = changes;
    if (birthday && (!isDayKey(birthday) || birthday > this.clock.now().toISOString().slice(0, 10))) {
      throw new ValidationError([{ field: 'birthday', reasons: ['birthday must be a past calendar day'] }]);
    }
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    for (const [field, value] of Object.entries(rest)) if (value !== undefined) set[`profile.${field}`] = value;
    if (birthday) Object.assign(set, { 'profile.birthday': birthday, birthMonthDay: birthday.slice(5) });
    if (birthday === null) {
      unset['profile.birthday'] = 1;
      set.birthMonthDay = null;
    }
    const update = { ...(Object.keys(set).length > 0 ? { $set: set } : {}), ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
    const doc = await this.members.findOneAndUpdate({ externalId }, update, { returnDocument: 'after' }).lean();
    if (!doc) throw new NotFoundError('Member', { externalId });
    return toView(doc);
  }

  async list(request: PageRequest & { externalId?: string | undefined }): Promise<Page<MemberView>> {
    const { idFilter, fetch, limit } = pageQuery(request);
    const filter = request.externalId ? { ...idFilter, externalId: request.externalId } : idFilter;
    const docs = await this.members.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toView);
  }
}

function toView(doc: Member): MemberView {
  return {
    id: doc._id.toHexString(),
    externalId: doc.externalId,
    createdAt: doc.createdAt.toISOString(),
    profile: doc.profile ?? {},
    tags: doc.tags ?? [],
    tier: doc.tier ?? null,
  };
}
