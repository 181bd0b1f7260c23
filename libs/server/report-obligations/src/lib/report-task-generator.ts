import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addDays,
  formatLocalDate,
  LocalDate,
  ReportDueRule,
  ReportingPeriod,
  ReportingPeriodicity,
  ReportingSchedule,
  reportingPeriodsToCreate,
  WorkingCalendar,
} from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import { Clock } from '@tiendo/server-core';
import { CreateTaskDto, RecurringRunResult, RecurringTaskGenerator, TasksService } from '@tiendo/server-tasks';
import { DataSource } from 'typeorm';

/**
 * How far back a run looks for a period it has not created yet: the periods due (deadline) on or after the first day
 * of the current month (Asia/Ho_Chi_Minh). A worker down for days catches up every period still due this month or
 * later; a period already due in an earlier month is not created late (a month that ended is what leadership was
 * told, the rule of ASSIGNED_ON_BEFORE_MONTH for tasks), nor is a year of periods for an obligation started in the
 * past. Periods are searched from this many days before that first day (a due rule reaches at most 90 days past a
 * cut-off, REPORTING_SCHEDULE_LIMITS).
 */
const LOOKBACK_DAYS = 100;

interface ObligationRow {
  id: string;
  code: string;
  name: string;
  source_document_id: string | null;
  periodicity: ReportingPeriodicity;
  cut_off_day: number | null;
  due_kind: ReportDueRule['kind'] | null;
  due_value: number | null;
  create_working_days_before: number;
  reporting_unit_kind: string | null;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
  created_by_id: string;
}

/** One unit's membership of an obligation: the periods whose cut-off falls in [from, to] are its to report. */
interface Membership {
  unitId: string;
  unitCode: string;
  from: LocalDate;
  to: LocalDate | null;
}

/** A report task the generator means to create: an obligation's period for one unit. */
export interface ReportTaskItem {
  obligationId: string;
  unitId: string;
  unitCode: string;
  period: ReportingPeriod;
}

/** What one run did (per Vietnamese day: `day`). */
export interface ReportTaskRunResult {
  day: LocalDate;
  /** Report tasks created by this run. */
  created: number;
  /** Those another run (or worker) had created between this run's look and its lock. */
  alreadyThere: number;
  /** Refused by the tasks' rules (logged; the next run tries again). */
  failed: number;
  /** The same run's occurrences of recurring tasks (RecurringTaskGenerator, libs/server/tasks). */
  recurring: RecurringRunResult;
}

