import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FieldError, Page, UnitKind } from '@tiendo/contracts';
import {
  adHocReportingPeriod,
  addDays,
  DECREE_09_CUT_OFF_DAY,
  DEFAULT_CREATE_WORKING_DAYS_BEFORE,
  DEFAULT_REPORT_DUE,
  dayOfWeek,
  formatLocalDate,
  LocalDate,
  nextReportingPeriods,
  ReportDueRule,
  ReportingPeriod,
  reportingPeriodByKey,
  ReportingPeriodicity,
  ReportingSchedule,
  reportingScheduleErrors,
} from '@tiendo/domain';
import { AttachmentsService, ReceivedFile, StoredFileRow } from '@tiendo/server-attachments';
import { diffFields, FieldChange } from '@tiendo/server-audit';
import { HolidaysService } from '@tiendo/server-calendar';
import {
  Actor,
  ApiError,
  Clock,
  duplicate,
  fieldError,
  forbidden,
  notFound,
  outOfScope,
  refuse,
  searchMatchSql,
  SqlParams,
  validationFailed,
} from '@tiendo/server-core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { managesObligation, obligationScopeSql } from './obligation-access';
import { ReportTasksTrigger } from './report-task-trigger';
import {
  AdHocReportRequestDto,
  CreateReportObligationDto,
  DueRuleDto,
  ListReportObligationsQuery,
  ObligationFieldDto,
  ObligationPeriodsQuery,
  ReportingUnitDto,
  UpdateReportObligationDto,
} from './report-obligation.dto';
import type {
  AdHocPeriodView,
  ObligationFacts,
  ObligationTemplateView,
  ObligationHistoryEntryView,
  ObligationField,
  ObligationPeriodsView,
  ObligationPeriodView,
  ReportObligationListItem,
  ReportObligationView,
} from './report-obligation.view';

interface ObligationRow {
  id: string;
  code: string;
  name: string;
  source_document_id: string | null;
  document_number: string | null;
  document_title: string | null;
  legal_basis: string | null;
  periodicity: ReportingPeriodicity;
  cut_off_day: number | null;
  due_kind: ReportDueRule['kind'] | null;
  due_value: number | null;
  create_working_days_before: number;
  template_file_id: string | null;
  template_name: string | null;
  template_size: string | null;
  template_content_type: string | null;
  template_uploaded_at: Date | null;
  receiving_unit_id: string;
  receiving_code: string;
  receiving_name: string;
  receiving_path: string;
  reporting_unit_kind: UnitKind | null;
  fields: ObligationField[];
  starts_on: string;
  ends_on: string | null;
  created_by_id: string;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
  unit_count: number;
}

interface UnitRow {
  id: string;
  code: string;
  name: string;
  path: string;
  active: boolean;
}

/** What create and update have decided, ready to write. */
interface Resolved {
  name: string;
  sourceDocumentId: string | null;
  legalBasis: string | null;
  periodicity: ReportingPeriodicity;
  cutOffDay: number | null;
  due: ReportDueRule | null;
  createWorkingDaysBefore: number;
  receivingUnit: UnitRow;
  /** null: leave the list as it is (update without `reportingUnits`). */
  reportingUnits: Array<{ unitId: string; code: string; fromDate: LocalDate | null }> | null;
  reportingUnitKind: UnitKind | null;
  fields: ObligationField[];
  startsOn: LocalDate;
  endsOn: LocalDate | null;
}

const SELECT = `
  SELECT o.id, o.code, o.name, o.source_document_id, d.number AS document_number, d.title AS document_title, o.legal_basis,
         o.periodicity, o.cut_off_day, o.due_kind, o.due_value, o.create_working_days_before, o.template_file_id,
         tf.name AS template_name, tf.size::text AS template_size, tf.content_type AS template_content_type, tf.uploaded_at AS template_uploaded_at,
         o.receiving_unit_id, ru.code AS receiving_code, ru.name AS receiving_name, ru.path AS receiving_path,
         o.reporting_unit_kind, o.fields, to_char(o.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(o.ends_on, 'YYYY-MM-DD') AS ends_on,
         o.created_by_id, cb.full_name AS created_by_name, o.created_at, o.updated_at, o.version,
         (SELECT count(*)::int FROM report_obligation_units c WHERE c.obligation_id = o.id AND c.to_date IS NULL) AS unit_count
    FROM report_obligations o
    JOIN units ru ON ru.id = o.receiving_unit_id
    JOIN users cb ON cb.id = o.created_by_id
    LEFT JOIN source_documents d ON d.id = o.source_document_id
    LEFT JOIN stored_files tf ON tf.id = o.template_file_id`;

/** The search key of an obligation: the expression of report_obligations_search_idx (migration 1795990000000). */
const OBLIGATION_SEARCH_KEY = `(search_key(o.code) || E'\\n' || search_key(o.name))`;

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** A calendar period as `GET /:id/periods` gives it, with its deadline's weekday. */
const periodView = (p: ReportingPeriod): ObligationPeriodView => ({
  key: p.key,
  label: p.label,
  start: p.start,
  end: p.end,
  deadline: p.deadline,
  deadlineWeekday: dayOfWeek(p.deadline),
  deadlineWeekdayName: WEEKDAY_NAMES[dayOfWeek(p.deadline)],
  createOn: p.createOn,
});

/** Field of a schedule error of the domain (`reportingScheduleErrors`) → its Vietnamese message. */
const SCHEDULE_MESSAGES: Record<string, string> = {
  periodicity: 'Kỳ báo cáo phải là: hằng tháng, hằng quý, 6 tháng, 9 tháng, hằng năm hoặc đột xuất',
  cutOffDay: 'Ngày chốt số liệu phải từ 1 đến 31',
  'due.days': 'Số ngày sau ngày chốt số liệu phải từ 1 đến 90',
  'due.day': 'Ngày trong tháng phải từ 1 đến 31',
  'due.kind': 'Cách tính hạn gửi báo cáo không hợp lệ',
  createWorkingDaysBefore: 'Số ngày làm việc tạo nhiệm vụ báo cáo trước ngày chốt số liệu phải từ 0 đến 60',
};

const dueOf = (dto: DueRuleDto | null | undefined): ReportDueRule | null | undefined => {
  if (dto === undefined || dto === null) return dto;
  if (dto.kind === 'day_of_month') return { kind: 'day_of_month', day: dto.day as number };
  return { kind: dto.kind, days: dto.days as number };
};

const dueFromRow = (r: ObligationRow): ReportDueRule | null => {
  if (r.due_kind === null || r.due_value === null) return null;
  return r.due_kind === 'day_of_month' ? { kind: 'day_of_month', day: r.due_value } : { kind: r.due_kind, days: r.due_value };
};

const dueValue = (due: ReportDueRule | null): number | null => (due === null ? null : due.kind === 'day_of_month' ? due.day : due.days);

