import { api } from '../../api/client';
import type { IsoDateTime, Page, PageFetcher } from '../../api/types';

export interface AuditActor {
  /** "admin" (operator), "service" (API key) or "system" (jobs). */
  type: string;
  id: string | null;
  label: string | null;
}

export interface AuditTarget {
  type: string;
  id: string | null;
}

export interface AuditEntry {
  id: string;
  at: IsoDateTime;
  actor: AuditActor;
  action: string;
  target: AuditTarget;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
}

export function auditFetcher(filter: AuditFilter): PageFetcher<AuditEntry> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<AuditEntry>>('/audit', {
      query: {
        targetType: filter.targetType,
        targetId: filter.targetId,
        limit,
        cursor,
      },
      signal,
    });
}
