import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply as Response } from 'fastify';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { ExtensionView, HistoryEntryView, Page, SourceDocumentView, TaskDetailView, TaskView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, PageQuery, Roles, TokenScope, UuidParamPipe, XLSX_CONTENT_TYPE } from '@tiendo/server-core';
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
  @ApiAnswer('TaskView', { summary: 'Giao nhiệm vụ', status: 201, errors: [403, 409, 422] })
  @Post()
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto): Promise<TaskView> {
    return this.tasks.create(dto, actor);
  }

  /** The tasks the caller may read, filtered and paged. API tokens with `tasks:read`: the tasks of their units. */
  @ApiAnswer.page('TaskView', { summary: 'Danh sách nhiệm vụ (lọc, sắp xếp, phân trang)' })
  @Get()
  @TokenScope('tasks:read')
  list(@CurrentActor() actor: Actor, @Query() query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.tasks.list(actor, query);
  }

  /**
   * `{ count }` of the extension requests waiting for a decision on tasks the caller manages (a unit head: those led
   * by their unit or a sub-unit; ministry-wide roles: all; staff: 0). For the badge beside "pending extensions".
   */
  @ApiAnswer('CountView', { summary: 'Số đề nghị gia hạn đang chờ quyết định' })
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
  @ApiAnswer.file([XLSX_CONTENT_TYPE], { summary: 'Xuất danh sách nhiệm vụ ra .xlsx', errors: [422] })
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

  /** One task with its details; 404 when the caller (or API token, `tasks:read`) may not read it. */
  @ApiAnswer('TaskDetailView', { summary: 'Chi tiết nhiệm vụ' })
  @Get(':id')
  @TokenScope('tasks:read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TaskDetailView> {
    return this.tasks.get(id, actor);
  }

  @ApiAnswer('TaskView', { summary: 'Sửa nhiệm vụ', errors: [403, 409, 422] })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: UpdateTaskDto): Promise<TaskView> {
    return this.tasks.update(id, dto, actor);
  }

  /** Report progress with a note (cập nhật tiến độ). */
  @ApiAnswer('TaskView', { summary: 'Cập nhật tiến độ', status: 201, errors: [403, 409, 422] })
  @Post(':id/progress')
  progress(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ProgressDto): Promise<TaskView> {
    return this.tasks.progress(id, dto, actor);
  }

  /** Report completion with its result (báo cáo hoàn thành). */
  @ApiAnswer('TaskView', { summary: 'Báo cáo hoàn thành', status: 201, errors: [403, 409, 422] })
  @Post(':id/complete')
  complete(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: CompleteDto): Promise<TaskView> {
    return this.tasks.complete(id, dto, actor);
  }

  /** Return a reported completion for redo (trả lại). */
  @ApiAnswer('TaskView', { summary: 'Trả lại để làm lại', status: 201, errors: [403, 409, 422] })
  @Post(':id/return')
  returnForRedo(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.returnForRedo(id, dto, actor);
  }

  @ApiAnswer('TaskView', { summary: 'Mở lại nhiệm vụ', status: 201, errors: [403, 409, 422] })
  @Post(':id/reopen')
  reopen(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.reopen(id, dto, actor);
  }

  @ApiAnswer('TaskView', { summary: 'Huỷ nhiệm vụ', status: 201, errors: [403, 409, 422] })
  @Post(':id/cancel')
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto): Promise<TaskView> {
    return this.tasks.cancel(id, dto, actor);
  }

  @ApiAnswer.list('HistoryEntryView', { summary: 'Lịch sử thay đổi của nhiệm vụ' })
  @Get(':id/history')
  @TokenScope('tasks:read')
  history(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<HistoryEntryView[]> {
    return this.tasks.history(id, actor);
  }

  @ApiAnswer.list('ExtensionView', { summary: 'Các đề nghị gia hạn của nhiệm vụ' })
  @Get(':id/extensions')
  extensions(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<ExtensionView[]> {
    return this.tasks.extensions(id, actor);
  }

  /** Ask for a later deadline (xin gia hạn). */
  @ApiAnswer('ExtensionView', { summary: 'Xin gia hạn', status: 201, errors: [403, 422] })
  @Post(':id/extensions')
  requestExtension(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string, @Body() dto: RequestExtensionDto): Promise<ExtensionView> {
    return this.tasks.requestExtension(id, dto, actor);
  }

  @ApiAnswer('ExtensionView', { summary: 'Quyết định đề nghị gia hạn (đồng ý hoặc từ chối)', status: 201, errors: [403, 422] })
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

  @ApiAnswer.page('SourceDocumentView', { summary: 'Danh sách văn bản giao nhiệm vụ' })
  @Get()
  list(@Query() query: ListDocumentsQuery): Promise<Page<SourceDocumentView>> {
    return this.documents.list(query.q, query.page, query.pageSize);
  }

  @ApiAnswer('SourceDocumentView', { summary: 'Một văn bản giao nhiệm vụ' })
  @Get(':id')
  get(@Param('id', UuidParamPipe) id: string): Promise<SourceDocumentView> {
    return this.documents.get(id);
  }

  @ApiAnswer('SourceDocumentView', { summary: 'Thêm văn bản giao nhiệm vụ', status: 201, errors: [409] })
  @Post()
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  create(@Body() dto: CreateSourceDocumentDto): Promise<SourceDocumentView> {
    return this.documents.create(dto);
  }
}
