import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role, SELECTABLE_SIGN_IN_METHODS, SignInMethod } from '@tiendo/contracts';
import { MayBeOmitted, PageQuery, ToBoolean, Trim } from '@tiendo/server-core';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PASSWORD_MAX } from '../password-policy';

export class CreateUserDto {
  @ApiProperty({ example: 'nguyenvana' })
  @Trim()
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{3,64}$/, { message: 'Tên đăng nhập gồm 3-64 ký tự: chữ cái không dấu, chữ số và các dấu ".", "_", "-"' })
  username!: string;

  @ApiProperty({ example: 'Nguyễn Văn A' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fullName!: string;

  @ApiPropertyOptional({ description: 'Required for a user signing in with the product password (signInMethod local)' })
  @ValidateIf((o: CreateUserDto) => o.signInMethod !== 'directory' || o.password !== undefined)
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password?: string;

  @ApiPropertyOptional({ enum: SELECTABLE_SIGN_IN_METHODS, default: 'local', description: 'local: the product password; directory: LDAP / AD' })
  @MayBeOmitted()
  @IsIn(SELECTABLE_SIGN_IN_METHODS)
  signInMethod?: SignInMethod;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'VP' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unitCode!: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsEmail()
  @MaxLength(255)
  email?: string;
}

/** What an admin may change; a user changes their own password through /auth/change-password. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  fullName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @MayBeOmitted()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unitCode?: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(255)
  email?: string | null;

  @ApiPropertyOptional({ enum: SELECTABLE_SIGN_IN_METHODS, description: 'How the user signs in; the last active local admin stays local' })
  @MayBeOmitted()
  @IsIn(SELECTABLE_SIGN_IN_METHODS)
  signInMethod?: SignInMethod;

  @ApiPropertyOptional({ description: 'Sets a new password (a reset by the admin)' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  password?: string;
}

export class ListUsersQuery extends PageQuery {
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unit?: string;

  @MayBeOmitted()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'nguyen van', description: 'Text in the username or full name; tone marks, diacritics and case optional' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  q?: string;

  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;


}
