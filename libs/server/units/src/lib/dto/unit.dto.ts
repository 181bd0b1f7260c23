import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Trim, MayBeOmitted } from '@tiendo/server-core';
import { UNIT_KINDS, UnitKind } from '@tiendo/contracts';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export class CreateUnitDto {
  @ApiProperty({ example: 'VP' })
  @Trim()
  @IsString()
  @MaxLength(32)
  @Matches(CODE_RE, { message: 'Mã chỉ gồm chữ cái không dấu, chữ số và các dấu "_", ".", "-"' })
  code!: string;

  @ApiProperty({ example: 'Văn phòng Bộ' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @MayBeOmitted()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ example: 'BO', description: 'Code of the parent unit; none for a root' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  parentCode?: string;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ enum: UNIT_KINDS })
  @MayBeOmitted()
  @IsIn(UNIT_KINDS)
  kind?: UnitKind;

  @ApiPropertyOptional({ description: 'Move the unit under another one; null makes it a root' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  parentCode?: string | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  active?: boolean;
}

export class ListUnitsQuery {
  @ApiPropertyOptional({
    example: 'buu chinh',
    description: 'Code or name contains this text; tone marks, diacritics and case optional (bưu chính = BUU CHINH)',
  })
  @MayBeOmitted()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['readable'], description: 'Only the units the caller may choose (access-policy picksUnit): ministry roles all, others their unit\'s subtree' })
  @IsOptional()
  @IsIn(['readable'])
  scope?: 'readable';
}
