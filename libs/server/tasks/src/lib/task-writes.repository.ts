import { Injectable } from '@nestjs/common';
import type { LocalDate } from '@tiendo/domain';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { Task, TaskCancellation, TaskCompletion, TaskCoordinatingUnit, TaskExtension, TaskLeadUnitChange, TaskProgressNote } from './task.entity';

/** A new task as the register import writes it (many at once). */
export interface RegisterTaskRow {
  id: string;
  code: string;
  title: string;
  sourceDocumentId: string | null;
  leadUnitId: string;
  assigneeId: string | null;
  assignedOn: LocalDate;
  deadline: LocalDate | null;
  isKeyTask: boolean;
  /** Set for a task the register says was completed then (end of that day, local time). */
  completedAt: Date | null;
}

/** Columns a register correction may set on an existing task, by their database names. */
export type RegisterColumns = Partial<
  Record<
    | 'title'
    | 'lead_unit_id'
    | 'assignee_id'
    | 'assigned_on'
    | 'original_deadline'
    | 'deadline'
    | 'source_document_id'
    | 'is_key_task'
    | 'state'
    | 'completed_at'
    | 'completion_result'
    | 'progress_percent'
    | 'simple_history',
    unknown
  >
>;

/** The SQL type of each column a register correction may set (for the arrays of a bulk UPDATE). */
const REGISTER_COLUMN_TYPES: Record<keyof RegisterColumns, string> = {
  title: 'varchar',
  lead_unit_id: 'uuid',
  assignee_id: 'uuid',
  assigned_on: 'date',
  original_deadline: 'date',
  deadline: 'date',
  source_document_id: 'uuid',
  is_key_task: 'boolean',
  state: 'varchar',
  completed_at: 'timestamptz',
  completion_result: 'text',
  progress_percent: 'smallint',
  simple_history: 'boolean',
};

/**
 * THE SQL that writes tasks and their records (completions, cancellations, extensions, lead-unit changes, progress
 * notes), beside TaskQueryRepository which reads them. It holds no rule: TasksService decides what to write and
 * appends the history and the event in the same transaction (the `manager` every method takes).
 */
