import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MayBeOmitted, ToInt, Trim } from '@tiendo/server-core';
import { BOARD_STATUSES, type BoardStatus } from './report-submission.view';
import type { BoardQuery } from '@tiendo/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
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
    additionalProperties: { oneOf: [{ type: 'number' }, { type: 'string', nullable: true }] },
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

/** Lines of the board per page: 100 unless asked, at most 500 (a period may have 10,000 units). */
export const BOARD_PAGE_SIZE = { default: 100, max: 500 } as const;

/**
 * `GET …/periods/:periodKey/board?page=&pageSize=&status=&q=`: one page of the board's lines, of one cell or all,
 * of the units whose code or name holds every word of `q` (tone marks and case optional: the search rule of every
 * list). The counts stay the whole period's.
 */
export class BoardQueryDto implements BoardQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'The page, from 1' })
  @MayBeOmitted()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: BOARD_PAGE_SIZE.default, minimum: 1, maximum: BOARD_PAGE_SIZE.max, description: 'Lines per page' })
  @MayBeOmitted()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(BOARD_PAGE_SIZE.max)
  pageSize?: number;

  @ApiPropertyOptional({ enum: BOARD_STATUSES, description: 'Only the lines of this cell (the status rule as of now)' })
  @MayBeOmitted()
  @IsIn(BOARD_STATUSES)
  status?: BoardStatus;

  @ApiPropertyOptional({ example: 'ha noi', description: 'Words of the unit’s code or name, tone marks and case optional' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  q?: string;
}
