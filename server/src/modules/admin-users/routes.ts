import { AdminRole, CreateAdminUserDto, LoginDto, PageQueryDto, UpdateAdminUserDto } from '@laurel/shared';
import type { Request } from 'express';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { asAdmin, principalActor } from '../../platform/http/principal.js';
import type { AdminUserService } from './service.js';

/** Login attempts per window: per client address and email, and per email from all addresses together. */
export interface LoginLimits {
  loginMax: number;
  loginEmailMax: number;
}

export function registerAdminUserRoutes(admin: ApiRouter, users: AdminUserService, limits: LoginLimits): void {
  const emailOf = (req: Request): string => String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase();
  admin
    .route<LoginDto>({
      method: 'post',
      path: '/auth/login',
      summary: 'Log in as an operator; returns a short-lived token',
      tag: 'Operators',
      auth: { kind: 'public' },
      body: LoginDto,
      idempotent: false,
      extraLimits: [
        { bucket: (req) => `login:${req.ip ?? 'unknown'}:${emailOf(req)}`, max: limits.loginMax },
        // Many addresses guessing one operator's password are held back together.
        { bucket: (req) => `login-email:${emailOf(req)}`, max: limits.loginEmailMax },
      ],
      responds: { status: 200, description: 'Token, expiry and the operator' },
      handler: async ({ body }) => ({ status: 200, body: await users.login(body.email, body.password) }),
    })
    .route({
      method: 'get',
      path: '/auth/me',
      summary: 'The operator behind the token',
      tag: 'Operators',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The operator' },
      handler: async ({ who }) => ({ status: 200, body: await users.get(asAdmin(who).userId) }),
    })
    .route<Record<string, never>, PageQueryDto>({
      method: 'get',
      path: '/users',
      summary: 'List operators',
      tag: 'Operators',
      auth: { kind: 'admin', role: AdminRole.Admin },
      query: PageQueryDto,
      responds: { status: 200, description: 'A page of operators' },
      handler: async ({ query }) => ({ status: 200, body: await users.list(query) }),
    })
    .route<CreateAdminUserDto>({
      method: 'post',
      path: '/users',
      summary: 'Create an operator',
      tag: 'Operators',
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: CreateAdminUserDto,
      responds: { status: 201, description: 'The new operator' },
      handler: async ({ body, who }) => ({ status: 201, body: await users.create(body, principalActor(who)) }),
    })
    .route<UpdateAdminUserDto>({
      method: 'patch',
      path: '/users/:id',
      summary: "Change an operator's role, name or disabled flag",
      tag: 'Operators',
      auth: { kind: 'admin', role: AdminRole.Admin },
      body: UpdateAdminUserDto,
      responds: { status: 200, description: 'The operator after the change' },
      handler: async ({ body, params, who }) => ({ status: 200, body: await users.update(params.id ?? '', body, principalActor(who)) }),
    });
}