/**
 * Reporting obligations (chế độ báo cáo định kỳ, Decree 09/2019/NĐ-CP): create, list, read, change, end, and the
 * preview of their periods. Who may do what: obligation-access.ts. The period arithmetic is libs/domain's
 * reporting-periods.ts, on the working calendar of HolidaysService (the law's days off and the admin's changes).
 *
 * The units' report tasks are the worker's generator's (report-task-generator.ts): after a change this service asks
 * for the obligation's run at once (ReportTasksTrigger) rather than creating any itself.
 */
@Injectable()
export class ReportObligationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly holidays: HolidaysService,
    private readonly clock: Clock,
    private readonly reportTasks: ReportTasksTrigger,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Creates an obligation (its history's `created` entry in the same transaction), then asks the worker to create at
   * once the report tasks whose creation day has already come (ReportTasksTrigger; e.g. an obligation started on the
   * 1st and made on the 20th gets this month's period, overdue if its due day has passed), instead of at 00:05.
   */
  async create(dto: CreateReportObligationDto, actor: Actor): Promise<ReportObligationView> {
    const id = await this.db.transaction(async (manager) => {
      const resolved = await this.resolve(manager, {
        name: dto.name,
        sourceDocumentId: dto.sourceDocumentId ?? null,
        legalBasis: dto.legalBasis || null,
        periodicity: dto.periodicity,
        cutOffDay: dto.cutOffDay ?? null,
        due: dueOf(dto.due) ?? null,
        createWorkingDaysBefore: dto.createWorkingDaysBefore ?? DEFAULT_CREATE_WORKING_DAYS_BEFORE,
        receivingUnitCode: dto.receivingUnitCode,
        reportingUnits: dto.reportingUnits ?? [],
        reportingUnitKind: dto.reportingUnitKind ?? null,
        fields: dto.fields ?? [],
        startsOn: dto.startsOn,
        endsOn: null,
      });
      if (!managesObligation(actor, resolved.receivingUnit.path)) throw forbidden(RECEIVER_OUT_OF_SCOPE);
      if (await this.codeTaken(manager, dto.code)) throw codeTaken(dto.code);
      const newId = randomUUID();
      const now = this.clock.now();
      try {
        await manager.query(
          `INSERT INTO report_obligations (id, code, name, source_document_id, legal_basis, periodicity, cut_off_day, due_kind, due_value,
             create_working_days_before, receiving_unit_id, reporting_unit_kind, fields, starts_on, created_by_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16, $16)`,
          [
            newId,
            dto.code,
            resolved.name,
            resolved.sourceDocumentId,
            resolved.legalBasis,
            resolved.periodicity,
            resolved.cutOffDay,
            resolved.due?.kind ?? null,
            dueValue(resolved.due),
            resolved.createWorkingDaysBefore,
            resolved.receivingUnit.id,
            resolved.reportingUnitKind,
            JSON.stringify(resolved.fields),
            resolved.startsOn,
            actor.id,
            now,
          ],
        );
      } catch (err) {
        // Two creations of one code at once: the unique index decides, the loser hears DUPLICATE.
        if ((err as { code?: string }).code === '23505') throw codeTaken(dto.code);
        throw err;
      }
      const unitChanges = await this.writeUnits(manager, newId, resolved.reportingUnits ?? [], resolved.startsOn);
      await this.record(manager, newId, actor, 'created', [...diffFields(BLANK, snapshot(resolved), TRACKED), ...unitChanges]);
      return newId;
    });
    await this.reportTasks.obligationChanged(id);
    return this.get(id, actor);
  }

  /** The obligations the actor may read (obligation-access.ts), by code; `q` searches code and name. */
  async list(actor: Actor, query: ListReportObligationsQuery): Promise<Page<ReportObligationListItem>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const p = new SqlParams();
    const where: string[] = [];
    const scope = obligationScopeSql(actor, p);
    if (scope) where.push(scope);
    const search = searchMatchSql(OBLIGATION_SEARCH_KEY, query.q, p);
    if (search) where.push(search);
    const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM report_obligations o ${cond}`, p.values);
    const rows: ObligationRow[] = await this.db.query(
      `${SELECT} ${cond} ORDER BY upper(o.code), o.id LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return {
      items: rows.map((r) => {
        const { reportingUnits: _u, endedReportingUnits: _x, fields: _f, effective: _e, ...rest } = this.toView(r, [], actor);
        return { ...rest, reportingUnitCount: r.unit_count };
      }),
      total,
    };
  }

  /** One obligation; 404 for one that does not exist or that the actor may not read. */
  async get(id: string, actor: Actor): Promise<ReportObligationView> {
    const row = await this.readable(this.db.manager, id, actor);
    return this.toView(row, await this.units(this.db.manager, id), actor, await this.endedUnits(this.db.manager, id));
  }

  async update(id: string, dto: UpdateReportObligationDto, actor: Actor): Promise<ReportObligationView> {
    await this.db.transaction(async (manager) => {
      const row = await this.readable(manager, id, actor, true);
      if (!managesObligation(actor, row.receiving_path)) throw forbidden(MANAGE_REFUSED);
      if (row.version !== dto.version) throw obligationChanged();
      const current = dueFromRow(row);
      const resolved = await this.resolve(manager, {
        name: dto.name ?? row.name,
        sourceDocumentId: dto.sourceDocumentId === undefined ? row.source_document_id : dto.sourceDocumentId,
        legalBasis: dto.legalBasis === undefined ? row.legal_basis : dto.legalBasis || null,
        periodicity: dto.periodicity ?? row.periodicity,
        cutOffDay: dto.cutOffDay === undefined ? row.cut_off_day : dto.cutOffDay,
        due: dto.due === undefined ? current : (dueOf(dto.due) ?? null),
        createWorkingDaysBefore: dto.createWorkingDaysBefore ?? row.create_working_days_before,
        receivingUnitCode: dto.receivingUnitCode ?? row.receiving_code,
        reportingUnits: dto.reportingUnits ?? null,
        reportingUnitKind: dto.reportingUnitKind === undefined ? row.reporting_unit_kind : dto.reportingUnitKind,
        fields: dto.fields ?? row.fields,
        startsOn: dto.startsOn ?? row.starts_on,
        endsOn: row.ends_on,
        currentUnitCount: row.unit_count,
      });
      if (!managesObligation(actor, resolved.receivingUnit.path)) throw forbidden(RECEIVER_OUT_OF_SCOPE);
      // The row is locked (FOR UPDATE) and its version checked above: nobody changes it between the check and here.
      await manager.query(
        `UPDATE report_obligations SET name = $2, source_document_id = $3, legal_basis = $4, periodicity = $5, cut_off_day = $6,
           due_kind = $7, due_value = $8, create_working_days_before = $9, receiving_unit_id = $10, reporting_unit_kind = $11,
           fields = $12::jsonb, starts_on = $13, updated_at = $14, version = version + 1
         WHERE id = $1 AND version = $15`,
        [
          id,
          resolved.name,
          resolved.sourceDocumentId,
          resolved.legalBasis,
          resolved.periodicity,
          resolved.cutOffDay,
          resolved.due?.kind ?? null,
          dueValue(resolved.due),
          resolved.createWorkingDaysBefore,
          resolved.receivingUnit.id,
          resolved.reportingUnitKind,
          JSON.stringify(resolved.fields),
          resolved.startsOn,
          this.clock.now(),
          dto.version,
        ],
      );
      let unitChanges: FieldChange[] = [];
      if (resolved.reportingUnits) {
        // A unit added now reports from today's periods on (or from the start, if that is later), unless told otherwise.
        const today = this.clock.today();
        unitChanges = await this.writeUnits(manager, id, resolved.reportingUnits, resolved.startsOn > today ? resolved.startsOn : today);
      }
      await this.record(manager, id, actor, 'updated', [...diffFields(snapshotOfRow(row), snapshot(resolved), TRACKED), ...unitChanges]);
    });
    // A unit added, an earlier start, a new schedule: their periods due by now are created at once (ReportTasksTrigger).
    await this.reportTasks.obligationChanged(id);
    return this.get(id, actor);
  }

  /**
   * Ends the obligation: periods whose cut-off is after `endsOn` are not reported. Nothing is deleted. 400
   * DAY_RANGE_REVERSED (endsOn) before the start; 422 OBLIGATION_END_BEFORE_REPORTS (endsOn) before the cut-off of
   * the latest period that already has report tasks (they would be hidden from the periods while still open).
   */
  async end(id: string, endsOn: LocalDate, actor: Actor): Promise<ReportObligationView> {
    await this.db.transaction(async (manager) => {
      const row = await this.readable(manager, id, actor, true);
      if (!managesObligation(actor, row.receiving_path)) throw forbidden(MANAGE_REFUSED);
      if (endsOn < row.starts_on) throw refuse('DAY_RANGE_REVERSED', { field: 'endsOn' });
      // Report tasks already created stay (nothing is deleted), so an end before their period's cut-off would hide
      // them from the periods, the board's way in, while they are still open or overdue.
      const [last]: Array<{ period_key: string; cut_off: LocalDate }> = await manager.query(
        `SELECT period_key, to_char(cut_off, 'YYYY-MM-DD') AS cut_off FROM report_tasks WHERE obligation_id = $1 ORDER BY cut_off DESC LIMIT 1`,
        [id],
      );
      if (last && endsOn < last.cut_off) {
        throw refuse('OBLIGATION_END_BEFORE_REPORTS', { field: 'endsOn', params: { period: last.period_key, cutOff: formatLocalDate(last.cut_off) } });
      }
      await manager.query(`UPDATE report_obligations SET ends_on = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [id, endsOn, this.clock.now()]);
      await this.record(manager, id, actor, 'ended', row.ends_on === endsOn ? [] : [{ field: 'endsOn', from: row.ends_on, to: endsOn }]);
    });
    return this.get(id, actor);
  }

  /**
   * Sets the obligation's report template (mẫu báo cáo, the form the units fill in): the upload (multipart `file`,
   * already received by AttachmentUpload: ATTACHMENT_MAX_MB) is checked and stored by the attachments' rules
   * (AttachmentsService.storeFile: not empty, a clean name, an allowed type by content) and becomes the template; the
   * one it replaces is kept (stored_files is never changed) and the history's `updated` entry names both
   * (`template`: { id, name, size, sha256 } from → to). The obligation's `version` does not move: the template is set
   * apart from the form's fields, so a form open meanwhile saves without a conflict. The temporary file is always
   * removed. Errors: 404 as `get`; 403 for a reader who does not manage it; 400 ATTACHMENT_EMPTY,
   * ATTACHMENT_NAME_INVALID, ATTACHMENT_NAME_TOO_LONG; 422 ATTACHMENT_TYPE_NOT_ALLOWED; 503 STORAGE_UNAVAILABLE.
   */
  async setTemplate(id: string, file: ReceivedFile, actor: Actor): Promise<ReportObligationView> {
    try {
      await this.db.transaction(async (manager) => {
        const row = await this.readable(manager, id, actor, true);
        if (!managesObligation(actor, row.receiving_path)) throw forbidden(MANAGE_REFUSED);
        const stored = await this.attachments.storeFile(manager, file, { kind: 'report_obligation_template', id }, actor);
        const before = row.template_file_id ? await this.attachments.storedFile(row.template_file_id) : null;
        await manager.query(`UPDATE report_obligations SET template_file_id = $2, updated_at = $3 WHERE id = $1`, [id, stored.id, this.clock.now()]);
        await this.record(manager, id, actor, 'updated', [{ field: 'template', from: before ? templateChange(before) : null, to: templateChange(stored) }]);
      });
    } finally {
      await this.attachments.discardUpload(file);
    }
    return this.get(id, actor);
  }

  /**
   * Takes the template off the obligation (the file stays in stored_files, named by the history's `template` change
   * to null). 404 as `get`, and when it has no template; 403 for a reader who does not manage it.
   */
  async removeTemplate(id: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (manager) => {
      const row = await this.readable(manager, id, actor, true);
      if (!managesObligation(actor, row.receiving_path)) throw forbidden(MANAGE_REFUSED);
      if (!row.template_file_id) throw refuse('NOT_FOUND', { params: { what: 'mẫu báo cáo của chế độ báo cáo này' } });
      const before = await this.attachments.storedFile(row.template_file_id);
      await manager.query(`UPDATE report_obligations SET template_file_id = NULL, updated_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      await this.record(manager, id, actor, 'updated', [{ field: 'template', from: before ? templateChange(before) : { id: row.template_file_id }, to: null }]);
    });
  }

  /**
   * The template's file and bytes for whoever may read the obligation (obligation-access.ts: the receiving office, the
   * ministry-wide roles, and the reporting units' people, who download it to fill in). 404 as `get`, and when it has
   * no template.
   */
  async openTemplate(id: string, actor: Actor): ReturnType<AttachmentsService['openStored']> {
    const row = await this.readable(this.db.manager, id, actor);
    if (!row.template_file_id) throw refuse('NOT_FOUND', { params: { what: 'mẫu báo cáo của chế độ báo cáo này' } });
    return this.attachments.openStored(row.template_file_id);
  }

  /** The obligation's history, oldest first (ObligationHistoryEntryView); 404 as `get`. */
  async history(id: string, actor: Actor): Promise<ObligationHistoryEntryView[]> {
    await this.readable(this.db.manager, id, actor);
    const rows: Array<{ at: Date; actor_id: string | null; full_name: string | null; action: ObligationHistoryEntryView['action']; changes: ObligationHistoryEntryView['changes']; note: string | null }> =
      await this.db.query(
        `SELECT h.at, h.actor_id, u.full_name, h.action, h.changes, h.note FROM report_obligation_history h LEFT JOIN users u ON u.id = h.actor_id
          WHERE h.obligation_id = $1 ORDER BY h.id`,
        [id],
      );
    return rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      actor: r.actor_id ? { id: r.actor_id, fullName: r.full_name as string } : null,
      action: r.action,
      changes: r.changes,
      note: r.note,
    }));
  }

  /**
   * The next `count` (default 6) periods whose data is not cut off before `from` (default today), never before the
   * obligation's start and, once it has ended, none whose cut-off is after its end. Without `from`, an obligation
   * that ended before today gives its last `count` periods up to its end instead (nothing is next; its past periods
   * are what its page lists and its boards are reached by), `from` then being the day the search began. Deadlines and
   * creation days on the working calendar (weekends, Tết and the other days off of the Labour Code, and the admin's
   * changes).
   */
  async periods(id: string, query: ObligationPeriodsQuery, actor: Actor): Promise<ObligationPeriodsView> {
    const row = await this.readable(this.db.manager, id, actor);
    const today = this.clock.today();
    const count = query.count ?? 6;
    if (query.from === undefined && row.periodicity !== 'ad_hoc' && row.ends_on !== null && row.ends_on < today) {
      return this.lastPeriods(row, row.ends_on, count);
    }
    const asked = query.from ?? today;
    const from = asked < row.starts_on ? row.starts_on : asked;
    if (row.periodicity === 'ad_hoc') {
      // An ad hoc obligation's periods are its requests, every one (the board's period switcher lists them all), each
      // with who asked it and when, its shortened time and its note (AdHocPeriodView).
      return { from, periodicity: row.periodicity, items: await this.requestedPeriods(this.db.manager, id) };
    }
    const calendar = await this.holidays.calendar();
    const periods = nextReportingPeriods(this.schedule(row), from, calendar, count).filter((p) => row.ends_on === null || p.end <= row.ends_on);
    return { from, periodicity: row.periodicity, items: periods.map(periodView) };
  }

  /**
   * The last `count` calendar periods whose cut-off is on or before `until` (an ended obligation's end), in order,
   * none before the start. No period is longer than a year, so the search begins `count` + 1 years (of 366 days)
   * before `until`, and at most 13 periods a year are looked at.
   */
  private async lastPeriods(row: ObligationRow, until: LocalDate, count: number): Promise<ObligationPeriodsView> {
    const back = addDays(until, -366 * (count + 1));
    const from = back < row.starts_on ? row.starts_on : back;
    const calendar = await this.holidays.calendar();
    const periods = nextReportingPeriods(this.schedule(row), from, calendar, 13 * (count + 1)).filter((p) => p.end <= until);
    return { from, periodicity: row.periodicity, items: periods.slice(-count).map(periodView) };
  }

  /**
   * A unit merge or split (libs/server/unit-changes), in the caller's transaction: every obligation that lists a
   * source unit (membership not ended) ends it on the day before `effectiveOn` (a Vietnamese day: the merge's day; a
   * membership not begun by then ends on the eve of its `from_date`) and lists the source's successor from
   * `effectiveOn` on, unless the successor reports there already. Each obligation changed gets one history entry
   * (`updated`, the `reportingUnits.<code>` changes, `note`). Report tasks already created stay with the old units;
   * obligations of a kind (`reporting_unit_kind`) need nothing (the generator reads the active units). Returns the
   * ids of the obligations changed.
   */
  async moveMemberships(manager: EntityManager, moves: Array<{ fromUnitId: string; toUnitId: string }>, effectiveOn: LocalDate, actorId: string, note: string): Promise<string[]> {
    if (moves.length === 0) return [];
    const rows: Array<{ obligation_id: string; unit_id: string; code: string; from_date: LocalDate }> = await manager.query(
      `SELECT ou.obligation_id, ou.unit_id, u.code, to_char(ou.from_date, 'YYYY-MM-DD') AS from_date
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id
        WHERE ou.unit_id = ANY($1::uuid[]) AND ou.to_date IS NULL ORDER BY ou.obligation_id, upper(u.code) FOR UPDATE OF ou`,
      [moves.map((m) => m.fromUnitId)],
    );
    const successorOf = new Map(moves.map((m) => [m.fromUnitId, m.toUnitId]));
    const codes = new Map<string, string>(
      ((await manager.query(`SELECT id, code FROM units WHERE id = ANY($1::uuid[])`, [moves.map((m) => m.toUnitId)])) as Array<{ id: string; code: string }>).map((u) => [u.id, u.code]),
    );
    const byObligation = new Map<string, typeof rows>();
    for (const r of rows) byObligation.set(r.obligation_id, [...(byObligation.get(r.obligation_id) ?? []), r]);
    const lastDay = addDays(effectiveOn, -1);
    for (const [obligationId, members] of byObligation) {
      const changes: FieldChange[] = [];
      for (const m of members) {
        const toDate = m.from_date > lastDay ? addDays(m.from_date, -1) : lastDay;
        await manager.query(`UPDATE report_obligation_units SET to_date = $3 WHERE obligation_id = $1 AND unit_id = $2`, [obligationId, m.unit_id, toDate]);
        changes.push({ field: `reportingUnits.${m.code}`, from: { fromDate: m.from_date, toDate: null }, to: { fromDate: m.from_date, toDate } });
      }
      for (const successor of new Set(members.map((m) => successorOf.get(m.unit_id) as string))) {
        const [current]: Array<{ from_date: LocalDate; to_date: LocalDate | null }> = await manager.query(
          `SELECT to_char(from_date, 'YYYY-MM-DD') AS from_date, to_char(to_date, 'YYYY-MM-DD') AS to_date FROM report_obligation_units WHERE obligation_id = $1 AND unit_id = $2 FOR UPDATE`,
          [obligationId, successor],
        );
        if (current && current.to_date === null) continue;
        await manager.query(
          `INSERT INTO report_obligation_units (obligation_id, unit_id, from_date) VALUES ($1, $2, $3)
           ON CONFLICT (obligation_id, unit_id) DO UPDATE SET from_date = EXCLUDED.from_date, to_date = NULL`,
          [obligationId, successor, effectiveOn],
        );
        changes.push({ field: `reportingUnits.${codes.get(successor)}`, from: current ? { fromDate: current.from_date, toDate: current.to_date } : null, to: { fromDate: effectiveOn, toDate: null } });
      }
      await manager.query(`UPDATE report_obligations SET updated_at = $2, version = version + 1 WHERE id = $1`, [obligationId, this.clock.now()]);
      await this.record(manager, obligationId, { id: actorId }, 'updated', changes, note);
    }
    return [...byObligation.keys()];
  }

  /**
   * The obligations not ended on `effectiveOn` (no `ends_on`, or one on or after it) that one of `unitIds` receives,
   * by code: what a merge or split of those units would move (`moveReceiving`). Reads only.
   */
  async receivedBy(manager: EntityManager, unitIds: string[], effectiveOn: LocalDate): Promise<Array<{ id: string; code: string; name: string; receivingUnitId: string }>> {
    if (unitIds.length === 0) return [];
    return manager.query(
      `SELECT o.id, o.code, o.name, o.receiving_unit_id AS "receivingUnitId" FROM report_obligations o
        WHERE o.receiving_unit_id = ANY($1::uuid[]) AND (o.ends_on IS NULL OR o.ends_on >= $2::date) ORDER BY upper(o.code)`,
      [unitIds, effectiveOn],
    );
  }

  /**
   * A merge or split (UnitChangesService) moves the receiving unit of every obligation not ended on `effectiveOn`
   * that a source receives to its successor (the merge's, or the split's default one), so that the successor's head
   * reads the board, confirms, returns and reminds (a source becomes inactive, and nobody is left in it). Each
   * obligation moved gets one history entry (`updated`, change `receivingUnitCode` from → to, `note` naming the
   * change), its `version` moves. In the caller's transaction. Returns the ids moved.
   */
  async moveReceiving(manager: EntityManager, moves: Array<{ fromUnitId: string; toUnitId: string }>, effectiveOn: LocalDate, actorId: string, note: string): Promise<string[]> {
    if (moves.length === 0) return [];
    const rows: Array<{ id: string; receiving_unit_id: string; from_code: string }> = await manager.query(
      `SELECT o.id, o.receiving_unit_id, u.code AS from_code FROM report_obligations o JOIN units u ON u.id = o.receiving_unit_id
        WHERE o.receiving_unit_id = ANY($1::uuid[]) AND (o.ends_on IS NULL OR o.ends_on >= $2::date) ORDER BY o.id FOR UPDATE OF o`,
      [moves.map((m) => m.fromUnitId), effectiveOn],
    );
    const successorOf = new Map(moves.map((m) => [m.fromUnitId, m.toUnitId]));
    const codes = new Map<string, string>(
      ((await manager.query(`SELECT id, code FROM units WHERE id = ANY($1::uuid[])`, [moves.map((m) => m.toUnitId)])) as Array<{ id: string; code: string }>).map((u) => [u.id, u.code]),
    );
    for (const r of rows) {
      const to = successorOf.get(r.receiving_unit_id) as string;
      await manager.query(`UPDATE report_obligations SET receiving_unit_id = $2, updated_at = $3, version = version + 1 WHERE id = $1`, [r.id, to, this.clock.now()]);
      await this.record(manager, r.id, { id: actorId }, 'updated', [{ field: 'receivingUnitCode', from: r.from_code, to: codes.get(to) ?? null }], note);
    }
    return rows.map((r) => r.id);
  }

  /**
   * Requests an ad hoc report (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c)) of an ad hoc obligation: records
   * the period (report_obligation_requests: key '<start>..<end>', libs/domain adHocReportingPeriod), its entry in the
   * obligation's history (`updated`, change `requests.<key>`), then asks the worker to create every reporting unit's
   * report task at once (ReportTasksTrigger; the generator's one path, the units listed today). From then on the
   * period is on `GET /:id/periods`, and its board, submissions and reminders work as for a calendar period.
   *
   * The due date: as given (a day off moves to the next working day, Civil Code art. 148(5)) or the obligation's due
   * rule from the cut-off; at least one working day after the cut-off (art. 8(5)(b)) unless `shortDeadline` (then not
   * before the cut-off); not before the first day of the current month (a task is assigned this month, and a due date
   * before that would leave none to assign). A due date already past is accepted (a request made on paper, entered
   * later): the reports are overdue at once.
   *
   * Errors: 404 as `get`; 403 for a reader who does not manage it; 422 INVALID_STATE for an obligation that is not ad
   * hoc, not started or ended on the request's day; 400 naming each field (`end` before `start`: DAY_RANGE_REVERSED;
   * `deadline`: reportDueAfterCutOff, deadlineBeforeMonth); 409 DUPLICATE on `end` for a second request of the same
   * data window.
   */
  async request(id: string, dto: AdHocReportRequestDto, actor: Actor): Promise<AdHocPeriodView> {
    const today = this.clock.today();
    const start = dto.start ?? dto.end;
    const key = await this.db.transaction(async (manager) => {
      const row = await this.readable(manager, id, actor, true);
      if (!managesObligation(actor, row.receiving_path)) throw forbidden(MANAGE_REFUSED);
      if (row.periodicity !== 'ad_hoc') throw invalidState('Chỉ chế độ báo cáo đột xuất mới nhận yêu cầu báo cáo; chế độ này báo cáo theo kỳ');
      if (today < row.starts_on || (row.ends_on !== null && today > row.ends_on)) {
        throw invalidState(`Chế độ báo cáo chỉ áp dụng từ ${formatLocalDate(row.starts_on)}${row.ends_on ? ` đến ${formatLocalDate(row.ends_on)}` : ''}: không thể yêu cầu báo cáo hôm nay`);
      }
      const errors: FieldError[] = [];
      if (start > dto.end) errors.push(fieldError('end', 'DAY_RANGE_REVERSED'));
      const calendar = await this.holidays.calendar();
      const ruled = adHocReportingPeriod(this.schedule(row), start > dto.end ? dto.end : start, dto.end, calendar);
      const deadline = dto.deadline ? calendar.onOrAfterWorkingDay(dto.deadline) : ruled.deadline;
      const shortDeadline = dto.shortDeadline === true;
      const earliest = shortDeadline ? dto.end : calendar.addWorkingDays(dto.end, 1);
      const monthStart = `${today.slice(0, 7)}-01`;
      if (deadline < earliest) {
        errors.push({
          field: 'deadline',
          rule: 'reportDueAfterCutOff',
          message: shortDeadline
            ? `Hạn gửi báo cáo không được trước ngày chốt số liệu (${formatLocalDate(dto.end)})`
            : `Hạn gửi báo cáo phải sau ngày chốt số liệu ít nhất 01 ngày làm việc, sớm nhất là ${formatLocalDate(earliest)} (Nghị định 09/2019/NĐ-CP, điều 8 khoản 5 điểm b); chọn rút ngắn thời hạn nếu yêu cầu cần sớm hơn`,
        });
      } else if (deadline < monthStart) {
        errors.push({ field: 'deadline', rule: 'deadlineBeforeMonth', message: `Hạn gửi báo cáo không được trước ngày ${formatLocalDate(monthStart)}, ngày đầu tháng này` });
      }
      if (errors.length) throw validationFailed(errors);
      const periodKey = ruled.key;
      const taken = await manager.query(`SELECT 1 FROM report_obligation_requests WHERE obligation_id = $1 AND period_key = $2`, [id, periodKey]);
      if (taken.length) throw duplicate('end', `Đã có yêu cầu báo cáo đột xuất với số liệu từ ${formatLocalDate(start)} đến ${formatLocalDate(dto.end)} của chế độ báo cáo này`);
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO report_obligation_requests (id, obligation_id, period_key, label, period_start, cut_off, deadline, requested_on, short_deadline, note, created_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [randomUUID(), id, periodKey, dto.label, start, dto.end, deadline, today, shortDeadline, dto.note || null, actor.id, now],
      );
      // updated_at, not version: a request changes no field of the form (an edit open meanwhile saves without a
      // conflict), but the worker's reconcile sees the obligation as changed today (ReportTaskScheduler).
      await manager.query(`UPDATE report_obligations SET updated_at = $2 WHERE id = $1`, [id, now]);
      await this.record(
        manager,
        id,
        actor,
        'updated',
        [{ field: `requests.${periodKey}`, from: null, to: { label: dto.label, start, end: dto.end, deadline, shortDeadline } }],
        dto.note || null,
      );
      return periodKey;
    });
    const queued = (await this.reportTasks.obligationChanged(id)) !== null;
    const period = (await this.requestedPeriods(this.db.manager, id)).find((p) => p.key === key) as Omit<AdHocPeriodView, 'reportTasksQueued'>;
    return { ...period, reportTasksQueued: queued };
  }

  /** An ad hoc obligation's requested periods, in request order (report_obligation_requests). */
  private async requestedPeriods(manager: EntityManager, id: string): Promise<Array<Omit<AdHocPeriodView, 'reportTasksQueued'>>> {
    const rows: Array<{
      period_key: string;
      label: string;
      start: LocalDate;
      end: LocalDate;
      deadline: LocalDate;
      requested_on: LocalDate;
      short_deadline: boolean;
      note: string | null;
      created_by_id: string;
      full_name: string;
      created_at: Date;
    }> = await manager.query(
      `SELECT r.period_key, r.label, to_char(r.period_start, 'YYYY-MM-DD') AS start, to_char(r.cut_off, 'YYYY-MM-DD') AS end,
              to_char(r.deadline, 'YYYY-MM-DD') AS deadline, to_char(r.requested_on, 'YYYY-MM-DD') AS requested_on,
              r.short_deadline, r.note, r.created_by_id, u.full_name, r.created_at
         FROM report_obligation_requests r JOIN users u ON u.id = r.created_by_id
        WHERE r.obligation_id = $1 ORDER BY r.created_at, r.cut_off, r.period_start`,
      [id],
    );
    return rows.map((r) => ({
      key: r.period_key,
      label: r.label,
      start: r.start,
      end: r.end,
      deadline: r.deadline,
      deadlineWeekday: dayOfWeek(r.deadline),
      deadlineWeekdayName: WEEKDAY_NAMES[dayOfWeek(r.deadline)],
      createOn: r.requested_on,
      shortDeadline: r.short_deadline,
      note: r.note,
      requestedBy: { id: r.created_by_id, fullName: r.full_name },
      requestedAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** The ad hoc period requested under `periodKey` as the domain's ReportingPeriod, or null. */
  private async requestedPeriod(id: string, periodKey: string): Promise<ReportingPeriod | null> {
    const p = (await this.requestedPeriods(this.db.manager, id)).find((r) => r.key === periodKey);
    return p ? { periodicity: 'ad_hoc', key: p.key, label: p.label, year: Number(p.end.slice(0, 4)), start: p.start, end: p.end, deadline: p.deadline, createOn: p.createOn } : null;
  }

  /**
   * The obligation (404 as `get` when absent or not readable) and the period `periodKey` names by its periodicity
   * ('2020-06', '2020-Q2', … Decree 09/2019/NĐ-CP art. 12), on the working calendar, or for an ad hoc obligation the
   * period requested under that key ('2026-11-01..2026-11-27', `request`); `period` is null for a key that is not one
   * of this obligation's (the report tasks' own rows still say what was created). For the submissions,
   * the board and the reminders (report-submissions.service.ts).
   */
  async forPeriod(id: string, periodKey: string, actor: Actor): Promise<{ obligation: ObligationFacts; period: ReportingPeriod | null }> {
    const row = await this.readable(this.db.manager, id, actor);
    const period = row.periodicity === 'ad_hoc' ? await this.requestedPeriod(id, periodKey) : reportingPeriodByKey(this.schedule(row), periodKey, await this.holidays.calendar());
    return {
      obligation: {
        id: row.id,
        code: row.code,
        name: row.name,
        fields: row.fields,
        receivingUnit: { id: row.receiving_unit_id, code: row.receiving_code, name: row.receiving_name, path: row.receiving_path },
        template: templateOf(row),
      },
      period,
    };
  }

  private schedule(row: ObligationRow): ReportingSchedule {
    return {
      periodicity: row.periodicity,
      ...(row.cut_off_day !== null ? { cutOffDay: row.cut_off_day } : {}),
      ...(dueFromRow(row) ? { due: dueFromRow(row) as ReportDueRule } : {}),
      createWorkingDaysBefore: row.create_working_days_before,
    };
  }

  /**
   * The row, if the actor may read it (`FOR UPDATE` in a write's transaction): 404 both for a missing obligation and
   * for one out of the actor's scope, which cannot be told apart by the answer; the second is recorded as a security
   * event (`object_hidden`, kind `report_obligation`, by the global filter), as a task out of scope is.
   */
  private async readable(manager: EntityManager, id: string, actor: Actor, lock = false): Promise<ObligationRow> {
    const p = new SqlParams();
    const cond = [`o.id = ${p.add(id)}`];
    const scope = obligationScopeSql(actor, p);
    if (scope) cond.push(scope);
    const rows: ObligationRow[] = await manager.query(`${SELECT} WHERE ${cond.join(' AND ')}${lock ? ' FOR UPDATE OF o' : ''}`, p.values);
    if (rows.length === 0) {
      const exists = isUuid(id) && (await manager.query(`SELECT 1 FROM report_obligations WHERE id = $1`, [id])).length > 0;
      throw exists ? outOfScope('report_obligation', id) : notFound('Report obligation');
    }
    return rows[0];
  }

  /** The units listed now (membership not ended), by code. */
  private async units(manager: EntityManager, id: string): Promise<ReportObligationView['reportingUnits']> {
    return manager.query(
      `SELECT u.id, u.code, u.name, to_char(ou.from_date, 'YYYY-MM-DD') AS "fromDate"
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id
        WHERE ou.obligation_id = $1 AND ou.to_date IS NULL ORDER BY upper(u.code)`,
      [id],
    );
  }

  /** The units taken off the list, each with the last day of its membership (`toDate`), by code. */
  private async endedUnits(manager: EntityManager, id: string): Promise<ReportObligationView['endedReportingUnits']> {
    return manager.query(
      `SELECT u.id, u.code, u.name, to_char(ou.from_date, 'YYYY-MM-DD') AS "fromDate", to_char(ou.to_date, 'YYYY-MM-DD') AS "toDate"
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id
        WHERE ou.obligation_id = $1 AND ou.to_date IS NOT NULL ORDER BY upper(u.code)`,
      [id],
    );
  }

  /** Appends one entry to the obligation's history (report_obligation_history), in the change's transaction. */
  private async record(manager: EntityManager, id: string, actor: Pick<Actor, 'id'>, action: 'created' | 'updated' | 'ended', changes: FieldChange[], note: string | null = null): Promise<void> {
    await manager.query(`INSERT INTO report_obligation_history (obligation_id, actor_id, at, action, changes, note) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, [
      id,
      actor.id,
      this.clock.now(),
      action,
      JSON.stringify(changes),
      note,
    ]);
  }

  private async codeTaken(manager: EntityManager, code: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM report_obligations WHERE upper(code) = upper($1)`, [code]);
    return rows.length > 0;
  }

  /**
   * Checks everything but the actor's right, collecting every field's problem into one 400: the schedule by the
   * domain's rules (`reportingScheduleErrors`), the units by code (unknown: UNKNOWN_UNIT; inactive: UNIT_INACTIVE),
   * the source document, the fields' keys, that someone reports, and that no unit reports from before the start
   * (`reportingUnits.<i>.fromDate`, rule fromDateBeforeStart).
   */
  private async resolve(
    manager: EntityManager,
    input: Omit<Resolved, 'receivingUnit' | 'reportingUnits'> & {
      receivingUnitCode: string;
      reportingUnits: ReportingUnitDto[] | null;
      currentUnitCount?: number;
    },
  ): Promise<Resolved> {
    const errors: FieldError[] = [];
    const schedule: ReportingSchedule = {
      periodicity: input.periodicity,
      ...(input.cutOffDay !== null ? { cutOffDay: input.cutOffDay } : {}),
      ...(input.due !== null ? { due: input.due } : {}),
      createWorkingDaysBefore: input.createWorkingDaysBefore,
    };
    for (const f of reportingScheduleErrors(schedule)) errors.push({ field: f, rule: 'reportingSchedule', message: SCHEDULE_MESSAGES[f] ?? 'Giá trị không hợp lệ' });

    const codes = [input.receivingUnitCode, ...(input.reportingUnits ?? []).map((u) => u.unitCode)];
    const found: UnitRow[] = await manager.query(`SELECT id, code, name, path, active FROM units WHERE upper(code) = ANY($1)`, [codes.map((c) => c.toUpperCase())]);
    const byCode = new Map(found.map((u) => [u.code.toUpperCase(), u]));
    const unit = (code: string, field: string): UnitRow | null => {
      const u = byCode.get(code.toUpperCase());
      if (!u) errors.push(fieldError(field, 'UNKNOWN_UNIT', { code }));
      else if (!u.active) errors.push(fieldError(field, 'UNIT_INACTIVE', { code: u.code }));
      return u && u.active ? u : null;
    };
    const receivingUnit = unit(input.receivingUnitCode, 'receivingUnitCode');

    let reportingUnits: Resolved['reportingUnits'] = null;
    if (input.reportingUnits) {
      const seen = new Set<string>();
      reportingUnits = [];
      input.reportingUnits.forEach((r, i) => {
        const field = `reportingUnits.${i}.unitCode`;
        const u = unit(r.unitCode, field);
        if (!u) return;
        if (seen.has(u.id)) errors.push({ field, rule: 'arrayUnique', message: `Đơn vị ${u.code} được chọn hai lần` });
        seen.add(u.id);
        // A unit reports from the obligation's start at the earliest: an earlier day would mean periods it never had.
        if (r.fromDate && r.fromDate < input.startsOn) {
          errors.push({ field: `reportingUnits.${i}.fromDate`, rule: 'fromDateBeforeStart', message: `Đơn vị ${u.code} không báo cáo từ trước ngày bắt đầu của chế độ báo cáo (${formatLocalDate(input.startsOn)})` });
        }
        (reportingUnits as NonNullable<Resolved['reportingUnits']>).push({ unitId: u.id, code: u.code, fromDate: r.fromDate ?? null });
      });
    }
    const listed = reportingUnits ? reportingUnits.length : (input.currentUnitCount ?? 0);
    if (listed === 0 && input.reportingUnitKind === null && !errors.some((e) => e.field.startsWith('reportingUnits'))) {
      errors.push({ field: 'reportingUnits', rule: 'reportingUnitsRequired', message: 'Chọn các đơn vị phải báo cáo, hoặc một loại đơn vị (mọi đơn vị loại đó đều báo cáo)' });
    }

    if (input.sourceDocumentId) {
      const doc = await manager.query(`SELECT 1 FROM source_documents WHERE id = $1`, [input.sourceDocumentId]);
      if (doc.length === 0) errors.push(fieldError('sourceDocumentId', 'UNKNOWN_DOCUMENT'));
    }

    const keys = new Set<string>();
    input.fields.forEach((f: ObligationFieldDto | ObligationField, i) => {
      if (keys.has(f.key)) errors.push({ field: `fields.${i}.key`, rule: 'arrayUnique', message: `Khoá "${f.key}" đã dùng cho một trường khác` });
      keys.add(f.key);
    });

    if (input.endsOn !== null && input.endsOn < input.startsOn) errors.push(fieldError('startsOn', 'DAY_RANGE_REVERSED'));

    if (errors.length > 0 || !receivingUnit) throw validationFailed(errors);
    return {
      name: input.name,
      sourceDocumentId: input.sourceDocumentId,
      legalBasis: input.legalBasis,
      periodicity: input.periodicity,
      cutOffDay: input.cutOffDay,
      due: input.due,
      createWorkingDaysBefore: input.createWorkingDaysBefore,
      receivingUnit,
      reportingUnits,
      reportingUnitKind: input.reportingUnitKind,
      fields: input.fields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required })),
      startsOn: input.startsOn,
      endsOn: input.endsOn,
    };
  }

  /**
   * Makes the units reporting now exactly `units`, keeping every membership's history: a unit no longer listed is
   * ended (`to_date` = today, the last day its periods are its; one whose membership had not begun ends the day before
   * its `from_date`: an empty membership), never deleted; a unit kept keeps its `from_date` unless a new one is given;
   * a unit added, or listed again after it was ended, starts on its `fromDate` or `defaultFrom` (the row keeps one
   * membership per unit: the earlier one's dates are in the history). Report tasks already created stay whatever
   * happens here (the generator, report-task-generator.ts, only creates). Returns the changes for the history:
   * `{ field: 'reportingUnits.<code>', from: { fromDate, toDate } | null, to: { fromDate, toDate } }`.
   */
  private async writeUnits(manager: EntityManager, id: string, units: NonNullable<Resolved['reportingUnits']>, defaultFrom: LocalDate): Promise<FieldChange[]> {
    const today = this.clock.today();
    const before: Array<{ unit_id: string; code: string; from_date: LocalDate; to_date: LocalDate | null }> = await manager.query(
      `SELECT ou.unit_id, u.code, to_char(ou.from_date, 'YYYY-MM-DD') AS from_date, to_char(ou.to_date, 'YYYY-MM-DD') AS to_date
         FROM report_obligation_units ou JOIN units u ON u.id = ou.unit_id WHERE ou.obligation_id = $1 ORDER BY upper(u.code) FOR UPDATE OF ou`,
      [id],
    );
    const listed = new Set(units.map((u) => u.unitId));
    const existing = new Map(before.map((b) => [b.unit_id, b]));
    const changes: FieldChange[] = [];
    const set = async (unitId: string, fromDate: LocalDate, toDate: LocalDate | null) => {
      await manager.query(
        `INSERT INTO report_obligation_units (obligation_id, unit_id, from_date, to_date) VALUES ($1, $2, $3, $4)
         ON CONFLICT (obligation_id, unit_id) DO UPDATE SET from_date = EXCLUDED.from_date, to_date = EXCLUDED.to_date`,
        [id, unitId, fromDate, toDate],
      );
    };
    for (const b of before) {
      if (b.to_date !== null || listed.has(b.unit_id)) continue;
      const toDate = b.from_date > today ? addDays(b.from_date, -1) : today;
      await set(b.unit_id, b.from_date, toDate);
      changes.push({ field: `reportingUnits.${b.code}`, from: { fromDate: b.from_date, toDate: null }, to: { fromDate: b.from_date, toDate } });
    }
    for (const u of units) {
      const b = existing.get(u.unitId);
      if (b && b.to_date === null) {
        if (u.fromDate === null || u.fromDate === b.from_date) continue;
        await set(u.unitId, u.fromDate, null);
        changes.push({ field: `reportingUnits.${u.code}`, from: { fromDate: b.from_date, toDate: null }, to: { fromDate: u.fromDate, toDate: null } });
        continue;
      }
      const fromDate = u.fromDate ?? defaultFrom;
      await set(u.unitId, fromDate, null);
      changes.push({ field: `reportingUnits.${u.code}`, from: b ? { fromDate: b.from_date, toDate: b.to_date } : null, to: { fromDate, toDate: null } });
    }
    return changes;
  }

  private toView(r: ObligationRow, units: ReportObligationView['reportingUnits'], actor: Actor, ended: ReportObligationView['endedReportingUnits'] = []): ReportObligationView {
    const due = dueFromRow(r);
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      sourceDocument: r.source_document_id ? { id: r.source_document_id, number: r.document_number as string, title: r.document_title as string } : null,
      legalBasis: r.legal_basis,
      periodicity: r.periodicity,
      cutOffDay: r.cut_off_day,
      due,
      effective: {
        cutOffDay: r.cut_off_day ?? DECREE_09_CUT_OFF_DAY,
        due: due ?? DEFAULT_REPORT_DUE,
        createWorkingDaysBefore: r.create_working_days_before,
      },
      createWorkingDaysBefore: r.create_working_days_before,
      templateFileId: r.template_file_id,
      template: templateOf(r),
      receivingUnit: { id: r.receiving_unit_id, code: r.receiving_code, name: r.receiving_name },
      reportingUnits: units,
      endedReportingUnits: ended,
      reportingUnitKind: r.reporting_unit_kind,
      fields: r.fields,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      canManage: managesObligation(actor, r.receiving_path),
      createdBy: { id: r.created_by_id, fullName: r.created_by_name },
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      version: r.version,
    };
  }
}

