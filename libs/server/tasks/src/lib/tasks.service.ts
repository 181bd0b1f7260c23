import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ExtensionView, HistoryEntryView, Page, ProgressNoteView, TaskDetailView, TaskView } from '@tiendo/contracts';
import { AuditService, diffFields } from '@tiendo/server-audit';
import { HolidaysService } from '@tiendo/server-calendar';
import {
  Actor,
  canManageTask,
  canReadTask,
  canWorkOnTask,
  Clock,
  fieldError,
  forbidden,
  managesUnit,
  notFound,
  outOfScope,
  refuse,
  refusedOn,
  validationFailed,
  versionConflict,
} from '@tiendo/server-core';
import { Unit, UnitsService } from '@tiendo/server-units';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ListTasksQuery } from './dto/list-tasks.query';
import { CompleteDto, CreateTaskDto, DecideExtensionDto, ProgressDto, ReasonDto, RequestExtensionDto, UpdateTaskDto } from './dto/task.dto';
import { SourceDocument } from './source-document.entity';
import { Task, TaskCancellation, TaskCompletion, TaskCoordinatingUnit, TaskExtension, TaskLeadUnitChange, TaskProgressNote } from './task.entity';
import { TaskQueryRepository } from './task-query.repository';

/** The refusal of an action that needs an open task, named for the state the task is in. */
const closedTask = (task: Task) => refuse(task.state === 'completed' ? 'TASK_ALREADY_COMPLETED' : 'TASK_CANCELLED');

/** What an action needs of the actor on the task: to see it, to work on it (assignee), or to manage it. */
type Access = 'read' | 'work' | 'manage';

/** Fields whose changes the history records. */
const TRACKED: (keyof Task & string)[] = [
  'code',
  'title',
  'description',
  'sourceDocumentId',
  'leadUnitId',
  'assigneeId',
  'assignedOn',
  'deadline',
  'priority',
  'isKeyTask',
  'progressPercent',
  'state',
  'completedAt',
  'completionResult',
  'cancelledAt',
  'cancelReason',
];

