import { isRole } from './roles';
import type { LogoutReason, Session } from './types';

/**
 * Framework-free session store backed by sessionStorage (per browser tab).
 * The API client reads the token from here and clears it on 401; the React
 * SessionProvider subscribes so route guards react immediately.
 */
const STORAGE_KEY = 'laurel.admin.session';

type Listener = () => void;

interface State {
  session: Session | null;
  reason: LogoutReason | null;
}

const listeners = new Set<Listener>();
let state: State = { session: readStored(), reason: null };

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Session>;
  const u = v.user;
  return (
    typeof v.token === 'string' &&
    typeof v.expiresAt === 'string' &&
    typeof u === 'object' &&
    u !== null &&
    typeof u.id === 'string' &&
    typeof u.email === 'string' &&
    isRole(u.role)
  );
}

function readStored(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) && !isExpired(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function emit(next: State): void {
  state = next;
  listeners.forEach((l) => l());
}

export function isExpired(session: Session, now: number = Date.now()): boolean {
  const expires = Date.parse(session.expiresAt);
  return Number.isNaN(expires) || expires <= now;
}

export function parseSession(value: unknown): Session | null {
  return isSession(value) ? value : null;
}

export function getSnapshot(): State {
  return state;
}

/** Current session, or null when missing or expired. */
export function getSession(): Session | null {
  const s = state.session;
  if (s && isExpired(s)) {
    clearSession('expired');
    return null;
  }
  return s;
}

export function getToken(): string | null {
  return getSession()?.token ?? null;
}

export function setSession(session: Session): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage may be unavailable (private mode); keep the in-memory session.
  }
  emit({ session, reason: null });
}

export function clearSession(reason: LogoutReason): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // ignore
  }
  if (state.session === null && state.reason === reason) return;
  emit({ session: null, reason });
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
