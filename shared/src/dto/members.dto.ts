import { IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from './page-query.dto.js';

/** A member external id: the host app's user id, 1–128 printable ASCII characters. */
export const EXTERNAL_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

export class MemberSearchQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Matches(EXTERNAL_ID_PATTERN, { message: 'externalId must be 1 to 128 printable ASCII characters' })
  externalId?: string;
}

export interface MemberProfileView {
  id: string;
  externalId: string;
  createdAt: string;
  profile: { name?: string; phone?: string; email?: string; birthday?: string };
  tags: string[];
  /** The member's tier code; null without a tier. */
  tier: string | null;
}
