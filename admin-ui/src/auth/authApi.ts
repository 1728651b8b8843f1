import { apiRequest } from '../api/client';
import { ApiError } from '../api/errors';
import { parseSession } from './sessionStore';
import type { Session } from './types';

export interface LoginInput {
  email: string;
  password: string;
}

/** `POST /auth/login` — unauthenticated; a 401 here means bad credentials, not an expired session. */
export async function login(input: LoginInput): Promise<Session> {
  const body = await apiRequest<unknown>('/auth/login', {
    method: 'POST',
    body: input,
    auth: false,
  });
  const session = parseSession(body);
  if (!session) throw new ApiError(200, 'BAD_LOGIN_RESPONSE', 'The server returned an unexpected login response.');
  return session;
}
