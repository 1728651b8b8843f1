import { ErrorCode, type FieldError } from '@laurel/shared';

/** Base of every error that maps to an HTTP answer; anything else becomes a 500 without details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
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

export class ConflictError extends AppError {
  constructor(message: string, code: string = ErrorCode.Conflict, details: Record<string, unknown> = {}) {
    super(409, code, message, details);
  }
}

/** A request that is well-formed but breaks a business rule (422), e.g. INSUFFICIENT_POINTS. */
export class BusinessRuleError extends AppError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(422, code, message, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, ErrorCode.RateLimited, 'Too many requests', { retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable') {
    super(503, ErrorCode.ServiceUnavailable, message);
  }
}
