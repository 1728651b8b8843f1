import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';

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
