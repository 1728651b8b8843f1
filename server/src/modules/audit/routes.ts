import { AdminRole, AuditQueryDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import type { AuditService } from './service.js';

export function registerAuditRoutes(admin: ApiRouter, audit: AuditService): void {
  admin.route<Record<string, never>, AuditQueryDto>({
    method: 'get',
    path: '/audit',
    summary: 'The audit trail, newest first',
    tag: 'Audit',
    auth: { kind: 'admin', role: AdminRole.Viewer },
    query: AuditQueryDto,
    responds: { status: 200, description: 'A page of audit entries' },
    handler: async ({ query }) => ({ status: 200, body: await audit.list(query) }),
  });
}
