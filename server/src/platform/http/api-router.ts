import express, { type Request, type Response, type Router } from 'express';
import type { Principal } from './principal.js';
import { principalKey } from './principal.js';
import { authenticate, type AuthRequirement, type Authenticators } from './authenticate.js';
import { parseDto, type DtoClass } from './validation.js';
import { checkIdempotencyKey, requestFingerprint, type IdempotencyStore, type StoredResponse } from './idempotency.js';
import type { RateLimiter } from './rate-limit.js';
import { AppError, RateLimitedError, UnauthenticatedError } from '../errors.js';
import type { OpenApiRegistry } from '../openapi.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<B, Q> {
  req: Request;
  body: B;
  query: Q;
  params: Record<string, string>;
  principal: Principal | null;
  /** The principal, asserted present (routes whose auth is not public). */
  who: Principal;
}

export type RouteResult = { status: number; body: unknown } | { status: 204 };

export interface RouteSpec<B extends object, Q extends object> {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  auth: AuthRequirement;
  body?: DtoClass<B>;
  query?: DtoClass<Q>;
  /** State-changing routes store their answer under the caller's Idempotency-Key; default: every non-GET. */
  idempotent?: boolean;
  /** Tighter limits on top of the caller's own, e.g. login attempts per IP and email, and per email. */
  extraLimits?: { bucket: (req: Request) => string; max: number }[];
  /** Describes the success response in the OpenAPI document. */
  responds: { status: number; description: string; schema?: string };
  handler: (ctx: RouteContext<B, Q>) => Promise<RouteResult>;
}

export interface RouterDeps {
  auth: Authenticators;
  idempotency: IdempotencyStore;
  rateLimiter: RateLimiter;
  rateLimits: { windowSeconds: number; memberMax: number; apiKeyMax: number; ipMax: number };
  openapi: OpenApiRegistry;
}

/**
 * Builds a router whose routes authenticate, rate-limit, validate their DTOs, apply idempotency and
 * document themselves in the OpenAPI registry — so every route gets the same edge behaviour.
 */
export class ApiRouter {
  readonly router: Router = express.Router();

  constructor(
    private readonly prefix: string,
    private readonly deps: RouterDeps,
  ) {}

  route<B extends object = Record<string, never>, Q extends object = Record<string, never>>(spec: RouteSpec<B, Q>): this {
    this.deps.openapi.add(this.prefix, spec);
    const idempotent = spec.idempotent ?? spec.method !== 'get';
    this.router[spec.method](spec.path, async (req: Request, res: Response) => {
      res.locals.routeLabel = `${this.prefix}${spec.path}`;
      const principal = await this.authenticateCounted(req, spec.auth);
      await this.limit(req, principal);
      for (const extra of spec.extraLimits ?? []) await this.limitBucket(extra.bucket(req), extra.max);
      const body = spec.body ? await parseDto(spec.body, req.body, 'body') : ({} as B);
      const query = spec.query ? await parseDto(spec.query, req.query, 'query') : ({} as Q);
      const params = req.params as Record<string, string>;
      const ctx: RouteContext<B, Q> = {
        req,
        body,
        query,
        params,
        principal,
        get who(): Principal {
          if (!principal) throw new Error('route has no principal');
          return principal;
        },
      };
      const key = idempotent ? checkIdempotencyKey(req.headers['idempotency-key']) : undefined;
      if (key === undefined || principal === null) {
        send(res, await spec.handler(ctx));
        return;
      }
      const fingerprint = requestFingerprint(req.method, `${req.baseUrl}${req.path}`, req.body);
      const result = await this.deps.idempotency.execute(principalKey(principal), key, fingerprint, async () =>
        toStored(await runCatchingBusinessErrors(() => spec.handler(ctx))),
      );
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      send(res, result);
    });
    return this;
  }

  /** Failed authentications count against the caller's IP, so guessing credentials is rate-limited too. */
  private async authenticateCounted(req: Request, requirement: AuthRequirement): Promise<Principal | null> {
    try {
      return await authenticate(req, requirement, this.deps.auth);
    } catch (err) {
      if (err instanceof UnauthenticatedError) await this.limitBucket(`ip:${req.ip ?? 'unknown'}`, this.deps.rateLimits.ipMax);
      throw err;
    }
  }

  private async limit(req: Request, principal: Principal | null): Promise<void> {
    const { rateLimits } = this.deps;
    const [bucket, max] =
      principal?.kind === 'service'
        ? [principalKey(principal), rateLimits.apiKeyMax]
        : principal?.kind === 'member'
          ? [principalKey(principal), rateLimits.memberMax]
          : [`ip:${req.ip ?? 'unknown'}`, rateLimits.ipMax];
    await this.limitBucket(bucket, max);
  }

  private async limitBucket(bucket: string, max: number): Promise<void> {
    const decision = await this.deps.rateLimiter.consume(bucket, max, this.deps.rateLimits.windowSeconds);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  }
}

/**
 * Final 4xx outcomes are part of the stored answer: a retry must get the same refusal. Refusals that pass by
 * themselves (429, busy 409s: those with a Retry-After) are thrown instead, so the key is freed like after a 5xx
 * and a retry with the same key runs the request again.
 */
async function runCatchingBusinessErrors(fn: () => Promise<RouteResult>): Promise<RouteResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.retryAfterSeconds === undefined) {
      return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
    }
    throw err;
  }
}

function toStored(result: RouteResult): StoredResponse {
  return { status: result.status, body: 'body' in result ? result.body : null };
}

function send(res: Response, result: RouteResult | StoredResponse): void {
  if (result.status === 204 || !('body' in result) || result.body === null) {
    res.status(result.status).end();
    return;
  }
  res.status(result.status).json(result.body);
}
