import { Body, Controller, HttpCode, Injectable, Logger, Optional, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { BULK_MAX_TASKS, BulkExtensionDecisionRequest, BulkItemResult, BulkReassignRequest, BulkResult } from '@tiendo/contracts';
import { Actor, ApiAnswer, ApiError, CurrentActor, MayBeOmitted, Roles, SecurityEventSink, validationFailed } from '@tiendo/server-core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { TasksService } from './tasks.service';

/** The longest decision note, as a single decision's. */
const NOTE_MAX = 10_000;

export class BulkReassignDto implements BulkReassignRequest {
  @ApiProperty({ type: [String], format: 'uuid', maxItems: BULK_MAX_TASKS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_TASKS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  taskIds!: string[];

  @ApiProperty({ format: 'uuid', description: 'The new assignee: a person of each task’s lead unit' })
  @IsUUID()
  assigneeId!: string;

  @ApiPropertyOptional({ type: [Number], description: 'The version each task was read at (same order as taskIds); omitted: as it stands' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(BULK_MAX_TASKS)
  @IsInt({ each: true })
  @Min(1, { each: true })
  versions?: number[];
}

export class BulkDecisionItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  extensionId!: string;
}

export class BulkExtensionDecisionDto implements BulkExtensionDecisionRequest {
  @ApiProperty({ type: [BulkDecisionItemDto], maxItems: BULK_MAX_TASKS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_TASKS)
  @ValidateNested({ each: true })
  @Type(() => BulkDecisionItemDto)
  decisions!: BulkDecisionItemDto[];

  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ description: 'One note for every decision' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

/**
 * A unit head's bulk actions, each task through the one write path (TasksService.update, decideExtension) in its OWN
 * transaction: a task refused (404 outside scope, 403 not managed, 409 changed meanwhile, 422 a rule) leaves the
 * others done, and the answer says per task what happened, in the order asked. Chosen over all-or-nothing because
 * the tasks are independent and a head who hands on 40 tasks should not have to find the one that changed to get
 * the other 39 moved; the web shows the refused ones and keeps them selected. Refusals by the access policy are
 * recorded as security events, as a single request's would be.
 */
@Injectable()
export class TasksBulkService {
  private readonly logger = new Logger(TasksBulkService.name);

  constructor(
    private readonly tasks: TasksService,
    @Optional() private readonly securityEvents?: SecurityEventSink,
  ) {}

  /** Hands every task to `assigneeId` (who must belong to each task's lead unit: UNKNOWN_USER/ASSIGNEE rules of update). */
  reassign(dto: BulkReassignDto, actor: Actor, route: string): Promise<BulkResult> {
    if (dto.versions && dto.versions.length !== dto.taskIds.length) {
      throw validationFailed([{ field: 'versions', message: 'Số phiên bản phải bằng số nhiệm vụ được chọn', rule: 'arrayLength' }]);
    }
    return this.each(dto.taskIds, actor, route, async (taskId, i) => {
      const version = dto.versions?.[i] ?? (await this.tasks.get(taskId, actor)).version;
      await this.tasks.update(taskId, { version, assigneeId: dto.assigneeId }, actor);
    });
  }

  /** Approves or rejects each pending request with the same note. */
  decideExtensions(dto: BulkExtensionDecisionDto, actor: Actor, route: string): Promise<BulkResult> {
    return this.each(
      dto.decisions.map((d) => d.taskId),
      actor,
      route,
      async (taskId, i) => {
        await this.tasks.decideExtension(taskId, dto.decisions[i].extensionId, { approve: dto.approve, note: dto.note }, actor);
      },
    );
  }

  private async each(taskIds: string[], actor: Actor, route: string, act: (taskId: string, index: number) => Promise<void>): Promise<BulkResult> {
    const results: BulkItemResult[] = [];
    for (const [i, taskId] of taskIds.entries()) {
      try {
        await act(taskId, i);
        results.push({ taskId, ok: true, status: 200 });
      } catch (err) {
        if (!(err instanceof ApiError)) {
          // Not a refusal: the earlier tasks are committed, so answer what was done and name this one as failed.
          this.logger.error({ err, taskId }, 'Bulk action failed on a task');
          results.push({ taskId, ok: false, status: 500, code: 'INTERNAL_ERROR' });
          continue;
        }
        results.push({ taskId, ok: false, status: err.getStatus(), code: err.code, message: err.message });
        if (err.refusedObject) await this.recordRefusal(err, actor, route);
      }
    }
    const ok = results.filter((r) => r.ok).length;
    return { ok, failed: results.length - ok, results };
  }

  private async recordRefusal(err: ApiError, actor: Actor, route: string): Promise<void> {
    if (!this.securityEvents || !err.refusedObject) return;
    try {
      await this.securityEvents.recordSecurityEvent(err.getStatus() === 404 ? 'object_hidden' : 'object_denied', {
        actorId: actor.id,
        kind: err.refusedObject.kind,
        id: err.refusedObject.id,
        route,
        code: err.code,
      });
    } catch (e) {
      this.logger.error({ err: e }, 'Could not record a security event');
    }
  }
}

/** Thin: validation (at most BULK_MAX_TASKS tasks, else 400) and the route-level role; per-task rules in TasksService. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks/bulk')
export class TasksBulkController {
  constructor(private readonly bulk: TasksBulkService) {}

  /** 200 with `{ ok, failed, results: [{ taskId, ok, status, code? }] }` whatever each task's outcome. */
  @ApiAnswer('BulkResult', { summary: 'Giao lại nhiều nhiệm vụ một lúc' })
  @Post('reassign')
  @HttpCode(200)
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  reassign(@CurrentActor() actor: Actor, @Body() dto: BulkReassignDto): Promise<BulkResult> {
    return this.bulk.reassign(dto, actor, 'POST /api/tasks/bulk/reassign');
  }

  /** 200 with the per-task results, as reassign. */
  @ApiAnswer('BulkResult', { summary: 'Quyết định nhiều đề nghị gia hạn một lúc' })
  @Post('extension-decisions')
  @HttpCode(200)
  @Roles('admin', 'leader', 'monitor', 'unit_head')
  decideExtensions(@CurrentActor() actor: Actor, @Body() dto: BulkExtensionDecisionDto): Promise<BulkResult> {
    return this.bulk.decideExtensions(dto, actor, 'POST /api/tasks/bulk/extension-decisions');
  }
}
