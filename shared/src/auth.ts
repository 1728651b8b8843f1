/** Operator roles, strongest first: admin configures and manages users; operator adjusts members and runs jobs; viewer reads. */
export const AdminRole = { Admin: 'admin', Operator: 'operator', Viewer: 'viewer' } as const;
export type AdminRole = (typeof AdminRole)[keyof typeof AdminRole];
export const ADMIN_ROLES: readonly AdminRole[] = [AdminRole.Admin, AdminRole.Operator, AdminRole.Viewer];

/** Scopes a service API key can carry. */
export const ApiScope = {
  EventsWrite: 'events:write',
  MembersRead: 'members:read',
  MembersWrite: 'members:write',
  PaymentsWrite: 'payments:write',
  /** Checkout: lock, redeem, release and restore members' coupons. */
  CouponsWrite: 'coupons:write',
  /** Checkout: use and release members' benefit quotas. */
  BenefitsWrite: 'benefits:write',
} as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];
export const API_SCOPES: readonly ApiScope[] = Object.values(ApiScope);
