import { AdminRole, ApiScope, ExpiringQueryDto, HoldPointsDto, LedgerAdjustDto, LedgerQueryDto, SpendPointsDto } from '@laurel/shared';
import type { Request } from 'express';
import type { ApiRouter } from '../../platform/http/api-router.js';
import { requiredCallerKey } from '../../platform/http/idempotency.js';
import { asMember, principalActor, type Principal } from '../../platform/http/principal.js';
import type { MemberService } from '../members/service.js';
import type { LedgerService } from './service.js';

/** What the ledger routes need to know about members: lookups (404 when unknown) that never enrol anyone. */
export type MemberLookup = Pick<MemberService, 'idOf' | 'get'>;

/**
 * The ledger key of a state change named by the caller's Idempotency-Key (required here), scoped to the caller
 * (see callerKeyOf): the ledger applies the change exactly once even if the HTTP record is gone.
 */
export function ledgerKeyOf(req: Request, who: Principal): string {
  return requiredCallerKey(req, who, 'points move only under a key a retry can repeat');
}

type Routers = { member: ApiRouter; service: ApiRouter; admin: ApiRouter };

export function registerLedgerRoutes(routers: Routers, ledger: LedgerService, members: MemberLookup): void {
  registerMemberLedgerRoutes(routers.member, ledger);
  registerServiceLedgerRoutes(routers.service, ledger, members);
  registerAdminLedgerRoutes(routers.admin, ledger, members);
}

/** The member API: only ever the calling member's own wallets (the member id comes from the token). */
function registerMemberLedgerRoutes(member: ApiRouter, ledger: LedgerService): void {
  member
    .route({
      method: 'get',
      path: '/me',
      summary: "The calling member's balances, lifetime totals and next expiries (enrolled on first call)",
      tag: 'Member',
      auth: { kind: 'member' },
      responds: { status: 200, description: 'The points and growth summary' },
      handler: async ({ who }) => ({ status: 200, body: await ledger.summary(asMember(who).memberId) }),
    })
    .route<Record<string, never>, LedgerQueryDto>({
      method: 'get',
      path: '/me/ledger',
      summary: "The calling member's ledger entries, newest first",
      tag: 'Member',
      auth: { kind: 'member' },
      query: LedgerQueryDto,
      responds: { status: 200, description: 'A page of ledger entries' },
      handler: async ({ who, query }) => ({ status: 200, body: await ledger.ledger(asMember(who).memberId, query) }),
    })
    .route<Record<string, never>, ExpiringQueryDto>({
      method: 'get',
      path: '/me/expiring',
      summary: "The calling member's points expiring within the next `days` days (default 30), by expiry date",
      tag: 'Member',
      auth: { kind: 'member' },
      query: ExpiringQueryDto,
      responds: { status: 200, description: 'Points expiring, by date' },
      handler: async ({ who, query }) => ({ status: 200, body: await ledger.expiring(asMember(who).memberId, query.days) }),
    });
}

