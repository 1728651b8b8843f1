import { createHash } from 'node:crypto';
import {
  CURRENCIES,
  LEDGER_KINDS,
  LEDGER_SOURCE_TYPES,
  REFUND_POLICIES,
  type Currency,
  type LedgerKind,
  type LedgerSource,
  type RefundPolicy,
} from '@laurel/shared';
import { ValidationError } from '../../platform/errors.js';
import { SYSTEM_KEY_PREFIX } from './engine.js';

/** Largest amount one operation may move: far below 2^53, so sums of many stay exact. */
export const MAX_AMOUNT = 1_000_000_000;
const PRINTABLE = /^[\x21-\x7e]+$/;

function fail(field: string, reason: string): never {
  throw new ValidationError([{ field, reasons: [reason] }]);
}

export function amountOf(field: string, value: number, options: { allowNegative?: boolean } = {}): number {
  const ok = Number.isSafeInteger(value) && Math.abs(value) <= MAX_AMOUNT && (options.allowNegative ? value !== 0 : value > 0);
  if (!ok)
    fail(field, `${field} must be ${options.allowNegative ? 'a non-zero' : 'a positive'} whole number of at most ${MAX_AMOUNT} in size`);
  return value;
}

export function idOf(field: string, value: string, max = 128): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !PRINTABLE.test(value))
    fail(field, `${field} must be 1 to ${max} printable ASCII characters`);
  return value;
}

export function keyOf(value: string): string {
  idOf('key', value, 200);
  if (value.startsWith(SYSTEM_KEY_PREFIX)) fail('key', `key may not start with ${SYSTEM_KEY_PREFIX}`);
  return value;
}

export function textOf(field: string, value: string | undefined | null, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) fail(field, `${field} is required`);
    return null;
  }
  if (typeof value !== 'string' || value.length > 500) fail(field, `${field} must be text of at most 500 characters`);
  return value;
}

export function currencyOf(value: string): Currency {
  if (!CURRENCIES.includes(value as Currency)) fail('currency', `currency must be one of ${CURRENCIES.join(', ')}`);
  return value as Currency;
}

export function kindOf(value: string): LedgerKind {
  if (!LEDGER_KINDS.includes(value as LedgerKind)) fail('kind', `kind must be one of ${LEDGER_KINDS.join(', ')}`);
  return value as LedgerKind;
}

export function sourceOf(value: LedgerSource): LedgerSource {
  if (!value || !LEDGER_SOURCE_TYPES.includes(value.type))
    fail('source.type', `source.type must be one of ${LEDGER_SOURCE_TYPES.join(', ')}`);
  return { type: value.type, id: idOf('source.id', value.id, 200) };
}

export function policyOf(value: string): RefundPolicy {
  if (!REFUND_POLICIES.includes(value as RefundPolicy)) fail('policy', `policy must be one of ${REFUND_POLICIES.join(', ')}`);
  return value as RefundPolicy;
}

export function daysOf(field: string, value: number | undefined): number {
  const days = value ?? 0;
  if (!Number.isInteger(days) || days < 0 || days > 3650) fail(field, `${field} must be a whole number from 0 to 3650`);
  return days;
}

/** What makes two requests "the same" for an idempotency key: the operation and its normalised parameters. */
export function fingerprintOf(operation: string, params: Record<string, unknown>): string {
  const canonical = JSON.stringify([
    operation,
    Object.keys(params)
      .sort()
      .map((k) => [k, params[k] ?? null]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
