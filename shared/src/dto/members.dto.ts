import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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

/** Service API: a member's profile fields (each optional; `birthday` null removes it). */
export class UpdateMemberProfileDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{3,32}$/, { message: 'phone must be 3 to 32 digits, spaces, (, ), - with an optional +' })
  phone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'email must be an email address' })
  email?: string;

  /** `YYYY-MM-DD`. */
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'birthday must be a date YYYY-MM-DD' })
  birthday?: string | null;
}