/**
 * The rules of assigning, following and closing tasks. Every method checks the actor's access to the very task
 * (404 outside their scope, 403 inside it without the right), then the version (409), then the state (422), and
 * writes the change, its records and its history in one transaction.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: TaskQueryRepository,
    private readonly units: UnitsService,
    private readonly holidays: HolidaysService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Assigns a task (dates are calendar days in Asia/Ho_Chi_Minh; `assignedOn` defaults to today). Refuses with
   * LEAD_UNIT_OUT_OF_SCOPE (403), ASSIGNED_ON_IN_FUTURE, ASSIGNED_ON_BEFORE_MONTH, DEADLINE_BEFORE_ASSIGNMENT,
   * UNIT_INACTIVE, ASSIGNEE_INACTIVE, ASSIGNEE_OUTSIDE_UNIT (422), TASK_CODE_TAKEN (409 DUPLICATE), UNKNOWN_UNIT,
   * UNKNOWN_USER, UNKNOWN_DOCUMENT, LEAD_UNIT_COORDINATING (400 VALIDATION_FAILED); nothing is written then.
   */
  async create(dto: CreateTaskDto, actor: Actor): Promise<TaskView> {
    const now = this.clock.now();
    const today = this.clock.today();
    const id = await this.db.transaction(async (manager) => {
      const lead = await this.requireUnit(dto.leadUnitCode, 'leadUnitCode', manager);
      if (!managesUnit(actor, lead.path)) throw refusedOn(refuse('LEAD_UNIT_OUT_OF_SCOPE', { field: 'leadUnitCode' }), 'unit', lead.code);
      const assignedOn = dto.assignedOn ?? today;
      if (assignedOn > today) throw refuse('ASSIGNED_ON_IN_FUTURE', { field: 'assignedOn' });
      // Ended months are what leadership was told; only a register import may change them (and says so).
      if (assignedOn < `${today.slice(0, 7)}-01`) {
        throw refuse('ASSIGNED_ON_BEFORE_MONTH', { field: 'assignedOn' });
      }
      const deadline = dto.deadline ?? null;
      if (deadline !== null && deadline < assignedOn) throw refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' });
      if (dto.assigneeId) await this.requireAssignee(dto.assigneeId, lead, manager);
      if (dto.sourceDocumentId) await this.requireDocument(dto.sourceDocumentId, manager);
      const coordinating = await this.resolveCoordinating(dto.coordinatingUnitCodes ?? [], lead, manager);
      const code = dto.code ?? (await this.nextCode(assignedOn, manager));
      if (await manager.query(`SELECT 1 FROM tasks WHERE upper(code) = upper($1)`, [code]).then((r) => r.length > 0)) {
        throw refuse('TASK_CODE_TAKEN', { field: 'code', params: { code } });
      }
      const task = manager.create(Task, {
        id: randomUUID(),
        code,
        title: dto.title,
        description: dto.description ?? '',
        sourceDocumentId: dto.sourceDocumentId ?? null,
        leadUnitId: lead.id,
        assigneeId: dto.assigneeId ?? null,
        assignedById: actor.id,
        assignedOn,
        originalDeadline: deadline,
        deadline,
        priority: dto.priority ?? 'normal',
        isKeyTask: dto.isKeyTask ?? false,
        progressPercent: 0,
        state: 'open',
        completedAt: null,
        completionResult: null,
        cancelledAt: null,
        cancelReason: null,
        version: 1,
        simpleHistory: true,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(Task, task);
      if (coordinating.length) await manager.insert(TaskCoordinatingUnit, coordinating.map((u) => ({ taskId: task.id, unitId: u.id })));
      const blank = Object.fromEntries(TRACKED.map((f) => [f, null])) as unknown as Task;
      await this.audit.recordTaskChange(manager, {
        taskId: task.id,
        actorId: actor.id,
        action: 'created',
        changes: [
          ...diffFields(blank, task, TRACKED.filter((f) => f !== 'progressPercent' && f !== 'state')),
          ...(coordinating.length ? [{ field: 'coordinatingUnits', from: [], to: coordinating.map((u) => u.code) }] : []),
        ],
        at: now,
      });
      return task.id;
    });
    return (await this.queries.view(id, now, today, await this.holidays.calendar())) as TaskView;
  }

  async list(actor: Actor, query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.queries.list(actor, query, this.clock.now(), this.clock.today(), await this.holidays.calendar());
  }

  async get(id: string, actor: Actor): Promise<TaskDetailView> {
    const facts = await this.queries.scopeFacts(id, this.db.manager);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', id);
    const view = (await this.queries.view(id, this.clock.now(), this.clock.today(), await this.holidays.calendar())) as TaskView;
    const extensions = await this.extensionViews(id);
    return {
      ...view,
      progressNotes: await this.progressNotes(id),
      pendingExtension: extensions.find((e) => e.state === 'pending') ?? null,
      // The same policy the actions check, so a screen offers exactly the actions that will be accepted.
      allowed: { work: canWorkOnTask(actor, facts), manage: canManageTask(actor, facts) },
    };
  }

  async history(id: string, actor: Actor): Promise<HistoryEntryView[]> {
    await this.checkAccess(id, actor, 'read');
    return this.audit.taskHistory(id);
  }

  async extensions(id: string, actor: Actor): Promise<ExtensionView[]> {
    await this.checkAccess(id, actor, 'read');
    return this.extensionViews(id);
  }

  /**
   * Edits a task the actor manages; a new deadline is a correction in force from now. Refuses as `create` does for
   * the unit, assignee and deadline, plus NOT_FOUND, FORBIDDEN and VERSION_CONFLICT.
   */
  update(id: string, dto: UpdateTaskDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'updated', async (task, manager, now) => {
      let lead = (await this.units.findById(task.leadUnitId, manager)) as Unit;
      if (dto.leadUnitCode !== undefined) {
        lead = await this.requireUnit(dto.leadUnitCode, 'leadUnitCode', manager);
        if (!managesUnit(actor, lead.path)) throw refusedOn(refuse('LEAD_UNIT_OUT_OF_SCOPE', { field: 'leadUnitCode' }), 'unit', lead.code);
        if (lead.id !== task.leadUnitId) {
          await manager.insert(TaskLeadUnitChange, { taskId: task.id, fromUnitId: task.leadUnitId, toUnitId: lead.id, changedAt: now });
          task.simpleHistory = false;
        }
        task.leadUnitId = lead.id;
      }
      if (dto.assigneeId !== undefined) task.assigneeId = dto.assigneeId;
      if (task.assigneeId && (dto.assigneeId !== undefined || dto.leadUnitCode !== undefined)) {
        await this.requireAssignee(task.assigneeId, lead, manager);
      }
      if (dto.title !== undefined) task.title = dto.title;
      if (dto.description !== undefined) task.description = dto.description;
      if (dto.priority !== undefined) task.priority = dto.priority;
      if (dto.isKeyTask !== undefined) task.isKeyTask = dto.isKeyTask;
      if (dto.sourceDocumentId !== undefined) {
        if (dto.sourceDocumentId) await this.requireDocument(dto.sourceDocumentId, manager);
        task.sourceDocumentId = dto.sourceDocumentId;
      }
      const extra = [];
      if (dto.coordinatingUnitCodes !== undefined) {
        const coordinating = await this.resolveCoordinating(dto.coordinatingUnitCodes, lead, manager);
        const before: string[] = (
          await manager.query(`SELECT u.code FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = $1 ORDER BY u.code`, [task.id])
        ).map((r: { code: string }) => r.code);
        const after = coordinating.map((u) => u.code).sort();
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await manager.delete(TaskCoordinatingUnit, { taskId: task.id });
          if (coordinating.length) await manager.insert(TaskCoordinatingUnit, coordinating.map((u) => ({ taskId: task.id, unitId: u.id })));
          extra.push({ field: 'coordinatingUnits', from: before, to: after });
        }
      } else if (dto.leadUnitCode !== undefined) {
        await manager.query(`DELETE FROM task_coordinating_units WHERE task_id = $1 AND unit_id = $2`, [task.id, lead.id]);
      }
      if (dto.deadline !== undefined && dto.deadline !== task.deadline) {
        if (dto.deadline !== null && dto.deadline < task.assignedOn) {
          throw refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' });
        }
        // A correction is a deadline change in force from now, kept like an approved extension so that the
        // deadline in force at any past moment can still be told.
        await manager.insert(TaskExtension, {
          id: randomUUID(),
          taskId: task.id,
          kind: 'correction',
          state: 'approved',
          reason: dto.deadlineReason?.trim() || 'Điều chỉnh hạn xử lý',
          previousDeadline: task.deadline,
          requestedDeadline: dto.deadline,
          requestedById: actor.id,
          requestedAt: now,
          decidedById: actor.id,
          decidedAt: now,
          decisionNote: null,
        });
        task.deadline = dto.deadline;
        task.simpleHistory = false;
      }
      return { extra };
    });
  }

  /** Reports progress (0-100 %) with a note. TASK_ALREADY_COMPLETED or TASK_CANCELLED (422) unless the task is open. */
  progress(id: string, dto: ProgressDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'work', dto.version, 'progress', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      await manager.insert(TaskProgressNote, { id: randomUUID(), taskId: task.id, authorId: actor.id, percent: dto.percent, note: dto.note, createdAt: now });
      task.progressPercent = dto.percent;
      return { note: dto.note };
    });
  }

  /** Reports the task completed now. TASK_ALREADY_COMPLETED (completing twice) or TASK_CANCELLED (422) unless it is open. */
  complete(id: string, dto: CompleteDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'work', dto.version, 'completed', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      await manager.insert(TaskCompletion, {
        id: randomUUID(),
        taskId: task.id,
        completedAt: now,
        result: dto.result,
        reportedById: actor.id,
        returnedAt: null,
        returnReason: null,
        returnedById: null,
      });
      Object.assign(task, { state: 'completed', completedAt: now, completionResult: dto.result, progressPercent: 100 });
      return {};
    });
  }

  /**
   * Trả lại: the completion is not accepted; the task is open again and the completion stays on record.
   * TASK_NOT_COMPLETED or TASK_CANCELLED (422) unless the task is completed.
   */
  returnForRedo(id: string, dto: ReasonDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'returned', async (task, manager, now) => {
      if (task.state !== 'completed') throw refuse(task.state === 'cancelled' ? 'TASK_CANCELLED' : 'TASK_NOT_COMPLETED');
      await this.undoCompletion(task, dto.reason, actor, now, manager);
      return { note: dto.reason };
    });
  }

  /** Opens a completed or cancelled task again. TASK_ALREADY_OPEN (422) for an open task. */
  reopen(id: string, dto: ReasonDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'reopened', async (task, manager, now) => {
      if (task.state === 'open') throw refuse('TASK_ALREADY_OPEN');
      if (task.state === 'completed') {
        await this.undoCompletion(task, dto.reason, actor, now, manager);
      } else {
        await manager.update(
          TaskCancellation,
          { taskId: task.id, reopenedAt: IsNull() },
          { reopenedAt: now, reopenReason: dto.reason, reopenedById: actor.id },
        );
        Object.assign(task, { state: 'open', cancelledAt: null, cancelReason: null, simpleHistory: false });
      }
      return { note: dto.reason };
    });
  }

  /** Cancels an open task with its reason. TASK_ALREADY_COMPLETED or TASK_CANCELLED (422) otherwise. */
  cancel(id: string, dto: ReasonDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'cancelled', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      await manager.insert(TaskCancellation, {
        id: randomUUID(),
        taskId: task.id,
        cancelledAt: now,
        reason: dto.reason,
        cancelledById: actor.id,
        reopenedAt: null,
        reopenReason: null,
        reopenedById: null,
      });
      Object.assign(task, { state: 'cancelled', cancelledAt: now, cancelReason: dto.reason });
      return { note: dto.reason };
    });
  }

  /**
   * Asks for a later deadline (a calendar day), pending a decision. Refuses with TASK_ALREADY_COMPLETED,
   * TASK_CANCELLED, TASK_HAS_NO_DEADLINE, EXTENSION_NOT_LATER (field newDeadline) or EXTENSION_ALREADY_PENDING (422).
   */
  async requestExtension(id: string, dto: RequestExtensionDto, actor: Actor): Promise<ExtensionView> {
    const now = this.clock.now();
    const extensionId = await this.db.transaction(async (manager) => {
      const task = await this.lockForActor(id, actor, 'work', manager);
      if (task.state !== 'open') throw closedTask(task);
      if (task.deadline === null) throw refuse('TASK_HAS_NO_DEADLINE');
      if (dto.newDeadline <= task.deadline) throw refuse('EXTENSION_NOT_LATER', { field: 'newDeadline' });
      const pending = await manager.findOneBy(TaskExtension, { taskId: id, state: 'pending' });
      if (pending) throw refuse('EXTENSION_ALREADY_PENDING');
      const extension = {
        id: randomUUID(),
        taskId: id,
        kind: 'request' as const,
        state: 'pending' as const,
        reason: dto.reason,
        previousDeadline: task.deadline,
        requestedDeadline: dto.newDeadline,
        requestedById: actor.id,
        requestedAt: now,
        decidedById: null,
        decidedAt: null,
        decisionNote: null,
      };
      await manager.insert(TaskExtension, extension);
      await this.audit.recordTaskChange(manager, {
        taskId: id,
        actorId: actor.id,
        action: 'extension_requested',
        changes: [{ field: 'requestedDeadline', from: task.deadline, to: dto.newDeadline }],
        note: dto.reason,
        at: now,
      });
      return extension.id;
    });
    return (await this.extensionViews(id)).find((e) => e.id === extensionId) as ExtensionView;
  }

  /**
   * Approves (the deadline in force changes now) or rejects a pending request. NOT_FOUND for another task's request,
   * EXTENSION_ALREADY_DECIDED (422), OWN_EXTENSION_DECISION (403: nobody decides their own request).
   */
  async decideExtension(id: string, extensionId: string, dto: DecideExtensionDto, actor: Actor): Promise<ExtensionView> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const task = await this.lockForActor(id, actor, 'manage', manager);
      const extension = await manager.findOne(TaskExtension, { where: { id: extensionId, taskId: id }, lock: { mode: 'pessimistic_write' } });
      if (!extension) throw notFound('Extension request');
      if (extension.state !== 'pending') throw refuse('EXTENSION_ALREADY_DECIDED');
      if (extension.requestedById === actor.id) throw refusedOn(refuse('OWN_EXTENSION_DECISION'), 'task', id);
      Object.assign(extension, { state: dto.approve ? 'approved' : 'rejected', decidedById: actor.id, decidedAt: now, decisionNote: dto.note ?? null });
      await manager.save(extension);
      const changes = [];
      if (dto.approve) {
        changes.push({ field: 'deadline', from: task.deadline, to: extension.requestedDeadline });
        const result = await manager.query(
          `UPDATE tasks SET deadline = $2, simple_history = false, version = version + 1, updated_at = $3 WHERE id = $1 AND version = $4`,
          [id, extension.requestedDeadline, now, task.version],
        );
        if (result[1] === 0) throw versionConflict();
      }
      await this.audit.recordTaskChange(manager, {
        taskId: id,
        actorId: actor.id,
        action: dto.approve ? 'extension_approved' : 'extension_rejected',
        changes,
        note: dto.note ?? null,
        at: now,
      });
    });
    return (await this.extensionViews(id)).find((e) => e.id === extensionId) as ExtensionView;
  }

  /** 404 when the task does not exist or is outside the actor's scope; 403 when visible but not theirs to change. */
  private async checkAccess(id: string, actor: Actor, access: Access, manager: EntityManager = this.db.manager): Promise<void> {
    const facts = await this.queries.scopeFacts(id, manager);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', id);
    if (access === 'work' && !canWorkOnTask(actor, facts)) throw refusedOn(forbidden('Chỉ người được giao hoặc người quản lý nhiệm vụ mới được làm việc này'), 'task', id);
    if (access === 'manage' && !canManageTask(actor, facts)) throw refusedOn(forbidden('Chỉ người quản lý nhiệm vụ mới được làm việc này'), 'task', id);
  }

  private async lockForActor(id: string, actor: Actor, access: Access, manager: EntityManager): Promise<Task> {
    const task = await manager.findOne(Task, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task) throw notFound('Task');
    await this.checkAccess(id, actor, access, manager);
    return task;
  }

  /** Locks the task, checks access and version, applies `mutate`, bumps the version and records the history. */
  private async change(
    id: string,
    actor: Actor,
    access: Access,
    version: number,
    action: string,
    mutate: (task: Task, manager: EntityManager, now: Date) => Promise<{ note?: string; extra?: { field: string; from: unknown; to: unknown }[] }>,
  ): Promise<TaskView> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const task = await this.lockForActor(id, actor, access, manager);
      if (task.version !== version) throw versionConflict();
      const before = { ...task };
      const { note, extra = [] } = await mutate(task, manager, now);
      const changes = [...diffFields(before, task, TRACKED), ...extra];
      const { id: _id, version: _v, createdAt: _c, ...fields } = task;
      const result = await manager.update(Task, { id, version }, { ...fields, version: version + 1, updatedAt: now });
      if (result.affected !== 1) throw versionConflict();
      await this.audit.recordTaskChange(manager, { taskId: id, actorId: actor.id, action, changes, note: note ?? null, at: now });
    });
    return (await this.queries.view(id, now, this.clock.today(), await this.holidays.calendar())) as TaskView;
  }

  private async undoCompletion(task: Task, reason: string, actor: Actor, now: Date, manager: EntityManager): Promise<void> {
    await manager.update(
      TaskCompletion,
      { taskId: task.id, returnedAt: IsNull() },
      { returnedAt: now, returnReason: reason, returnedById: actor.id },
    );
    Object.assign(task, { state: 'open', completedAt: null, completionResult: null, simpleHistory: false });
  }

  private async requireUnit(code: string, field: string, manager: EntityManager): Promise<Unit> {
    const unit = await this.units.findByCode(code, manager);
    if (!unit) throw refuse('UNKNOWN_UNIT', { field, params: { code } });
    if (!unit.active) throw refuse('UNIT_INACTIVE', { field, params: { code } });
    return unit;
  }

  /** The assignee must be an active member of the lead unit or one of its sub-units. */
  private async requireAssignee(userId: string, lead: Unit, manager: EntityManager): Promise<void> {
    const [user] = await manager.query(`SELECT u.active, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1`, [userId]);
    if (!user) throw refuse('UNKNOWN_USER', { field: 'assigneeId' });
    if (!user.active) throw refuse('ASSIGNEE_INACTIVE', { field: 'assigneeId' });
    if (!String(user.path).startsWith(lead.path)) {
      throw refuse('ASSIGNEE_OUTSIDE_UNIT', { field: 'assigneeId' });
    }
  }

  private async requireDocument(id: string, manager: EntityManager): Promise<void> {
    if (!(await manager.findOneBy(SourceDocument, { id }))) throw refuse('UNKNOWN_DOCUMENT', { field: 'sourceDocumentId' });
  }

  private async resolveCoordinating(codes: string[], lead: Unit, manager: EntityManager): Promise<Unit[]> {
    const units: Unit[] = [];
    for (const code of codes) {
      const unit = await this.units.findByCode(code, manager);
      if (!unit) throw validationFailed([fieldError('coordinatingUnitCodes', 'UNKNOWN_UNIT', { code })]);
      if (unit.id === lead.id) throw validationFailed([fieldError('coordinatingUnitCodes', 'LEAD_UNIT_COORDINATING')]);
      if (!units.some((u) => u.id === unit.id)) units.push(unit);
    }
    return units;
  }

  /** NV-<year assigned>-<00001>; skips numbers someone already took by hand. */
  private async nextCode(assignedOn: string, manager: EntityManager): Promise<string> {
    for (;;) {
      const [{ n }] = await manager.query(`SELECT nextval('task_code_seq') AS n`);
      const code = `NV-${assignedOn.slice(0, 4)}-${String(n).padStart(5, '0')}`;
      const taken = await manager.query(`SELECT 1 FROM tasks WHERE upper(code) = upper($1)`, [code]);
      if (taken.length === 0) return code;
    }
  }

  private async progressNotes(taskId: string): Promise<ProgressNoteView[]> {
    const rows = await this.db.query(
      `SELECT n.id, n.percent, n.note, n.created_at, u.id AS user_id, u.username, u.full_name
         FROM task_progress_notes n JOIN users u ON u.id = n.author_id WHERE n.task_id = $1 ORDER BY n.created_at DESC`,
      [taskId],
    );
    return rows.map((r: Record<string, string & number & Date>) => ({
      id: r['id'],
      percent: r['percent'],
      note: r['note'],
      createdAt: new Date(r['created_at']).toISOString(),
      author: { id: r['user_id'], username: r['username'], fullName: r['full_name'] },
    }));
  }

  private async extensionViews(taskId: string): Promise<ExtensionView[]> {
    const rows = await this.db.query(
      `SELECT e.*, e.previous_deadline::text AS previous, e.requested_deadline::text AS requested,
              r.username AS r_username, r.full_name AS r_name, d.username AS d_username, d.full_name AS d_name
         FROM task_extensions e JOIN users r ON r.id = e.requested_by_id LEFT JOIN users d ON d.id = e.decided_by_id
        WHERE e.task_id = $1 ORDER BY e.requested_at DESC`,
      [taskId],
    );
    return rows.map((r: Record<string, never>) => ({
      id: r['id'],
      kind: r['kind'],
      state: r['state'],
      reason: r['reason'],
      previousDeadline: r['previous'],
      requestedDeadline: r['requested'],
      requestedBy: { id: r['requested_by_id'], username: r['r_username'], fullName: r['r_name'] },
      requestedAt: new Date(r['requested_at']).toISOString(),
      decidedBy: r['decided_by_id'] ? { id: r['decided_by_id'], username: r['d_username'], fullName: r['d_name'] } : null,
      decidedAt: r['decided_at'] ? new Date(r['decided_at']).toISOString() : null,
      decisionNote: r['decision_note'],
    }));
  }
}
