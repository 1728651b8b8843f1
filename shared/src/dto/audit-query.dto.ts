import { IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from './page-query.dto.js';

export class AuditQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]{1,50}$/, { message: 'targetType must be a lowercase type name' })
  targetType?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:-]{1,100}$/, { message: 'targetId must be an id' })
  targetId?: string;
}
