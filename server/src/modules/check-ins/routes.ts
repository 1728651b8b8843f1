import { AdminRole, MakeUpCheckInDto, MemberCheckInsQueryDto, UpdateCheckInProgramDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { CheckInProgramService } from './program.js';
import type { CheckInService } from './service.js';

type Routers = { member: ApiRouter; admin: ApiRouter };

export function registerCheckInRoutes(routers: Routers, program: CheckInProgramService, checkIns: CheckInService): void {
  const member = { kind: 'member' } as const;
  routers.member
    .route({
      method: 'post',
      path: '/me/check-ins',
      summary: "Check in for today (the program's business day); 422 ALREADY_CHECKED_IN when done, CHECK_IN_CLOSED while inactive",
      tag: 'Member',
      auth: member,
      responds: { status: 201, description: 'The check-in with what it paid, and the status after it' },
      handler: async ({ who }) => ({ status: 201, body: await checkIns.checkIn(asMember(who).memberId) }),
    })
    .route<MakeUpCheckInDto>({
      method: 'post',
      path: '/me/check-ins/make-up',
      summary: 'Make up a missed day (补签): costs the configured points, pays only what the day adds to the merged streak',
      tag: 'Member',
      auth: member,
      body: MakeUpCheckInDto,
      responds: { status: 201, description: 'The make-up with what it paid and cost, and the status after it' },
      handler: async ({ who, body }) => ({ status: 201, body: await checkIns.makeUp(asMember(who).memberId, body.date) }),
    })
    .route({
      method: 'get',
      path: '/me/check-ins',
      summary: "The calling member's check-in status: today, streak, the current cycle, next reward, make-ups left",
      tag: 'Member',
      auth: member,
      responds: { status: 200, description: 'The check-in status' },
      handler: async ({ who }) => ({ status: 200, body: await checkIns.status(asMember(who).memberId) }),
    });
  routers.admin
    .route({
      method: 'get',
      path: '/check-in-program',
      summary: 'The check-in program (defaults, version 0 and inactive until first configured)',
      tag: 'Check-in',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The program' },
      handler: async () => ({ status: 200, body: await program.view() }),
    })
    .route<UpdateCheckInProgramDto>({
      method: 'put',
      path: '/check-in-program',
      summary: 'Replace the check-in program (audited; `version` for a 409 on concurrent edits; recorded check-ins never change)',
      tag: 'Check-in',
      auth: { kind: 'admin', role: AdminRole.Operator },
      body: UpdateCheckInProgramDto,
      responds: { status: 200, description: 'The program after the change' },
      handler: async ({ body, who }) => ({ status: 200, body: await program.update(body, principalActor(who)) }),
    })
    .route<Record<string, never>, MemberCheckInsQueryDto>({
      method: 'get',
      path: '/members/:memberId/check-ins',
      summary: "A member's check-in status and one month's check-ins, as the member sees them",
      tag: 'Check-in',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: MemberCheckInsQueryDto,
      responds: { status: 200, description: 'Status and the month of check-ins' },
      handler: async ({ params, query }) => ({
        status: 200,
        body: await checkIns.memberCheckIns(params.memberId ?? '', query.month),
      }),
    });
}
