import { api } from '../../api/client';
import type { IsoDateTime, Page, PageFetcher } from '../../api/types';

export interface MemberSummary {
  id: string;
  /** The tenant's own identifier for the member. */
  externalId: string;
  /** Current tier code; absent until the server reports tiers in this view. */
  tier?: string | null;
  profile?: { name?: string; phone?: string; email?: string; birthday?: string };
  tags?: string[];
  createdAt: IsoDateTime;
}

/** Newest members first; filtered to one external id when given. */
export function memberSearch(externalId: string): PageFetcher<MemberSummary> {
  return ({ cursor, limit, signal }) =>
    api.get<Page<MemberSummary>>('/members', {
      query: { externalId: externalId || undefined, limit, cursor },
      signal,
    });
}
