export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Response of `POST /api/admin/v1/auth/login`; also what is kept in session storage. */
export interface Session {
  token: string;
  /** ISO-8601 timestamp. */
  expiresAt: string;
  user: SessionUser;
}

/** Why the session ended; shown on the login page. */
export type LogoutReason = 'logout' | 'expired' | 'unauthorized';
