import { createContext, useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { clearSession, getSnapshot, isExpired, setSession, subscribe } from './sessionStore';
import type { LogoutReason, Session, SessionUser } from './types';

export interface SessionContextValue {
  session: Session | null;
  user: SessionUser | null;
  /** Why the last session ended (null when signed in or never signed in). */
  endReason: LogoutReason | null;
  signIn: (session: Session) => void;
  signOut: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

// setTimeout overflows above 2^31-1 ms (~24.8 days).
const MAX_TIMEOUT = 2_147_483_647;

export function SessionProvider({ children }: { children: ReactNode }) {
  const { session, reason } = useSyncExternalStore(subscribe, getSnapshot);

  // Drop the session the moment it expires, which sends guarded routes to login.
  useEffect(() => {
    if (!session) return undefined;
    if (isExpired(session)) {
      clearSession('expired');
      return undefined;
    }
    const delay = Math.min(Date.parse(session.expiresAt) - Date.now(), MAX_TIMEOUT);
    const timer = window.setTimeout(() => {
      if (isExpired(session)) clearSession('expired');
    }, delay);
    return () => window.clearTimeout(timer);
  }, [session]);

  const signIn = useCallback((next: Session) => setSession(next), []);
  const signOut = useCallback(() => clearSession('logout'), []);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      user: session?.user ?? null,
      endReason: reason,
      signIn,
      signOut,
    }),
    [session, reason, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
