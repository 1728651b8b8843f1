import { clearSession, getToken } from '../auth/sessionStore';
import { newUuid } from '../lib/uuid';
import { ApiError, toApiError } from './errors';

/** Base path of the admin API. */
export const API_BASE = '/api/admin/v1';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  /** Serialised as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Send the bearer token and treat 401 as "session ended". Default true. */
  auth?: boolean;
  /** Path is relative to the origin (e.g. `/readyz`) instead of {@link API_BASE}. */
  root?: boolean;
  /** Reuse a key across retries of the same logical operation. */
  idempotencyKey?: string;
  /** Non-2xx statuses whose body should be returned instead of thrown (e.g. 503 from /readyz). */
  acceptStatus?: readonly number[];
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

function buildUrl(path: string, root: boolean, query?: Record<string, QueryValue>): string {
  const url = root ? path : `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 205) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The single fetch wrapper used by the console. Resolves with status + parsed body. */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const auth = options.auth ?? true;
  const headers = new Headers({ Accept: 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (MUTATING.has(method)) headers.set('Idempotency-Key', options.idempotencyKey ?? newUuid());
  if (auth) {
    const token = getToken();
    if (!token) {
      clearSession('expired');
      throw new ApiError(401, 'SESSION_EXPIRED', 'Your session has expired. Please sign in again.');
    }
    headers.set('Authorization', `Bearer ${token}`);
  }

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.root ?? false, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the Laurel server. Check your connection.');
  }

  const body = await readBody(res);
  if (res.ok || options.acceptStatus?.includes(res.status)) {
    return { status: res.status, data: body as T };
  }
  const error = toApiError(res.status, res.statusText, body);
  if (res.status === 401 && auth) clearSession('unauthorized');
  throw error;
}

/** Like {@link apiFetch} but resolves with the body only. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiFetch<T>(path, options)).data;
}

type BodyOptions = Omit<RequestOptions, 'method' | 'body'>;

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: BodyOptions) => apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options?: BodyOptions) => apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  put: <T>(path: string, body?: unknown, options?: BodyOptions) => apiRequest<T>(path, { ...options, method: 'PUT', body }),
  delete: <T>(path: string, options?: BodyOptions) => apiRequest<T>(path, { ...options, method: 'DELETE' }),
};
