import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { formatLocalDate, percentOf } from '@tiendo/domain';
import { AttachmentsService } from '@tiendo/server-attachments';
import { Actor, ApiError, AppConfig, Clock, forbidden, outOfScope, preparedQuery, refuse, refusedOn, SqlParams, validationFailed } from '@tiendo/server-core';
import { DeliveryItem, NotificationsService } from '@tiendo/server-notifications';
import { OrganisationSettingsService } from '@tiendo/server-reports';
import { statusPredicateSql, TasksService } from '@tiendo/server-tasks';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { managesObligation, RECEIVER_RULE, readsBoard } from './obligation-access';
import { BoardCountRow, boardCountsSql, boardLineJson, BoardLineRow, boardLinesSql, BoardPageFilter, boardPageSql } from './period-board.sql';
import { periodBoardWorkbook, periodBoardFileName } from './period-board-export';
import { checkFigures, ReportFigures } from './report-figures';
import { ReportObligationsService } from './report-obligations.service';
import { BOARD_PAGE_SIZE, BoardQueryDto, ReportStatisticsQuery, ReturnReportDto, SubmitReportDto } from './report-submission.dto';
import {
  BOARD_STATUSES,
  BoardLine,
  BoardStatus,
  PeriodBoardView,
  RemindersResult,
  ReportStatisticsLine,
  ReportStatisticsView,
  TaskReportView,
} from './report-submission.view';

interface BoardRow {
  task_id: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  figures: Record<string, number | string | null> | null;
  confirmed_completion_id: string | null;
  confirmed_at: Date | null;
  confirmed_by_id: string | null;
  confirmed_by_name: string | null;
  task_code: string;
  deadline: string | null;
  state: 'open' | 'completed' | 'cancelled';
  completed_at: Date | null;
  cancelled_at: Date | null;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  completion_id: string | null;
  reported_by_id: string | null;
  reported_by_name: string | null;
  result: string | null;
}

/**
 * Each report task of one obligation's period with its unit, its task's state, the submission in force (the
 * completion not returned) and its confirmation. Reads the tasks' tables, never writes them (the board is a report of
 * tasks, as the briefing is); report_tasks is this feature's own.
 */
const BOARD_SQL = `
  SELECT rt.task_id, rt.unit_id, u.code AS unit_code, u.name AS unit_name, rt.figures,
         rt.confirmed_completion_id, rt.confirmed_at, rt.confirmed_by_id, cb.full_name AS confirmed_by_name,
         t.code AS task_code, t.deadline::text AS deadline, t.state, t.completed_at, t.cancelled_at, t.version,
         t.assignee_id, a.full_name AS assignee_name,
         c.id AS completion_id, c.reported_by_id, rb.full_name AS reported_by_name, c.result
    FROM report_tasks rt
    JOIN tasks t ON t.id = rt.task_id
    JOIN units u ON u.id = rt.unit_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN users cb ON cb.id = rt.confirmed_by_id
    LEFT JOIN LATERAL (
      SELECT tc.id, tc.reported_by_id, tc.result FROM task_completions tc
       WHERE tc.task_id = t.id AND tc.returned_at IS NULL ORDER BY tc.completed_at DESC LIMIT 1
    ) c ON t.state = 'completed'
    LEFT JOIN users rb ON rb.id = c.reported_by_id
   WHERE rt.obligation_id = $1 AND rt.period_key = $2`;

const RANKING_FORMULA = 'Tỷ lệ báo cáo gửi đúng hạn = số báo cáo gửi đúng hạn ÷ (đúng hạn + gửi muộn + chưa gửi đã quá hạn); báo cáo chưa đến hạn không tính';
const RANKING_TIE_RULE = 'Bằng tỷ lệ: đơn vị có nhiều báo cáo đúng hạn hơn đứng trước; vẫn bằng: theo mã đơn vị';

/**
 * Periodic reports as tasks (Decree 09/2019/NĐ-CP; issue #11): a unit submits its report of a period by completing
 * its report task with the report file(s) and the obligation's figures; the receiving office reads the period's board,
 * confirms a report or returns it for redo, reminds the units that have not submitted, exports the board, and reads
 * the year's statistics of reports on time.
 *
 * Report tasks are made by the worker's generator (one per unit and period, report_tasks); this service writes only
 * report_tasks' `figures` and confirmation. Every change of a task goes through TasksService (the one write path):
 * the figures are written in the completion's own transaction (`WrittenWithChange`), so a refused completion leaves
 * no figures and bad figures leave no completion. Who may do what: obligation-access.ts.
 */
