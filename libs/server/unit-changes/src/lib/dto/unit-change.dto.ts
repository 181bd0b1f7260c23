import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { UnitMergeRequest, UnitSplitRequest } from '@tiendo/contracts';
import { IsLocalDate, MayBeOmitted, Trim } from '@tiendo/server-core';
import { CreateUnitDto } from '@tiendo/server-units';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsNotEmpty, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

/** At most this many units merge at once, tasks and users are named in one split. */
export const UNIT_CHANGE_LIMITS = { sources: 100, successors: 50, assignments: 10_000, reason: 1_000 } as const;

const EFFECTIVE_AT = {
  example: '2026-11-16',
  description:
    'The effective day (YYYY-MM-DD): the change takes effect at 00:00 of that day in Asia/Ho_Chi_Minh. From the first day of the ' +
    'current month to today; a day after today is refused (UNIT_CHANGE_IN_FUTURE: record the change on or after its day), an ' +
    'ended month too (UNIT_CHANGE_BEFORE_MONTH: its figures were reported).',
};
const REASON = { example: 'Theo Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh', description: 'Why: the decision, 1 to 1,000 characters' };

export class UnitMergeDto implements UnitMergeRequest {
  @ApiProperty({ type: [String], example: ['STTTT-HG', 'STTTT-TQ'], description: 'Codes of the units that merge (each becomes inactive)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(UNIT_CHANGE_LIMITS.sources)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  sourceUnitCodes!: string[];

  @ApiPropertyOptional({ example: 'STTTT-TQ', description: 'An existing active unit that takes them over; or newSuccessorUnit' })
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  successorUnitCode?: string;

  @ApiPropertyOptional({ type: CreateUnitDto, description: 'A new unit that takes them over (as POST /api/units); or successorUnitCode' })
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => CreateUnitDto)
  newSuccessorUnit?: CreateUnitDto;

  @ApiProperty(EFFECTIVE_AT)
  @IsLocalDate()
  effectiveAt!: string;

  @ApiProperty(REASON)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(UNIT_CHANGE_LIMITS.reason)
  reason!: string;
}

export class SplitTaskDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId!: string;

  @ApiProperty({ example: 'STTTT-A' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  successorCode!: string;
}

export class SplitUserDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ example: 'STTTT-A' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  successorCode!: string;
}

export class UnitSplitDto implements UnitSplitRequest {
  @ApiProperty({ example: 'VCNTT', description: 'The unit that splits (it becomes inactive)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  sourceUnitCode!: string;

  @ApiPropertyOptional({ type: [String], description: 'Existing active units among the successors' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(UNIT_CHANGE_LIMITS.successors)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  successorUnitCodes?: string[];

  @ApiPropertyOptional({ type: [CreateUnitDto], description: 'New units among the successors (as POST /api/units)' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(UNIT_CHANGE_LIMITS.successors)
  @ValidateNested({ each: true })
  @Type(() => CreateUnitDto)
  newSuccessorUnits?: CreateUnitDto[];

  @ApiProperty({ example: 'VCNTT-A', description: 'The successor of every open task, coordinating reference and user not named in tasks or users' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  defaultSuccessorCode!: string;

  @ApiPropertyOptional({ type: [SplitTaskDto], description: 'Open tasks the unit leads, each sent to one of the successors' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(UNIT_CHANGE_LIMITS.assignments)
  @ValidateNested({ each: true })
  @Type(() => SplitTaskDto)
  tasks?: SplitTaskDto[];

  @ApiPropertyOptional({ type: [SplitUserDto], description: 'Users of the unit, each sent to one of the successors' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(UNIT_CHANGE_LIMITS.assignments)
  @ValidateNested({ each: true })
  @Type(() => SplitUserDto)
  users?: SplitUserDto[];

  @ApiProperty(EFFECTIVE_AT)
  @IsLocalDate()
  effectiveAt!: string;

  @ApiProperty(REASON)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(UNIT_CHANGE_LIMITS.reason)
  reason!: string;
}