const RECEIVER_OUT_OF_SCOPE = 'Trưởng đơn vị chỉ tạo hoặc sửa chế độ báo cáo mà đơn vị mình hoặc một đơn vị trực thuộc là nơi nhận báo cáo';
const MANAGE_REFUSED = 'Chỉ Văn phòng Bộ, quản trị viên, hoặc trưởng đơn vị nhận báo cáo mới được sửa hoặc kết thúc chế độ báo cáo này';

/** 422 INVALID_STATE: the obligation is not in a state that allows the action (not ad hoc, not in force). */
const invalidState = (message: string) => new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_STATE', message);

const codeTaken = (code: string) => duplicate('code', `Mã chế độ báo cáo ${code} đã được dùng`);

/** 409 VERSION_CONFLICT in the obligation's own words (the code's table message speaks of a task). */
const obligationChanged = () =>
  new ApiError(HttpStatus.CONFLICT, 'VERSION_CONFLICT', 'Chế độ báo cáo vừa được người khác cập nhật; hãy tải lại rồi thực hiện lại');

/** The fields of an obligation its history follows (report_obligation_history `changes`), in their API names. */
interface Snapshot {
  name: string | null;
  sourceDocumentId: string | null;
  legalBasis: string | null;
  periodicity: ReportingPeriodicity | null;
  cutOffDay: number | null;
  due: ReportDueRule | null;
  createWorkingDaysBefore: number | null;
  receivingUnitCode: string | null;
  reportingUnitKind: UnitKind | null;
  fields: ObligationField[] | null;
  startsOn: LocalDate | null;
}

