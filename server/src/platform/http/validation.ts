import { ErrorCode, type FieldError } from '@laurel/shared';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError as ClassValidationError } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';
import { AppError, ValidationError } from '../errors.js';

export type DtoClass<T> = new () => T;

const MAX_DEPTH = 32;

/**
 * Keys no request may carry. `__proto__` and `constructor` are dropped without a word by class-transformer (to stop
 * prototype pollution), so the whitelist never sees them: refuse them here rather than ignore them silently.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor']);

/**
 * Finds the first key that starts with `$` or contains `.` (those keys reach query operators) or is reserved,
 * anywhere in a value.
 */
export function findUnsafeKey(value: unknown, path = '', depth = 0): string | null {
  if (depth > MAX_DEPTH) return path || '(root)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeKey(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.') || RESERVED_KEYS.has(key)) return here;
      const found = findUnsafeKey(child, here, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export function rejectUnsafeKeys(req: Request, _res: Response, next: NextFunction): void {
  for (const [where, value] of [
    ['body', req.body],
    ['query', req.query],
  ] as const) {
    const key = findUnsafeKey(value);
    if (key) {
      next(
        new ValidationError([
          { field: `${where}.${key}`, reasons: ['keys may not start with $, contain . or be __proto__ or constructor'] },
        ]),
      );
      return;
    }
  }
  next();
}

function flatten(errors: ClassValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const reasons = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${field} is not an allowed field` : message,
      );
      out.push({ field, reasons });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** Turns untrusted input into a validated DTO instance, or throws a 400 listing every bad field. */
export async function parseDto<T extends object>(cls: DtoClass<T>, input: unknown, where: 'body' | 'query'): Promise<T> {
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationError([{ field: where, reasons: [`${where} must be a JSON object`] }]);
  }
  const instance = plainToInstance(cls, input, { exposeUnsetFields: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ValidationError(flatten(errors));
  return instance;
}

/** Errors body-parser raises, mapped to the API's error body. */
export function bodyParserError(err: unknown): AppError | null {
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return new AppError(413, ErrorCode.PayloadTooLarge, 'The request body is larger than 1 MiB');
  if (type === 'entity.parse.failed')
    return new ValidationError([{ field: 'body', reasons: ['body is not valid JSON'] }], 'Malformed JSON');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError(415, ErrorCode.UnsupportedMediaType, 'Unsupported request encoding');
  }
  return null;
}

/** The router's own refusal of a path parameter that is not valid percent-encoding (a client error, not a 500). */
export function pathDecodeError(err: unknown): AppError | null {
  if (err instanceof URIError && (err as URIError & { status?: unknown }).status === 400) {
    return new ValidationError([{ field: 'path', reasons: ['a path segment is not valid percent-encoding'] }], 'Malformed path');
  }
  return null;
}
