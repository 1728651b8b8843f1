import { AdminRole, ClaimTaskDto, CreateTaskDto, TaskQueryDto, UpdateTaskDto } from '@laurel/shared';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { callerKeyOf } from '../../platform/http/idempotency.js';
import { asMember, principalActor } from '../../platform/http/principal.js';
import type { MemberTasks } from './member-tasks.js';
import type { TaskDefinitionService } from './service.js';

type Routers = { member: ApiRouter; admin: ApiRouter };

export function registerTaskRoutes(routers: Routers, definitions: TaskDefinitionService, memberTasks: MemberTasks): void {
  const read = { kind: 'admin', role: AdminRole.Viewer } as const;
  const write = { kind: 'admin', role: AdminRole.Operator } as const;
  routers.member
    .route({
      method: 'get',
      path: '/me/tasks',
      summary: "The calling member's tasks with this period's progress, targets, rewards, states and rewards waiting for a claim",
      tag: 'Member',
      auth: { kind: 'member' },
      responds: { status: 200, description: 'The member tasks' },
      handler: async ({ who }) => ({ status: 200, body: { items: await memberTasks.list(asMember(who).memberId) } }),
    })
    .route<ClaimTaskDto>({
      method: 'post',
      path: '/me/tasks/:taskId/claim',
      summary:
        'Claim a completed task reward (the oldest claimable one unless periodKey and milestone say which); Idempotency-Key recommended',
      tag: 'Member',
      auth: { kind: 'member' },
      body: ClaimTaskDto,
      responds: { status: 200, description: 'The claim and the ledger entries it granted' },
      handler: async ({ req, who, params, body }) => ({
        status: 200,
        body: await memberTasks.claim(asMember(who).memberId, params.taskId ?? '', body, callerKeyOf(req, who) ?? null),
      }),
    });
  routers.admin
    .route<Record<string, never>, TaskQueryDto>({
      method: 'get',
      path: '/tasks',
      summary: 'List tasks, newest first, with completion counts',
      tag: 'Tasks',
      auth: read,
      query: TaskQueryDto,
      responds: { status: 200, description: 'A page of tasks' },
      handler: async ({ query }) => ({ status: 200, body: await definitions.list(query) }),
    })
    .route<CreateTaskDto>({
      method: 'post',
      path: '/tasks',
      summary: 'Create a task (audited)',
      tag: 'Tasks',
      auth: write,
      body: CreateTaskDto,
      responds: { status: 201, description: 'The new task' },
      handler: async ({ body, who }) => ({ status: 201, body: await definitions.create(body, principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/tasks/:id',
      summary: 'One task, with completion counts',
      tag: 'Tasks',
      auth: read,
      responds: { status: 200, description: 'The task' },
      handler: async ({ params }) => ({ status: 200, body: await definitions.get(params.id ?? '') }),
    })
    .route<UpdateTaskDto>({
      method: 'patch',
      path: '/tasks/:id',
      summary: 'Change a task (audited; trigger, rewards, milestones and audience are replaced whole; progress recorded keeps its terms)',
      tag: 'Tasks',
      auth: write,
      body: UpdateTaskDto,
      responds: { status: 200, description: 'The task after the change' },
      handler: async ({ body, params, who }) => ({
        status: 200,
        body: await definitions.update(params.id ?? '', body, principalActor(who)),
      }),
    })
    .route({
      method: 'post',
      path: '/tasks/:id/pause',
      summary: 'Pause a task: events stop counting, rewards earned can still be claimed (audited)',
      tag: 'Tasks',
      auth: write,
      responds: { status: 200, description: 'The paused task' },
      handler: async ({ params, who }) => ({ status: 200, body: await definitions.pause(params.id ?? '', principalActor(who)) }),
    })
    .route({
      method: 'post',
      path: '/tasks/:id/resume',
      summary: 'Resume a paused task (audited)',
      tag: 'Tasks',
      auth: write,
      responds: { status: 200, description: 'The active task' },
      handler: async ({ params, who }) => ({ status: 200, body: await definitions.resume(params.id ?? '', principalActor(who)) }),
    })
    .route({
      method: 'post',
      path: '/tasks/:id/archive',
      summary: 'Archive a task: it stops counting and is frozen (audited)',
      tag: 'Tasks',
      auth: write,
      responds: { status: 200, description: 'The archived task' },
      handler: async ({ params, who }) => ({ status: 200, body: await definitions.archive(params.id ?? '', principalActor(who)) }),
    })
    .route({
      method: 'get',
      path: '/members/:id/tasks',
      summary: "A member's tasks as the member sees them (for support)",
      tag: 'Tasks',
      auth: read,
      responds: { status: 200, description: 'The member tasks' },
      handler: async ({ params }) => ({ status: 200, body: { items: await memberTasks.list(params.id ?? '') } }),
    });
}
