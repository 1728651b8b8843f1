import { ErrorCode, type ErrorBody } from '@laurel/shared';
import type { NextFunction, Request, Response } from 'express';
import { AppError, NotFoundError, ServiceUnavailableError } from '../errors.js';
import { isDatabaseUnavailableError } from '../mongo.js';
import { bodyParserError, pathDecodeError } from './validation.js';

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, details: err.details } };
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new NotFoundError('Route', { method: req.method, path: req.path }));
}

/** The one place errors become responses; unknown errors are logged and answered without internals. */
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const known = err instanceof AppError ? err : (bodyParserError(err) ?? pathDecodeError(err) ?? databaseUnavailable(err));
  if (known) {
    if (known.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(known.retryAfterSeconds));
    if (known.status >= 500) req.log.error({ err }, known.message);
    res.status(known.status).json(errorBody(known));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  const body: ErrorBody = {
    error: { code: ErrorCode.Internal, message: 'Internal error', details: { requestId: String(req.id) } },
  };
  res.status(500).json(body);
}

function databaseUnavailable(err: unknown): AppError | null {
  return isDatabaseUnavailableError(err) ? new ServiceUnavailableError('The database is unavailable; retry shortly') : null;
}
