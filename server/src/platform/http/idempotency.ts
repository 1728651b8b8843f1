import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ValidationError } from '../errors.js';
import { principalKey, type Principal } from './principal.js';

/** What a state-changing call answered; replays return exactly this. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotencyStore {
  /**
   * Runs `work` once per (scope, key). A repeat with the same fingerprint gets the stored response,
   * a different fingerprint gets 409 IDEMPOTENCY_KEY_REUSED, and a concurrent repeat waits for the first.
   */
  execute(
    scope: string,
    key: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }>;
}

const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

export function checkIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', reasons: ['must be 1 to 200 printable ASCII characters (spaces allowed)'] }]);
  }
  return key;
}

const DOMAIN_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The caller's Idempotency-Key as the key of the domain record the request writes (a ledger entry, a tier change),
 * scoped to the caller like the HTTP record, so two callers never share one; undefined without a key. The domain
 * then applies the change once even if the HTTP record is gone. Keys it cannot take as they are (spaces, too long
 * with the scope) are hashed; `k:` and `h:` keep the two forms apart.
 */
export function callerKeyOf(req: Request, who: Principal): string | undefined {
  const key = checkIdempotencyKey(req.headers['idempotency-key']);
  if (key === undefined) return undefined;
  const scope = principalKey(who);
  const plain = `${scope}:k:${key}`;
  return DOMAIN_KEY.test(plain) ? plain : `${scope}:h:${createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * The caller's scoped Idempotency-Key where a route requires one (400 naming the header otherwise): the key becomes
 * the change's own key, so the change applies once even if the HTTP record is gone. `why` ends the reason.
 */
export function requiredCallerKey(req: Request, who: Principal, why: string): string {
  const key = callerKeyOf(req, who);
  if (key === undefined) {
    throw new ValidationError(
      [{ field: 'Idempotency-Key', reasons: [`Idempotency-Key is required: ${why}`] }],
      'Idempotency-Key header is required',
    );
  }
  return key;
}

/** Canonical JSON: object keys sorted, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}
