import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OpenSubTaskAction, SubTaskView } from '@tiendo/contracts';
import { formatLocalDate, LocalDate } from '@tiendo/domain';
import { AuditService, FieldChange } from '@tiendo/server-audit';
import { Actor, ApiError, canManageTask, canReadTask, canWorkOnTask, Clock, refuse, refusedOn, TaskScopeFacts, versionConflict } from '@tiendo/server-core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Task, TaskCancellation, TaskCompletion } from './task.entity';
import type { TaskAttachmentsPort } from './task-attachments.port';
import { TaskEventsRepository } from './task-events.repository';
import { statusNow } from './task-query.repository';
import { TaskWritesRepository } from './task-writes.repository';

/** A sub-task row with what the policy needs to decide whether the caller may read it. */
export interface SubTaskRow {
  id: string;
  code: string;
  title: string;
  deadline: string | null;
  progress_percent: number;
  state: 'open' | 'completed' | 'cancelled';
  completed_at: Date | string | null;
  cancelled_at: Date | string | null;
  assignee_id: string | null;
  assignee_username: string | null;
  assignee_name: string | null;
  lead_id: string;
  lead_code: string;
  lead_name: string;
  lead_path: string;
  coordinating_paths: string[];
}

/** The parent of task $1 with what the access policy decides on (no row: the task has no parent). */
export const PARENT_OF_SQL = `SELECT p.id, p.code, p.title, p.assignee_id, lu.path AS lead_path,
        (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = p.id) AS coordinating_paths
   FROM tasks t JOIN tasks p ON p.id = t.parent_task_id JOIN units lu ON lu.id = p.lead_unit_id WHERE t.id = $1`;

/** The sub-tasks of task $1 (SubTaskRow), by code. */
export const SUB_TASKS_OF_SQL = `SELECT t.id, t.code, t.title, t.deadline::text AS deadline, t.progress_percent, t.state, t.completed_at, t.cancelled_at,
        a.id AS assignee_id, a.username AS assignee_username, a.full_name AS assignee_name,
        lu.id AS lead_id, lu.code AS lead_code, lu.name AS lead_name, lu.path AS lead_path,
        (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
   FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id LEFT JOIN users a ON a.id = t.assignee_id
  WHERE t.parent_task_id = $1 ORDER BY t.code`;

export interface ParentRow {
  id: string;
  code: string;
  title: string;
  assignee_id: string | null;
  lead_path: string;
  coordinating_paths: string[];
}

/** Mean progress of the sub-tasks: a completed one counts 100, cancelled ones are left out; null when none count. */
export function rolledUpProgress(subTasks: ReadonlyArray<{ state: 'open' | 'completed' | 'cancelled'; progressPercent: number }>): number | null {
  const counted = subTasks.filter((s) => s.state !== 'cancelled');
  if (counted.length === 0) return null;
  return Math.round(counted.reduce((sum, s) => sum + (s.state === 'completed' ? 100 : s.progressPercent), 0) / counted.length);
}

