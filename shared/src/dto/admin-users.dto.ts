import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ADMIN_ROLES, type AdminRole } from '../auth.js';

export class LoginDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class CreateAdminUserDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;

  @IsIn(ADMIN_ROLES)
  role!: AdminRole;
}

export class UpdateAdminUserDto {
  @IsOptional()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
}

export interface AdminUserView {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: AdminUserView;
}
