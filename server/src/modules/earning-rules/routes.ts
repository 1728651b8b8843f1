import { AdminRole, CreateEarningRuleDto, EarningRuleQueryDto, EventDto, UpdateEarningRuleDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { principalActor } from '../../platform/http/principal.js';
import { typedEvent } from '../events/parse.js';
import type { EarningRuleService } from './service.js';

export function registerEarningRuleRoutes(admin: ApiRouter, rules: EarningRuleService): void {
  admin
    .route<Record<string, never>, EarningRuleQueryDto>({
      method: 'get',
      path: '/earning-rules',
      summary: 'List earning rules, newest first, by event type and status',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: EarningRuleQueryDto,
      responds: { status: 200, description: 'A page of earning rules' },
      handler: async ({ query }) => ({ status: 200, body: await rules.list(query) }),
    })
    .route<CreateEarningRuleDto>({
      method: 'post',
      path: '/earning-rules',
      summary: 'Create an earning rule (audited)',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: CreateEarningRuleDto,
      responds: { status: 201, description: 'The new rule' },
      handler: async ({ body, who }) => ({ status: 201, body: await rules.create(body, principalActor(who)) }),
    })
    .route<EventDto>({
      method: 'post',
      path: '/earning-rules/dry-run',
      summary: 'Evaluate an event against the active rules without changing anything',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      body: EventDto,
      idempotent: false,
      responds: { status: 200, description: 'What the event would grant and skip, and why' },
      handler: async ({ body }) => ({ status: 200, body: await rules.dryRun(await typedEvent(body)) }),
    })
    .route({
      method: 'get',
      path: '/earning-rules/:id',
      summary: 'One earning rule',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The rule' },
      handler: async ({ params }) => ({ status: 200, body: await rules.get(params.id ?? '') }),
    })
    .route<UpdateEarningRuleDto>({
      method: 'patch',
      path: '/earning-rules/:id',
      summary: 'Change an earning rule (audited; conditions, formula and caps are replaced whole)',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: UpdateEarningRuleDto,
      responds: { status: 200, description: 'The rule after the change' },
      handler: async ({ body, params, who }) => ({ status: 200, body: await rules.update(params.id ?? '', body, principalActor(who)) }),
    })
    .route({
      method: 'post',
      path: '/earning-rules/:id/archive',
      summary: 'Archive an earning rule: it stops granting and is frozen (audited)',
      tag: 'Earning rules',
      auth: { kind: 'admin', role: AdminRole.Admin },
      responds: { status: 200, description: 'The archived rule' },
      handler: async ({ params, who }) => ({ status: 200, body: await rules.archive(params.id ?? '', principalActor(who)) }),
    });
}
