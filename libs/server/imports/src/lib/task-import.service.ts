import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { endOfLocalDay, LocalDate, parseLocalDate } from '@tiendo/domain';
import { AuditService, FieldChange } from '@tiendo/server-audit';
import { Actor, ApiError, Clock } from '@tiendo/server-core';
import { ReportSnapshots } from '@tiendo/server-reports';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CellError, readRegister, RegisterFileError, RegisterRow } from './register-file';

export interface ImportResult {
  created: number;
  updated: number;
}

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

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;

const rowErrors = (errors: CellError[]) =>
  new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'IMPORT_INVALID',
    `Tệp có ${errors.length} lỗi; chưa ghi gì (the file has ${errors.length} error(s); nothing was written)`,
    errors.map((e) => ({ field: e.column || '(file)', ...e })),
  );

/**
 * Imports the task registers the Ministry Office keeps in Excel. The whole file is checked first and any bad cell
 * refuses all of it; a good file is written in one transaction. Rows are matched by code, so the same file imported
 * twice changes nothing. This is the one deliberate way to change the past: assignment, deadline and completion
 * dates of existing tasks are corrected in place, the history says so, and stored period results are cleared.
 */
@Injectable()
export class TaskImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly snapshots: ReportSnapshots,
    private readonly clock: Clock,
  ) {}

  async import(buffer: Buffer, filename: string, actor: Actor): Promise<ImportResult> {
    let rows: RegisterRow[];
    try {
      rows = await readRegister(buffer, filename);
    } catch (err) {
      if (err instanceof RegisterFileError) throw rowErrors(err.errors);
      throw err;
    }
    const checked = await this.check(rows);
    return this.db.transaction((manager) => this.write(checked, actor, manager));
  }

  private async check(rows: RegisterRow[]): Promise<CheckedRow[]> {
    const today = this.clock.today();
    const errors: CellError[] = [];
    const units = new Map<string, { id: string; path: string; active: boolean }>(
      (await this.db.query(`SELECT id, upper(code) AS code, path, active FROM units`)).map((u: { code: string; id: string; path: string; active: boolean }) => [u.code, u]),
    );
    const usernames = [...new Set(rows.map((r) => r.assignee.toLowerCase()).filter(Boolean))];
    const users = new Map<string, { id: string; active: boolean; path: string }>(
      (
        await this.db.query(`SELECT lower(u.username) AS username, u.id, u.active, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE lower(u.username) = ANY($1)`, [usernames])
      ).map((u: { username: string; id: string; active: boolean; path: string }) => [u.username, u]),
    );
    const seen = new Map<string, number>();
    const checked: CheckedRow[] = [];
    for (const r of rows) {
      const fail = (column: string, message: string) => errors.push({ row: r.row, column, message });
      const before = errors.length;
      if (!r.code) fail('code', 'mã nhiệm vụ là bắt buộc (code is required)');
      else if (!CODE_RE.test(r.code)) fail('code', 'mã chỉ gồm chữ, số và . _ / - (tối đa 40 ký tự)');
      else if (seen.has(r.code.toUpperCase())) fail('code', `mã trùng với dòng ${seen.get(r.code.toUpperCase())} (duplicate code)`);
      else seen.set(r.code.toUpperCase(), r.row);
      if (!r.title) fail('title', 'tên nhiệm vụ là bắt buộc (title is required)');
      else if (r.title.length > 500) fail('title', 'tên nhiệm vụ tối đa 500 ký tự');
      const unit = units.get(r.lead_unit.toUpperCase());
      if (!r.lead_unit) fail('lead_unit', 'đơn vị chủ trì là bắt buộc (lead_unit is required)');
      else if (!unit) fail('lead_unit', `không có đơn vị mã ${r.lead_unit} (unknown unit)`);
      else if (!unit.active) fail('lead_unit', `đơn vị ${r.lead_unit} không còn hoạt động`);
      const user = r.assignee ? users.get(r.assignee.toLowerCase()) : undefined;
      if (r.assignee && !user) fail('assignee', `không có người dùng ${r.assignee} (unknown user)`);
      else if (user && !user.active) fail('assignee', `người dùng ${r.assignee} đã ngừng hoạt động`);
      else if (user && unit && !user.path.startsWith(unit.path)) fail('assignee', `${r.assignee} không thuộc đơn vị chủ trì ${r.lead_unit}`);
      const date = (column: 'assigned_on' | 'due_on' | 'completed_on', required: boolean): LocalDate | null => {
        const text = r[column];
        if (!text) {
          if (required) fail(column, 'ngày là bắt buộc (date is required)');
          return null;
        }
        const parsed = parseLocalDate(text);
        if (!parsed) fail(column, `"${text}" không phải ngày hợp lệ (use YYYY-MM-DD or DD/MM/YYYY)`);
        return parsed;
      };
      const assignedOn = date('assigned_on', true);
      const dueOn = date('due_on', false);
      const completedOn = date('completed_on', false);
      if (assignedOn && assignedOn > today) fail('assigned_on', 'ngày giao không được sau hôm nay (in the future)');
      if (assignedOn && dueOn && dueOn < assignedOn) fail('due_on', 'hạn xử lý trước ngày giao (deadline before assignment)');
      if (completedOn && completedOn > today) fail('completed_on', 'ngày hoàn thành không được sau hôm nay (in the future)');
      if (assignedOn && completedOn && completedOn < assignedOn) fail('completed_on', 'ngày hoàn thành trước ngày giao (before assignment)');
      if (r.source_document.length > 64) fail('source_document', 'số văn bản tối đa 64 ký tự');
      if (!['', '0', '1'].includes(r.key_task)) fail('key_task', 'chỉ nhận 1, 0 hoặc để trống');
      if (errors.length === before && unit && assignedOn) {
        checked.push({
          row: r.row,
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
    if (errors.length > 0) throw rowErrors(errors);
    return checked;
  }

  private async write(rows: CheckedRow[], actor: Actor, manager: EntityManager): Promise<ImportResult> {
    const now = this.clock.now();
    const documents = await this.ensureDocuments(rows, manager);
    const existing = new Map<string, Record<string, unknown>>(
      (
        await manager.query(
          `SELECT t.id, upper(t.code) AS key, t.title, t.lead_unit_id, t.assignee_id, t.assigned_on::text AS assigned_on,
                  t.original_deadline::text AS original_deadline, t.deadline::text AS deadline, t.state, t.completed_at,
                  t.source_document_id, t.is_key_task, t.version,
                  EXISTS (SELECT 1 FROM task_extensions e WHERE e.task_id = t.id AND e.state = 'approved') AS extended
             FROM tasks t WHERE upper(t.code) = ANY($1) FOR UPDATE`,
          [rows.map((r) => r.code.toUpperCase())],
        )
      ).map((t: Record<string, unknown>) => [t['key'] as string, t]),
    );
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const completedAt = r.completedOn ? endOfLocalDay(r.completedOn) : null;
      const documentId = r.documentNumber ? (documents.get(r.documentNumber.toUpperCase()) ?? null) : null;
      const old = existing.get(r.code.toUpperCase());
      if (!old) {
        await this.create(r, completedAt, documentId, actor, now, manager);
        created++;
        continue;
      }
      const changes = await this.correct(old, r, completedAt, documentId, actor, now, manager);
      if (changes.length > 0) updated++;
    }
    // Imports may rewrite ended months: stored results are computed again on next read.
    if (created + updated > 0) await this.snapshots.clear(manager);
    return { created, updated };
  }

  private async create(r: CheckedRow, completedAt: Date | null, documentId: string | null, actor: Actor, now: Date, manager: EntityManager): Promise<void> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO tasks (id, code, title, source_document_id, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline,
                          deadline, is_key_task, state, completed_at, completion_result, progress_percent, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $14, $15, $15)`,
      [id, r.code, r.title, documentId, r.leadUnitId, r.assigneeId, actor.id, r.assignedOn, r.dueOn, r.isKeyTask,
        completedAt ? 'completed' : 'open', completedAt, completedAt ? 'Theo sổ theo dõi nhiệm vụ' : null, completedAt ? 100 : 0, now],
    );
    if (completedAt) {
      await manager.query(`INSERT INTO task_completions (task_id, completed_at, result, reported_by_id) VALUES ($1, $2, 'Theo sổ theo dõi nhiệm vụ', $3)`, [id, completedAt, actor.id]);
    }
    await this.audit.recordTaskChange(manager, { taskId: id, actorId: actor.id, action: 'imported', note: `Dòng ${r.row} của sổ theo dõi`, at: now });
  }

  /** Brings an existing task in line with its register row; returns what changed (nothing on a re-import). */
  private async correct(
    old: Record<string, unknown>,
    r: CheckedRow,
    completedAt: Date | null,
    documentId: string | null,
    actor: Actor,
    now: Date,
    manager: EntityManager,
  ): Promise<FieldChange[]> {
    const id = old['id'] as string;
    const changes: FieldChange[] = [];
    const set: Record<string, unknown> = {};
    const compare = (field: string, column: string, from: unknown, to: unknown) => {
      if ((from ?? null) !== (to ?? null)) {
        changes.push({ field, from: from ?? null, to: to ?? null });
        set[column] = to;
      }
    };
    compare('title', 'title', old['title'], r.title);
    compare('leadUnitId', 'lead_unit_id', old['lead_unit_id'], r.leadUnitId);
    compare('assigneeId', 'assignee_id', old['assignee_id'], r.assigneeId);
    compare('assignedOn', 'assigned_on', old['assigned_on'], r.assignedOn);
    compare('originalDeadline', 'original_deadline', old['original_deadline'], r.dueOn);
    if (!old['extended']) compare('deadline', 'deadline', old['deadline'], r.dueOn);
    compare('sourceDocumentId', 'source_document_id', old['source_document_id'], documentId);
    compare('isKeyTask', 'is_key_task', old['is_key_task'], r.isKeyTask);
    // A completion date in the register completes an open task, or corrects the standing completion's date. An empty
    // one never undoes a completion reported in the product.
    const oldCompleted = old['completed_at'] ? new Date(old['completed_at'] as string).toISOString() : null;
    if (completedAt && old['state'] === 'open') {
      changes.push({ field: 'completedAt', from: null, to: completedAt.toISOString() });
      Object.assign(set, { state: 'completed', completed_at: completedAt, completion_result: 'Theo sổ theo dõi nhiệm vụ', progress_percent: 100 });
      await manager.query(`INSERT INTO task_completions (task_id, completed_at, result, reported_by_id) VALUES ($1, $2, 'Theo sổ theo dõi nhiệm vụ', $3)`, [id, completedAt, actor.id]);
    } else if (completedAt && old['state'] === 'completed' && oldCompleted !== completedAt.toISOString()) {
      changes.push({ field: 'completedAt', from: oldCompleted, to: completedAt.toISOString() });
      set['completed_at'] = completedAt;
      await manager.query(`UPDATE task_completions SET completed_at = $2 WHERE task_id = $1 AND returned_at IS NULL`, [id, completedAt]);
    }
    if (changes.length === 0) return changes;
    const columns = Object.keys(set);
    await manager.query(
      `UPDATE tasks SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, version = version + 1, updated_at = $${columns.length + 2} WHERE id = $1`,
      [id, ...columns.map((c) => set[c]), now],
    );
    await this.audit.recordTaskChange(manager, { taskId: id, actorId: actor.id, action: 'import_corrected', changes, note: `Dòng ${r.row} của sổ theo dõi`, at: now });
    return changes;
  }

  /** Source documents named in the file, created when new. */
  private async ensureDocuments(rows: CheckedRow[], manager: EntityManager): Promise<Map<string, string>> {
    const numbers = [...new Set(rows.map((r) => r.documentNumber).filter((n): n is string => Boolean(n)))];
    for (const number of numbers) {
      await manager.query(
        `INSERT INTO source_documents (id, number, type, title) SELECT gen_random_uuid(), $1::varchar, 'other', $2
          WHERE NOT EXISTS (SELECT 1 FROM source_documents WHERE upper(number) = upper($1::varchar))`,
        [number, `Văn bản ${number}`],
      );
    }
    const found: Array<{ key: string; id: string }> = await manager.query(
      `SELECT upper(number) AS key, id FROM source_documents WHERE upper(number) = ANY($1)`,
      [numbers.map((n) => n.toUpperCase())],
    );
    return new Map(found.map((d) => [d.key, d.id]));
  }
}