/**
 * Sub-tasks (nhiệm vụ con): a unit head splits a task the ministry assigned into pieces for their staff or sub-units.
 *
 * - One level, as the "giao việc" modules of e-office systems do: a sub-task has no sub-tasks of its own
 *   (SUBTASK_OF_SUBTASK). A piece of a piece would have its own roll-up and its own parent to close, for little gain.
 * - A sub-task is an ordinary task: its own assignee, lead unit, deadline, history, events and reminders (the
 *   reminders go to the sub-task's assignee like any task's; the parent's assignee is reminded of the parent only).
 * - Who may split: whoever may manage the parent (canManageTask: heads of its lead unit or above, ministry-wide roles),
 *   or the unit head the parent is assigned to. The sub-task's lead unit is the parent's lead unit or a unit under it,
 *   and one the actor may assign to (the ordinary create rule, LEAD_UNIT_OUT_OF_SCOPE).
 * - Deadline no later than the parent's; a parent with a deadline has no standing sub-tasks. Later changes keep it
 *   (`checkChange`): a sub-task's edited deadline or lead unit, its extension requested or approved, and the parent's
 *   own deadline, which may not move before an open sub-task's.
 * - The parent shows its sub-tasks and a progress rolled up from them (`rolledUpProgress`), beside the progress its
 *   assignee reports by hand, which the roll-up never overwrites.
 * - Reports count the tasks the ministry assigned, never the pieces (task-status.sql.ts, `SubTaskScope`).
 * - Completing a parent with open sub-tasks needs a choice (`openSubTasks`: complete or cancel them, `settleOpen`).
 *   Cancelling a parent cancels its open sub-tasks with it (pieces of a task the ministry no longer wants), each
 *   with its own history entry and event. Settling them with the parent is no way around the sub-tasks' own rules:
 *   the actor must be allowed to complete (or cancel) each one by itself (SUBTASKS_NOT_YOURS, 403), and a completed
 *   one follows the evidence rule of its own unit (SUBTASKS_NEED_FILE, 422: no file goes with a completion made
 *   with the parent, so a sub-task that needs one is completed on its own page, with its file, first; or cancelled).
 * - An overdue task is not split (PARENT_TASK_OVERDUE, 422): a sub-task is due no later than its parent and no
 *   earlier than its assignment (today), which an overdue parent leaves no day for. The head extends or corrects the
 *   parent's deadline first, as a ministry would expect: a piece is never given a deadline that has already passed.
 */
