/** Error envelope returned by the Laurel API: `{ "error": { code, message, details } }`. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown;
  };
}

/** Typed error for every failed API call (HTTP errors and network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  return typeof value.error.code === 'string' && typeof value.error.message === 'string';
}

/** Builds an ApiError from a non-2xx response body (envelope or anything else). */
export function toApiError(status: number, statusText: string, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.details);
  }
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 200) : '';
  return new ApiError(status, `HTTP_${status}`, text || statusText || `Request failed with status ${status}`);
}

/** Normalises anything thrown into an ApiError so the UI can always show a code. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof Error) return new ApiError(0, 'CLIENT_ERROR', err.message);
  return new ApiError(0, 'CLIENT_ERROR', String(err));
}