@Injectable()
export class ReportSubmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly obligations: ReportObligationsService,
    private readonly tasks: TasksService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
    private readonly organisation: OrganisationSettingsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Submits the unit's report of the period: `unitCode` (default the caller's unit), the file(s) already uploaded to
   * its report task, the figures. Checks, in order, the obligation (404), the figures against the obligation's
   * fields (400 `figures.<key>`, nothing written), the unit's report task (404), then the tasks' rule for completing
   * it (404 a task the caller may not read, 403 one they may not work on, 409 VERSION_CONFLICT, 422
   * TASK_ALREADY_COMPLETED or TASK_CANCELLED, 400 ATTACHMENT_NOT_ON_TASK); the figures are stored in the completion's
   * transaction. Answers the board line of the unit as the caller may see it (`submission` with its files).
   */
  async submit(id: string, periodKey: string, dto: SubmitReportDto, actor: Actor): Promise<BoardLine> {
    const { obligation, period } = await this.obligations.forPeriod(id, periodKey, actor);
    const { figures, errors } = checkFigures(obligation.fields, dto.figures);
    if (errors.length) throw validationFailed(errors);
    const unitCode = dto.unitCode ?? (await this.unitCodeOf(actor.unitId));
    const taskId = await this.reportTaskOf(obligation.id, periodKey, unitCode);
    const version = dto.version ?? (await this.taskVersion(taskId));
    const result = dto.result ?? `Đã gửi báo cáo ${period?.label.toLocaleLowerCase('vi') ?? periodKey}: ${obligation.name}`;
    await this.tasks.complete(taskId, { version, result, attachmentIds: dto.attachmentIds }, actor, async (manager, task) => {
      await manager.query(`UPDATE report_tasks SET figures = $2::jsonb WHERE task_id = $1`, [task.id, obligation.fields.length ? JSON.stringify(figures) : null]);
    });
    return this.line(obligation.id, periodKey, taskId);
  }

  /**
   * The report task `taskId` is (TaskReportView): its obligation (with its template), period and unit, the figures
   * submitted and the submission in force with its confirmation, as the board shows it. 404 when
   * the caller may not read the task (the tasks' rule, recorded as any out-of-scope read), when the task is not a
   * report task, or when the caller may not read its obligation (obligation-access.ts).
   */
  async reportOfTask(taskId: string, actor: Actor): Promise<TaskReportView> {
    await this.tasks.get(taskId, actor);
    const [row]: Array<{ obligation_id: string; period_key: string; figures: ReportFigures | null; unit_id: string; unit_code: string; unit_name: string }> = await this.db.query(
      `SELECT rt.obligation_id, rt.period_key, rt.figures, u.id AS unit_id, u.code AS unit_code, u.name AS unit_name
         FROM report_tasks rt JOIN units u ON u.id = rt.unit_id WHERE rt.task_id = $1`,
      [taskId],
    );
    if (!row) throw refuse('NOT_FOUND', { params: { what: 'báo cáo định kỳ của nhiệm vụ này' } });
    const { obligation, period } = await this.obligations.forPeriod(row.obligation_id, row.period_key, actor);
    return {
      obligation: {
        id: obligation.id,
        code: obligation.code,
        name: obligation.name,
        receivingUnit: { id: obligation.receivingUnit.id, code: obligation.receivingUnit.code, name: obligation.receivingUnit.name },
        fields: obligation.fields,
        template: obligation.template,
      },
      period: { key: row.period_key, label: period?.label ?? row.period_key, start: period?.start ?? null, end: period?.end ?? null, deadline: period?.deadline ?? null },
      unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
      figures: row.figures,
      // The caller reads the task (checked above), so its completion and the completion's files too.
      submission: (await this.line(obligation.id, row.period_key, taskId)).submission,
    };
  }

  /**
   * The receiving office confirms the unit's submitted report (it is what was asked for): 403 for a reader who does
   * not manage the obligation, 404 for anyone who may not read its board or a unit without a report task this period,
   * 422 TASK_NOT_COMPLETED when nothing is submitted (TASK_CANCELLED for a cancelled one). Confirming again changes
   * nothing. A later return for redo voids it (the confirmation names the submission it accepted). The submitter is
   * told in the product (`report_confirmed`), once per submission, in the same transaction.
   */
  async confirm(id: string, periodKey: string, unitCode: string, actor: Actor): Promise<BoardLine> {
    const { obligation, period } = await this.receiving(id, periodKey, actor, true);
    const taskId = await this.reportTaskOf(obligation.id, periodKey, unitCode);
    await this.db.transaction(async (manager) => {
      const [row] = await this.boardRows(manager, obligation.id, periodKey, taskId, true);
      if (row.state === 'cancelled') throw refuse('TASK_CANCELLED');
      // TASK_NOT_COMPLETED's own message is the return's; a confirmation says what it confirms.
      if (row.state !== 'completed' || !row.completion_id) throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'TASK_NOT_COMPLETED', 'Chỉ xác nhận được báo cáo đã gửi; đơn vị này chưa gửi báo cáo kỳ này');
      if (row.confirmed_completion_id === row.completion_id) return;
      await manager.query(`UPDATE report_tasks SET confirmed_completion_id = $2, confirmed_at = $3, confirmed_by_id = $4 WHERE task_id = $1`, [
        taskId,
        row.completion_id,
        this.clock.now(),
        actor.id,
      ]);
      // Whoever submitted hears it in the product, once per submission (an information, as progress notes are).
      const label = (period?.label ?? periodKey).toLocaleLowerCase('vi');
      await this.notifications.deliver(
        [
          {
            subjectKey: `report-confirmed:${row.completion_id}`,
            kind: 'report_confirmed',
            taskId,
            recipientId: row.reported_by_id as string,
            channel: 'in_app',
            title: `Báo cáo đã được xác nhận: ${obligation.name}`,
            body: `${obligation.receivingUnit.name} đã xác nhận báo cáo ${label} của ${row.unit_name}.`,
            link: `${this.config.PUBLIC_URL.replace(/\/$/, '')}/nhiem-vu/${taskId}`,
          },
        ],
        manager,
      );
    });
    return this.line(obligation.id, periodKey, taskId);
  }

  /**
   * The receiving office returns the unit's report for redo with a reason (trả lại): the tasks' own return path
   * (history, `completion_returned` event to the unit, the task open again), granted by the receiving office's rule
   * (obligation-access.ts) since that office does not lead the reporting unit's task. 403/404 as `confirm`; 422
   * TASK_NOT_COMPLETED, TASK_CANCELLED; 409 VERSION_CONFLICT.
   */
  async returnForRedo(id: string, periodKey: string, unitCode: string, dto: ReturnReportDto, actor: Actor): Promise<BoardLine> {
    const { obligation } = await this.receiving(id, periodKey, actor, true);
    const taskId = await this.reportTaskOf(obligation.id, periodKey, unitCode);
    const version = dto.version ?? (await this.taskVersion(taskId));
    await this.tasks.returnForRedo(taskId, { version, reason: dto.reason }, actor, { rule: RECEIVER_RULE });
    return this.line(obligation.id, periodKey, taskId);
  }

  /**
   * The board of one period for the receiving office (404 for anyone else, obligation-access.ts `readsBoard`): each
   * unit's report task with its status as of now by the tasks' rule, its submission (who, when, files, figures) and
   * its confirmation; the counts per cell. 404 also for a period key that is not one of the obligation's. Every line
   * (one page of all: `page` 1, `pageSize` = `total`), for the .xlsx; the HTTP board reads a page (`boardJson`).
   */
  async board(id: string, periodKey: string, actor: Actor): Promise<PeriodBoardView> {
    return JSON.parse(await this.boardJson(id, periodKey, actor));
  }

  /**
   * The board (`board`) as the JSON text the API sends: the lines are written by PostgreSQL (period-board.sql.ts) and
   * joined here, not parsed into objects and serialised again (10,000 units: BENCHMARKS.md, bench:obligations).
   * With `query` (the HTTP board), one page of the lines that match its `status` and `q` (default page 1 of 100):
   * the counts by one aggregate over the period's report tasks (the whole period's, whatever the filter), `total` the
   * lines matching, and only the page's lines written and their files read. Without it, every line.
   */
  async boardJson(id: string, periodKey: string, actor: Actor, query?: BoardQueryDto): Promise<string> {
    const { obligation, period } = await this.receiving(id, periodKey, actor, false);
    const now = this.clock.now();
    let counts: PeriodBoardView['counts'];
    let paging: Pick<PeriodBoardView, 'total' | 'page' | 'pageSize'>;
    let lines: string[];
    if (query) {
      const filter: BoardPageFilter = { status: query.status, q: query.q, page: query.page ?? 1, pageSize: query.pageSize ?? BOARD_PAGE_SIZE.default };
      const [aggregate, page] = await Promise.all([this.boardCounts(obligation.id, periodKey, filter), this.boardPage(obligation.id, periodKey, filter)]);
      if (!period && aggregate.length === 0) throw periodNotFound();
      counts = { completed_on_time: 0, completed_late: 0, in_progress_overdue: 0, in_progress_on_track: 0, other: 0, total: 0 };
      for (const r of aggregate) {
        if ((BOARD_STATUSES as readonly string[]).includes(r.status)) {
          counts[r.status as BoardStatus] += r.n;
          counts.total += r.n;
        } else counts.other += r.n;
      }
      paging = { total: aggregate.reduce((sum, r) => sum + r.matching, 0), page: filter.page, pageSize: filter.pageSize };
      lines = page.lines;
    } else {
      const all = await this.boardLines(obligation.id, periodKey);
      if (!period && all.rows.length === 0) throw periodNotFound();
      counts = { completed_on_time: 0, completed_late: 0, in_progress_overdue: 0, in_progress_on_track: 0, other: 0, total: 0 };
      for (const r of all.rows) {
        if ((BOARD_STATUSES as readonly string[]).includes(r.status)) {
          counts[r.status as BoardStatus] += 1;
          counts.total += 1;
        } else counts.other += 1;
      }
      paging = { total: all.rows.length, page: 1, pageSize: all.rows.length };
      lines = all.lines;
    }
    const head: Omit<PeriodBoardView, 'units'> = {
      obligation: {
        id: obligation.id,
        code: obligation.code,
        name: obligation.name,
        receivingUnit: { id: obligation.receivingUnit.id, code: obligation.receivingUnit.code, name: obligation.receivingUnit.name },
        fields: obligation.fields,
      },
      period: period
        ? { key: period.key, label: period.label, start: period.start, end: period.end, deadline: period.deadline }
        : { key: periodKey, label: periodKey, start: null, end: null, deadline: null },
      asOf: now.toISOString(),
      counts,
      ...paging,
    };
    return `${JSON.stringify(head).slice(0, -1)},"units":[${lines.join(',')}]}`;
  }

  /**
   * A file of the unit's submission in force, for the board's readers (`readsBoard`: the receiving office reads the
   * reports it receives even where it may not open the reporting unit's task). 404 for anyone else, and for a file
   * that is not one of that submission's (a returned submission's, a draft on the task, a deleted one).
   */
  async submissionFile(id: string, periodKey: string, unitCode: string, fileId: string, actor: Actor): ReturnType<AttachmentsService['openGranted']> {
    const { obligation } = await this.receiving(id, periodKey, actor, false);
    const taskId = await this.reportTaskOf(obligation.id, periodKey, unitCode);
    const line = await this.line(obligation.id, periodKey, taskId);
    if (!line.submission?.files.some((f) => f.id === fileId)) throw refuse('NOT_FOUND', { params: { what: 'tệp của báo cáo này' } });
    return this.attachments.openGranted(taskId, fileId);
  }

  /**
   * The board as an .xlsx file: the organisation's heading (settings), the obligation and period, a sheet "Tình hình
   * gửi báo cáo" (one row per unit: status in Vietnamese, deadline and submission as date cells, who, files,
   * confirmation) and a sheet "Số liệu" (one row per unit that submitted, one column per field; numbers as numbers).
   * Access as `board`.
   */
  async boardExport(id: string, periodKey: string, actor: Actor): Promise<{ body: Buffer; fileName: string }> {
    const board = await this.board(id, periodKey, actor);
    const organisation = await this.organisation.get();
    return { body: await periodBoardWorkbook(board, organisation, this.clock.now()), fileName: periodBoardFileName(board) };
  }

  /**
   * Reminds every unit of the period that has not submitted (report task open, submitted or not due alike; not a
   * cancelled one): its assignee, or, with none (or an inactive one), the active unit heads of the unit. Each person
   * gets a notification in the product and, when they have an address, left e-mail on and SMTP is configured, an
   * e-mail (sent by the worker's e-mail job). Every click is a new reminder (its own subject key), delivered once.
   * 403 for a reader who does not manage the obligation; 404 as the board.
   */
  async remindMissing(id: string, periodKey: string, actor: Actor): Promise<RemindersResult> {
    const { obligation, period } = await this.receiving(id, periodKey, actor, true);
    const rows: Array<{ task_id: string; unit_code: string; unit_name: string; deadline: string | null; recipients: string[] | null }> = await this.db.query(
      `SELECT rt.task_id, u.code AS unit_code, u.name AS unit_name, t.deadline::text AS deadline,
              CASE WHEN a.active THEN ARRAY[a.id]
                   ELSE (SELECT array_agg(h.id ORDER BY h.id) FROM users h WHERE h.unit_id = t.lead_unit_id AND h.role = 'unit_head' AND h.active) END AS recipients
         FROM report_tasks rt JOIN tasks t ON t.id = rt.task_id JOIN units u ON u.id = rt.unit_id
         LEFT JOIN users a ON a.id = t.assignee_id
        WHERE rt.obligation_id = $1 AND rt.period_key = $2 AND t.state = 'open'
        ORDER BY upper(u.code)`,
      [obligation.id, periodKey],
    );
    if (!period && rows.length === 0 && !(await this.hasReportTasks(obligation.id, periodKey))) throw periodNotFound();
    const people = [...new Set(rows.flatMap((r) => r.recipients ?? []))];
    const wants: Array<{ id: string; wants_email: boolean }> = people.length
      ? await this.db.query(`SELECT id, (email IS NOT NULL AND email <> '' AND email_notifications) AS wants_email FROM users WHERE id = ANY($1::uuid[])`, [people])
      : [];
    const emailOk = new Set(wants.filter((w) => w.wants_email && this.config.SMTP_URL).map((w) => w.id));
    const click = randomUUID();
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const label = period?.label ?? periodKey;
    const items: DeliveryItem[] = [];
    for (const r of rows) {
      for (const recipientId of r.recipients ?? []) {
        const item = {
          subjectKey: `report-reminder:${click}:${r.task_id}`,
          kind: 'report_reminder',
          taskId: r.task_id,
          recipientId,
          title: `Nhắc gửi báo cáo: ${obligation.name}`,
          body: `${r.unit_name} chưa gửi báo cáo ${label.toLocaleLowerCase('vi')}${r.deadline ? ` (hạn ${formatLocalDate(r.deadline)})` : ''}. ${obligation.receivingUnit.name} đề nghị gửi báo cáo kèm tệp trên Tiến Độ.`,
          link: `${base}/nhiem-vu/${r.task_id}`,
        };
        items.push({ ...item, channel: 'in_app' });
        if (emailOk.has(recipientId)) items.push({ ...item, channel: 'email' });
      }
    }
    await this.notifications.deliver(items);
    const reached = rows.filter((r) => (r.recipients ?? []).length > 0);
    return {
      units: reached.length,
      people: new Set(reached.flatMap((r) => r.recipients ?? [])).size,
      unitCodes: reached.map((r) => r.unit_code),
      notReached: rows.filter((r) => (r.recipients ?? []).length === 0).map((r) => r.unit_code),
    };
  }

  /**
   * Per unit, its reports of the year's periods (those whose cut-off falls in `year`, Vietnam's calendar; cancelled
   * report tasks not counted) by the tasks' status rule as of now, and the share submitted on time: on time ÷ (on
   * time + late + missing past the deadline), half-up to two decimals; and the provincial departments ranked by it
   * (ties: more reports on time first, then by code). Counts are public inside the ministry, as the briefing's
   * (README, "What a report reveals"): every signed-in user reads them; they name no task. With `obligationId`, the
   * obligation must be readable by the caller (ReportObligationsService.get's rule): 404 otherwise, a missing one too.
   */
  async statistics(query: ReportStatisticsQuery, actor: Actor): Promise<ReportStatisticsView> {
    // One obligation's counts are read as the obligation is: 404 for a missing one and for one out of the caller's
    // scope (recorded as `object_hidden`), as GET /:id answers.
    if (query.obligationId) await this.obligations.get(query.obligationId, actor);
    const now = this.clock.now();
    const p = new SqlParams();
    const today = () => p.add(this.clock.today());
    const filters = [`rt.cut_off BETWEEN ${p.add(`${query.year}-01-01`)}::date AND ${p.add(`${query.year}-12-31`)}::date`, `t.state <> 'cancelled'`];
    if (query.obligationId) filters.push(`rt.obligation_id = ${p.add(query.obligationId)}`);
    const rows: Array<{ id: string; code: string; name: string; kind: string; reports: number; on_time: number; late: number; overdue: number; on_track: number }> = await this.db.query(
      `SELECT u.id, u.code, u.name, u.kind, count(*)::int AS reports,
              (count(*) FILTER (WHERE ${statusPredicateSql('completed_on_time', today)}))::int AS on_time,
              (count(*) FILTER (WHERE ${statusPredicateSql('completed_late', today)}))::int AS late,
              (count(*) FILTER (WHERE ${statusPredicateSql('in_progress_overdue', today)}))::int AS overdue,
              (count(*) FILTER (WHERE ${statusPredicateSql('in_progress_on_track', today)}))::int AS on_track
         FROM report_tasks rt JOIN tasks t ON t.id = rt.task_id JOIN units u ON u.id = rt.unit_id
        WHERE ${filters.join(' AND ')}
        GROUP BY u.id, u.code, u.name, u.kind
        ORDER BY upper(u.code)`,
      p.values,
    );
    const units: ReportStatisticsLine[] = rows.map((r) => {
      const due = r.on_time + r.late + r.overdue;
      return {
        unit: { id: r.id, code: r.code, name: r.name, kind: r.kind },
        reports: r.reports,
        submittedOnTime: r.on_time,
        submittedLate: r.late,
        missingOverdue: r.overdue,
        notYetDue: r.on_track,
        onTimeShare: due === 0 ? null : percentOf(r.on_time, due),
      };
    });
    const ranked = units
      .filter((l) => l.unit.kind === 'provincial_department' && l.onTimeShare !== null)
      .sort((a, b) => (b.onTimeShare as number) - (a.onTimeShare as number) || b.submittedOnTime - a.submittedOnTime || a.unit.code.localeCompare(b.unit.code));
    let rank = 0;
    const provincialRanking = ranked.map((l, i) => {
      const prev = ranked[i - 1];
      if (!prev || prev.onTimeShare !== l.onTimeShare || prev.submittedOnTime !== l.submittedOnTime) rank = i + 1;
      return { ...l, rank };
    });
    return { year: query.year, obligationId: query.obligationId ?? null, asOf: now.toISOString(), units, provincialRanking, formula: RANKING_FORMULA, tieRule: RANKING_TIE_RULE };
  }

  /**
   * The obligation and period for the receiving office: 404 unless it reads the board (for a reader of the obligation
   * who may not read its board, recorded as `object_hidden` of the obligation, as any out-of-scope object); with
   * `manage`, 403 unless it manages the obligation (recorded as `object_denied`).
   */
  private async receiving(id: string, periodKey: string, actor: Actor, manage: boolean): Promise<Awaited<ReturnType<ReportObligationsService['forPeriod']>>> {
    const found = await this.obligations.forPeriod(id, periodKey, actor);
    const receiving = found.obligation.receivingUnit;
    if (!readsBoard(actor, receiving)) throw outOfScope('report_obligation', found.obligation.id);
    if (manage && !managesObligation(actor, receiving.path)) {
      throw refusedOn(
        forbidden('Chỉ Văn phòng Bộ, quản trị viên, hoặc trưởng đơn vị nhận báo cáo mới được xác nhận, trả lại hoặc nhắc gửi báo cáo'),
        'report_obligation',
        found.obligation.id,
      );
    }
    return found;
  }

  private async reportTaskOf(obligationId: string, periodKey: string, unitCode: string): Promise<string> {
    const [row] = await this.db.query(
      `SELECT rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id WHERE rt.obligation_id = $1 AND rt.period_key = $2 AND upper(u.code) = upper($3)`,
      [obligationId, periodKey, unitCode],
    );
    if (!row) throw refuse('NOT_FOUND', { params: { what: `báo cáo kỳ ${periodKey.slice(0, 16)} của đơn vị ${unitCode.slice(0, 32)}` } });
    return row.task_id;
  }

  private async hasReportTasks(obligationId: string, periodKey: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM report_tasks WHERE obligation_id = $1 AND period_key = $2 LIMIT 1`, [obligationId, periodKey]);
    return rows.length > 0;
  }

  private async unitCodeOf(unitId: string): Promise<string> {
    const [row] = await this.db.query(`SELECT code FROM units WHERE id = $1`, [unitId]);
    return row.code;
  }

  private async taskVersion(taskId: string): Promise<number> {
    const [row] = await this.db.query(`SELECT version FROM tasks WHERE id = $1`, [taskId]);
    return row.version;
  }

  private boardRows(manager: EntityManager, obligationId: string, periodKey: string, taskId?: string, lock = false): Promise<BoardRow[]> {
    return manager.query(
      `${BOARD_SQL}${taskId ? ' AND rt.task_id = $3' : ''} ORDER BY upper(u.code), u.id${lock ? ' FOR UPDATE OF rt' : ''}`,
      taskId ? [obligationId, periodKey, taskId] : [obligationId, periodKey],
    );
  }

  private async line(obligationId: string, periodKey: string, taskId: string): Promise<BoardLine> {
    const { lines } = await this.boardLines(obligationId, periodKey, taskId);
    return JSON.parse(lines[0]);
  }

  /** The period's report tasks per status (`n`) and those `filter` keeps (`matching`): one aggregate. */
  private async boardCounts(obligationId: string, periodKey: string, filter: BoardPageFilter): Promise<BoardCountRow[]> {
    const p = new SqlParams();
    [obligationId, periodKey, this.clock.today()].forEach((v) => p.add(v));
    const text = boardCountsSql(filter, p);
    // A search's text depends on its number of words: planned each time rather than kept per connection.
    return filter.q?.trim() ? this.db.query(text, p.values) : preparedQuery<BoardCountRow>(this.db, text, p.values);
  }

  /** One page of the board's lines as JSON text (`boardPageSql`), with the files of the page's submissions only. */
  private async boardPage(obligationId: string, periodKey: string, filter: BoardPageFilter): Promise<{ rows: BoardLineRow[]; lines: string[] }> {
    const p = new SqlParams();
    [obligationId, periodKey, this.clock.today()].forEach((v) => p.add(v));
    const text = boardPageSql(filter, p);
    const rows: BoardLineRow[] = filter.q?.trim() ? await this.db.query(text, p.values) : await preparedQuery<BoardLineRow>(this.db, text, p.values);
    const files = await this.attachments.completionFiles(rows.map((r) => r.completion_id).filter((c): c is string => c !== null));
    return { rows, lines: rows.map((r) => boardLineJson(r, files)) };
  }

  /**
   * Board lines as JSON text (period-board.sql.ts): the status by the tasks' rule as of the clock's day (its SQL twin
   * of libs/domain classifyTask), the files of each submission from the attachments feature.
   */
  private async boardLines(obligationId: string, periodKey: string, taskId?: string): Promise<{ rows: BoardLineRow[]; lines: string[] }> {
    const rows = await preparedQuery<BoardLineRow>(this.db, boardLinesSql(taskId !== undefined), [obligationId, periodKey, this.clock.today(), ...(taskId ? [taskId] : [])]);
    const files = await this.attachments.completionFiles(rows.map((r) => r.completion_id).filter((c): c is string => c !== null));
    return { rows, lines: rows.map((r) => boardLineJson(r, files)) };
  }
}

const periodNotFound = () => refuse('NOT_FOUND', { params: { what: 'kỳ báo cáo' } });

