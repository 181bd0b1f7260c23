import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, DocumentType, OPEN_SUBTASK_ACTIONS, OpenSubTaskAction, TASK_PRIORITIES, TaskPriority } from '@tiendo/contracts';
import { IsLocalDate, Trim, MayBeOmitted } from '@tiendo/server-core';
import type { RecurrenceInput } from '../recurrence/task-series.service';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const TEXT_MAX = 10_000;

/**
 * How a task recurs (Vietnamese days, working days on the calendar of holidays): `{ rule, aheadWorkingDays?, endsOn? }`,
 * checked by TaskSeriesService (400 on `recurrence.*`).
 */
const RECURRENCE_DOC =
  'Makes the task recur: { rule: { frequency: "monthly", on: { kind: "day", day: 20, onDayOff?: "keep" | "next_working_day" | "previous_working_day" } | { kind: "last_working_day" } } | { frequency: "quarterly", monthOfQuarter: 1-3, on } | { frequency: "yearly", month: 1-12, on } | { frequency: "working_days", interval: 1-260 }, aheadWorkingDays?: 0-60 (default 5), endsOn?: "YYYY-MM-DD" }. The task is the first occurrence; the worker creates each later one, once, aheadWorkingDays working days before its deadline.';

export class CreateTaskDto {
  @ApiPropertyOptional({ example: 'VP-2026-001', description: 'Generated (NV-<year>-<number>) when not given' })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/, { message: 'Mã gồm tối đa 40 ký tự: chữ cái không dấu, chữ số và các dấu "_", ".", "/", "-"' })
  code?: string;

  @ApiProperty({ example: 'Xây dựng Chiến lược phát triển bưu chính giai đoạn 2021-2030' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(TEXT_MAX)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @MayBeOmitted()
  @IsUUID()
  sourceDocumentId?: string;

  @ApiProperty({ example: 'VBC', description: 'Code of the lead unit (đơn vị chủ trì)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  leadUnitCode!: string;

  @ApiPropertyOptional({ type: [String], description: 'Codes of the coordinating units (đơn vị phối hợp)' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  coordinatingUnitCodes?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @MayBeOmitted()
  @IsUUID()
  assigneeId?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'Defaults to today (Asia/Ho_Chi_Minh)' })
  @MayBeOmitted()
  @IsLocalDate()
  assignedOn?: string;

  @ApiPropertyOptional({ example: '2026-12-31', nullable: true, description: 'A calendar day; null or absent for a standing task' })
  @IsOptional()
  @IsLocalDate()
  deadline?: string | null;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @MayBeOmitted()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  isKeyTask?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Make it a sub-task of this task (one level; rules in sub-tasks.ts)' })
  @MayBeOmitted()
  @IsUUID()
  parentTaskId?: string;
  @ApiPropertyOptional({ type: Object, description: RECURRENCE_DOC })
  @MayBeOmitted()
  @IsObject()
  recurrence?: RecurrenceInput;
}

/** Every field optional but `version`; null clears a nullable field. */
export class UpdateTaskDto {
  @ApiProperty({ description: 'The version the change is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ type: Object, nullable: true, description: `${RECURRENCE_DOC} null ends the series; a new value replaces it; occurrences already created stay.` })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsObject()
  recurrence?: RecurrenceInput | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(TEXT_MAX)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsUUID()
  sourceDocumentId?: string | null;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  leadUnitCode?: string;

  @ApiPropertyOptional({ type: [String] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  coordinatingUnitCodes?: string[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A correction of the deadline, in force from now; the original stays on record' })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsLocalDate()
  deadline?: string | null;

  @ApiPropertyOptional({ description: 'Why the deadline is corrected (kept with the change)' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(TEXT_MAX)
  deadlineReason?: string;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @MayBeOmitted()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  isKeyTask?: boolean;
}

export class VersionedDto {
  @ApiProperty({ description: 'The version the action is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class ProgressDto extends VersionedDto {
  @ApiProperty({ minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiProperty({ example: 'Đã hoàn thành dự thảo lần 1' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  note!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files already uploaded to this task (POST /api/tasks/:id/attachments) to attach, at most 20' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class CompleteDto extends VersionedDto {
  @ApiProperty({ example: 'Đã trình Bộ trưởng ký ban hành' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  result!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Files already uploaded to this task (POST /api/tasks/:id/attachments) to attach, at most 20' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds?: string[];

  @ApiPropertyOptional({ enum: OPEN_SUBTASK_ACTIONS, description: 'What becomes of the open sub-tasks: needed when some are open (else 422 SUBTASKS_OPEN)' })
  @MayBeOmitted()
  @IsIn(OPEN_SUBTASK_ACTIONS)
  openSubTasks?: OpenSubTaskAction;
}

export class ReasonDto extends VersionedDto {
  @ApiProperty()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;
}

export class RequestExtensionDto {
  @ApiProperty({ example: '2026-12-31' })
  @IsLocalDate()
  newDeadline!: string;

  @ApiProperty()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason!: string;
}

export class DecideExtensionDto {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(TEXT_MAX)
  note?: string;
}

export class CreateSourceDocumentDto {
  @ApiProperty({ example: '01/CT-BTTTT' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  number!: string;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES })
  @MayBeOmitted()
  @IsIn(DOCUMENT_TYPES)
  type?: DocumentType;

  @ApiProperty()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsLocalDate()
  issuedOn?: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @MaxLength(255)
  issuer?: string;
}
