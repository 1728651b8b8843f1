import { ErrorCode, type FieldError } from '@laurel/shared';

/** Base of every error that maps to an HTTP answer; anything else becomes a 500 without details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    /**
     * Set on refusals that pass by themselves (rate limits, contention, a request still running): the same request
     * may succeed later, so it is answered with Retry-After and never stored as the answer of its Idempotency-Key.
     */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldError[], message = 'The request is not valid') {
    super(400, ErrorCode.ValidationFailed, message, { fields });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication is required') {
    super(401, ErrorCode.Unauthenticated, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, ErrorCode.Forbidden, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource', details: Record<string, unknown> = {}) {
    super(404, ErrorCode.NotFound, `${what} not found`, details);
  }
}

/** Whether a lookup that throws NotFoundError for nothing finds something (other errors pass through). */
export async function isFound(lookup: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookup();
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Conflicts that pass by themselves: the same request, with the same Idempotency-Key, succeeds on a later try. */
export const RETRYABLE_CONFLICTS: ReadonlySet<string> = new Set<string>([
  ErrorCode.WalletBusy,
  ErrorCode.TierBusy,
  ErrorCode.CouponBusy,
  ErrorCode.IdempotencyKeyInProgress,
]);
const BUSY_RETRY_AFTER_SECONDS = 1;

export class ConflictError extends AppError {
  constructor(message: string, code: string = ErrorCode.Conflict, details: Record<string, unknown> = {}) {
    super(409, code, message, details, RETRYABLE_CONFLICTS.has(code) ? BUSY_RETRY_AFTER_SECONDS : undefined);
  }
}

/** A request that is well-formed but breaks a business rule (422), e.g. INSUFFICIENT_POINTS. */
export class BusinessRuleError extends AppError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(422, code, message, details);
  }
}

export class RateLimitedError extends AppError {
  declare readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super(429, ErrorCode.RateLimited, 'Too many requests', { retryAfterSeconds }, retryAfterSeconds);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable') {
    super(503, ErrorCode.ServiceUnavailable, message);
  }
}
