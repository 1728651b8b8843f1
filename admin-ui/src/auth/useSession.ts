import { useContext } from 'react';
import { hasRole } from './roles';
import { SessionContext, type SessionContextValue } from './SessionContext';
import type { Role } from './types';

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** True when the signed-in user has at least `required`. */
export function useHasRole(required: Role): boolean {
  return hasRole(useSession().user?.role, required);
}
