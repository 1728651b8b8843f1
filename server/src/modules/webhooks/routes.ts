import { AdminRole, CreateWebhookDto, PageQueryDto, UpdateWebhookDto, WebhookDeliveryQueryDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { asAdmin, principalActor } from '../../platform/http/principal.js';
import type { WebhookService } from './service.js';

const tag = 'Webhooks';

export function registerWebhookRoutes(admin: ApiRouter, webhooks: WebhookService): void {
  admin
    .route<Record<string, never>, PageQueryDto>({
      method: 'get',
      path: '/webhooks',
      summary: 'List webhook subscriptions, newest first (never their secrets)',
      tag,
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: PageQueryDto,
      responds: { status: 200, description: 'A page of webhooks' },
      handler: async ({ query }) => ({ status: 200, body: await webhooks.list(query) }),
    })
    .route<CreateWebhookDto>({
      method: 'post',
      path: '/webhooks',
      summary: 'Create a webhook subscription; its signing secret is shown only in this answer (audited)',
      tag,
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: CreateWebhookDto,
      responds: { status: 201, description: 'The webhook with its signing secret' },
      handler: async ({ body, who }) => ({ status: 201, body: await webhooks.create(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/webhooks/:id',
      summary: 'One webhook subscription',
      tag,
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The webhook' },
      handler: async ({ params }) => ({ status: 200, body: await webhooks.get(params.id ?? '') }),
    })
    .route<UpdateWebhookDto>({
      method: 'patch',
      path: '/webhooks/:id',
      summary: 'Change a webhook subscription (url, event types, description, active); audited',
      tag,
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: UpdateWebhookDto,
      responds: { status: 200, description: 'The webhook after the change' },
      handler: async ({ body, params, who }) => ({ status: 200, body: await webhooks.update(params.id ?? '', body, principalActor(who)) }),
    })
    .route({
      method: 'delete',
      path: '/webhooks/:id',
      summary: 'Delete a webhook subscription: nothing more is sent to it (audited)',
      tag,
      auth: { kind: 'admin', role: AdminRole.Admin },
      responds: { status: 204, description: 'Deleted' },
      handler: async ({ params, who }) => {
        await webhooks.remove(params.id ?? '', principalActor(who));
        return { status: 204 };
      },
    })
    .route({
      method: 'post',
      path: '/webhooks/:id/rotate-secret',
      summary: 'Issue a new signing secret (shown only in this answer); the old one also signs for 24 hours (audited)',
      tag,
      auth: { kind: 'admin', role: AdminRole.Admin },
      responds: { status: 200, description: 'The webhook with its new secret' },
      handler: async ({ params, who }) => ({ status: 200, body: await webhooks.rotateSecret(params.id ?? '', principalActor(who)) }),
    })
    .route<Record<string, never>, WebhookDeliveryQueryDto>({
      method: 'get',
      path: '/webhooks/:id/deliveries',
      summary: "The delivery log of a webhook, newest first, with every attempt (receivers' answer excerpts for admins only)",
      tag,
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: WebhookDeliveryQueryDto,
      responds: { status: 200, description: 'A page of deliveries' },
      handler: async ({ params, query, who }) => ({
        status: 200,
        body: await webhooks.deliveryLog(params.id ?? '', query, asAdmin(who).role),
      }),
    })
    .route({
      method: 'get',
      path: '/webhooks/:id/deliveries/:deliveryId',
      summary: "One delivery with its attempts and payload (receivers' answer excerpts for admins only)",
      tag,
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The delivery' },
      handler: async ({ params, who }) => ({
        status: 200,
        body: await webhooks.delivery(params.id ?? '', params.deliveryId ?? '', asAdmin(who).role),
      }),
    })
    .route({
      method: 'post',
      path: '/webhooks/:id/deliveries/:deliveryId/replay',
      summary: 'Send a delivery again now, with a fresh retry window (audited; use an Idempotency-Key)',
      tag,
      auth: { kind: 'admin', role: AdminRole.Operator },
      responds: { status: 200, description: 'The delivery after the attempt' },
      handler: async ({ params, who }) => ({
        status: 200,
        body: await webhooks.replay(params.id ?? '', params.deliveryId ?? '', principalActor(who), asAdmin(who).role),
      }),
    });
}