const later = (a: LocalDate, b: LocalDate) => (a > b ? a : b);
const earlier = (a: LocalDate | null, b: LocalDate | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * THE generator of report tasks (chế độ báo cáo định kỳ, Decree 09/2019/NĐ-CP): for each obligation not ended, each
 * unit that must report and each period whose creation day (`createOn`: `create_working_days_before` working days
 * before the cut-off of art. 12) has come on the clock's Vietnamese day, it creates that unit's report task, once.
 *
 * - Who reports: the units listed (`report_obligation_units`, each from its `from_date` to its `to_date` if ended)
 *   and every active unit of `reporting_unit_kind` (from the obligation's `starts_on`); inactive units are skipped. A
 *   period is a unit's when its cut-off falls in its membership and in the obligation's [starts_on, ends_on]: a unit
 *   that joins in June gets June's period on (its cut-off, 14/06, on or after the join), never the earlier ones.
 * - The task: an ordinary task through the tasks' write path (TasksService.createScheduled: rule, row, history,
 *   event), lead unit = the reporting unit, assignee = the unit's head when it has exactly one active unit head
 *   (else nobody: the board and reminders fall back to its heads; the head may reassign it as any task), deadline =
 *   the period's due date (art. 8(5)(b)), title = the obligation's name and the period's label, source document =
 *   the obligation's, assigned on its creation day (or the first of the month on a late catch-up) by the obligation's
 *   creator: the person who set the obligation up is who the task names as having assigned it (no system user
 *   exists, and history keeps a real person accountable); the history note names the obligation's code and the
 *   period's key.
 * - Exactly once: each task is created in one transaction with its report_tasks row, under a transaction-level
 *   advisory lock of (obligation, unit, period) and a re-check; UNIQUE (obligation_id, unit_id, period_key) is the
 *   backstop (a conflict rolls the task back). A rerun, a crash half way (committed ones stay, the rest follow on
 *   the next run), two workers at once or a Redis that lost its jobs create nothing twice.
 * - Bounded catch-up: see LOOKBACK_DAYS.
 * - Ad hoc obligations (báo cáo đột xuất, art. 8(5)(c)): their periods are the receiving office's requests
 *   (report_obligation_requests), each made on its request day for the units listed that day.
 * - When: the daily run (`run`, 00:05 and at worker start) for every obligation, and `runFor` for one obligation as
 *   soon as the API has created or changed it or recorded a request (report-task-trigger.ts), so a period whose
 *   creation day has already come does not wait for the next 00:05.
 */
@Injectable()
export class ReportTaskGenerator {
  private readonly logger = new Logger(ReportTaskGenerator.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    // Optional so that a test may build the report part alone (report-submissions.int-spec.ts); the worker injects it.
    @Optional() private readonly recurring?: RecurringTaskGenerator,
  ) {}

  /**
   * One run for the clock's day: creates the report tasks that are missing, then the recurring tasks' occurrences
   * (the one daily generator run of the worker: recurrence goes through the same job, schedule and catch-up), and
   * records the run (report_task_runs) once both have ended.
   */
  async run(): Promise<ReportTaskRunResult> {
    const day = this.clock.today();
    await this.db.query(`INSERT INTO report_task_runs (day, started_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`, [day, this.clock.now()]);
    const result: ReportTaskRunResult = { day, created: 0, alreadyThere: 0, failed: 0, recurring: { created: 0, alreadyThere: 0, failed: 0 } };
    for (const item of await this.missing(day)) {
      try {
        if (await this.create(item)) result.created++;
        else result.alreadyThere++;
      } catch (err) {
        result.failed++;
        this.logger.warn(`report task of ${item.unitCode} for ${item.period.key} of obligation ${item.obligationId} not created: ${(err as Error).message}`);
      }
    }
    if (this.recurring) result.recurring = await this.recurring.createDue(day);
    await this.db.query(`UPDATE report_task_runs SET finished_at = $2, created = created + $3, failed = $4 WHERE day = $1`, [
      day,
      this.clock.now(),
      result.created + result.recurring.created,
      result.failed + result.recurring.failed,
    ]);
    if (result.created || result.failed || result.recurring.created || result.recurring.failed) {
      this.logger.log(`tasks of ${day}: ${result.created} reports and ${result.recurring.created} recurring created, ${result.failed + result.recurring.failed} refused`);
    }
    return result;
  }

  /**
   * The obligations changed (created, edited, ended, a unit moved, an ad hoc report requested: `updated_at`) since
   * today's daily run began, up to the clock's now; [] before it began (the daily run will read them all). For the
   * reconcile, which queues their own runs again in case Redis lost the API's.
   */
  async changedSinceDailyRun(day: LocalDate): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT o.id FROM report_obligations o JOIN report_task_runs r ON r.day = $1
        WHERE o.updated_at >= r.started_at AND o.updated_at <= $2 ORDER BY o.updated_at, o.id`,
      [day, this.clock.now()],
    );
    return rows.map((r) => r.id);
  }

  /** Whether a run of `day` has ended (the reconcile's question). */
  async finished(day: LocalDate): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM report_task_runs WHERE day = $1 AND finished_at IS NOT NULL`, [day]);
    return rows.length > 0;
  }

  /**
   * The report tasks of one obligation that are due to exist now and do not: what `run` would create for it today, at
   * once, without waiting for the daily run (the API asks for it after creating or changing an obligation, or
   * requesting an ad hoc report, through the report-tasks queue; report-task-trigger.ts). Same rules, same
   * exactly-once path (`create`); report_task_runs is not touched (it records the daily runs).
   */
  async runFor(obligationId: string): Promise<Omit<ReportTaskRunResult, 'recurring'>> {
    const day = this.clock.today();
    const result = { day, created: 0, alreadyThere: 0, failed: 0 };
    for (const item of await this.missing(day, obligationId)) {
      try {
        if (await this.create(item)) result.created++;
        else result.alreadyThere++;
      } catch (err) {
        result.failed++;
        this.logger.warn(`report task of ${item.unitCode} for ${item.period.key} of obligation ${item.obligationId} not created: ${(err as Error).message}`);
      }
    }
    if (result.created || result.failed) this.logger.log(`obligation ${obligationId} on ${day}: ${result.created} report tasks created, ${result.failed} refused`);
    return result;
  }

  /**
   * The report tasks due to exist on `day` (see the class) that have no report_tasks row yet, in period order; only
   * those of `obligationId` when given.
   */
  async missing(day: LocalDate, obligationId?: string): Promise<ReportTaskItem[]> {
    const monthStart = `${day.slice(0, 7)}-01`;
    const lookFrom = addDays(monthStart, -LOOKBACK_DAYS);
    const obligations: ObligationRow[] = await this.db.query(
      `SELECT id, code, name, source_document_id, periodicity, cut_off_day, due_kind, due_value, create_working_days_before,
              reporting_unit_kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, created_by_id
         FROM report_obligations
        WHERE starts_on <= $1 AND (ends_on IS NULL OR ends_on >= $2)${obligationId ? ' AND id = $3' : ''}
        ORDER BY code, id`,
      obligationId ? [day, lookFrom, obligationId] : [day, lookFrom],
    );
    const calendar = await this.holidays.calendar();
    const out: ReportTaskItem[] = [];
    for (const o of obligations) out.push(...(await this.missingOf(o, day, monthStart, lookFrom, calendar)));
    return out;
  }

  private async missingOf(o: ObligationRow, day: LocalDate, monthStart: LocalDate, lookFrom: LocalDate, calendar: WorkingCalendar): Promise<ReportTaskItem[]> {
    const periods =
      o.periodicity === 'ad_hoc'
        ? await this.requestedPeriods(o, day, monthStart)
        : reportingPeriodsToCreate(scheduleOf(o), { from: later(o.starts_on, lookFrom), asOf: day, ...(o.ends_on ? { until: o.ends_on } : {}) }, calendar).filter(
            (p) => p.deadline >= monthStart,
          );
    if (periods.length === 0) return [];
    const members = await this.memberships(o);
    const done: Array<{ unit_id: string; period_key: string }> = await this.db.query(
      `SELECT unit_id, period_key FROM report_tasks WHERE obligation_id = $1 AND period_key = ANY($2)`,
      [o.id, periods.map((p) => p.key)],
    );
    const have = new Set(done.map((r) => `${r.unit_id}/${r.period_key}`));
    const out: ReportTaskItem[] = [];
    for (const period of periods) {
      const seen = new Set<string>();
      for (const m of members) {
        if (seen.has(m.unitId) || have.has(`${m.unitId}/${period.key}`)) continue;
        // A calendar period is a member's when its cut-off falls in the membership; an ad hoc one when it was
        // requested during it (its data may well lie before the unit joined: it is asked of the units listed now).
        const on = period.periodicity === 'ad_hoc' ? period.createOn : period.end;
        if (on < m.from || (m.to !== null && on > m.to)) continue;
        seen.add(m.unitId);
        out.push({ obligationId: o.id, unitId: m.unitId, unitCode: m.unitCode, period });
      }
    }
    return out;
  }

  /**
   * An ad hoc obligation's periods (báo cáo đột xuất): one per request of the receiving office
   * (report_obligation_requests), `createOn` its request day (its tasks are made at once), the due date as the request
   * set it. Those requested on or before `day` and due this month or later (the tasks' rule: a task is assigned in the
   * current month, ASSIGNED_ON_BEFORE_MONTH), in request order.
   */
  private async requestedPeriods(o: ObligationRow, day: LocalDate, monthStart: LocalDate): Promise<ReportingPeriod[]> {
    const rows: Array<{ period_key: string; label: string; start: LocalDate; end: LocalDate; deadline: LocalDate; requested_on: LocalDate }> = await this.db.query(
      `SELECT period_key, label, to_char(period_start, 'YYYY-MM-DD') AS start, to_char(cut_off, 'YYYY-MM-DD') AS end,
              to_char(deadline, 'YYYY-MM-DD') AS deadline, to_char(requested_on, 'YYYY-MM-DD') AS requested_on
         FROM report_obligation_requests WHERE obligation_id = $1 AND requested_on <= $2 AND deadline >= $3 ORDER BY created_at, cut_off, period_start`,
      [o.id, day, monthStart],
    );
    return rows.map((r) => ({
      periodicity: 'ad_hoc',
      key: r.period_key,
      label: r.label,
      year: Number(r.end.slice(0, 4)),
      start: r.start,
      end: r.end,
      deadline: r.deadline,
      createOn: r.requested_on,
    }));
  }

  /** The listed units (their own dates within the obligation's) and the units of its kind; active units only. */
  private async memberships(o: ObligationRow): Promise<Membership[]> {
    const listed: Array<{ id: string; code: string; from_date: LocalDate; to_date: LocalDate | null }> = await this.db.query(
      `SELECT u.id, u.code, to_char(ou.from_date, 'YYYY-MM-DD') AS from_date, to_char(ou.to_date, 'YYYY-MM-DD') AS to_date
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id
        WHERE ou.obligation_id = $1 AND u.active ORDER BY u.code`,
      [o.id],
    );
    const members: Membership[] = listed.map((r) => ({ unitId: r.id, unitCode: r.code, from: later(r.from_date, o.starts_on), to: earlier(r.to_date, o.ends_on) }));
    if (o.reporting_unit_kind) {
      const ofKind: Array<{ id: string; code: string }> = await this.db.query(`SELECT id, code FROM units WHERE kind = $1 AND active ORDER BY code`, [o.reporting_unit_kind]);
      members.push(...ofKind.map((u) => ({ unitId: u.id, unitCode: u.code, from: o.starts_on, to: o.ends_on })));
    }
    return members;
  }

  /**
   * Creates one report task and its report_tasks row in one transaction (TasksService.createScheduledOnce: lock,
   * re-check, task, row); false when the row exists already (another run got there first). Throws the tasks'
   * refusal (nothing written) otherwise.
   */
  async create(item: ReportTaskItem): Promise<boolean> {
    const monthStart = `${this.clock.today().slice(0, 7)}-01`;
    const key = [item.obligationId, item.unitId, item.period.key];
    return this.tasks.createScheduledOnce({
      key: `report-task/${key.join('/')}`,
      exists: async (m) => (await m.query(`SELECT 1 FROM report_tasks WHERE obligation_id = $1 AND unit_id = $2 AND period_key = $3`, key)).length > 0,
      task: async (m) => {
        const [o]: Array<{ code: string; name: string; source_document_id: string | null; created_by_id: string }> = await m.query(
          `SELECT code, name, source_document_id, created_by_id FROM report_obligations WHERE id = $1`,
          [item.obligationId],
        );
        // The unit's one active head is who the report is asked of (it shows in their My tasks; they may reassign it to
        // staff as any task); with none or several, nobody: the board and the reminders fall back to the heads.
        const heads: Array<{ id: string }> = await m.query(`SELECT id FROM users WHERE unit_id = $1 AND role = 'unit_head' AND active LIMIT 2`, [item.unitId]);
        const suffix = ` – ${item.period.label}`;
        const kind = item.period.periodicity === 'ad_hoc' ? 'Báo cáo đột xuất' : 'Báo cáo định kỳ';
        const dto: CreateTaskDto = {
          title: o.name.slice(0, 500 - suffix.length) + suffix,
          description: `${kind} theo chế độ báo cáo ${o.code}: số liệu từ ${formatLocalDate(item.period.start)} đến ${formatLocalDate(item.period.end)}, hạn gửi ${formatLocalDate(item.period.deadline)}.`,
          leadUnitCode: item.unitCode,
          ...(heads.length === 1 ? { assigneeId: heads[0].id } : {}),
          deadline: item.period.deadline,
          // An ad hoc request may be entered after its due date (a request made on paper): assigned on that day then.
          assignedOn: later(item.period.createOn < item.period.deadline ? item.period.createOn : item.period.deadline, monthStart),
          ...(o.source_document_id ? { sourceDocumentId: o.source_document_id } : {}),
        };
        return { dto, assignedBy: o.created_by_id, note: `Tạo tự động theo chế độ báo cáo ${o.code}, kỳ ${item.period.key}` };
      },
      link: async (m, taskId) =>
        (
          await m.query(
            `INSERT INTO report_tasks (task_id, obligation_id, unit_id, period_key, period_start, cut_off)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (obligation_id, unit_id, period_key) DO NOTHING RETURNING task_id`,
            [taskId, ...key, item.period.start, item.period.end],
          )
        ).length > 0,
    });
  }
}

function scheduleOf(o: ObligationRow): ReportingSchedule {
  const due: ReportDueRule | null =
    o.due_kind === null || o.due_value === null ? null : o.due_kind === 'day_of_month' ? { kind: 'day_of_month', day: o.due_value } : { kind: o.due_kind, days: o.due_value };
  return {
    periodicity: o.periodicity,
    ...(o.cut_off_day !== null ? { cutOffDay: o.cut_off_day } : {}),
    ...(due ? { due } : {}),
    createWorkingDaysBefore: o.create_working_days_before,
  };
}
