import { NotFoundError } from '../../platform/errors.js';
import type { MemberFactsSource } from './consumer.js';
import type { MemberLookup } from './service.js';

/** The part of MemberService the rules read. */
export interface MemberReader {
  get(id: string): Promise<{ tags: string[]; tier?: string | null }>;
  findByExternalId(externalId: string): Promise<{ id: string }>;
}

/**
 * Tags and tier for rule conditions. Members have no tier yet: it is read from the member view when the
 * tiers feature puts one there, and until then a tier condition holds for nobody.
 */
export function memberFactsFrom(members: MemberReader): MemberFactsSource & MemberLookup {
  return {
    factsOf: async (memberId) => {
      const member = await members.get(memberId);
      const tier = 'tier' in member ? member.tier : undefined;
      return { tags: member.tags, tier: typeof tier === 'string' ? tier : null };
    },
    idOf: async (externalId) => {
      try {
        return (await members.findByExternalId(externalId)).id;
      } catch (err) {
        if (err instanceof NotFoundError) return null;
        throw err;
      }
    },
  };
}
