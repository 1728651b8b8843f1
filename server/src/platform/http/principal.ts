import type { AdminRole, ApiScope } from '@laurel/shared';

export interface MemberPrincipal {
  kind: 'member';
  memberId: string;
  externalId: string;
}

export interface ServicePrincipal {
  kind: 'service';
  apiKeyId: string;
  name: string;
  scopes: ApiScope[];
}

export interface AdminPrincipal {
  kind: 'admin';
  userId: string;
  email: string;
  role: AdminRole;
}

export type Principal = MemberPrincipal | ServicePrincipal | AdminPrincipal;

/** A stable key naming who is calling: scopes idempotency keys and rate limits. */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'member':
      return `member:${principal.memberId}`;
    case 'service':
      return `service:${principal.apiKeyId}`;
    case 'admin':
      return `admin:${principal.userId}`;
  }
}

/** How an audit entry names the actor. */
export function principalActor(principal: Principal): { type: 'admin' | 'service' | 'system'; id: string; label: string } {
  switch (principal.kind) {
    case 'admin':
      return { type: 'admin', id: principal.userId, label: principal.email };
    case 'service':
      return { type: 'service', id: principal.apiKeyId, label: principal.name };
    case 'member':
      return { type: 'system', id: principal.memberId, label: `member ${principal.externalId}` };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Narrows a route's principal to the kind its auth requirement guarantees. */
export function asMember(principal: Principal): MemberPrincipal {
  if (principal.kind !== 'member') throw new Error(`expected a member principal, got ${principal.kind}`);
  return principal;
}

export function asAdmin(principal: Principal): AdminPrincipal {
  if (principal.kind !== 'admin') throw new Error(`expected an admin principal, got ${principal.kind}`);
  return principal;
}
