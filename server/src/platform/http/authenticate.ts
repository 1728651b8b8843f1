import { AdminRole, type ApiScope } from '@laurel/shared';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { AdminPrincipal, MemberPrincipal, Principal, ServicePrincipal } from './principal.js';

export type AuthRequirement =
  { kind: 'public' } | { kind: 'member' } | { kind: 'service'; scope: ApiScope } | { kind: 'admin'; role: AdminRole };

/** Turns a bearer credential into a principal; each throws UnauthenticatedError on any failure. */
export interface Authenticators {
  member(token: string): Promise<MemberPrincipal>;
  service(token: string): Promise<ServicePrincipal>;
  admin(token: string): Promise<AdminPrincipal>;
}

const ROLE_RANK: Record<AdminRole, number> = { [AdminRole.Viewer]: 1, [AdminRole.Operator]: 2, [AdminRole.Admin]: 3 };

export function roleAtLeast(role: AdminRole, needed: AdminRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  if (!header) throw new UnauthenticatedError('Missing Authorization header');
  const match = /^Bearer ([^\s]{1,8192})$/.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  return match[1];
}

/** Establishes who is calling and whether they may; returns null for public routes. */
export async function authenticate(req: Request, requirement: AuthRequirement, auth: Authenticators): Promise<Principal | null> {
  switch (requirement.kind) {
    case 'public':
      return null;
    case 'member':
      return auth.member(bearerToken(req));
    case 'service': {
      const principal = await auth.service(bearerToken(req));
      if (!principal.scopes.includes(requirement.scope)) throw new ForbiddenError(`This API key lacks the scope ${requirement.scope}`);
      return principal;
    }
    case 'admin': {
      const principal = await auth.admin(bearerToken(req));
      if (!roleAtLeast(principal.role, requirement.role)) throw new ForbiddenError(`This action needs the ${requirement.role} role`);
      return principal;
    }
  }
}
