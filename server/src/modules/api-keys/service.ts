import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyView, ApiScope, CreatedApiKey, Page } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, UnauthenticatedError } from '../../platform/errors.js';
import type { ServicePrincipal } from '../../platform/http/principal.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditService } from '../audit/service.js';
import type { ApiKey } from './model.js';

const KEY_PATTERN = /^lk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/;
/** How long a verified key is trusted without asking the database again; bounds how late a revocation bites. */
const CACHE_MS = 10_000;
const LAST_USED_RESOLUTION_MS = 60_000;

interface CachedKey {
  principal: ServicePrincipal;
  checkedAt: number;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Service API keys: `lk_<prefix>_<secret>`, stored hashed, each with scopes. */
export class ApiKeyService {
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly keys: Model<ApiKey>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(input: { name: string; scopes: ApiScope[] }, actor: Actor): Promise<CreatedApiKey> {
    const prefix = randomBytes(6).toString('hex');
    const secret = `lk_${prefix}_${randomBytes(24).toString('base64url')}`;
    const doc = await this.keys.create({
      name: input.name,
      prefix,
      hash: sha256(secret),
      scopes: input.scopes,
      createdAt: this.clock.now(),
      createdBy: actor.id,
    });
    const view = toView(doc);
    await this.audit.record({ actor, action: 'api-key.create', target: { type: 'api-key', id: view.id }, after: view });
    return { ...view, secret };
  }

  async authenticate(token: string): Promise<ServicePrincipal> {
    const match = KEY_PATTERN.exec(token);
    if (!match?.[1]) throw new UnauthenticatedError('Invalid API key');
    const digest = sha256(token);
    // The injected clock, not the wall clock: the cache window is part of the behaviour and tests move time.
    const now = this.clock.now().getTime();
    const cached = this.cache.get(digest);
    if (cached && now - cached.checkedAt < CACHE_MS) return cached.principal;

    const key = await this.keys.findOne({ prefix: match[1] }).lean();
    const expected = Buffer.from(key?.hash ?? sha256(''), 'hex');
    const matches = timingSafeEqual(Buffer.from(digest, 'hex'), expected);
    if (!key || !matches || key.revokedAt) {
      this.cache.delete(digest);
      throw new UnauthenticatedError('Invalid API key');
    }
    const principal: ServicePrincipal = { kind: 'service', apiKeyId: key._id.toHexString(), name: key.name, scopes: key.scopes };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(digest, { principal, checkedAt: now });
    await this.touch(key._id);
    return principal;
  }

  async list(request: PageRequest): Promise<Page<ApiKeyView>> {
    const { idFilter, fetch, limit } = pageQuery(request);
    const docs = await this.keys.find(idFilter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toView);
  }

  /** Revoking twice is a no-op that answers the same key. */
  async revoke(id: string, actor: Actor): Promise<ApiKeyView> {
    const before = Types.ObjectId.isValid(id) ? await this.keys.findById(id).lean() : null;
    if (!before) throw new NotFoundError('API key', { id });
    if (before.revokedAt) return toView(before);
    const after = await this.keys
      .findOneAndUpdate({ _id: before._id, revokedAt: null }, { $set: { revokedAt: this.clock.now() } }, { returnDocument: 'after' })
      .lean();
    const view = toView(after ?? before);
    this.cache.clear();
    await this.audit.record({ actor, action: 'api-key.revoke', target: { type: 'api-key', id }, before: toView(before), after: view });
    return view;
  }

  /** Records use at most once a minute per key, so authentication does not cost a write per request. */
  private async touch(id: Types.ObjectId): Promise<void> {
    const now = this.clock.now();
    const last = this.lastUsedWritten.get(id.toHexString()) ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(id.toHexString(), now.getTime());
    await this.keys.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
  }
}

function toView(key: ApiKey): ApiKeyView {
  return {
    id: key._id.toHexString(),
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}
