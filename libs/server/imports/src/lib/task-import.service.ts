import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FieldError, ImportChangeView, ImportPreview, ImportResult } from '@tiendo/contracts';
import { endOfLocalDay, formatLocalDate, LocalDate, parseLocalDate, SUPPORTED_YEARS } from '@tiendo/domain';
import { FieldChange } from '@tiendo/server-audit';
import { Actor, ApiError, AppMetrics, Clock, decideText } from '@tiendo/server-core';
import { ReportSnapshots } from '@tiendo/server-reports';
import { RegisterCorrection, RegisterCreate, TasksService } from '@tiendo/server-tasks';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { columnTitle, REGISTER_KEYS, RegisterColumn } from './register-columns';
import { ReadRow, RegisterReader } from './register-reader';

/** A row checked and resolved to ids, ready to write. */
interface CheckedRow {
  row: number;
  code: string;
  title: string;
  leadUnitId: string;
  assigneeId: string | null;
  assignedOn: LocalDate;
  dueOn: LocalDate | null;
  completedOn: LocalDate | null;
  documentNumber: string | null;
  isKeyTask: boolean;
}

/** An existing task as the import compares it. */
type ExistingTask = Record<string, unknown>;

/** What a register would do: rows to create, rows to correct (with their changes), documents to create. */
interface ImportPlan {
  creates: CheckedRow[];
  corrections: Array<{ row: CheckedRow; old: ExistingTask; changes: FieldChange[] }>;
  newDocuments: Array<{ number: string; row: number }>;
  /** Every document number the rows name, upper-cased. */
  documentKeys: string[];
  /** For the preview: existing tasks whose lead unit (codes) or deadline in force the rows change. */
  leadUnitChanges: ImportChangeView[];
  deadlineChanges: ImportChangeView[];
}

/** How the caller wants the file handled. */
export interface ImportOptions {
  /** Check everything and say what would happen; write nothing. */
  dryRun?: boolean;
  /** Numbers of the source documents the caller agreed to create (from a dry run's `newDocuments`). */
  confirmedDocuments?: readonly string[];
  /**
   * The register corrects the past: a changed lead unit or deadline holds from the task's assignment on (ended
   * periods' reports change). Left out, such a change is in force from now, as in the app.
   */
  correctsPast?: boolean;
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;
/** Rows checked between two turns of the event loop, so a 50,000-row check never holds it for long. */
const ROWS_PER_TURN = 500;

const cellError = (row: number, field: RegisterColumn, rule: string, message: string, value?: string): FieldError => ({
  field,
  row,
  column: columnTitle(field),
  rule,
  message,
  ...(value ? { value: value.slice(0, 100) } : {}),
});

const invalid = (errors: FieldError[]) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'IMPORT_INVALID', `Tệp có ${errors.length.toLocaleString('vi-VN')} lỗi; chưa ghi gì`, errors);

/** What the import will do to the past, in the preview's words. */
function pastNotice(plan: ImportPlan, correctsPast: boolean): string | null {
  const leads = plan.leadUnitChanges.length;
  const deadlines = plan.deadlineChanges.length;
  if (leads + deadlines === 0) return null;
  const what = [leads ? `đổi đơn vị chủ trì của ${leads.toLocaleString('vi-VN')} nhiệm vụ` : '', deadlines ? `đổi hạn xử lý của ${deadlines.toLocaleString('vi-VN')} nhiệm vụ` : '']
    .filter(Boolean)
    .join(' và ');
  return correctsPast
    ? `Sổ theo dõi ${what} và SỬA CẢ QUÁ KHỨ: báo cáo các kỳ đã qua sẽ tính theo giá trị mới.`
    : `Sổ theo dõi ${what}, có hiệu lực từ hôm nay; báo cáo các kỳ đã qua giữ nguyên. Chọn "sửa cả quá khứ" (correctsPast) nếu sổ đính chính số liệu các kỳ trước.`;
}

/**
 * Imports the task registers the Ministry Office keeps in Excel. The file is read off the event loop
 * (RegisterReader), then the whole of it is checked and any bad cell refuses all of it; a good file is written in one
 * transaction through the tasks' one write path (TasksService.applyRegister: rows, history and events). Rows are
 * matched by code, so the same file imported twice changes nothing. Assignment and completion dates of existing
 * tasks are corrected in place (the history says so) and stored period results are cleared. A changed lead unit or
 * deadline is in force from now, like the same change in the app, unless the caller says the register corrects the
 * past (`correctsPast`); the dry run lists those tasks and says which it will be. A source document the file names
 * and the system does not know is created only when the caller confirmed it (a dry run lists them).
 */
