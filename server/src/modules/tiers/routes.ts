import { AdminRole, CreateTierDto, SetMemberTierDto, TierHistoryQueryDto, TierReevaluationDto, UpdateTierDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { callerKeyOf } from '../../platform/http/idempotency.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { TierDefinitionService } from './definitions.js';
import type { TierService } from './service.js';

type Routers = { member: ApiRouter; admin: ApiRouter };

/** Runs a job now and records the run (the Scheduler fits). */
export interface JobRunner {
  runJob(name: string): Promise<{ outcome: string; counts: Record<string, number> }>;
}

export function registerTierRoutes(routers: Routers, definitions: TierDefinitionService, tiers: TierService, scheduler: JobRunner): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  const write = { kind: 'admin', role: AdminRole.Operator } as const;
  routers.member.route({
    method: 'get',
    path: '/me/tier',
    summary: "The calling member's tier, progress to the next tier, what keeps the current one, and the ladder",
    tag: 'Member',
    auth: { kind: 'member' },
    responds: { status: 200, description: 'The member tier' },
    handler: async ({ who }) => ({ status: 200, body: await tiers.memberTier(asMember(who).memberId) }),
  });
  routers.admin
    .route({
      method: 'get',
      path: '/tiers',
      summary: 'The tier ladder, lowest rank first',
      tag: 'Tiers',
      auth: read,
      responds: { status: 200, description: 'Every tier' },
      handler: async () => ({ status: 200, body: { items: await definitions.list(), nextCursor: null } }),
    })
    .route<CreateTierDto>({
      method: 'post',
      path: '/tiers',
      summary: 'Define a tier (audited; re-tiers nobody)',
      tag: 'Tiers',
      auth: write,
      body: CreateTierDto,
      responds: { status: 201, description: 'The new tier' },
      handler: async ({ body, who }) => ({ status: 201, body: await definitions.create(body, principalActor(who)) }),
    })
    .route<TierReevaluationDto>({
      method: 'post',
      path: '/tiers/reevaluation',
      summary: 'Re-evaluate every member against the current definitions; dryRun only counts who would move',
      tag: 'Tiers',
      auth: write,
      body: TierReevaluationDto,
      responds: { status: 200, description: 'Counts of members moving up and down, with a sample' },
      handler: async ({ body }) => {
        if (body.dryRun) return { status: 200, body: await tiers.reevaluateAll(true, 'dry-run') };
        const run = await scheduler.runJob('tiers.reevaluate-all');
        const counts = run.counts ?? {};
        return {
          status: 200,
          body: {
            dryRun: false,
            members: counts.members ?? 0,
            up: counts.up ?? 0,
            down: counts.down ?? 0,
            sample: [],
            job: { name: 'tiers.reevaluate-all', outcome: run.outcome, counts },
          },
        };
      },
    })
    .route({
      method: 'get',
      path: '/tiers/:code',
      summary: 'One tier',
      tag: 'Tiers',
      auth: read,
      responds: { status: 200, description: 'The tier' },
      handler: async ({ params }) => ({ status: 200, body: await definitions.get(params.code ?? '') }),
    })
    .route<UpdateTierDto>({
      method: 'patch',
      path: '/tiers/:code',
      summary: 'Change a tier (audited; re-tiers nobody until a re-evaluation)',
      tag: 'Tiers',
      auth: write,
      body: UpdateTierDto,
      responds: { status: 200, description: 'The tier after the change' },
      handler: async ({ params, body, who }) => ({
        status: 200,
        body: await definitions.update(params.code ?? '', body, principalActor(who)),
      }),
    })
    .route({
      method: 'delete',
      path: '/tiers/:code',
      summary: 'Delete a tier that no member holds (audited)',
      tag: 'Tiers',
      auth: write,
      responds: { status: 204, description: 'Deleted' },
      handler: async ({ params, who }) => {
        await definitions.remove(params.code ?? '', principalActor(who));
        return { status: 204 };
      },
    })
    .route({
      method: 'get',
      path: '/members/:memberId/tier',
      summary: "A member's tier and progress",
      tag: 'Tiers',
      auth: read,
      responds: { status: 200, description: 'The member tier' },
      handler: async ({ params }) => ({ status: 200, body: await tiers.memberTier(params.memberId ?? '') }),
    })
    .route<Record<string, never>, TierHistoryQueryDto>({
      method: 'get',
      path: '/members/:memberId/tier/history',
      summary: "A member's tier changes, newest first",
      tag: 'Tiers',
      auth: read,
      query: TierHistoryQueryDto,
      responds: { status: 200, description: 'A page of tier changes' },
      handler: async ({ params, query }) => ({ status: 200, body: await tiers.history(params.memberId ?? '', query) }),
    })
    .route<SetMemberTierDto>({
      method: 'post',
      path: '/members/:memberId/tier',
      summary: 'Place a member on a tier by hand (audited; Idempotency-Key recommended)',
      tag: 'Tiers',
      auth: write,
      body: SetMemberTierDto,
      responds: { status: 200, description: 'The member tier after the change' },
      handler: async ({ req, params, body, who }) => ({
        status: 200,
        body: await tiers.setManual(params.memberId ?? '', { ...body, key: callerKeyOf(req, who) }, principalActor(who)),
      }),
    });
}
