import {
  AdminRole,
  ApiScope,
  CouponOrderRefDto,
  CouponQueryDto,
  CouponTemplateQueryDto,
  CreateCouponTemplateDto,
  IssueCouponDto,
  LockCouponDto,
  MyCouponQueryDto,
  RedeemCouponDto,
  UpdateCouponTemplateDto,
  VoidCouponDto,
} from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { requiredCallerKey } from '../../platform/http/idempotency.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { CouponService } from './service.js';
import type { CouponTemplateService } from './templates.js';

type Routers = { member: ApiRouter; service: ApiRouter; admin: ApiRouter };

export function registerCouponRoutes(routers: Routers, templates: CouponTemplateService, coupons: CouponService): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  const write = { kind: 'admin', role: AdminRole.Operator } as const;
  const checkout = { kind: 'service', scope: ApiScope.CouponsWrite } as const;
  routers.member.route<Record<string, never>, MyCouponQueryDto>({
    method: 'get',
    path: '/me/coupons',
    summary: "The calling member's coupons, newest first, optionally in one state",
    tag: 'Member',
    auth: { kind: 'member' },
    query: MyCouponQueryDto,
    responds: { status: 200, description: 'A page of coupons' },
    handler: async ({ who, query }) => ({ status: 200, body: await coupons.listOfMember(asMember(who).memberId, query) }),
  });
  const orderRoute = (action: 'release' | 'restore', summary: string) =>
    routers.service.route<CouponOrderRefDto>({
      method: 'post',
      path: `/members/:externalId/coupons/:code/${action}`,
      summary,
      tag: 'Coupons',
      auth: checkout,
      body: CouponOrderRefDto,
      responds: { status: 200, description: 'The coupon' },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await coupons[action](params.externalId ?? '', params.code ?? '', body.orderId),
      }),
    });
  routers.service
    .route<LockCouponDto>({
      method: 'post',
      path: '/members/:externalId/coupons/:code/lock',
      summary: "Lock a member's coupon for an order at checkout (idempotent by order id); answers the discount it gives",
      tag: 'Coupons',
      auth: checkout,
      body: LockCouponDto,
      responds: { status: 200, description: 'The coupon and the discount' },
      handler: async ({ params, body }) => ({ status: 200, body: await coupons.lock(params.externalId ?? '', params.code ?? '', body) }),
    })
    .route<RedeemCouponDto>({
      method: 'post',
      path: '/members/:externalId/coupons/:code/redeem',
      summary: "Redeem a member's coupon for a paid order, from its lock or directly (idempotent by order id)",
      tag: 'Coupons',
      auth: checkout,
      body: RedeemCouponDto,
      responds: { status: 200, description: 'The coupon and the discount' },
      handler: async ({ params, body }) => ({ status: 200, body: await coupons.redeem(params.externalId ?? '', params.code ?? '', body) }),
    });
  orderRoute('release', "Release an order's lock on a coupon (only the locking order)");
  orderRoute('restore', 'Give a coupon back after its order was refunded: restored within validity, else expired');

  routers.admin
    .route<Record<string, never>, CouponTemplateQueryDto>({
      method: 'get',
      path: '/coupon-templates',
      summary: 'List coupon templates, newest first, with stock left and counts',
      tag: 'Coupons',
      auth: read,
      query: CouponTemplateQueryDto,
      responds: { status: 200, description: 'A page of coupon templates' },
      handler: async ({ query }) => ({ status: 200, body: await templates.list(query) }),
    })
    .route<CreateCouponTemplateDto>({
      method: 'post',
      path: '/coupon-templates',
      summary: 'Create a coupon template (audited)',
      tag: 'Coupons',
      auth: write,
      body: CreateCouponTemplateDto,
      responds: { status: 201, description: 'The new template' },
      handler: async ({ body, who }) => ({ status: 201, body: await templates.create(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/coupon-templates/:id',
      summary: 'One coupon template, with stock left and counts',
      tag: 'Coupons',
      auth: read,
      responds: { status: 200, description: 'The template' },
      handler: async ({ params }) => ({ status: 200, body: await templates.get(params.id ?? '') }),
    })
    .route<UpdateCouponTemplateDto>({
      method: 'patch',
      path: '/coupon-templates/:id',
      summary: 'Change a coupon template (audited; coupons issued keep their terms)',
      tag: 'Coupons',
      auth: write,
      body: UpdateCouponTemplateDto,
      responds: { status: 200, description: 'The template after the change' },
      handler: async ({ body, params, who }) => ({ status: 200, body: await templates.update(params.id ?? '', body, principalActor(who)) }),
    });
  for (const [action, summary] of [
    ['pause', 'Pause a coupon template: it issues no more, coupons issued stay usable (audited)'],
    ['resume', 'Resume a paused coupon template (audited)'],
    ['archive', 'Archive a coupon template: it issues no more and is frozen (audited)'],
  ] as const) {
    routers.admin.route({
      method: 'post',
      path: `/coupon-templates/:id/${action}`,
      summary,
      tag: 'Coupons',
      auth: write,
      responds: { status: 200, description: 'The template' },
      handler: async ({ params, who }) => ({ status: 200, body: await templates[action](params.id ?? '', principalActor(who)) }),
    });
  }
  routers.admin
    .route<IssueCouponDto>({
      method: 'post',
      path: '/coupon-templates/:id/issue',
      summary: 'Issue a coupon of the template to a member (audited; Idempotency-Key required: a retry returns the same coupon)',
      tag: 'Coupons',
      auth: write,
      body: IssueCouponDto,
      responds: { status: 201, description: 'The coupon issued' },
      handler: async ({ req, params, body, who }) => ({
        status: 201,
        body: await coupons.issueByOperator(
          params.id ?? '',
          {
            memberId: body.memberId,
            reason: body.reason,
            key: requiredCallerKey(req, who, 'a coupon is issued only under a key a retry can repeat'),
          },
          principalActor(who),
        ),
      }),
    })
    .route<Record<string, never>, CouponQueryDto>({
      method: 'get',
      path: '/coupons',
      summary: 'List coupons by template, member and state, newest first',
      tag: 'Coupons',
      auth: read,
      query: CouponQueryDto,
      responds: { status: 200, description: 'A page of coupons' },
      handler: async ({ query }) => ({ status: 200, body: await coupons.list(query) }),
    })
    .route<Record<string, never>, MyCouponQueryDto>({
      method: 'get',
      path: '/members/:id/coupons',
      summary: "A member's coupons (for support)",
      tag: 'Coupons',
      auth: read,
      query: MyCouponQueryDto,
      responds: { status: 200, description: 'A page of coupons' },
      handler: async ({ params, query }) => ({ status: 200, body: await coupons.memberCoupons(params.id ?? '', query) }),
    })
    .route<VoidCouponDto>({
      method: 'post',
      path: '/coupons/:id/void',
      summary: 'Void an unused or locked coupon: it is never usable again and the row stays (audited)',
      tag: 'Coupons',
      auth: write,
      body: VoidCouponDto,
      responds: { status: 200, description: 'The voided coupon' },
      handler: async ({ params, body, who }) => ({
        status: 200,
        body: await coupons.void(params.id ?? '', body.reason, principalActor(who)),
      }),
    });
}