@Injectable()
export class SubTasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: TaskEventsRepository,
    private readonly writes: TaskWritesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks that a new task may be a sub-task of `parentTaskId`, in the creating transaction; the parent stays
   * share-locked until commit, so it cannot be completed meanwhile without seeing the new sub-task. Refuses with
   * UNKNOWN_PARENT_TASK (400, also for a parent the actor may not read, recorded as a hidden object), SUBTASK_NOT_ALLOWED
   * (403), SUBTASK_OF_SUBTASK, PARENT_TASK_CLOSED, PARENT_TASK_OVERDUE (422, field parentTaskId: the parent's deadline
   * in force is before today, Asia/Ho_Chi_Minh; extend or correct it first), SUBTASK_UNIT_OUTSIDE_PARENT (422, field
   * leadUnitCode), SUBTASK_DEADLINE_AFTER_PARENT (422, field deadline). Deadlines are calendar days (Asia/Ho_Chi_Minh).
   * Called before the sub-task's own date rules, so an unknown or unreadable parent is reported first.
   */
  async checkNew(manager: EntityManager, actor: Actor, parentTaskId: string, subTask: { leadUnitPath: string; deadline: LocalDate | null }): Promise<void> {
    const field = 'parentTaskId';
    const [parent] = await manager.query(
      `SELECT t.id, t.state, t.deadline::text AS deadline, t.parent_task_id, t.assignee_id, lu.path AS lead_path,
              (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = $1 FOR SHARE OF t`,
      [parentTaskId],
    );
    if (!parent) throw refuse('UNKNOWN_PARENT_TASK', { field });
    const facts: TaskScopeFacts = { assigneeId: parent.assignee_id, leadUnitPath: parent.lead_path, coordinatingUnitPaths: parent.coordinating_paths };
    // The same answer as for a task that does not exist, so that its existence does not leak.
    if (!canReadTask(actor, facts)) throw refusedOn(refuse('UNKNOWN_PARENT_TASK', { field }), 'task', parentTaskId);
    const maySplit = canManageTask(actor, facts) || (actor.role === 'unit_head' && parent.assignee_id === actor.id);
    if (!maySplit) throw refusedOn(refuse('SUBTASK_NOT_ALLOWED', { field }), 'task', parentTaskId);
    if (parent.parent_task_id) throw refuse('SUBTASK_OF_SUBTASK', { field });
    if (parent.state !== 'open') throw refuse('PARENT_TASK_CLOSED', { field });
    if (parent.deadline !== null && parent.deadline < this.clock.today()) {
      throw refuse('PARENT_TASK_OVERDUE', { field, params: { deadline: formatLocalDate(parent.deadline) } });
    }
    if (!subTask.leadUnitPath.startsWith(parent.lead_path)) throw refuse('SUBTASK_UNIT_OUTSIDE_PARENT', { field: 'leadUnitCode' });
    if (parent.deadline !== null && (subTask.deadline === null || subTask.deadline > parent.deadline)) {
      throw refuse('SUBTASK_DEADLINE_AFTER_PARENT', { field: 'deadline', params: { deadline: formatLocalDate(parent.deadline) } });
    }
  }

  /**
   * A change to a task against the sub-task rules, in the changing transaction: a sub-task keeps a lead unit within
   * its parent's (SUBTASK_UNIT_OUTSIDE_PARENT, 422, field leadUnitCode) and a deadline no later than the parent's
   * (SUBTASK_DEADLINE_AFTER_PARENT, 422, field `deadlineField`); a parent keeps a deadline no earlier than its open
   * sub-tasks' (SUBTASK_DEADLINE_AFTER_PARENT, field `deadlineField`). Nothing for a task that is neither. Without
   * `leadUnitPath` only the deadline is checked (an extension).
   */
  async checkChange(
    manager: EntityManager,
    task: Pick<Task, 'id' | 'parentTaskId'>,
    next: { leadUnitPath?: string; deadline: LocalDate | null },
    deadlineField = 'deadline',
  ): Promise<void> {
    if (task.parentTaskId) {
      const [parent] = await manager.query(`SELECT t.deadline::text AS deadline, lu.path FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = $1`, [task.parentTaskId]);
      if (next.leadUnitPath !== undefined && !next.leadUnitPath.startsWith(parent.path)) throw refuse('SUBTASK_UNIT_OUTSIDE_PARENT', { field: 'leadUnitCode' });
      if (parent.deadline !== null && (next.deadline === null || next.deadline > parent.deadline)) {
        throw refuse('SUBTASK_DEADLINE_AFTER_PARENT', { field: deadlineField, params: { deadline: formatLocalDate(parent.deadline) } });
      }
      return;
    }
    if (next.deadline === null) return;
    const [latest] = await manager.query(
      `SELECT max(deadline)::text AS deadline, bool_or(deadline IS NULL) AS standing FROM tasks WHERE parent_task_id = $1 AND state = 'open'`,
      [task.id],
    );
    if (latest?.standing || (latest?.deadline && latest.deadline > next.deadline)) {
      throw refuse('SUBTASK_DEADLINE_AFTER_PARENT', { field: deadlineField, params: { deadline: formatLocalDate(next.deadline) } });
    }
  }

  /** The parent of a task as its page names it: null when it has none or the actor may not read the parent. */
  async parentOf(taskId: string, actor: Actor): Promise<{ id: string; code: string; title: string } | null> {
    return this.parentFromRow((await this.db.query(PARENT_OF_SQL, [taskId]))[0] ?? null, actor);
  }

  /** parentOf's answer from a row of PARENT_OF_SQL (null: the task has no parent). */
  parentFromRow(row: ParentRow | null, actor: Actor): { id: string; code: string; title: string } | null {
    if (!row || !canReadTask(actor, { assigneeId: row.assignee_id, leadUnitPath: row.lead_path, coordinatingUnitPaths: row.coordinating_paths })) return null;
    return { id: row.id, code: row.code, title: row.title };
  }

  /**
   * A parent's sub-tasks the actor may read (canReadTask on each, as for any task), by code, with each one's status
   * as of now; and the progress rolled up from those same sub-tasks (null when none counts), so that the figure tells
   * nothing of sub-tasks the reader may not open.
   * The caller has checked that the actor may read the parent.
   */
  async ofParent(parentId: string, actor: Actor): Promise<{ subTasks: SubTaskView[]; subTaskProgress: number | null }> {
    return this.ofParentFromRows(await this.db.query(SUB_TASKS_OF_SQL, [parentId]), actor);
  }

  /** ofParent's answer from the rows of SUB_TASKS_OF_SQL. */
  ofParentFromRows(rows: SubTaskRow[], actor: Actor): { subTasks: SubTaskView[]; subTaskProgress: number | null } {
    const now = this.clock.now();
    const readable = rows.filter((r) => canReadTask(actor, { assigneeId: r.assignee_id, leadUnitPath: r.lead_path, coordinatingUnitPaths: r.coordinating_paths }));
    // The roll-up is over the same sub-tasks as the list: a figure over sub-tasks the reader may not open would tell
    // of their existence and progress.
    return {
      subTasks: readable.map((r) => this.toView(r, now)),
      subTaskProgress: rolledUpProgress(readable.map((r) => ({ state: r.state, progressPercent: r.progress_percent }))),
    };
  }

  /**
   * Before a parent is completed, in its completing transaction (the parent already locked): its open sub-tasks,
   * locked, are completed or cancelled as `choice` says, each written as its own change (the row with its version
   * bumped, the completion or cancellation record, its history and its event), so each assignee hears of it like any
   * other completion or cancellation; a pending extension request of each is withdrawn (`withdrawPending`).
   * Refuses, writing nothing: without a choice while sub-tasks are open, SUBTASKS_OPEN (422, field openSubTasks,
   * naming them); when the actor may not do the chosen action on a sub-task by itself (POST /tasks/:id/complete needs
   * canWorkOnTask, /cancel needs canManageTask), SUBTASKS_NOT_YOURS (403, naming every such sub-task); when completing
   * a sub-task needs an evidence file (`attachments.link` with no file refuses COMPLETION_NEEDS_FILE),
   * SUBTASKS_NEED_FILE (422, naming every such sub-task). `parentAction` 'cancelled': the parent is being cancelled,
   * and the caller passes 'cancel'.
   */
  async settleOpen(
    manager: EntityManager,
    parent: Pick<Task, 'id' | 'code'>,
    choice: OpenSubTaskAction | undefined,
    actor: Actor,
    now: Date,
    parentAction: 'completed' | 'cancelled' = 'completed',
    attachments?: TaskAttachmentsPort,
  ): Promise<void> {
    // Locked in code order, as every completion of this parent takes them: two completions cannot deadlock.
    const open = await manager.find(Task, { where: { parentTaskId: parent.id, state: 'open' }, order: { code: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    if (open.length === 0) return;
    if (!choice) {
      throw refuse('SUBTASKS_OPEN', { field: 'openSubTasks', params: { count: open.length, codes: open.map((t) => t.code).join(', ') } });
    }
    // Each one as if the actor completed (or cancelled) it by itself: the same policy as its own endpoint.
    const facts = await this.scopeFactsOf(manager, open.map((t) => t.id));
    const allowed = choice === 'complete' ? canWorkOnTask : canManageTask;
    const notYours = open.filter((t) => !allowed(actor, facts.get(t.id) as TaskScopeFacts));
    if (notYours.length) {
      const codes = notYours.map((t) => t.code).join(', ');
      throw refusedOn(refuse('SUBTASKS_NOT_YOURS', { field: 'openSubTasks', params: { action: choice === 'complete' ? 'hoàn thành' : 'huỷ', codes } }), 'task', notYours[0].id);
    }
    const needFile: string[] = [];
    for (const sub of open) {
      const changes: FieldChange[] = [{ field: 'state', from: 'open', to: choice === 'complete' ? 'completed' : 'cancelled' }];
      const version = sub.version;
      const progressBefore = sub.progressPercent;
      if (choice === 'complete') {
        const result = `Hoàn thành cùng nhiệm vụ cha ${parent.code}`;
        const completion: TaskCompletion = { id: randomUUID(), taskId: sub.id, completedAt: now, result, reportedById: actor.id, returnedAt: null, returnReason: null, returnedById: null };
        await this.writes.insertCompletion(manager, completion);
        // The sub-task's own evidence rule, with no file (none goes with a completion made with the parent).
        try {
          await attachments?.link(manager, sub, { kind: 'completion', id: completion.id }, []);
        } catch (error) {
          if (!(error instanceof ApiError && error.fieldErrors?.some((e) => e.rule === 'COMPLETION_NEEDS_FILE'))) throw error;
          needFile.push(sub.code);
        }
        Object.assign(sub, { state: 'completed', completedAt: now, completionResult: result, progressPercent: 100 });
        changes.push({ field: 'completedAt', from: null, to: now.toISOString() }, { field: 'completionResult', from: null, to: result });
        if (progressBefore !== 100) changes.push({ field: 'progressPercent', from: progressBefore, to: 100 });
        await this.events.record(manager, { taskId: sub.id, kind: 'completion_reported', actorId: actor.id, at: now, payload: { completionId: completion.id, parentTaskId: parent.id } });
      } else {
        const reason = parentAction === 'completed' ? `Huỷ khi hoàn thành nhiệm vụ cha ${parent.code}` : `Huỷ cùng nhiệm vụ cha ${parent.code}`;
        const cancellation: TaskCancellation = { id: randomUUID(), taskId: sub.id, cancelledAt: now, reason, cancelledById: actor.id, reopenedAt: null, reopenReason: null, reopenedById: null };
        await this.writes.insertCancellation(manager, cancellation);
        Object.assign(sub, { state: 'cancelled', cancelledAt: now, cancelReason: reason });
        changes.push({ field: 'cancelledAt', from: null, to: now.toISOString() }, { field: 'cancelReason', from: null, to: reason });
        await this.events.record(manager, { taskId: sub.id, kind: 'cancelled', actorId: actor.id, at: now, payload: { reason, parentTaskId: parent.id } });
      }
      if (!(await this.writes.update(manager, sub, version, now))) throw versionConflict();
      await this.audit.recordTaskChange(manager, {
        taskId: sub.id,
        actorId: actor.id,
        action: choice === 'complete' ? 'completed' : 'cancelled',
        changes,
        note: parentAction === 'completed' ? `Theo báo cáo hoàn thành nhiệm vụ cha ${parent.code}` : `Theo việc huỷ nhiệm vụ cha ${parent.code}`,
        at: now,
      });
      await this.withdrawPending(manager, sub.id, choice === 'complete' ? 'completed' : 'cancelled', actor, now);
    }
    if (needFile.length) throw refuse('SUBTASKS_NEED_FILE', { field: 'openSubTasks', params: { codes: needFile.join(', ') } });
  }

  /**
   * Closes the task's pending extension request, if any, because the task is being completed or cancelled (in that
   * transaction): the request becomes 'withdrawn' (no decider; decided at `now`; note "Nhiệm vụ đã hoàn thành" or
   * "Nhiệm vụ đã huỷ"), with its history entry 'extension_withdrawn' by the actor whose change closed it. No event:
   * the completion or cancellation itself is what the followers hear of.
   */
  async withdrawPending(manager: EntityManager, taskId: string, why: 'completed' | 'cancelled', actor: Actor, now: Date): Promise<void> {
    const note = why === 'completed' ? 'Nhiệm vụ đã hoàn thành' : 'Nhiệm vụ đã huỷ';
    const closed = await this.writes.withdrawPendingExtension(manager, taskId, note, now);
    if (!closed) return;
    await this.audit.recordTaskChange(manager, {
      taskId,
      actorId: actor.id,
      action: 'extension_withdrawn',
      changes: [{ field: 'requestedDeadline', from: closed.requestedDeadline, to: null }],
      note: `Đề nghị gia hạn không còn cần quyết định: ${note.toLowerCase()}`,
      at: now,
    });
  }

  /** The access policy's facts of each task (assignee, lead unit's path, coordinating units' paths), by id. */
  private async scopeFactsOf(manager: EntityManager, ids: string[]): Promise<Map<string, TaskScopeFacts>> {
    const rows = await manager.query(
      `SELECT t.id, t.assignee_id, lu.path AS lead_path,
              (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r: { id: string; assignee_id: string | null; lead_path: string; coordinating_paths: string[] }) => [r.id, { assigneeId: r.assignee_id, leadUnitPath: r.lead_path, coordinatingUnitPaths: r.coordinating_paths }]));
  }

  private toView(r: SubTaskRow, now: Date): SubTaskView {
    const status = statusNow(r, now);
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      assignee: r.assignee_id ? { id: r.assignee_id, username: r.assignee_username as string, fullName: r.assignee_name as string } : null,
      leadUnit: { id: r.lead_id, code: r.lead_code, name: r.lead_name },
      deadline: r.deadline,
      progressPercent: r.progress_percent,
      state: r.state,
      status,
    };
  }
}
