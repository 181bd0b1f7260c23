import { ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_PARTS, ReportPart, SUBTASK_LIST_SCOPES, SubTaskListScope, TASK_STATES, TaskState } from '@tiendo/contracts';
import { SUPPORTED_YEARS, TASK_STATUSES, TaskStatus } from '@tiendo/domain';
import { IsLocalDate, IsYearMonth, PageQuery, ToBoolean } from '@tiendo/server-core';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';

export const PERIOD_CATEGORIES = ['completedOnTime', 'completedLate', 'inProgressOverdue', 'inProgressOnTrack', 'noDeadline'] as const;
export const TASK_SORT_FIELDS = ['code', 'title', 'deadline', 'assignedOn', 'updatedAt', 'progress', 'priority'] as const;

/** Filters of the task list; every one is also a link the web app can share. */
export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Lead unit code' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unit?: string;

  @ApiPropertyOptional({ enum: ['oversight'], description: "As the reports' scope: only the units the calling leader oversees (all units when none)" })
  @IsOptional()
  @IsIn(['oversight'])
  scope?: 'oversight';

  @ApiPropertyOptional({ enum: REPORT_PARTS, description: "With a period: the reports' part of the organisation (default headquarters without unit or scope; REPORT_PARTS)" })
  @IsOptional()
  @IsIn(REPORT_PARTS)
  part?: ReportPart;

  @ApiPropertyOptional({ description: 'With the unit, include its sub-units (default true)' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  includeSubunits?: boolean;

  @ApiPropertyOptional({ description: 'Assignee id, or "me"' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== 'me')
  @IsUUID()
  assignee?: string;

  @ApiPropertyOptional({ description: 'Status as of now; several separated by commas', enum: TASK_STATUSES })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @ArrayMaxSize(TASK_STATUSES.length)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: 'State (open, completed, cancelled); several separated by commas. Decides whether a task is still worked on, which a status does not (no_deadline is open or completed)', enum: TASK_STATES })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @ArrayMaxSize(TASK_STATES.length)
  @IsIn(TASK_STATES, { each: true })
  state?: TaskState[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceDocument?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsLocalDate()
  deadlineFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsLocalDate()
  deadlineTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  keyTask?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks with an extension request waiting for a decision' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  pendingExtension?: boolean;

  @ApiPropertyOptional({
    enum: SUBTASK_LIST_SCOPES,
    description:
      'Sub-tasks: include (tasks and sub-tasks), only (a unit counting its pieces), exclude (the ministry\'s tasks). ' +
      'Default: include, but exclude with a period, so that a report\'s count opens exactly its tasks',
  })
  @IsOptional()
  @IsIn(SUBTASK_LIST_SCOPES)
  subTasks?: SubTaskListScope;

  @ApiPropertyOptional({
    example: 'bao cao',
    description: 'Text in the code, title or source document (number, title); tone marks, diacritics and case optional',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: '2020-06', description: 'With category: the tasks a report of this month counts' })
  @IsOptional()
  @IsYearMonth({ message: `Kỳ báo cáo là một tháng trong khoảng 01/${SUPPORTED_YEARS.first} – 12/${SUPPORTED_YEARS.last}, viết theo dạng YYYY-MM` })
  period?: string;

  @ApiPropertyOptional({ example: '2020-06-01', description: 'A period as a range of days (with periodTo)' })
  @IsOptional()
  @IsLocalDate()
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2020-06-30' })
  @IsOptional()
  @IsLocalDate()
  periodTo?: string;

  @ApiPropertyOptional({ enum: PERIOD_CATEGORIES, description: 'A report category; needs a period' })
  @IsOptional()
  @IsIn(PERIOD_CATEGORIES)
  category?: (typeof PERIOD_CATEGORIES)[number];

  @ApiPropertyOptional({ description: `One of ${TASK_SORT_FIELDS.join(', ')}; "-" before it for descending`, example: '-deadline' })
  @IsOptional()
  @Matches(new RegExp(`^-?(${TASK_SORT_FIELDS.join('|')})$`), { message: `Sắp xếp theo một trong: ${TASK_SORT_FIELDS.join(', ')}; thêm dấu "-" phía trước để xếp giảm dần` })
  sort?: string;


}
