import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MayBeOmitted, ToInt, Trim } from '@tiendo/server-core';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Longest result text and return reason, as the tasks' (TEXT_MAX). */
const TEXT_MAX = 5000;

/**
 * `POST /api/report-obligations/:id/periods/:periodKey/submissions`: a unit's report of the period, i.e. the
 * completion of its report task with the report's files and the figures the obligation asks for.
 */
export class SubmitReportDto {
  @ApiPropertyOptional({ example: 'STTTT-HN', description: 'The reporting unit, by code; default the caller’s own unit' })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unitCode?: string;

  @ApiPropertyOptional({ description: 'The report task’s version as read (409 VERSION_CONFLICT if it changed since); default: as it is now' })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ example: 'Gửi báo cáo tháng 6/2020', description: 'The completion’s result text; default "Đã gửi báo cáo <kỳ>"' })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  result?: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The report file(s), already uploaded to the report task (POST /api/tasks/:taskId/attachments): 1 to 20',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'Đính kèm ít nhất một tệp báo cáo' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds!: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true },
    example: { mobile_subscribers: 1234567, notes: 'Số liệu chốt ngày 14/6' },
    description: 'The figures, by the obligation’s field keys: a JSON number for a number field, a string for a text field',
  })
  @MayBeOmitted()
  @IsObject()
  figures?: Record<string, unknown>;
}

/** `POST …/submissions/:unitCode/return`: the receiving office sends the report back for redo (trả lại), with a reason. */
export class ReturnReportDto {
  @ApiProperty({ example: 'Thiếu số liệu thuê bao cố định; đề nghị bổ sung' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;

  @ApiPropertyOptional({ description: 'The report task’s version as read (409 VERSION_CONFLICT if it changed since); default: as it is now' })
  @MayBeOmitted()
  @IsInt()
  @Min(1)
  version?: number;
}

/** `GET /api/report-obligations/statistics?year=2020[&obligationId=]`. */
export class ReportStatisticsQuery {
  @ApiProperty({ example: 2020, description: 'The year whose periods (by their cut-off day) are counted' })
  @ToInt()
  @IsInt()
  @Min(2000)
  @Max(2199)
  year!: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'One obligation only (default: every obligation)' })
  @MayBeOmitted()
  @IsUUID()
  obligationId?: string;
}
