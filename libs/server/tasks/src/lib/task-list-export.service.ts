import { Injectable } from '@nestjs/common';
import { HolidaysService } from '@tiendo/server-calendar';
import { Actor, AppConfig, Clock } from '@tiendo/server-core';
import { ListTasksQuery } from './dto/list-tasks.query';
import { taskListFileName, taskListWorkbook } from './task-list-export';
import { TaskQueryRepository } from './task-query.repository';

/**
 * The task list as the caller filtered it, as an .xlsx file (GET /api/tasks/export.xlsx). The rows come from the
 * list's own query, so the export holds exactly the tasks the list shows across its pages, under the same read
 * scope (a caller never exports a task they may not read), in the same order.
 */
@Injectable()
export class TaskListExportService {
  constructor(
    private readonly queries: TaskQueryRepository,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * `{ body, fileName }`: the workbook (see `taskListWorkbook`) and `danh-sach-nhiem-vu-<day>.xlsx`. 400 for a bad
   * filter (as the list), 422 EXPORT_TOO_LARGE past TASK_EXPORT_MAX_ROWS tasks (50,000 by default).
   */
  async export(actor: Actor, query: ListTasksQuery): Promise<{ body: Buffer; fileName: string }> {
    const now = this.clock.now();
    const items = await this.queries.listAll(actor, query, now, this.clock.today(), await this.holidays.calendar(), this.config.TASK_EXPORT_MAX_ROWS);
    const filter = await this.queries.describeFilters(query, actor.id);
    const body = await taskListWorkbook(items, filter, now, Boolean(query.period || query.periodFrom));
    return { body, fileName: taskListFileName(now) };
  }
}
