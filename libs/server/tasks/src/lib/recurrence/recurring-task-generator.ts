import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TaskPriority } from '@tiendo/contracts';
import { LocalDate, occurrencesToCreate, Occurrence, RecurrenceRule } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { Clock } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import { CreateTaskDto } from '../dto/task.dto';
import { TasksService } from '../tasks.service';

interface SeriesRow {
  id: string;
  task_id: string;
  rule: RecurrenceRule;
  ahead_working_days: number;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
  created_by_id: string;
}

/** What one run created (per Vietnamese day). */
export interface RecurringRunResult {
  created: number;
  alreadyThere: number;
  failed: number;
}

/**
 * Creates the occurrences of recurring tasks (task_occurrences; its only writer): for each series not ended
 * (task_series, TaskSeriesService), each occurrence whose creation day (`ahead_working_days` working days before its
 * deadline, libs/domain recurrence.ts) has come on the clock's Vietnamese day, an ordinary task through the tasks'
 * write path (TasksService.createScheduled: rule, row, history, event) copying the series' task (title, description,
 * lead unit, assignee, source document, priority, key task) with the occurrence's deadline, assigned by whoever set
 * the recurrence, and its task_occurrences row in the same transaction, exactly once: an advisory lock of (series,
 * key) with a re-check, and UNIQUE (series_id, occurrence_key) as the backstop. A cancelled task's series creates
 * nothing more. Catch-up is bounded as the report tasks' (report-task-generator.ts): occurrences due on or after the
 * first day of the current month. Run by the worker's daily report-task job (the same generator run).
 */
@Injectable()
export class RecurringTaskGenerator {
  private readonly logger = new Logger(RecurringTaskGenerator.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
  ) {}

  async createDue(day: LocalDate): Promise<RecurringRunResult> {
    const monthStart = `${day.slice(0, 7)}-01`;
    const series: SeriesRow[] = await this.db.query(
      `SELECT s.id, s.task_id, s.rule, s.ahead_working_days, to_char(s.starts_on, 'YYYY-MM-DD') AS starts_on,
              to_char(s.ends_on, 'YYYY-MM-DD') AS ends_on, s.created_by_id
         FROM task_series s JOIN tasks t ON t.id = s.task_id
        WHERE t.state <> 'cancelled' AND (s.ends_on IS NULL OR s.ends_on >= $1) AND s.ends_on IS DISTINCT FROM s.starts_on - 1
        ORDER BY s.created_at, s.id`,
      [monthStart],
    );
    const calendar = await this.holidays.calendar();
    const result: RecurringRunResult = { created: 0, alreadyThere: 0, failed: 0 };
    for (const s of series) {
      const due = occurrencesToCreate(
        s.rule,
        { start: s.starts_on, asOf: day, aheadWorkingDays: s.ahead_working_days, ...(s.ends_on ? { until: s.ends_on } : {}) },
        calendar,
      ).filter((o) => o.deadline >= monthStart);
      if (due.length === 0) continue;
      const have: Array<{ occurrence_key: string }> = await this.db.query(`SELECT occurrence_key FROM task_occurrences WHERE series_id = $1 AND occurrence_key = ANY($2)`, [
        s.id,
        due.map((o) => o.key),
      ]);
      const done = new Set(have.map((h) => h.occurrence_key));
      for (const o of due.filter((x) => !done.has(x.key))) {
        try {
          if (await this.create(s, o, day)) result.created++;
          else result.alreadyThere++;
        } catch (err) {
          result.failed++;
          this.logger.warn(`occurrence ${o.key} of series ${s.id} not created: ${(err as Error).message}`);
        }
      }
    }
    return result;
  }

  /** One occurrence and its task_occurrences row, exactly once (TasksService.createScheduledOnce); false when it exists. */
  private async create(s: SeriesRow, o: Occurrence, day: LocalDate): Promise<boolean> {
    const monthStart = `${day.slice(0, 7)}-01`;
    return this.tasks.createScheduledOnce({
      key: `task-occurrence/${s.id}/${o.key}`,
      exists: async (m) => (await m.query(`SELECT 1 FROM task_occurrences WHERE series_id = $1 AND occurrence_key = $2`, [s.id, o.key])).length > 0,
      task: async (m) => {
        const [t]: Array<{ title: string; description: string; lead_code: string; assignee_id: string | null; source_document_id: string | null; priority: TaskPriority; is_key_task: boolean }> =
          await m.query(
            `SELECT t.title, t.description, u.code AS lead_code, t.assignee_id, t.source_document_id, t.priority, t.is_key_task
               FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.id = $1`,
            [s.task_id],
          );
        const dto: CreateTaskDto = {
          title: t.title,
          description: t.description,
          leadUnitCode: t.lead_code,
          deadline: o.deadline,
          assignedOn: o.createOn > monthStart ? o.createOn : monthStart,
          priority: t.priority,
          isKeyTask: t.is_key_task,
          ...(t.assignee_id ? { assigneeId: t.assignee_id } : {}),
          ...(t.source_document_id ? { sourceDocumentId: t.source_document_id } : {}),
        };
        return { dto, assignedBy: s.created_by_id, note: `Tạo tự động theo lịch lặp lại, lần ${o.key}` };
      },
      link: async (m, taskId) =>
        (
          await m.query(
            `INSERT INTO task_occurrences (task_id, series_id, occurrence_key) VALUES ($1, $2, $3) ON CONFLICT (series_id, occurrence_key) DO NOTHING RETURNING task_id`,
            [taskId, s.id, o.key],
          )
        ).length > 0,
    });
  }
}
