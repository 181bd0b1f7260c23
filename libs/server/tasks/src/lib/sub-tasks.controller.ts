import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SubTaskView } from '@tiendo/contracts';
import { Actor, ApiAnswer, canReadTask, CurrentActor, notFound, outOfScope, UuidParamPipe } from '@tiendo/server-core';
import { SubTasksService } from './sub-tasks';
import { TaskQueryRepository } from './task-query.repository';

/** Thin: the parent's read check (canReadTask, 404 outside scope), then SubTasksService. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class SubTasksController {
  constructor(
    private readonly subTasks: SubTasksService,
    private readonly queries: TaskQueryRepository,
  ) {}

  /**
   * `GET /api/tasks/:id/sub-tasks`: the task's sub-tasks the caller may read, by code, each with its status as of now.
   * 404 when the task does not exist or the caller may not read it. Create one with `POST /api/tasks` and
   * `parentTaskId`.
   */
  @ApiAnswer.list('SubTaskView', { summary: 'Các nhiệm vụ con' })
  @Get(':id/sub-tasks')
  async list(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<SubTaskView[]> {
    const facts = await this.queries.scopeFacts(id);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', id);
    return (await this.subTasks.ofParent(id, actor)).subTasks;
  }
}
