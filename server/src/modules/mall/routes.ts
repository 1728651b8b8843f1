import {
  AddRewardCodesDto,
  AdminRole,
  CreateMallRewardDto,
  MallRewardQueryDto,
  MemberRedemptionQueryDto,
  RedeemRewardDto,
  RedemptionQueryDto,
  UpdateFulfilmentDto,
  UpdateMallRewardDto,
} from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { callerKeyOf } from '../../platform/http/idempotency.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { RedemptionService } from './redemptions.js';
import type { MallRewardService } from './reward-definitions.js';
import type { Storefront } from './storefront.js';

type Routers = { member: ApiRouter; admin: ApiRouter };

export interface MallServices {
  rewards: MallRewardService;
  redemptions: RedemptionService;
  storefront: Storefront;
}

export function registerMallRoutes(routers: Routers, mall: MallServices): void {
  registerMemberRoutes(routers.member, mall);
  registerRewardAdminRoutes(routers.admin, mall.rewards);
  registerRedemptionAdminRoutes(routers.admin, mall.redemptions);
}

function registerMemberRoutes(member: ApiRouter, { storefront, redemptions }: MallServices): void {
  const auth = { kind: 'member' } as const;
  member
    .route({
      method: 'get',
      path: '/rewards',
      summary: 'The points mall for the calling member: price, stock left, limit left this period, whether allowed and why not',
      tag: 'Member',
      auth,
      responds: { status: 200, description: "The member's points and the mall's rewards" },
      handler: async ({ who }) => ({ status: 200, body: await storefront.mall(asMember(who).memberId) }),
    })
    .route<RedeemRewardDto>({
      method: 'post',
      path: '/me/redemptions',
      summary:
        'Redeem a reward for points (a saga: points held, stock taken, reward issued, points captured); Idempotency-Key: a retry returns the same redemption',
      tag: 'Member',
      auth,
      body: RedeemRewardDto,
      responds: { status: 201, description: 'The completed redemption' },
      handler: async ({ req, who, body }) => ({
        status: 201,
        body: await redemptions.redeem(asMember(who).memberId, body, callerKeyOf(req, who) ?? null),
      }),
    })
    .route<Record<string, never>, MemberRedemptionQueryDto>({
      method: 'get',
      path: '/me/redemptions',
      summary: "The calling member's redemptions, newest first",
      tag: 'Member',
      auth,
      query: MemberRedemptionQueryDto,
      responds: { status: 200, description: 'A page of redemptions' },
      handler: async ({ who, query }) => ({ status: 200, body: await redemptions.listOf(asMember(who).memberId, query) }),
    })
    .route({
      method: 'get',
      path: '/me/redemptions/:id',
      summary: "One of the calling member's redemptions",
      tag: 'Member',
      auth,
      responds: { status: 200, description: 'The redemption' },
      handler: async ({ who, params }) => ({ status: 200, body: await redemptions.get(asMember(who).memberId, params.id ?? '') }),
    })
    .route({
      method: 'post',
      path: '/me/redemptions/:id/cancel',
      summary: 'Cancel a completed redemption of a revocable reward: points and stock come back once (422 NOT_REVOCABLE otherwise)',
      tag: 'Member',
      auth,
      responds: { status: 200, description: 'The cancelled redemption' },
      handler: async ({ who, params }) => ({ status: 200, body: await redemptions.cancel(asMember(who).memberId, params.id ?? '') }),
    });
}

