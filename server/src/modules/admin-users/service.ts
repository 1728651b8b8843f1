import { AdminRole, type AdminUserView, type LoginResult, type Page } from '@laurel/shared';
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.js';
import type { AdminPrincipal } from '../../platform/http/principal.js';
import { OPERATOR_TOKEN_AUDIENCE, OPERATOR_TOKEN_TYPE } from '../../platform/http/token-claims.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditService } from '../audit/service.js';
import type { AdminUser } from './model.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';

export interface AdminTokenSettings {
  secret: string;
  ttlSeconds: number;
}

export interface NewAdminUser {
  email: string;
  name: string;
  password: string;
  role: AdminRole;
}

export class AdminUserService {
  /** Made once: given a string, jsonwebtoken tries to parse it as a public key on every verification. */
  private readonly verifyKey: KeyObject;

  constructor(
    private readonly users: Model<AdminUser>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly tokens: AdminTokenSettings,
  ) {
    this.verifyKey = createSecretKey(Buffer.from(tokens.secret, 'utf8'));
  }

  async create(input: NewAdminUser, actor: Actor): Promise<AdminUserView> {
    const email = input.email.toLowerCase();
    try {
      const user = await this.users.create({
        email,
        name: input.name,
        role: input.role,
        passwordHash: await hashPassword(input.password),
        disabled: false,
        createdAt: this.clock.now(),
      });
      const view = toView(user);
      await this.audit.record({ actor, action: 'admin-user.create', target: { type: 'admin-user', id: view.id }, after: view });
      return view;
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new ConflictError(`An operator with the email ${email} already exists`);
      throw err;
    }
  }

  /** Creates the first admin from configuration when no admin exists yet; a no-op afterwards. */
  async ensureBootstrapAdmin(input: Omit<NewAdminUser, 'role'>): Promise<boolean> {
    if (await this.users.exists({ role: AdminRole.Admin })) return false;
    if (await this.users.exists({ email: input.email.toLowerCase() })) return false;
    await this.create({ ...input, role: AdminRole.Admin }, { type: 'system', id: 'bootstrap', label: 'bootstrap' });
    return true;
  }

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.users.findOne({ email: email.toLowerCase() });
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !ok || user.disabled) throw new UnauthenticatedError('Wrong email or password');
    const now = this.clock.now();
    await this.users.updateOne({ _id: user._id }, { $set: { lastLoginAt: now } });
    const expiresAt = new Date(now.getTime() + this.tokens.ttlSeconds * 1000);
    const token = jwt.sign(
      { sub: user._id.toHexString(), typ: OPERATOR_TOKEN_TYPE, iat: Math.floor(now.getTime() / 1000) },
      this.tokens.secret,
      {
        algorithm: 'HS256',
        audience: OPERATOR_TOKEN_AUDIENCE,
        expiresIn: this.tokens.ttlSeconds,
      },
    );
    return { token, expiresAt: expiresAt.toISOString(), user: toView({ ...user.toObject(), lastLoginAt: now }) };
  }

  /** Verifies an operator token and reloads the user, so disabling or demoting takes effect at once. */
  async authenticate(token: string): Promise<AdminPrincipal> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.verifyKey, {
        algorithms: ['HS256'],
        audience: OPERATOR_TOKEN_AUDIENCE,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      }) as jwt.JwtPayload;
    } catch {
      throw new UnauthenticatedError('Invalid or expired operator token');
    }
    if (claims.typ !== OPERATOR_TOKEN_TYPE || typeof claims.sub !== 'string' || !Types.ObjectId.isValid(claims.sub)) {
      throw new UnauthenticatedError('Invalid operator token');
    }
    const user = await this.users.findById(claims.sub).lean();
    if (!user || user.disabled) throw new UnauthenticatedError('This operator account is not active');
    return { kind: 'admin', userId: user._id.toHexString(), email: user.email, role: user.role };
  }

  async get(id: string): Promise<AdminUserView> {
    return toView(await this.find(id));
  }

  async list(request: PageRequest): Promise<Page<AdminUserView>> {
    const { idFilter, fetch, limit } = pageQuery(request);
    const docs = await this.users.find(idFilter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, toView);
  }

  async update(
    id: string,
    changes: { role?: AdminRole | undefined; disabled?: boolean | undefined; name?: string | undefined },
    actor: Actor,
  ): Promise<AdminUserView> {
    const before = await this.find(id);
    if (actor.type === 'admin' && actor.id === id && (changes.disabled === true || (changes.role && changes.role !== AdminRole.Admin))) {
      throw new ValidationError([{ field: 'role', reasons: ['an admin cannot demote or disable their own account'] }]);
    }
    const set: Partial<AdminUser> = {};
    if (changes.role !== undefined) set.role = changes.role;
    if (changes.disabled !== undefined) set.disabled = changes.disabled;
    if (changes.name !== undefined) set.name = changes.name;
    const after = await this.users.findOneAndUpdate({ _id: before._id }, { $set: set }, { returnDocument: 'after' }).lean();
    if (!after) throw new NotFoundError('Operator');
    await this.audit.record({
      actor,
      action: 'admin-user.update',
      target: { type: 'admin-user', id },
      before: toView(before),
      after: toView(after),
    });
    return toView(after);
  }

  private async find(id: string): Promise<AdminUser> {
    const user = Types.ObjectId.isValid(id) ? await this.users.findById(id).lean() : null;
    if (!user) throw new NotFoundError('Operator', { id });
    return user;
  }
}

function toView(user: AdminUser): AdminUserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
  };
}
