import {
  AdminRole,
  ApiScope,
  BenefitPackageQueryDto,
  BenefitQueryDto,
  CreateBenefitDto,
  CreateBenefitPackageDto,
  ReleaseBenefitDto,
  UpdateBenefitDto,
  UpdateBenefitPackageDto,
  UseBenefitDto,
} from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { BenefitDefinitionService } from './definitions.js';
import type { BenefitService } from './service.js';

type Routers = { member: ApiRouter; service: ApiRouter; admin: ApiRouter };

/** How routes name members by external id (MemberService fits). */
export interface MemberIds {
  idOf(externalId: string): Promise<string>;
}

export function registerBenefitRoutes(
  routers: Routers,
  definitions: BenefitDefinitionService,
  benefits: BenefitService,
  members: MemberIds,
): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  const write = { kind: 'admin', role: AdminRole.Operator } as const;
  const checkout = { kind: 'service', scope: ApiScope.BenefitsWrite } as const;
  routers.member.route({
    method: 'get',
    path: '/me/benefits',
    summary: "The calling member's entitlements: value, remaining quota, reset time and sources of each benefit",
    tag: 'Member',
    auth: { kind: 'member' },
    responds: { status: 200, description: 'The entitlements' },
    handler: async ({ who }) => ({ status: 200, body: { items: await benefits.entitlementsOf(asMember(who).memberId) } }),
  });
  routers.service
    .route<UseBenefitDto>({
      method: 'post',
      path: '/members/:externalId/benefits/:benefitCode/use',
      summary: 'Use a benefit at checkout (idempotent by key or orderId); QUOTA_EXHAUSTED, NOT_ELIGIBLE',
      tag: 'Benefits',
      auth: checkout,
      body: UseBenefitDto,
      responds: { status: 200, description: 'The use, with the quota left in its pool' },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await benefits.use({ ...body, memberId: await members.idOf(params.externalId ?? ''), benefitCode: params.benefitCode ?? '' }),
      }),
    })
    .route<ReleaseBenefitDto>({
      method: 'post',
      path: '/members/:externalId/benefits/:benefitCode/release',
      summary: 'Give a use back (order refunded or cancelled), by the key or orderId it was taken with; idempotent',
      tag: 'Benefits',
      auth: checkout,
      body: ReleaseBenefitDto,
      responds: { status: 200, description: 'The released use' },
      handler: async ({ params, body }) => ({
        status: 200,
        body: await benefits.release({
          ...body,
          memberId: await members.idOf(params.externalId ?? ''),
          benefitCode: params.benefitCode ?? '',
        }),
      }),
    });
  routers.admin
    .route<Record<string, never>, BenefitQueryDto>({
      method: 'get',
      path: '/benefits',
      summary: 'List benefits, newest first',
      tag: 'Benefits',
      auth: read,
      query: BenefitQueryDto,
      responds: { status: 200, description: 'A page of benefits' },
      handler: async ({ query }) => ({ status: 200, body: await definitions.listBenefits(query) }),
    })
    .route<CreateBenefitDto>({
      method: 'post',
      path: '/benefits',
      summary: 'Create a benefit (audited)',
      tag: 'Benefits',
      auth: write,
      body: CreateBenefitDto,
      responds: { status: 201, description: 'The new benefit' },
      handler: async ({ body, who }) => ({ status: 201, body: await definitions.createBenefit(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/benefits/:code',
      summary: 'One benefit',
      tag: 'Benefits',
      auth: read,
      responds: { status: 200, description: 'The benefit' },
      handler: async ({ params }) => ({ status: 200, body: await definitions.getBenefit(params.code ?? '') }),
    })
    .route<UpdateBenefitDto>({
      method: 'patch',
      path: '/benefits/:code',
      summary: 'Change a benefit (audited; value replaced whole)',
      tag: 'Benefits',
      auth: write,
      body: UpdateBenefitDto,
      responds: { status: 200, description: 'The benefit after the change' },
      handler: async ({ params, body, who }) => ({
        status: 200,
        body: await definitions.updateBenefit(params.code ?? '', body, principalActor(who)),
      }),
    })
    .route({
      method: 'post',
      path: '/benefits/:code/archive',
      summary: 'Archive a benefit: it leaves every entitlement and is frozen (audited)',
      tag: 'Benefits',
      auth: write,
      responds: { status: 200, description: 'The archived benefit' },
      handler: async ({ params, who }) => ({ status: 200, body: await definitions.archiveBenefit(params.code ?? '', principalActor(who)) }),
    })
    .route<Record<string, never>, BenefitPackageQueryDto>({
      method: 'get',
      path: '/benefit-packages',
      summary: 'List benefit packages, newest first',
      tag: 'Benefits',
      auth: read,
      query: BenefitPackageQueryDto,
      responds: { status: 200, description: 'A page of packages' },
      handler: async ({ query }) => ({ status: 200, body: await definitions.listPackages(query) }),
    })
    .route<CreateBenefitPackageDto>({
      method: 'post',
      path: '/benefit-packages',
      summary: 'Create a benefit package for a tier (audited)',
      tag: 'Benefits',
      auth: write,
      body: CreateBenefitPackageDto,
      responds: { status: 201, description: 'The new package' },
      handler: async ({ body, who }) => ({ status: 201, body: await definitions.createPackage(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/benefit-packages/:code',
      summary: 'One benefit package',
      tag: 'Benefits',
      auth: read,
      responds: { status: 200, description: 'The package' },
      handler: async ({ params }) => ({ status: 200, body: await definitions.getPackage(params.code ?? '') }),
    })
    .route<UpdateBenefitPackageDto>({
      method: 'patch',
      path: '/benefit-packages/:code',
      summary: "Change a package (audited; items replaced whole; members' entitlements follow at once)",
      tag: 'Benefits',
      auth: write,
      body: UpdateBenefitPackageDto,
      responds: { status: 200, description: 'The package after the change' },
      handler: async ({ params, body, who }) => ({
        status: 200,
        body: await definitions.updatePackage(params.code ?? '', body, principalActor(who)),
      }),
    })
    .route({
      method: 'post',
      path: '/benefit-packages/:code/archive',
      summary: 'Archive a package: its benefits leave its members’ entitlements (audited)',
      tag: 'Benefits',
      auth: write,
      responds: { status: 200, description: 'The archived package' },
      handler: async ({ params, who }) => ({ status: 200, body: await definitions.archivePackage(params.code ?? '', principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/members/:id/benefits',
      summary: "A member's entitlements, grants and latest uses (for support)",
      tag: 'Benefits',
      auth: read,
      responds: { status: 200, description: 'The member benefits' },
      handler: async ({ params }) => ({ status: 200, body: await benefits.memberBenefits(params.id ?? '') }),
    });
}
