import { api, apiFetch } from '../../api/client';

export type UpDown = 'up' | 'down';

export interface SystemInfo {
  version: string;
  engine: 'ferretdb' | 'mongodb';
  redis: UpDown;
  scheduler: UpDown;
  /** Server time, ISO-8601. */
  time: string;
  /** IANA zone used for business-day boundaries, e.g. "Asia/Shanghai". */
  businessTimeZone: string;
}

export interface Readiness {
  httpStatus: number;
  ready: boolean;
  status: string;
  /** Per-dependency results as returned by the server (shape is server-defined). */
  checks: Record<string, unknown>;
}

export function getSystemInfo(signal: AbortSignal): Promise<SystemInfo> {
  return api.get<SystemInfo>('/system', { signal });
}

interface ReadyzBody {
  status?: unknown;
  checks?: unknown;
}

/** `GET /readyz` (unauthenticated). 503 is a valid "not ready" answer, not an error. */
export async function getReadiness(signal: AbortSignal): Promise<Readiness> {
  const res = await apiFetch<ReadyzBody | undefined>('/readyz', {
    root: true,
    auth: false,
    acceptStatus: [503],
    signal,
  });
  const body = typeof res.data === 'object' && res.data !== null ? res.data : {};
  const checks = typeof body.checks === 'object' && body.checks !== null ? (body.checks as Record<string, unknown>) : {};
  const status = typeof body.status === 'string' ? body.status : res.status === 200 ? 'ready' : 'not ready';
  return { httpStatus: res.status, ready: res.status === 200, status, checks };
}
