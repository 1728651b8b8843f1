import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';
import type { Role } from '../../auth/types';

export interface Operator {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: IsoDateTime;
  lastLoginAt: IsoDateTime | null;
}

export interface CreateOperatorInput {
  email: string;
  name: string;
  password: string;
  role: Role;
}

export interface UpdateOperatorInput {
  role?: Role;
  disabled?: boolean;
}

export const MIN_PASSWORD_LENGTH = 12;

export const listOperators: PageFetcher<Operator> = ({ cursor, limit, signal }) =>
  api.get<Page<Operator>>('/users', { query: { limit, cursor }, signal });

export function createOperator(input: CreateOperatorInput, idempotencyKey?: string): Promise<Operator> {
  return api.post<Operator>('/users', input, { idempotencyKey });
}

/** PATCH and return the updated operator (falls back to a local merge if the server sends no body). */
export async function updateOperator(current: Operator, patch: UpdateOperatorInput): Promise<Operator> {
  const res = await api.patch<Operator | undefined>(`/users/${seg(current.id)}`, patch);
  return res && typeof res === 'object' && 'id' in res ? res : { ...current, ...patch };
}
