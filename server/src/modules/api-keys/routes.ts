import { AdminRole, CreateApiKeyDto, PageQueryDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { principalActor } from '../../platform/http/principal.js';
import type { ApiKeyService } from './service.js';

export function registerApiKeyRoutes(admin: ApiRouter, keys: ApiKeyService): void {
  admin
    .route<Record<string, never>, PageQueryDto>({
      method: 'get',
      path: '/api-keys',
      summary: 'List service API keys (never their secrets)',
      tag: 'API keys',
      auth: { kind: 'admin', role: AdminRole.Admin },
      query: PageQueryDto,
      responds: { status: 200, description: 'A page of API keys' },
      handler: async ({ query }) => ({ status: 200, body: await keys.list(query) }),
    })
    .route<CreateApiKeyDto>({
      method: 'post',
      path: '/api-keys',
      summary: 'Create a service API key; the secret is returned only in this response',
      tag: 'API keys',
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: CreateApiKeyDto,
      responds: { status: 201, description: 'The key with its secret' },
      handler: async ({ body, who }) => ({ status: 201, body: await keys.create(body, principalActor(who)) }),
    })
    .route({
      method: 'post',
      path: '/api-keys/:id/revoke',
      summary: 'Revoke a service API key',
      tag: 'API keys',
      auth: { kind: 'admin', role: AdminRole.Admin },
      responds: { status: 200, description: 'The revoked key' },
      handler: async ({ params, who }) => ({ status: 200, body: await keys.revoke(params.id ?? '', principalActor(who)) }),
    });
}
