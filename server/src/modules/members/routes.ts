import { AdminRole, ApiScope, MemberSearchQueryDto, UpdateMemberProfileDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { asMember } from '../../platform/http/principal.js';
import type { MemberService } from './service.js';

export function registerMemberRoutes(routers: { member: ApiRouter; service: ApiRouter; admin: ApiRouter }, members: MemberService): void {
  routers.member.route({
    method: 'get',
    path: '/me/profile',
    summary: "The calling member's profile (enrolled on first call)",
    tag: 'Member',
    auth: { kind: 'member' },
    responds: { status: 200, description: 'The member' },
    handler: async ({ who }) => ({ status: 200, body: await members.get(asMember(who).memberId) }),
  });
  routers.service.route({
    method: 'get',
    path: '/members/:externalId',
    summary: 'A member by external id',
    tag: 'Members',
    auth: { kind: 'service', scope: ApiScope.MembersRead },
    responds: { status: 200, description: 'The member' },
    handler: async ({ params }) => ({ status: 200, body: await members.findByExternalId(params.externalId ?? '') }),
  });
  routers.service.route<UpdateMemberProfileDto>({
    method: 'patch',
    path: '/members/:externalId/profile',
    summary: "Set a member's profile fields (name, phone, email, birthday YYYY-MM-DD; a null birthday removes it)",
    tag: 'Members',
    auth: { kind: 'service', scope: ApiScope.MembersWrite },
    body: UpdateMemberProfileDto,
    responds: { status: 200, description: 'The member' },
    handler: async ({ params, body }) => ({ status: 200, body: await members.updateProfile(params.externalId ?? '', body) }),
  });
  routers.admin.route<Record<string, never>, MemberSearchQueryDto>({
    method: 'get',
    path: '/members',
    summary: 'Look members up, newest first, optionally by external id',
    tag: 'Members',
    auth: { kind: 'admin', role: AdminRole.Viewer },
    query: MemberSearchQueryDto,
    responds: { status: 200, description: 'A page of members' },
    handler: async ({ query }) => ({ status: 200, body: await members.list(query) }),
  });
}
