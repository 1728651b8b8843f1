import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';

/** What every change of a versioned definition (rule, task, template, benefit, package, reward) starts with. */
export class DefinitionChangeDto {
  /** When given, the change applies only to this version (409 CONFLICT otherwise). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
}