const TRACKED: (keyof Snapshot)[] = [
  'name',
  'sourceDocumentId',
  'legalBasis',
  'periodicity',
  'cutOffDay',
  'due',
  'createWorkingDaysBefore',
  'receivingUnitCode',
  'reportingUnitKind',
  'fields',
  'startsOn',
];

const BLANK: Snapshot = Object.fromEntries(TRACKED.map((f) => [f, null])) as unknown as Snapshot;

const snapshot = (r: Resolved): Snapshot => ({
  name: r.name,
  sourceDocumentId: r.sourceDocumentId,
  legalBasis: r.legalBasis,
  periodicity: r.periodicity,
  cutOffDay: r.cutOffDay,
  due: r.due,
  createWorkingDaysBefore: r.createWorkingDaysBefore,
  receivingUnitCode: r.receivingUnit.code,
  reportingUnitKind: r.reportingUnitKind,
  fields: r.fields,
  startsOn: r.startsOn,
});

const snapshotOfRow = (r: ObligationRow): Snapshot => ({
  name: r.name,
  sourceDocumentId: r.source_document_id,
  legalBasis: r.legal_basis,
  periodicity: r.periodicity,
  cutOffDay: r.cut_off_day,
  due: dueFromRow(r),
  createWorkingDaysBefore: r.create_working_days_before,
  receivingUnitCode: r.receiving_code,
  reportingUnitKind: r.reporting_unit_kind,
  fields: r.fields,
  startsOn: r.starts_on,
});

/** The template as the view names it (ObligationTemplateView), or null. */
const templateOf = (r: Pick<ObligationRow, 'template_file_id' | 'template_name' | 'template_size' | 'template_content_type' | 'template_uploaded_at'>): ObligationTemplateView | null =>
  r.template_file_id
    ? {
        id: r.template_file_id,
        name: r.template_name as string,
        size: Number(r.template_size),
        contentType: r.template_content_type as string,
        uploadedAt: new Date(r.template_uploaded_at as Date).toISOString(),
      }
    : null;

/** A template in the history: enough to tell the files apart and find the bytes again. */
const templateChange = (f: Pick<StoredFileRow, 'id' | 'name' | 'size' | 'sha256'>) => ({ id: f.id, name: f.name, size: f.size, sha256: f.sha256 });

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