@Injectable()
export class TaskImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly snapshots: ReportSnapshots,
    private readonly clock: Clock,
    private readonly reader: RegisterReader,
    private readonly metrics: AppMetrics,
  ) {}

  /**
   * Reads, checks and (unless a dry run) writes a register.
   *
   * @returns `{ created, updated }` written, or for a dry run what would be, with `newDocuments` (numbers of the
   *          source documents that would be created), `leadUnitChanges` and `deadlineChanges` (existing tasks whose
   *          lead unit or deadline the file changes), `correctsPast` and a Vietnamese `notice` of what that means for
   *          past periods.
   * @throws ApiError 413 IMPORT_TOO_LARGE past a limit of the file (see REGISTER_LIMITS); 422 IMPORT_INVALID with
   *         every bad cell `{ row, column (Vietnamese title), field (column key), rule, message, value }`;
   *         422 IMPORT_NEW_DOCUMENTS listing each unknown document number not in `confirmedDocuments`.
   *         Nothing is written in any of these cases.
   */
  async import(file: Buffer, filename: string, actor: Actor, options: ImportOptions = {}): Promise<ImportResult | ImportPreview> {
    // Measured here, the one path of every import: `tiendo_import_duration_seconds{mode, outcome}` (outcome `ok` or the
    // refusal's code, `error` for anything else), `tiendo_import_size_bytes{mode}`, `tiendo_import_rows{mode}`.
    const mode = options.dryRun ? 'check' : 'write';
    const end = this.metrics.importDuration.startTimer({ mode });
    this.metrics.importBytes.observe({ mode }, file.length);
    try {
      const done = await this.importRows(file, filename, actor, options, (rows) => this.metrics.importRows.observe({ mode }, rows));
      end({ outcome: 'ok' });
      return done;
    } catch (err) {
      end({ outcome: err instanceof ApiError ? err.code : 'error' });
      throw err;
    }
  }

  private async importRows(file: Buffer, filename: string, actor: Actor, options: ImportOptions, read: (rows: number) => void): Promise<ImportResult | ImportPreview> {
    const rows = await this.reader.read(file, filename);
    read(rows.length);
    const checked = await this.check(rows);
    const correctsPast = options.correctsPast === true;
    if (options.dryRun) {
      const plan = await this.plan(checked, this.db.manager, false, correctsPast);
      return {
        created: plan.creates.length,
        updated: plan.corrections.length,
        newDocuments: plan.newDocuments.map((d) => d.number),
        leadUnitChanges: plan.leadUnitChanges,
        deadlineChanges: plan.deadlineChanges,
        correctsPast,
        notice: pastNotice(plan, correctsPast),
      };
    }
    const confirmed = new Set((options.confirmedDocuments ?? []).map((n) => n.normalize('NFC').trim().toUpperCase()));
    return this.db.transaction(async (manager) => {
      const plan = await this.plan(checked, manager, true, correctsPast);
      const unconfirmed = plan.newDocuments.filter((d) => !confirmed.has(d.number.toUpperCase()));
      if (unconfirmed.length > 0) {
        throw new ApiError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'IMPORT_NEW_DOCUMENTS',
          `Tệp nêu ${unconfirmed.length.toLocaleString('vi-VN')} văn bản chưa có trong hệ thống (${unconfirmed
            .slice(0, 5)
            .map((d) => d.number)
            .join(', ')}${unconfirmed.length > 5 ? ', …' : ''}); hãy xác nhận tạo mới rồi nhập lại; chưa ghi gì`,
          unconfirmed.map((d) =>
            cellError(d.row, 'source_document', 'newDocument', `Văn bản số "${d.number}" chưa có trong hệ thống; nhập tệp sẽ tạo văn bản này khi bạn xác nhận`, d.number),
          ),
        );
      }
      return this.write(plan, actor, correctsPast, manager);
    });
  }

  /** Every cell of every row checked; all the bad ones listed at once. Yields the event loop between slices. */
  private async check(rows: ReadRow[]): Promise<CheckedRow[]> {
    const today = this.clock.today();
    const errors: FieldError[] = [];
    const units = new Map<string, { id: string; path: string; active: boolean }>(
      (await this.db.query(`SELECT id, upper(code) AS code, path, active FROM units`)).map((u: { code: string; id: string; path: string; active: boolean }) => [u.code, u]),
    );
    const assignees = [...new Set(rows.map(([, cells]) => cells[REGISTER_KEYS.indexOf('assignee')].normalize('NFC').toLowerCase()).filter(Boolean))];
    const users = new Map<string, { id: string; active: boolean; path: string }>(
      (
        await this.db.query(`SELECT lower(u.username) AS username, u.id, u.active, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE lower(u.username) = ANY($1)`, [assignees])
      ).map((u: { username: string; id: string; active: boolean; path: string }) => [u.username, u]),
    );
    const seen = new Map<string, number>();
    const checked: CheckedRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
      const [row, raw] = rows[i];
      const before = errors.length;
      const fail = (field: RegisterColumn, rule: string, message: string, value?: string) => errors.push(cellError(row, field, rule, message, value));
      // The text rule (NUL, lone surrogates, NFC) for every cell, in its one home.
      const r = {} as Record<RegisterColumn, string>;
      REGISTER_KEYS.forEach((key, j) => {
        const decided = decideText(raw[j]);
        if (decided.ok) r[key] = decided.text;
        else {
          r[key] = '';
          fail(key, decided.rule, decided.message);
        }
      });
      if (errors.length > before) continue;

      if (!r.code) fail('code', 'isNotEmpty', 'Mã nhiệm vụ là bắt buộc');
      else if (!CODE_RE.test(r.code)) fail('code', 'matches', 'Mã nhiệm vụ chỉ gồm chữ cái không dấu, chữ số và các dấu . _ / - (tối đa 40 ký tự)', r.code);
      else if (seen.has(r.code.toUpperCase())) fail('code', 'duplicateInFile', `Mã nhiệm vụ trùng với dòng ${seen.get(r.code.toUpperCase())}`, r.code);
      else seen.set(r.code.toUpperCase(), row);
      if (!r.title) fail('title', 'isNotEmpty', 'Tên nhiệm vụ là bắt buộc');
      else if (r.title.length > 500) fail('title', 'maxLength', `Tên nhiệm vụ dài ${r.title.length} ký tự; tối đa 500`);
      const unit = units.get(r.lead_unit.toUpperCase());
      if (!r.lead_unit) fail('lead_unit', 'isNotEmpty', 'Đơn vị chủ trì là bắt buộc (ghi mã đơn vị, ví dụ VP)');
      else if (!unit) fail('lead_unit', 'UNKNOWN_UNIT', `Không có đơn vị nào mã "${r.lead_unit}"`, r.lead_unit);
      else if (!unit.active) fail('lead_unit', 'UNIT_INACTIVE', `Đơn vị ${r.lead_unit} đã ngừng hoạt động`, r.lead_unit);
      const user = r.assignee ? users.get(r.assignee.toLowerCase()) : undefined;
      if (r.assignee && !user) fail('assignee', 'UNKNOWN_USER', `Không có người dùng nào có tên đăng nhập "${r.assignee}"`, r.assignee);
      else if (user && !user.active) fail('assignee', 'ASSIGNEE_INACTIVE', `Tài khoản ${r.assignee} đã bị khoá`, r.assignee);
      else if (user && unit && !user.path.startsWith(unit.path)) fail('assignee', 'ASSIGNEE_OUTSIDE_UNIT', `${r.assignee} không thuộc đơn vị chủ trì ${r.lead_unit} hay đơn vị trực thuộc`, r.assignee);
      const date = (field: 'assigned_on' | 'due_on' | 'completed_on', required: boolean): LocalDate | null => {
        const text = r[field];
        if (!text) {
          if (required) fail(field, 'isNotEmpty', `${columnTitle(field)} là bắt buộc`);
          return null;
        }
        const parsed = parseLocalDate(text);
        if (!parsed) fail(field, 'isLocalDate', `"${text}" không phải ngày hợp lệ (từ năm ${SUPPORTED_YEARS.first} đến ${SUPPORTED_YEARS.last}); ghi ngày/tháng/năm (31/12/2026) hoặc năm-tháng-ngày (2026-12-31)`, text);
        return parsed;
      };
      const assignedOn = date('assigned_on', true);
      const dueOn = date('due_on', false);
      const completedOn = date('completed_on', false);
      if (assignedOn && assignedOn > today) fail('assigned_on', 'ASSIGNED_ON_IN_FUTURE', 'Ngày giao không được sau hôm nay', r.assigned_on);
      if (assignedOn && dueOn && dueOn < assignedOn) fail('due_on', 'DEADLINE_BEFORE_ASSIGNMENT', 'Hạn xử lý không được trước ngày giao', r.due_on);
      if (completedOn && completedOn > today) fail('completed_on', 'completedInFuture', 'Ngày hoàn thành không được sau hôm nay', r.completed_on);
      if (assignedOn && completedOn && completedOn < assignedOn) fail('completed_on', 'completedBeforeAssignment', 'Ngày hoàn thành không được trước ngày giao', r.completed_on);
      if (r.source_document.length > 64) fail('source_document', 'maxLength', `Số văn bản dài ${r.source_document.length} ký tự; tối đa 64`);
      if (!['', '0', '1'].includes(r.key_task)) fail('key_task', 'isIn', 'Ghi 1 nếu là nhiệm vụ trọng tâm, 0 hoặc để trống nếu không', r.key_task);
      if (errors.length === before && unit && assignedOn) {
        checked.push({
          row,
          code: r.code,
          title: r.title,
          leadUnitId: unit.id,
          assigneeId: user?.id ?? null,
          assignedOn,
          dueOn,
          completedOn,
          documentNumber: r.source_document || null,
          isKeyTask: r.key_task === '1',
        });
      }
    }
    if (errors.length > 0) throw invalid(errors);
    return checked;
  }

  /** What the rows would do against the database as it is; `lock` takes the existing tasks' rows for the write. */
  private async plan(rows: CheckedRow[], manager: EntityManager, lock: boolean, correctsPast: boolean): Promise<ImportPlan> {
    const existing = new Map<string, ExistingTask>(
      (
        await manager.query(
          `SELECT t.id, upper(t.code) AS key, t.code, t.title, t.lead_unit_id, t.assignee_id, t.assigned_on::text AS assigned_on,
                  t.original_deadline::text AS original_deadline, t.deadline::text AS deadline, t.state, t.completed_at,
                  t.source_document_id, upper(d.number) AS document_key, t.is_key_task, t.version, t.parent_task_id,
                  EXISTS (SELECT 1 FROM task_extensions e WHERE e.task_id = t.id AND e.state = 'approved') AS extended
             FROM tasks t LEFT JOIN source_documents d ON d.id = t.source_document_id
            WHERE upper(t.code) = ANY($1) ${lock ? 'FOR UPDATE OF t' : ''}`,
          [rows.map((r) => r.code.toUpperCase())],
        )
      ).map((t: ExistingTask) => [t['key'] as string, t]),
    );
    const numbers = new Map<string, { number: string; row: number }>();
    for (const r of rows) if (r.documentNumber && !numbers.has(r.documentNumber.toUpperCase())) numbers.set(r.documentNumber.toUpperCase(), { number: r.documentNumber, row: r.row });
    const known = new Map<string, string>(
      (await manager.query(`SELECT upper(number) AS key, id FROM source_documents WHERE upper(number) = ANY($1)`, [[...numbers.keys()]])).map((d: { key: string; id: string }) => [d.key, d.id]),
    );
    const plan: ImportPlan = {
      creates: [],
      corrections: [],
      newDocuments: [...numbers].filter(([key]) => !known.has(key)).map(([, d]) => d),
      documentKeys: [...numbers.keys()],
      leadUnitChanges: [],
      deadlineChanges: [],
    };
    let unitCodes: Map<string, string> | null = null;
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
      const r = rows[i];
      const old = existing.get(r.code.toUpperCase());
      if (!old) plan.creates.push(r);
      else {
        const changes = this.changes(old, r, r.documentNumber ? (known.get(r.documentNumber.toUpperCase()) ?? `new:${r.documentNumber.toUpperCase()}`) : null, correctsPast);
        if (changes.length > 0) plan.corrections.push({ row: r, old, changes });
        const code = old['code'] as string;
        const lead = changes.find((c) => c.field === 'leadUnitId');
        if (lead) {
          unitCodes ??= new Map((await manager.query(`SELECT id, code FROM units`)).map((u: { id: string; code: string }) => [u.id, u.code]));
          plan.leadUnitChanges.push({ row: r.row, code, from: unitCodes.get(lead.from as string) ?? null, to: unitCodes.get(lead.to as string) ?? null });
        }
        const deadline = changes.find((c) => c.field === 'deadline');
        if (deadline) plan.deadlineChanges.push({ row: r.row, code, from: deadline.from as string | null, to: deadline.to as string | null });
      }
    }
    await this.checkSubTaskRules(plan, manager);
    return plan;
  }

  /**
   * The sub-task rules (libs/server/tasks sub-tasks.ts, `SubTasksService.checkChange`) on the register's corrections,
   * as the app applies them to the same change: a sub-task keeps a lead unit within its parent's and a deadline no
   * later than its parent's (none under a parent with a deadline); a parent keeps a deadline no earlier than its open
   * sub-tasks' (and none standing). Each side is taken as it will be after the import (a row may correct the parent
   * and its sub-task together). Every broken row is listed as a cell error (column "Đơn vị chủ trì" or "Hạn xử lý",
   * rules SUBTASK_UNIT_OUTSIDE_PARENT, SUBTASK_DEADLINE_AFTER_PARENT); 422 IMPORT_INVALID, nothing written.
   * Register rows have no parent column: a new row is never a sub-task.
   */
  private async checkSubTaskRules(plan: ImportPlan, manager: EntityManager): Promise<void> {
    const touched = plan.corrections.filter((c) => c.changes.some((x) => x.field === 'leadUnitId' || x.field === 'deadline'));
    if (touched.length === 0) return;
    const ids = touched.map((c) => c.old['id'] as string);
    // Parents of the touched sub-tasks, and open sub-tasks of the touched tasks, as they stand now.
    const related: Array<{ id: string; parent_task_id: string | null; code: string; deadline: string | null; lead_unit_id: string }> = await manager.query(
      `SELECT id, parent_task_id, code, deadline::text AS deadline, lead_unit_id FROM tasks
        WHERE id = ANY(SELECT parent_task_id FROM tasks WHERE id = ANY($1)) OR (parent_task_id = ANY($1) AND state = 'open')`,
      [ids],
    );
    const paths = new Map<string, { path: string; code: string }>((await manager.query(`SELECT id, path, code FROM units`)).map((u: { id: string; path: string; code: string }) => [u.id, u]));
    // Each task as it will be: the row's correction over the database's value.
    const next = new Map<string, { deadline: string | null; leadUnitId: string }>();
    for (const t of related) next.set(t.id, { deadline: t.deadline, leadUnitId: t.lead_unit_id });
    for (const c of plan.corrections) {
      const id = c.old['id'] as string;
      const at = (field: string, was: unknown) => {
        const x = c.changes.find((y) => y.field === field);
        return x ? x.to : was;
      };
      next.set(id, { deadline: at('deadline', c.old['deadline']) as string | null, leadUnitId: at('leadUnitId', c.old['lead_unit_id']) as string });
    }
    const errors: FieldError[] = [];
    for (const c of touched) {
      const id = c.old['id'] as string;
      const self = next.get(id) as { deadline: string | null; leadUnitId: string };
      const parentId = c.old['parent_task_id'] as string | null;
      if (parentId) {
        const parent = next.get(parentId) as { deadline: string | null; leadUnitId: string };
        const lead = paths.get(self.leadUnitId);
        const parentLead = paths.get(parent.leadUnitId);
        if (lead && parentLead && !lead.path.startsWith(parentLead.path)) {
          errors.push(cellError(c.row.row, 'lead_unit', 'SUBTASK_UNIT_OUTSIDE_PARENT', `Đây là nhiệm vụ con: đơn vị chủ trì phải là ${parentLead.code} (đơn vị chủ trì nhiệm vụ cha) hoặc đơn vị trực thuộc`, lead.code));
        }
        if (parent.deadline !== null && (self.deadline === null || self.deadline > parent.deadline)) {
          errors.push(cellError(c.row.row, 'due_on', 'SUBTASK_DEADLINE_AFTER_PARENT', `Đây là nhiệm vụ con: hạn xử lý không được sau hạn của nhiệm vụ cha (${formatLocalDate(parent.deadline)})`, self.deadline ? formatLocalDate(self.deadline) : ''));
        }
        continue;
      }
      if (self.deadline === null) continue;
      const open = related.filter((t) => t.parent_task_id === id).map((t) => ({ code: t.code, deadline: (next.get(t.id) as { deadline: string | null }).deadline }));
      const later = open.filter((s) => s.deadline === null || s.deadline > (self.deadline as string));
      if (later.length) {
        errors.push(
          cellError(c.row.row, 'due_on', 'SUBTASK_DEADLINE_AFTER_PARENT', `Hạn xử lý không được trước hạn của nhiệm vụ con đang thực hiện (${later.map((s) => s.code).join(', ')})`, formatLocalDate(self.deadline)),
        );
      }
    }
    if (errors.length) throw invalid(errors.sort((a, b) => (a as { row: number }).row - (b as { row: number }).row));
  }

  /**
   * How an existing task differs from its register row. `documentId` is the id of the row's document, or
   * `new:NUMBER` for one that does not exist yet (a change either way). A completion date in the register completes an
   * open task or corrects the standing completion's date; an empty one never undoes a completion reported in the
   * product. An extended deadline is left as the extension set it. The deadline first set (`originalDeadline`) is
   * corrected only when the register corrects the past; otherwise the new deadline is a correction from now.
   */
  private changes(old: ExistingTask, r: CheckedRow, documentId: string | null, correctsPast: boolean): FieldChange[] {
    const changes: FieldChange[] = [];
    const compare = (field: string, from: unknown, to: unknown) => {
      if ((from ?? null) !== (to ?? null)) changes.push({ field, from: from ?? null, to: to ?? null });
    };
    compare('title', old['title'], r.title);
    compare('leadUnitId', old['lead_unit_id'], r.leadUnitId);
    compare('assigneeId', old['assignee_id'], r.assigneeId);
    compare('assignedOn', old['assigned_on'], r.assignedOn);
    if (correctsPast) compare('originalDeadline', old['original_deadline'], r.dueOn);
    if (!old['extended']) compare('deadline', old['deadline'], r.dueOn);
    compare('sourceDocumentId', old['source_document_id'], documentId);
    compare('isKeyTask', old['is_key_task'], r.isKeyTask);
    const completedAt = r.completedOn ? endOfLocalDay(r.completedOn).toISOString() : null;
    const oldCompleted = old['completed_at'] ? new Date(old['completed_at'] as string).toISOString() : null;
    if (completedAt && old['state'] === 'open') changes.push({ field: 'completedAt', from: null, to: completedAt });
    else if (completedAt && old['state'] === 'completed' && oldCompleted !== completedAt) changes.push({ field: 'completedAt', from: oldCompleted, to: completedAt });
    return changes;
  }

  private async write(plan: ImportPlan, actor: Actor, correctsPast: boolean, manager: EntityManager): Promise<ImportResult> {
    const documents = await this.createDocuments(plan, manager);
    const documentId = (r: CheckedRow) => (r.documentNumber ? (documents.get(r.documentNumber.toUpperCase()) ?? null) : null);
    const creates: RegisterCreate[] = plan.creates.map((r) => ({
      id: randomUUID(),
      row: r.row,
      code: r.code,
      title: r.title,
      sourceDocumentId: documentId(r),
      leadUnitId: r.leadUnitId,
      assigneeId: r.assigneeId,
      assignedOn: r.assignedOn,
      deadline: r.dueOn,
      isKeyTask: r.isKeyTask,
      completedAt: r.completedOn ? endOfLocalDay(r.completedOn) : null,
    }));
    const corrections: RegisterCorrection[] = plan.corrections.map(({ row, old, changes }) => ({
      row: row.row,
      taskId: old['id'] as string,
      state: old['state'] as RegisterCorrection['state'],
      leadUnitId: old['lead_unit_id'] as string,
      assigneeId: (old['assignee_id'] as string | null) ?? null,
      changes: changes.map((c) => (c.field === 'sourceDocumentId' ? { ...c, to: documentId(row) } : c)),
    }));
    // One id for the whole import: its events' payloads carry it, so the burst becomes one notification.
    await this.tasks.applyRegister(manager, { creates, corrections, correctsPast, batchId: randomUUID() }, actor);
    // Imports may rewrite ended months: stored results are computed again on next read.
    if (plan.creates.length + plan.corrections.length > 0) await this.snapshots.clear(manager);
    return { created: plan.creates.length, updated: plan.corrections.length };
  }

  /** The confirmed new source documents, created; returns every document of the file by upper-cased number. */
  private async createDocuments(plan: ImportPlan, manager: EntityManager): Promise<Map<string, string>> {
    for (const { number } of plan.newDocuments) {
      await manager.query(
        `INSERT INTO source_documents (id, number, type, title) SELECT gen_random_uuid(), $1::varchar, 'other', $2
          WHERE NOT EXISTS (SELECT 1 FROM source_documents WHERE upper(number) = upper($1::varchar))`,
        [number, `Văn bản ${number}`],
      );
    }
    const found: Array<{ key: string; id: string }> = await manager.query(`SELECT upper(number) AS key, id FROM source_documents WHERE upper(number) = ANY($1)`, [plan.documentKeys]);
    return new Map(found.map((d) => [d.key, d.id]));
  }
}
