import { api } from '../../api/client';
import { seg, type IsoDateTime, type Page, type PageFetcher } from '../../api/types';

export const API_KEY_SCOPES = ['events:write', 'members:read', 'members:write', 'payments:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  'events:write': 'Ingest behaviour events',
  'members:read': 'Read member profiles and balances',
  'members:write': 'Create and update members',
  'payments:write': 'Report paid-membership payments',
};

export interface ApiKey {
  id: string;
  name: string;
  /** Public, non-secret prefix used to recognise the key. */
  prefix: string;
  scopes: string[];
  createdAt: IsoDateTime;
  lastUsedAt: IsoDateTime | null;
  revokedAt: IsoDateTime | null;
}

/** Create response: the key plus its secret, which is returned exactly once. */
export interface CreatedApiKey extends ApiKey {
  secret: string;
}

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
}

export const listApiKeys: PageFetcher<ApiKey> = ({ cursor, limit, signal }) =>
  api.get<Page<ApiKey>>('/api-keys', { query: { limit, cursor }, signal });

export function createApiKey(input: CreateApiKeyInput, idempotencyKey?: string): Promise<CreatedApiKey> {
  return api.post<CreatedApiKey>('/api-keys', input, { idempotencyKey });
}

/** Revoke and return the updated key (local fallback if the server sends no body). */
export async function revokeApiKey(key: ApiKey): Promise<ApiKey> {
  const res = await api.post<ApiKey | undefined>(`/api-keys/${seg(key.id)}/revoke`, {});
  return res && typeof res === 'object' && 'id' in res ? res : { ...key, revokedAt: new Date().toISOString() };
}