function registerRewardAdminRoutes(admin: ApiRouter, rewards: MallRewardService): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  const write = { kind: 'admin', role: AdminRole.Operator } as const;
  admin
    .route<Record<string, never>, MallRewardQueryDto>({
      method: 'get',
      path: '/rewards',
      summary: 'List points-mall rewards, newest first',
      tag: 'Mall',
      auth: read,
      query: MallRewardQueryDto,
      responds: { status: 200, description: 'A page of rewards' },
      handler: async ({ query }) => ({ status: 200, body: await rewards.list(query) }),
    })
    .route<CreateMallRewardDto>({
      method: 'post',
      path: '/rewards',
      summary: 'Create a points-mall reward (audited)',
      tag: 'Mall',
      auth: write,
      body: CreateMallRewardDto,
      responds: { status: 201, description: 'The new reward' },
      handler: async ({ body, who }) => ({ status: 201, body: await rewards.create(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/rewards/:id',
      summary: 'One reward with its stock',
      tag: 'Mall',
      auth: read,
      responds: { status: 200, description: 'The reward' },
      handler: async ({ params }) => ({ status: 200, body: await rewards.get(params.id ?? '') }),
    })
    .route<UpdateMallRewardDto>({
      method: 'patch',
      path: '/rewards/:id',
      summary: 'Change a reward (audited; `version` for a 409 on concurrent edits; redemptions keep the terms they were made at)',
      tag: 'Mall',
      auth: write,
      body: UpdateMallRewardDto,
      responds: { status: 200, description: 'The reward after the change' },
      handler: async ({ params, body, who }) => ({ status: 200, body: await rewards.update(params.id ?? '', body, principalActor(who)) }),
    });
  for (const [action, summary] of [
    ['pause', 'Take a reward out of the mall (audited)'],
    ['resume', 'Put a paused reward back in the mall (audited)'],
    ['archive', 'Retire a reward for good (audited; its redemptions stay)'],
  ] as const) {
    admin.route({
      method: 'post',
      path: `/rewards/:id/${action}`,
      summary,
      tag: 'Mall',
      auth: write,
      responds: { status: 200, description: 'The reward after the change' },
      handler: async ({ params, who }) => ({ status: 200, body: await rewards[action](params.id ?? '', principalActor(who)) }),
    });
  }
  admin
    .route<AddRewardCodesDto>({
      method: 'post',
      path: '/rewards/:id/codes',
      summary: "Add codes to a virtual_code reward's pool, one unit of stock each (codes already there are skipped and counted; audited)",
      tag: 'Mall',
      auth: write,
      body: AddRewardCodesDto,
      responds: { status: 201, description: 'Codes added, duplicates skipped, and the counts after' },
      handler: async ({ params, body, who }) => ({
        status: 201,
        body: await rewards.addCodes(params.id ?? '', body.codes, principalActor(who)),
      }),
    })
    .route({
      method: 'get',
      path: '/rewards/:id/codes',
      summary: "Counts of a reward's codes by state (available, assigned, voided); never the codes",
      tag: 'Mall',
      auth: read,
      responds: { status: 200, description: 'The code counts' },
      handler: async ({ params }) => ({ status: 200, body: await rewards.codeCounts(params.id ?? '') }),
    });
}

function registerRedemptionAdminRoutes(admin: ApiRouter, redemptions: RedemptionService): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  admin
    .route<Record<string, never>, RedemptionQueryDto>({
      method: 'get',
      path: '/redemptions',
      summary: 'List redemptions by state, reward and member, newest first',
      tag: 'Mall',
      auth: read,
      query: RedemptionQueryDto,
      responds: { status: 200, description: 'A page of redemptions' },
      handler: async ({ query }) => ({ status: 200, body: await redemptions.list(query) }),
    })
    .route<Record<string, never>, MemberRedemptionQueryDto>({
      method: 'get',
      path: '/members/:id/redemptions',
      summary: "A member's redemptions, newest first",
      tag: 'Mall',
      auth: read,
      query: MemberRedemptionQueryDto,
      responds: { status: 200, description: 'A page of redemptions' },
      handler: async ({ params, query }) => ({ status: 200, body: await redemptions.listOfMember(params.id ?? '', query) }),
    })
    .route<UpdateFulfilmentDto>({
      method: 'post',
      path: '/redemptions/:id/fulfilment',
      summary: 'Move a physical redemption pending → shipped → delivered, or cancel it (points and stock come back); audited',
      tag: 'Mall',
      auth: { kind: 'admin', role: AdminRole.Operator },
      body: UpdateFulfilmentDto,
      responds: { status: 200, description: 'The redemption after the change' },
      handler: async ({ params, body, who }) => ({
        status: 200,
        body: await redemptions.fulfil(params.id ?? '', body, principalActor(who)),
      }),
    });
}
