import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAPPING_RULE_SOURCES, MappingRuleOrderRequest, MappingRuleRequest, MappingRuleSource, ROLES, Role } from '@tiendo/contracts';
import { MayBeOmitted, Trim } from '@tiendo/server-core';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const ATTRIBUTE_MESSAGE = 'Tên thuộc tính gồm chữ cái không dấu, chữ số và dấu "-", bắt đầu bằng chữ cái (ví dụ departmentNumber)';

/** A new rule (POST /api/directory/mapping-rules); cross-field rules are checked by MappingRulesService. */
export class CreateMappingRuleDto implements MappingRuleRequest {
  @ApiProperty({ enum: MAPPING_RULE_SOURCES })
  @IsIn(MAPPING_RULE_SOURCES)
  source!: MappingRuleSource;

  @ApiPropertyOptional({ nullable: true, example: 'departmentNumber', description: 'For source attribute only' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @Matches(ATTRIBUTE_NAME, { message: ATTRIBUTE_MESSAGE })
  attribute?: string | null;

  @ApiProperty({ example: 'cn=vp-staff,ou=groups,dc=bo,dc=gov,dc=vn', description: 'A group DN or name, or the attribute value' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  value!: string;

  @ApiPropertyOptional({ nullable: true, example: 'VP' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unitCode?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role | null;
}

/** A change to a rule (PATCH /api/directory/mapping-rules/:id): the fields given change; null clears. */
export class UpdateMappingRuleDto implements Partial<MappingRuleRequest> {
  @ApiPropertyOptional({ enum: MAPPING_RULE_SOURCES })
  @MayBeOmitted()
  @IsIn(MAPPING_RULE_SOURCES)
  source?: MappingRuleSource;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @Matches(ATTRIBUTE_NAME, { message: ATTRIBUTE_MESSAGE })
  attribute?: string | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  value?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unitCode?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role | null;
}

/** PUT /api/directory/mapping-rules/order. */
export class MappingRuleOrderDto implements MappingRuleOrderRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids!: string[];
}