@Injectable()
export class TaskWritesRepository {
  /**
   * The task, locked for the rest of the transaction (null when it does not exist). One plain statement, its row
   * turned into a Task by TypeORM's own per-column conversion (the entity's metadata): the query builder's work on every
   * change was a measurable part of a progress update's time (BENCHMARKS.md, bench:api).
   */
  async lock(manager: EntityManager, id: string): Promise<Task | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(`SELECT * FROM tasks WHERE id = $1 FOR UPDATE`, [id]);
    if (rows.length === 0) return null;
    const metadata = manager.connection.getMetadata(Task);
    const task = metadata.create() as Task;
    for (const column of metadata.columns) {
      (task as unknown as Record<string, unknown>)[column.propertyName] = manager.connection.driver.prepareHydratedValue(rows[0][column.databaseName], column);
    }
    return task;
  }

  async codeTaken(manager: EntityManager, code: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM tasks WHERE upper(code) = upper($1)`, [code])).length > 0;
  }

  /** NV-<year assigned>-<00001>; skips numbers someone already took by hand. */
  async nextCode(manager: EntityManager, assignedOn: LocalDate): Promise<string> {
    for (;;) {
      const [{ n }] = await manager.query(`SELECT nextval('task_code_seq') AS n`);
      const code = `NV-${assignedOn.slice(0, 4)}-${String(n).padStart(5, '0')}`;
      if (!(await this.codeTaken(manager, code))) return code;
    }
  }

  async insert(manager: EntityManager, task: Task): Promise<void> {
    await manager.insert(Task, task);
  }

  /**
   * Writes the task's columns if its version is still `version`, bumping it and setting `updated_at` to `now`: only
   * those that differ from `before` (the task as locked) when it is given, else all. False when another change came
   * first (the caller answers 409).
   */
  async update(manager: EntityManager, task: Task, version: number, now: Date, before?: Readonly<Task>): Promise<boolean> {
    // Only the columns that changed since `before` (all of them without it), in one plain statement.
    const values: unknown[] = [task.id, version, now];
    const sets = ['version = version + 1', 'updated_at = $3'];
    for (const column of manager.connection.getMetadata(Task).columns) {
      const key = column.propertyName as keyof Task;
      if (key === 'id' || key === 'version' || key === 'createdAt' || key === 'updatedAt') continue;
      if (before && sameValue(before[key], task[key])) continue;
      values.push(manager.connection.driver.preparePersistentValue(task[key], column));
      sets.push(`${column.databaseName} = $${values.length}`);
    }
    const result = await manager.query(`UPDATE tasks SET ${sets.join(', ')} WHERE id = $1 AND version = $2`, values);
    return result[1] === 1;
  }

  /** A new deadline (an approved extension), version-checked like `update`. */
  async setDeadline(manager: EntityManager, id: string, deadline: LocalDate | null, version: number, now: Date): Promise<boolean> {
    const result = await manager.query(
      `UPDATE tasks SET deadline = $2, simple_history = false, version = version + 1, updated_at = $3 WHERE id = $1 AND version = $4`,
      [id, deadline, now, version],
    );
    return result[1] === 1;
  }

  async coordinatingCodes(manager: EntityManager, taskId: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await manager.query(
      `SELECT u.code FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = $1 ORDER BY u.code`,
      [taskId],
    );
    return rows.map((r) => r.code);
  }

  async setCoordinating(manager: EntityManager, taskId: string, unitIds: string[]): Promise<void> {
    await manager.delete(TaskCoordinatingUnit, { taskId });
    if (unitIds.length) await manager.insert(TaskCoordinatingUnit, unitIds.map((unitId) => ({ taskId, unitId })));
  }

  /** A unit that becomes the lead unit stops coordinating. */
  async dropCoordinating(manager: EntityManager, taskId: string, unitId: string): Promise<void> {
    await manager.query(`DELETE FROM task_coordinating_units WHERE task_id = $1 AND unit_id = $2`, [taskId, unitId]);
  }

  /** Dated changes of lead unit: from `changedAt` on, reports count the task for `toUnitId`. */
  async insertLeadUnitChanges(manager: EntityManager, changes: Array<{ taskId: string; fromUnitId: string; toUnitId: string; changedAt: Date }>): Promise<void> {
    if (changes.length) await manager.insert(TaskLeadUnitChange, changes);
  }

  /** Many tasks, locked in id order (so that two writers never wait on each other in a circle). */
  lockMany(manager: EntityManager, ids: string[]): Promise<Task[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(Task, { where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  /** The moment of each task's latest dated lead-unit change (tasks without one are absent). */
  async lastLeadUnitChanges(manager: EntityManager, taskIds: string[]): Promise<Map<string, Date>> {
    if (taskIds.length === 0) return new Map();
    const rows: Array<{ task_id: string; at: Date }> = await manager.query(
      `SELECT task_id, max(changed_at) AS at FROM task_lead_unit_changes WHERE task_id = ANY($1::uuid[]) GROUP BY task_id`,
      [taskIds],
    );
    return new Map(rows.map((r) => [r.task_id, new Date(r.at)]));
  }

  /** A coordinating unit replaced by another (a unit merge or split); nothing when `toUnitId` is null. */
  async replaceCoordinating(manager: EntityManager, taskId: string, fromUnitId: string, toUnitId: string | null): Promise<void> {
    await manager.query(`DELETE FROM task_coordinating_units WHERE task_id = $1 AND unit_id = $2`, [taskId, fromUnitId]);
    if (toUnitId) await manager.query(`INSERT INTO task_coordinating_units (task_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [taskId, toUnitId]);
  }

  /** Forgets the dated lead-unit changes of tasks whose register corrects their whole past. */
  async forgetLeadUnitChanges(manager: EntityManager, taskIds: string[]): Promise<void> {
    if (taskIds.length) await manager.query(`DELETE FROM task_lead_unit_changes WHERE task_id = ANY($1::uuid[])`, [taskIds]);
  }

  async insertExtensions(manager: EntityManager, extensions: TaskExtension[]): Promise<void> {
    if (extensions.length) await manager.insert(TaskExtension, extensions);
  }

  hasPendingExtension(manager: EntityManager, taskId: string): Promise<boolean> {
    return manager.existsBy(TaskExtension, { taskId, state: 'pending' });
  }

  /**
   * Closes the task's pending extension request, if any, as 'withdrawn' (no decider, decided at `now`, `note` as the
   * decision note): a request for a task that is being completed or cancelled has nothing left to decide. Returns
   * the closed request (id, requested deadline) for the history, or null.
   */
  async withdrawPendingExtension(manager: EntityManager, taskId: string, note: string, now: Date): Promise<{ id: string; requestedDeadline: string | null } | null> {
    const [rows] = await manager.query(
      `UPDATE task_extensions SET state = 'withdrawn', decided_at = $2, decided_by_id = NULL, decision_note = $3
        WHERE task_id = $1 AND state = 'pending' RETURNING id, requested_deadline::text AS requested_deadline`,
      [taskId, now, note],
    );
    const row = rows?.[0];
    return row ? { id: row.id, requestedDeadline: row.requested_deadline } : null;
  }

  lockExtension(manager: EntityManager, taskId: string, id: string): Promise<TaskExtension | null> {
    return manager.findOne(TaskExtension, { where: { id, taskId }, lock: { mode: 'pessimistic_write' } });
  }

  async saveExtension(manager: EntityManager, extension: TaskExtension): Promise<void> {
    await manager.save(extension);
  }

  /** One progress report's note (its id made by the caller, for the files attached to it). Plain SQL: it is on the
   * progress update's path, where TypeORM's insert builder cost more than the statement (BENCHMARKS.md). */
  async insertProgressNote(manager: EntityManager, note: TaskProgressNote): Promise<void> {
    await manager.query(
      `INSERT INTO task_progress_notes (id, task_id, author_id, percent, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [note.id, note.taskId, note.authorId, note.percent, note.note, note.createdAt],
    );
  }

  async insertCompletion(manager: EntityManager, completion: TaskCompletion): Promise<void> {
    await manager.insert(TaskCompletion, completion);
  }

  /** The standing completion is returned (trả lại) or undone by a reopening; it stays on record. */
  async returnCompletion(manager: EntityManager, taskId: string, reason: string, actorId: string, now: Date): Promise<void> {
    await manager.update(TaskCompletion, { taskId, returnedAt: IsNull() }, { returnedAt: now, returnReason: reason, returnedById: actorId });
  }

  async insertCancellation(manager: EntityManager, cancellation: TaskCancellation): Promise<void> {
    await manager.insert(TaskCancellation, cancellation);
  }

  async reopenCancellation(manager: EntityManager, taskId: string, reason: string, actorId: string, now: Date): Promise<void> {
    await manager.update(TaskCancellation, { taskId, reopenedAt: IsNull() }, { reopenedAt: now, reopenReason: reason, reopenedById: actorId });
  }

  /** Many new tasks in one statement (a register import), with a completion for those the register says are done. */
  async insertRegisterTasks(manager: EntityManager, rows: RegisterTaskRow[], actorId: string, completionResult: string, now: Date): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (t: RegisterTaskRow) => T) => rows.map(pick);
    await manager.query(
      `INSERT INTO tasks (id, code, title, source_document_id, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline,
                          deadline, is_key_task, state, completed_at, completion_result, progress_percent, created_at, updated_at)
       SELECT id, code, title, document, lead_unit, assignee, $11, assigned_on, due_on, due_on, key_task,
              CASE WHEN completed_at IS NULL THEN 'open' ELSE 'completed' END, completed_at,
              CASE WHEN completed_at IS NULL THEN NULL ELSE $13::text END,
              CASE WHEN completed_at IS NULL THEN 0 ELSE 100 END, $12, $12
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::uuid[], $6::uuid[], $7::date[], $8::date[], $9::boolean[],
                     $10::timestamptz[])
              AS t(id, code, title, document, lead_unit, assignee, assigned_on, due_on, key_task, completed_at)`,
      [
        column((t) => t.id),
        column((t) => t.code),
        column((t) => t.title),
        column((t) => t.sourceDocumentId),
        column((t) => t.leadUnitId),
        column((t) => t.assigneeId),
        column((t) => t.assignedOn),
        column((t) => t.deadline),
        column((t) => t.isKeyTask),
        column((t) => t.completedAt),
        actorId,
        now,
        completionResult,
      ],
    );
    const completed = rows.filter((t) => t.completedAt);
    if (completed.length > 0) {
      await manager.query(
        `INSERT INTO task_completions (id, task_id, completed_at, result, reported_by_id)
         SELECT gen_random_uuid(), task_id, completed_at, $3, $4 FROM unnest($1::uuid[], $2::timestamptz[]) AS c(task_id, completed_at)`,
        [completed.map((t) => t.id), completed.map((t) => t.completedAt), completionResult, actorId],
      );
    }
  }

  /**
   * Sets the given columns of many tasks and bumps their versions (register corrections; the tasks are locked
   * already): one statement per distinct set of columns.
   */
  async setColumns(manager: EntityManager, rows: Array<{ id: string; set: RegisterColumns }>, now: Date): Promise<void> {
    const groups = new Map<string, Array<{ id: string; set: RegisterColumns }>>();
    for (const r of rows) {
      const key = Object.keys(r.set).sort().join(',');
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [key, group] of groups) {
      const columns = (key ? key.split(',') : []) as Array<keyof RegisterColumns>;
      const arrays = columns.map((c, i) => `$${i + 3}::${REGISTER_COLUMN_TYPES[c]}[]`);
      await manager.query(
        `UPDATE tasks t SET ${columns.map((c) => `${c} = v.${c}, `).join('')}version = t.version + 1, updated_at = $1
           FROM unnest($2::uuid[]${arrays.map((a) => `, ${a}`).join('')}) AS v(id${columns.map((c) => `, ${c}`).join('')})
          WHERE t.id = v.id`,
        [now, group.map((r) => r.id), ...columns.map((c) => group.map((r) => r.set[c] ?? null))],
      );
    }
  }

  /** Units that became lead units stop coordinating those tasks. */
  async dropCoordinatingMany(manager: EntityManager, pairs: Array<{ taskId: string; unitId: string }>): Promise<void> {
    if (pairs.length === 0) return;
    await manager.query(
      `DELETE FROM task_coordinating_units c USING unnest($1::uuid[], $2::uuid[]) AS p(task_id, unit_id) WHERE c.task_id = p.task_id AND c.unit_id = p.unit_id`,
      [pairs.map((p) => p.taskId), pairs.map((p) => p.unitId)],
    );
  }

  /** A register completes an open task at `completedAt`. */
  async insertRegisterCompletion(manager: EntityManager, taskId: string, completedAt: Date, result: string, actorId: string): Promise<string> {
    const id = randomUUID();
    await manager.query(`INSERT INTO task_completions (id, task_id, completed_at, result, reported_by_id) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      taskId,
      completedAt,
      result,
      actorId,
    ]);
    return id;
  }

  /** A register corrects the date of the standing completion. */
  async correctCompletionDate(manager: EntityManager, taskId: string, completedAt: Date): Promise<void> {
    await manager.query(`UPDATE task_completions SET completed_at = $2 WHERE task_id = $1 AND returned_at IS NULL`, [taskId, completedAt]);
  }
}

/** Equal as a column's value: the same primitive, or two Dates of the same instant. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}