/** The service API: members by external id; unknown members are 404 (a debit never enrols anyone). */
function registerServiceLedgerRoutes(service: ApiRouter, ledger: LedgerService, members: MemberLookup): void {
  const memberIdOf = (externalId: string | undefined): Promise<string> => members.idOf(externalId ?? '');
  const read = { kind: 'service', scope: ApiScope.MembersRead } as const;
  const write = { kind: 'service', scope: ApiScope.MembersWrite } as const;
  service
    .route({
      method: 'get',
      path: '/members/:externalId/summary',
      summary: "A member's balances, lifetime totals and next expiries",
      tag: 'Points',
      auth: read,
      responds: { status: 200, description: 'The points and growth summary' },
      handler: async ({ params }) => ({ status: 200, body: await ledger.summary(await memberIdOf(params.externalId)) }),
    })
    .route<Record<string, never>, LedgerQueryDto>({
      method: 'get',
      path: '/members/:externalId/ledger',
      summary: "A member's ledger entries, newest first",
      tag: 'Points',
      auth: read,
      query: LedgerQueryDto,
      responds: { status: 200, description: 'A page of ledger entries' },
      handler: async ({ params, query }) => ({ status: 200, body: await ledger.ledger(await memberIdOf(params.externalId), query) }),
    })
    .route<SpendPointsDto>({
      method: 'post',
      path: '/members/:externalId/points/spend',
      summary: "Spends a member's available points, earliest-expiring first (Idempotency-Key required)",
      tag: 'Points',
      auth: write,
      body: SpendPointsDto,
      responds: { status: 201, description: 'The spend ledger entry, with the balance after it' },
      handler: async ({ req, who, params, body }) => {
        const key = ledgerKeyOf(req, who);
        const memberId = await memberIdOf(params.externalId);
        const { entry } = await ledger.spend({ memberId, amount: body.amount, reason: body.reason, orderId: body.orderId, key });
        return { status: 201, body: entry };
      },
    })
    .route<HoldPointsDto>({
      method: 'post',
      path: '/members/:externalId/points/holds',
      summary: "Puts a member's available points aside for an order (Idempotency-Key required)",
      tag: 'Points',
      auth: write,
      body: HoldPointsDto,
      responds: { status: 201, description: 'The hold ledger entry' },
      handler: async ({ req, who, params, body }) => {
        const key = ledgerKeyOf(req, who);
        const memberId = await memberIdOf(params.externalId);
        const { entry } = await ledger.hold({ memberId, amount: body.amount, orderId: body.orderId, key });
        return { status: 201, body: entry };
      },
    })
    .route({
      method: 'post',
      path: '/members/:externalId/points/holds/:orderId/capture',
      summary: 'Spends the points held for an order (the order is paid; Idempotency-Key required)',
      tag: 'Points',
      auth: write,
      responds: { status: 200, description: 'The capture ledger entry' },
      handler: async ({ req, who, params }) => {
        const key = ledgerKeyOf(req, who);
        const memberId = await memberIdOf(params.externalId);
        const { entry } = await ledger.capture({ memberId, orderId: params.orderId ?? '', key });
        return { status: 200, body: entry };
      },
    })
    .route({
      method: 'post',
      path: '/members/:externalId/points/holds/:orderId/release',
      summary: 'Returns the points held for an order to the lots they came from (Idempotency-Key required)',
      tag: 'Points',
      auth: write,
      responds: { status: 200, description: 'The release ledger entry' },
      handler: async ({ req, who, params }) => {
        const key = ledgerKeyOf(req, who);
        const memberId = await memberIdOf(params.externalId);
        const { entry } = await ledger.release({ memberId, orderId: params.orderId ?? '', key });
        return { status: 200, body: entry };
      },
    });
}

/** The admin API: members by internal id. */
function registerAdminLedgerRoutes(admin: ApiRouter, ledger: LedgerService, members: MemberLookup): void {
  admin
    .route({
      method: 'get',
      path: '/members/:id',
      summary: 'A member with every wallet: balances, lots and open holds',
      tag: 'Members',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      responds: { status: 200, description: 'The member and their wallets' },
      handler: async ({ params }) => {
        const member = await members.get(params.id ?? '');
        return { status: 200, body: { member, wallets: await ledger.wallets(member.id) } };
      },
    })
    .route<Record<string, never>, LedgerQueryDto>({
      method: 'get',
      path: '/members/:id/ledger',
      summary: "A member's ledger entries, newest first",
      tag: 'Members',
      auth: { kind: 'admin', role: AdminRole.Viewer },
      query: LedgerQueryDto,
      responds: { status: 200, description: 'A page of ledger entries' },
      handler: async ({ params, query }) => {
        const member = await members.get(params.id ?? '');
        return { status: 200, body: await ledger.ledger(member.id, query) };
      },
    })
    .route<LedgerAdjustDto>({
      method: 'post',
      path: '/members/:id/adjustments',
      summary: "Credits (+) or debits (−) a member's points or growth by hand, audited (Idempotency-Key required)",
      tag: 'Members',
      auth: { kind: 'admin', role: AdminRole.Operator },
      body: LedgerAdjustDto,
      responds: { status: 201, description: 'The adjust ledger entry' },
      handler: async ({ req, who, params, body }) => {
        const key = ledgerKeyOf(req, who);
        const member = await members.get(params.id ?? '');
        const { entry } = await ledger.adjust({
          memberId: member.id,
          currency: body.currency,
          amount: body.amount,
          reason: body.reason,
          operator: principalActor(who),
          key,
        });
        return { status: 201, body: entry };
      },
    });
}
