import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply as Response } from 'fastify';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { ExtensionView, HistoryEntryView, Page, SourceDocumentView, TaskDetailView, TaskView } from '@tiendo/contracts';
import { Actor, CurrentActor, PageQuery, Roles, UuidParamPipe, XLSX_CONTENT_TYPE } from '@tiendo/server-core';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListTasksQuery } from './dto/list-tasks.query';
import {
  CompleteDto,
  CreateSourceDocumentDto,
  CreateTaskDto,
  DecideExtensionDto,
  ProgressDto,
  ReasonDto,
  RequestExtensionDto,
  UpdateTaskDto,
} from './dto/task.dto';
import { SourceDocumentsService } from './source-documents.service';
import { TaskListExportService } from './task-list-export.service';
import { TasksService } from './tasks.service';

/** Thin: validation and the route-level role; every per-object rule lives in TasksService. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly listExport: TaskListExportService,
  ) {}

  /** Assign a task (giao nhiệm vụ). */
  @Post()
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto): Promise<TaskView> {
    return this.tasks.create(dto, actor);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.tasks.list(actor, query);
  }

  /**
   * `{ count }` of the extension requests waiting for a decision on tasks the caller manages (a unit head: those led
   * by their unit or a sub-unit; ministry-wide roles: all; staff: 0). For the badge beside "pending extensions".
   */
  @Get('pending-extensions/count')
  pendingExtensionCount(@CurrentActor() actor: Actor): Promise<{ count: number }> {
    return this.tasks.pendingExtensionCount(actor);
  }

  /**
   * The list as filtered (the same query as GET /api/tasks; page and pageSize ignored) as an .xlsx file: the filter
   * in rows at the top, a header row, dates as date cells (dd/MM/yyyy), statuses in Vietnamese. Only tasks the
   * caller may read. 400 for a bad filter, 422 EXPORT_TOO_LARGE past TASK_EXPORT_MAX_ROWS tasks.
   * Declared before `:id`, which would otherwise take "export.xlsx" for an id.
   */
  @Get('export.xlsx')
  async exportList(@CurrentActor() actor: Actor, @Query() query: ListTasksQuery, @Res() res: Response): Promise<void> {
    const { body, fileName } = await this.listExport.export(actor, query);
    res
      .status(200)
      .header('Content-Type', XLSX_CONTENT_TYPE)
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(body);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TaskDetailView> {
    return this.tasks.get(id, actor);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateTaskDto): Promise<TaskView> {
    return this.tasks.update(id, dto, actor);
  }

  /** Report progress with a note (cập nhật tiến độ). */
  @Post(':id/progress')
  progress(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ProgressDto): Promise<TaskView> {
    return this.tasks.progress(id, dto, actor);
  }

  /** Report completion with its result (báo cáo hoàn thành). */
  @Post(':id/complete')
  complete(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: CompleteDto): Promise<TaskView> {
    return this.tasks.complete(id, dto, actor);
  }

  /** Return a reported completion for redo (trả lại). */
  @Post(':id/return')
  returnForRedo(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.returnForRedo(id, dto, actor);
  }

  @Post(':id/reopen')
  reopen(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.reopen(id, dto, actor);
  }

  @Post(':id/cancel')
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.cancel(id, dto, actor);
  }

  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<HistoryEntryView[]> {
    return this.tasks.history(id, actor);
  }

  @Get(':id/extensions')
  extensions(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ExtensionView[]> {
    return this.tasks.extensions(id, actor);
  }

  /** Ask for a later deadline (xin gia hạn). */
  @Post(':id/extensions')
  requestExtension(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: RequestExtensionDto): Promise<ExtensionView> {
    return this.tasks.requestExtension(id, dto, actor);
  }

  @Post(':id/extensions/:extensionId/decision')
  decideExtension(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Param('extensionId', UuidParamPipe) extensionId: string,
    @Body() dto: DecideExtensionDto,
  ): Promise<ExtensionView> {
    return this.tasks.decideExtension(id, extensionId, dto, actor);
  }
}

class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'quyet dinh', description: 'Text in the number or title; tone marks, diacritics and case optional' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;


}

@ApiTags('source-documents')
@ApiBearerAuth()
@Controller('source-documents')
export class SourceDocumentsController {
  constructor(private readonly documents: SourceDocumentsService) {}

  @Get()
  list(@Query() query: ListDocumentsQuery): Promise<Page<SourceDocumentView>> {
    return this.documents.list(query.q, query.page, query.pageSize);
  }

  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): Promise<SourceDocumentView> {
    return this.documents.get(id);
  }

  @Post()
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  create(@Body() dto: CreateSourceDocumentDto): Promise<SourceDocumentView> {
    return this.documents.create(dto);
  }
}
