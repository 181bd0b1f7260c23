import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ExtensionView, HistoryEntryView, Page, ProgressNoteView, TaskDetailView, TaskEventKind, TaskView } from '@tiendo/contracts';
import { AuditService, diffFields, FieldChange } from '@tiendo/server-audit';
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
import { DataSource, EntityManager } from 'typeorm';
import { ListTasksQuery } from './dto/list-tasks.query';
import { CompleteDto, CreateTaskDto, DecideExtensionDto, ProgressDto, ReasonDto, RequestExtensionDto, UpdateTaskDto } from './dto/task.dto';
import { SourceDocument } from './source-document.entity';
import { Task, TaskExtension } from './task.entity';
import { TASK_ATTACHMENTS, TaskAttachmentsPort } from './task-attachments.port';
import { TaskEventRecord, TaskEventsRepository } from './task-events.repository';
import { PARENT_OF_SQL, ParentRow, SUB_TASKS_OF_SQL, SubTaskRow, SubTasksService } from './sub-tasks';
import { TaskQueryRepository } from './task-query.repository';
import { OCCURRENCE_OF_TASK_SQL, recurrenceInForce, SERIES_OF_TASK_SQL, SeriesOfTaskRow, TaskSeriesService } from './recurrence/task-series.service';
import { RegisterColumns, RegisterTaskRow, TaskWritesRepository } from './task-writes.repository';

/** The refusal of an action that needs an open task, named for the state the task is in. */
const closedTask = (task: Task) => refuse(task.state === 'completed' ? 'TASK_ALREADY_COMPLETED' : 'TASK_CANCELLED');

/**
 * A deadline change in force from now, kept like an approved extension so that the deadline in force at any past
 * moment can still be told (the reports read it).
 */
function deadlineCorrection(task: Pick<Task, 'id' | 'deadline'>, to: string | null, reason: string, actorId: string, now: Date): TaskExtension {
  return {
    id: randomUUID(),
    taskId: task.id,
    kind: 'correction',
    state: 'approved',
    reason,
    previousDeadline: task.deadline,
    requestedDeadline: to,
    requestedById: actorId,
    requestedAt: now,
    decidedById: actorId,
    decidedAt: now,
    decisionNote: null,
  };
}

/** A `reassigned` event's payload: who and which unit before and after, all a notification needs. */
function reassignment(before: { assigneeId: string | null; leadUnitId: string }, after: { assigneeId: string | null; leadUnitId: string }) {
  return { fromAssigneeId: before.assigneeId, toAssigneeId: after.assigneeId, fromLeadUnitId: before.leadUnitId, toLeadUnitId: after.leadUnitId };
}

/** What an action needs of the actor on the task: to see it, to work on it (assignee), or to manage it. */
type Access = 'read' | 'work' | 'manage';

/**
 * What another feature writes with a change of a task, in the change's transaction, after the rule and the task's
 * row (a periodic report's figures with its completion): a refusal it throws rolls the whole change back. It may
 * write only its own tables.
 */
export type WrittenWithChange = (manager: EntityManager, task: Task) => Promise<void>;

/**
 * A feature's own rule that lets the actor manage this task although the task's lead unit is not theirs (the office
 * that receives a periodic report returns it for redo, Decree 09/2019/NĐ-CP art. 8): the feature has checked that
 * rule on the object before calling, and `rule` names it. The task must still exist (404).
 */
export interface ManageGrant {
  rule: string;
}

/** One history entry, as AuditService.recordTaskChanges takes it. */
type HistoryEntry = Parameters<AuditService['recordTaskChanges']>[1][number];

/** An event of the change being written; the write path adds the task, the actor and the moment. */
interface ChangeEvent {
  kind: TaskEventKind;
  payload?: Record<string, unknown>;
}

/** What a change's `mutate` tells the write path besides the task's new columns. */
interface ChangeOutcome {
  note?: string;
  extra?: FieldChange[];
  events?: ChangeEvent[];
}

/** A new task of a register import (the row number names it in the history). */
export interface RegisterCreate extends RegisterTaskRow {
  row: number;
}

/**
 * An existing task a register row changes. `changes` use the task's field names (title, leadUnitId, assigneeId,
 * assignedOn, originalDeadline, deadline, sourceDocumentId, isKeyTask, completedAt as an ISO moment).
 */
export interface RegisterCorrection {
  row: number;
  taskId: string;
  /** The task as it stands before the row: state, lead unit, assignee. */
  state: Task['state'];
  leadUnitId: string;
  assigneeId: string | null;
  changes: FieldChange[];
}

/** One register import, written as one batch of the write path. */
export interface RegisterBatch {
  creates: RegisterCreate[];
  corrections: RegisterCorrection[];
  /**
   * false (the default): a change of lead unit or deadline is in force from now, as in the app (a dated lead-unit
   * change, a deadline correction), so past periods keep their figures. true: the register corrects the past too
   * (the task was led by the new unit, or due on the new day, from its assignment on).
   */
  correctsPast: boolean;
  /** One id per import, in every event's payload, so that notifications can group the burst. */
  batchId: string;
}

/** One task a unit merge or split changes (TasksService.applyUnitChange). */
export interface UnitChangeMove {
  taskId: string;
  /** The successor that leads the task from the effective moment on, when a source leads it now. */
  toLeadUnitId?: string;
  /** Sources that coordinate the task, each replaced by its successor. */
  coordinating?: Array<{ fromUnitId: string; toUnitId: string }>;
  /** The assignee went to another successor than the task's: the new lead unit's head assigns it again. */
  clearAssignee?: boolean;
}

/** A unit merge or split as the tasks' write path takes it. */
export interface UnitChangeBatch {
  /** The unit change's id (unit_changes), in every event's payload. */
  changeId: string;
  kind: 'merge' | 'split';
  /** 00:00 of the effective day in Asia/Ho_Chi_Minh: from then on, reports count the moved tasks for the successor. */
  effectiveAt: Date;
  /** The history entry's note (Vietnamese: the units, the day, the reason). */
  note: string;
  moves: UnitChangeMove[];
}

/** The result text of a completion the register records. */
export const REGISTER_COMPLETION_RESULT = 'Theo sổ theo dõi nhiệm vụ';
/** New tasks written per statement by a register import. */
const REGISTER_ROWS_PER_STATEMENT = 1000;

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
 * The rules of assigning, following and closing tasks, and THE write path of a task: whoever changes one (the API,
 * the register import through `applyRegister`, the worker) comes here. Every method checks the actor's access to the
 * very task (404 outside their scope, 403 inside it without the right), then the version (409), then the state
 * (422), and writes the change (TaskWritesRepository), its history (AuditService) and its event (the task_events
 * outbox, TaskEventsRepository) in one transaction: a refused change writes none of them.
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
    private readonly writes: TaskWritesRepository,
    private readonly events: TaskEventsRepository,
    private readonly subTasks: SubTasksService,
    private readonly series: TaskSeriesService,
    @Optional() @Inject(TASK_ATTACHMENTS) private readonly attachments?: TaskAttachmentsPort,
  ) {}

  /**
   * Assigns a task (dates are calendar days in Asia/Ho_Chi_Minh; `assignedOn` defaults to today). Refuses with
   * LEAD_UNIT_OUT_OF_SCOPE (403), ASSIGNED_ON_IN_FUTURE, ASSIGNED_ON_BEFORE_MONTH, DEADLINE_BEFORE_ASSIGNMENT,
   * UNIT_INACTIVE, ASSIGNEE_INACTIVE, ASSIGNEE_OUTSIDE_UNIT (422), TASK_CODE_TAKEN (409 DUPLICATE), UNKNOWN_UNIT,
   * UNKNOWN_USER, UNKNOWN_DOCUMENT, LEAD_UNIT_COORDINATING (400 VALIDATION_FAILED); nothing is written then.
   * `recurrence` (TaskSeriesService: 400 on `recurrence.*` when it is not one) makes the task the first of a series
   * whose later occurrences the worker creates; its history gets an `updated` entry with the `recurrence` change.
   */
  async create(dto: CreateTaskDto, actor: Actor): Promise<TaskView> {
    const now = this.clock.now();
    const today = this.clock.today();
    const recurrence = dto.recurrence === undefined ? null : this.series.check(dto.recurrence);
    const id = await this.db.transaction(async (manager) => {
      const taskId = await this.insertNew(manager, dto, actor, now, today, { scoped: true });
      if (recurrence) {
        const change = await this.series.set(manager, { id: taskId, deadline: dto.deadline ?? null }, recurrence, actor.id, today, now);
        if (change) await this.record(manager, [{ taskId, actorId: actor.id, action: 'updated', changes: [change], note: null, at: now }], []);
      }
      return taskId;
    });
    return (await this.queries.view(id, now, today, await this.holidays.calendar())) as TaskView;
  }

  /**
   * Assigns a task in the caller's transaction (the e-office hand-off: a document and its tasks stand or fall
   * together): the same rules, scope check, row, history and `assigned` event as `create`, without recurrence.
   * Refuses as `create` does. Returns the task's id.
   */
  async createInTransaction(manager: EntityManager, dto: CreateTaskDto, actor: Actor): Promise<string> {
    return this.insertNew(manager, dto, actor, this.clock.now(), this.clock.today(), { scoped: true });
  }

  /**
   * A task the worker creates on a schedule (a unit's report task of a reporting obligation, Decree 09/2019/NĐ-CP),
   * in the caller's transaction so that the caller's own row (report_tasks) commits or rolls back with it. The same
   * rules, row, history (with `note`) and `assigned` event as `create`, but without the actor's scope check: the
   * authority is the obligation an authorised user set up, and `actor` (its creator) is who the task names as
   * having assigned it. Refuses as `create` does (nothing is written then). Returns the task's id.
   */
  async createScheduled(manager: EntityManager, dto: CreateTaskDto, actor: Actor, note: string): Promise<string> {
    return this.insertNew(manager, dto, actor, this.clock.now(), this.clock.today(), { scoped: false, note });
  }

  /**
   * Creates a scheduled task exactly once (the worker's daily generator run: report tasks of an obligation's period,
   * occurrences of a recurring task). In one transaction: a transaction-level advisory lock on `once.key`, then
   * `once.exists` re-checked under it (false: nothing is created), then the task from `once.task` through
   * `createScheduled` (assigned by the user `assignedBy`, with the history note), then the caller's own row from
   * `once.link`, whose UNIQUE key is the backstop: when it inserts nothing (another writer got there without the
   * lock), the task is rolled back. Returns true when this call created the task, false when it existed already.
   * Throws the tasks' refusal (ApiError) when the task breaks a rule; nothing is written then.
   */
  async createScheduledOnce(once: {
    key: string;
    exists: (manager: EntityManager) => Promise<boolean>;
    task: (manager: EntityManager) => Promise<{ dto: CreateTaskDto; assignedBy: string; note: string }>;
    link: (manager: EntityManager, taskId: string) => Promise<boolean>;
  }): Promise<boolean> {
    const already = Symbol('already created');
    try {
      return await this.db.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [once.key]);
        if (await once.exists(manager)) return false;
        const { dto, assignedBy, note } = await once.task(manager);
        const taskId = await this.createScheduled(manager, dto, await this.scheduledActor(manager, assignedBy), note);
        if (!(await once.link(manager, taskId))) throw already;
        return true;
      });
    } catch (err) {
      if (err === already) return false;
      throw err;
    }
  }

  /** The user a scheduled task names as having assigned it, as an actor. */
  private async scheduledActor(manager: EntityManager, userId: string): Promise<Actor> {
    const [u] = await manager.query(
      `SELECT us.id, us.username, us.full_name, us.role, us.unit_id, un.path FROM users us JOIN units un ON un.id = us.unit_id WHERE us.id = $1`,
      [userId],
    );
    return { id: u.id, username: u.username, fullName: u.full_name, role: u.role, unitId: u.unit_id, unitPath: u.path };
  }

  /** The one insert of a new task: rules, row, history, event (create and createScheduled). */
  private async insertNew(manager: EntityManager, dto: CreateTaskDto, actor: Actor, now: Date, today: string, opts: { scoped: boolean; note?: string }): Promise<string> {
    const lead = await this.requireUnit(dto.leadUnitCode, 'leadUnitCode', manager);
    if (opts.scoped && !managesUnit(actor, lead.path)) throw refusedOn(refuse('LEAD_UNIT_OUT_OF_SCOPE', { field: 'leadUnitCode' }), 'unit', lead.code);
    const deadline = dto.deadline ?? null;
    // A sub-task: the parent's rules first (sub-tasks.ts: who may split, one level, open and not overdue, lead
    // unit, deadline), so that an unknown or unreadable parent is reported before any rule of the dates.
    if (dto.parentTaskId) await this.subTasks.checkNew(manager, actor, dto.parentTaskId, { leadUnitPath: lead.path, deadline });
    const assignedOn = dto.assignedOn ?? today;
    if (assignedOn > today) throw refuse('ASSIGNED_ON_IN_FUTURE', { field: 'assignedOn' });
    // Ended months are what leadership was told; only a register import may change them (and says so).
    if (assignedOn < `${today.slice(0, 7)}-01`) {
      throw refuse('ASSIGNED_ON_BEFORE_MONTH', { field: 'assignedOn' });
    }
    if (deadline !== null && deadline < assignedOn) throw refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' });
    if (dto.assigneeId) await this.requireAssignee(dto.assigneeId, lead, manager);
    if (dto.sourceDocumentId) await this.requireDocument(dto.sourceDocumentId, manager);
    const coordinating = await this.resolveCoordinating(dto.coordinatingUnitCodes ?? [], lead, manager);
    const code = dto.code ?? (await this.writes.nextCode(manager, assignedOn));
    if (await this.writes.codeTaken(manager, code)) {
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
      parentTaskId: dto.parentTaskId ?? null,
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
    await this.writes.insert(manager, task);
    if (coordinating.length) await this.writes.setCoordinating(manager, task.id, coordinating.map((u) => u.id));
    const blank = Object.fromEntries(TRACKED.map((f) => [f, null])) as unknown as Task;
    const parentCode: string | null = task.parentTaskId ? (await manager.query(`SELECT code FROM tasks WHERE id = $1`, [task.parentTaskId]))[0].code : null;
    await this.record(
      manager,
      [
        {
          taskId: task.id,
          actorId: actor.id,
          action: 'created',
          changes: [
            ...diffFields(blank, task, TRACKED.filter((f) => f !== 'progressPercent' && f !== 'state')),
            // A sub-task's creation names its parent (the page shows the code).
            ...(task.parentTaskId ? [{ field: 'parentTaskId', from: null, to: task.parentTaskId }] : []),
            ...(coordinating.length ? [{ field: 'coordinatingUnits', from: [], to: coordinating.map((u) => u.code) }] : []),
          ],
          note: parentCode ? `Nhiệm vụ con của ${parentCode}` : (opts.note ?? null),
          at: now,
        },
      ],
      [{ taskId: task.id, kind: 'assigned', actorId: actor.id, at: now, payload: { assigneeId: task.assigneeId, leadUnitId: task.leadUnitId, ...(task.parentTaskId ? { parentTaskId: task.parentTaskId } : {}) } }],
    );
    return task.id;
  }

  async list(actor: Actor, query: ListTasksQuery): Promise<Page<TaskView>> {
    return this.queries.list(actor, query, this.clock.now(), this.clock.today(), await this.holidays.calendar());
  }

  /**
   * `{ count }`: extension requests waiting for a decision on the tasks the actor manages (the unit head's badge
   * beside "pending extensions"; the same requests `GET /api/tasks?pendingExtension=true` lists within that scope).
   */
  async pendingExtensionCount(actor: Actor): Promise<{ count: number }> {
    return { count: await this.queries.pendingExtensionCount(actor) };
  }

  async get(id: string, actor: Actor): Promise<TaskDetailView> {
    const today = this.clock.today();
    const calendar = await this.holidays.calendar();
    const found = await this.queries.viewWithParts(id, taskDetailParts(), this.clock.now(), today, calendar);
    if (!found) throw notFound('Task');
    if (!canReadTask(actor, found.scope)) throw outOfScope('task', id);
    const { view, scope, parts } = found;
    const extensions = (parts.extensions as ExtensionRow[]).map(toExtensionView);
    return {
      ...view,
      progressNotes: (parts.progressNotes as ProgressNoteRow[]).map(toProgressNoteView),
      pendingExtension: extensions.find((e) => e.state === 'pending') ?? null,
      // The same policy the actions check, so a screen offers exactly the actions that will be accepted.
      allowed: { work: canWorkOnTask(actor, scope), manage: canManageTask(actor, scope) },
      parentTask: this.subTasks.parentFromRow((parts.parent[0] as ParentRow | undefined) ?? null, actor),
      ...this.subTasks.ofParentFromRows(parts.subTasks as SubTaskRow[], actor),
      recurrence: recurrenceInForce((parts.series as SeriesOfTaskRow[])[0], today, calendar),
      occurrenceOf: occurrenceOfView((parts.occurrenceOf as Array<{ task_id: string; code: string; occurrence_key: string }>)[0]),
    };
  }

  async history(id: string, actor: Actor): Promise<HistoryEntryView[]> {
    await this.checkAccess(id, actor, 'read');
    return this.audit.taskHistory(id, actor);
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
    // `recurrence`: null ends the task's series, an object replaces it (TaskSeriesService); occurrences created stay.
    const recurrence = dto.recurrence === undefined || dto.recurrence === null ? dto.recurrence : this.series.check(dto.recurrence);
    return this.change(id, actor, 'manage', dto.version, 'updated', async (task, manager, now) => {
      const before = { assigneeId: task.assigneeId, leadUnitId: task.leadUnitId, deadline: task.deadline };
      let lead = (await this.units.findById(task.leadUnitId, manager)) as Unit;
      if (dto.leadUnitCode !== undefined) {
        lead = await this.requireUnit(dto.leadUnitCode, 'leadUnitCode', manager);
        if (!managesUnit(actor, lead.path)) throw refusedOn(refuse('LEAD_UNIT_OUT_OF_SCOPE', { field: 'leadUnitCode' }), 'unit', lead.code);
        if (lead.id !== task.leadUnitId) {
          // Dated: past periods still count the task for the unit that led it then.
          await this.writes.insertLeadUnitChanges(manager, [{ taskId: task.id, fromUnitId: task.leadUnitId, toUnitId: lead.id, changedAt: now }]);
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
      const extra: FieldChange[] = [];
      if (dto.coordinatingUnitCodes !== undefined) {
        const coordinating = await this.resolveCoordinating(dto.coordinatingUnitCodes, lead, manager);
        const was = await this.writes.coordinatingCodes(manager, task.id);
        const after = coordinating.map((u) => u.code).sort();
        if (JSON.stringify(was) !== JSON.stringify(after)) {
          await this.writes.setCoordinating(manager, task.id, coordinating.map((u) => u.id));
          extra.push({ field: 'coordinatingUnits', from: was, to: after });
        }
      } else if (dto.leadUnitCode !== undefined) {
        await this.writes.dropCoordinating(manager, task.id, lead.id);
      }
      if (dto.deadline !== undefined && dto.deadline !== task.deadline) {
        if (dto.deadline !== null && dto.deadline < task.assignedOn) {
          throw refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' });
        }
        // A correction is a deadline change in force from now, kept like an approved extension so that the
        // deadline in force at any past moment can still be told.
        await this.writes.insertExtensions(manager, [deadlineCorrection(task, dto.deadline, dto.deadlineReason?.trim() || 'Điều chỉnh hạn xử lý', actor.id, now)]);
        task.deadline = dto.deadline;
        task.simpleHistory = false;
      }
      const events: ChangeEvent[] = [];
      if (before.assigneeId !== task.assigneeId || before.leadUnitId !== task.leadUnitId) {
        events.push({ kind: 'reassigned', payload: reassignment(before, task) });
      }
      if (before.deadline !== task.deadline || before.leadUnitId !== task.leadUnitId) {
        // A sub-task stays within its parent's unit and deadline; a parent's deadline stays after its open sub-tasks'.
        await this.subTasks.checkChange(manager, task, { leadUnitPath: lead.path, deadline: task.deadline });
      }
      if (before.deadline !== task.deadline) events.push({ kind: 'deadline_changed', payload: { fromDeadline: before.deadline, toDeadline: task.deadline } });
      if (recurrence !== undefined) {
        const change = await this.series.set(manager, { id: task.id, deadline: task.deadline }, recurrence, actor.id, this.clock.today(), now);
        if (change) extra.push(change);
      }
      return { extra, events };
    });
  }

  /** Reports progress (0-100 %) with a note. TASK_ALREADY_COMPLETED or TASK_CANCELLED (422) unless the task is open. */
  progress(id: string, dto: ProgressDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'work', dto.version, 'progress', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      const noteId = randomUUID();
      await this.writes.insertProgressNote(manager, { id: noteId, taskId: task.id, authorId: actor.id, percent: dto.percent, note: dto.note, createdAt: now });
      if (dto.attachmentIds?.length) await this.attachments?.link(manager, task, { kind: 'progress_note', id: noteId }, dto.attachmentIds);
      task.progressPercent = dto.percent;
      return { note: dto.note, events: [{ kind: 'progress_reported', payload: { percent: dto.percent, progressNoteId: noteId } }] };
    });
  }

  /**
   * Reports the task completed now. TASK_ALREADY_COMPLETED (completing twice) or TASK_CANCELLED (422) unless it is
   * open; COMPLETION_NEEDS_FILE (422) by the evidence rule; open sub-tasks as `SubTasksService.settleOpen` says
   * (SUBTASKS_OPEN, SUBTASKS_NOT_YOURS 403, SUBTASKS_NEED_FILE). A pending extension request is withdrawn.
   */
  complete(id: string, dto: CompleteDto, actor: Actor, along?: WrittenWithChange): Promise<TaskView> {
    return this.change(id, actor, 'work', dto.version, 'completed', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      // Open sub-tasks are completed or cancelled as the request chooses (SUBTASKS_OPEN without a choice).
      await this.subTasks.settleOpen(manager, task, dto.openSubTasks, actor, now, 'completed', this.attachments);
      // A pending extension request has nothing left to decide.
      await this.subTasks.withdrawPending(manager, task.id, 'completed', actor, now);
      const completionId = randomUUID();
      await this.writes.insertCompletion(manager, {
        id: completionId,
        taskId: task.id,
        completedAt: now,
        result: dto.result,
        reportedById: actor.id,
        returnedAt: null,
        returnReason: null,
        returnedById: null,
      });
      // Always asked, even with no file: the evidence rule (the lead unit's or the document type's) may need one.
      await this.attachments?.link(manager, task, { kind: 'completion', id: completionId }, dto.attachmentIds ?? []);
      Object.assign(task, { state: 'completed', completedAt: now, completionResult: dto.result, progressPercent: 100 });
      return { events: [{ kind: 'completion_reported', payload: { completionId } }] };
    }, { along });
  }

  /**
   * Trả lại: the completion is not accepted; the task is open again and the completion stays on record.
   * TASK_NOT_COMPLETED or TASK_CANCELLED (422) unless the task is completed. `grant`: another feature's rule lets
   * the actor manage this task (see ManageGrant); `along`: that feature's own writes in the same transaction.
   */
  returnForRedo(id: string, dto: ReasonDto, actor: Actor, grant?: ManageGrant, along?: WrittenWithChange): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'returned', async (task, manager, now) => {
      if (task.state !== 'completed') throw refuse(task.state === 'cancelled' ? 'TASK_CANCELLED' : 'TASK_NOT_COMPLETED');
      await this.undoCompletion(task, dto.reason, actor, now, manager);
      return { note: dto.reason, events: [{ kind: 'completion_returned', payload: { reason: dto.reason } }] };
    }, { grant, along });
  }

  /** Opens a completed or cancelled task again. TASK_ALREADY_OPEN (422) for an open task. */
  reopen(id: string, dto: ReasonDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'reopened', async (task, manager, now) => {
      if (task.state === 'open') throw refuse('TASK_ALREADY_OPEN');
      const from = task.state;
      if (task.state === 'completed') {
        await this.undoCompletion(task, dto.reason, actor, now, manager);
      } else {
        await this.writes.reopenCancellation(manager, task.id, dto.reason, actor.id, now);
        Object.assign(task, { state: 'open', cancelledAt: null, cancelReason: null, simpleHistory: false });
      }
      return { note: dto.reason, events: [{ kind: 'reopened', payload: { fromState: from, reason: dto.reason } }] };
    });
  }

  /**
   * Cancels an open task with its reason, and its open sub-tasks with it (SUBTASKS_NOT_YOURS, 403, when the actor
   * may not cancel one of them). TASK_ALREADY_COMPLETED or TASK_CANCELLED (422) otherwise. A pending extension
   * request is withdrawn.
   */
  cancel(id: string, dto: ReasonDto, actor: Actor): Promise<TaskView> {
    return this.change(id, actor, 'manage', dto.version, 'cancelled', async (task, manager, now) => {
      if (task.state !== 'open') throw closedTask(task);
      // Its open sub-tasks go with it, each with its own history and event.
      await this.subTasks.settleOpen(manager, task, 'cancel', actor, now, 'cancelled');
      await this.subTasks.withdrawPending(manager, task.id, 'cancelled', actor, now);
      await this.writes.insertCancellation(manager, {
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
      return { note: dto.reason, events: [{ kind: 'cancelled', payload: { reason: dto.reason } }] };
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
      if (task.parentTaskId) await this.subTasks.checkChange(manager, task, { deadline: dto.newDeadline }, 'newDeadline');
      if (await this.writes.hasPendingExtension(manager, id)) throw refuse('EXTENSION_ALREADY_PENDING');
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
      await this.writes.insertExtensions(manager, [extension]);
      await this.record(
        manager,
        [{ taskId: id, actorId: actor.id, action: 'extension_requested', changes: [{ field: 'requestedDeadline', from: task.deadline, to: dto.newDeadline }], note: dto.reason, at: now }],
        [{ taskId: id, kind: 'extension_requested', actorId: actor.id, at: now, payload: { extensionId: extension.id, requestedDeadline: dto.newDeadline, previousDeadline: task.deadline } }],
      );
      return extension.id;
    });
    return (await this.extensionViews(id)).find((e) => e.id === extensionId) as ExtensionView;
  }

  /**
   * Approves (the deadline in force changes now) or rejects a pending request. NOT_FOUND for another task's request,
   * TASK_ALREADY_COMPLETED or TASK_CANCELLED (422) unless the task is open, EXTENSION_ALREADY_DECIDED (422: also a
   * request withdrawn when its task closed), OWN_EXTENSION_DECISION (403: nobody decides their own request).
   */
  async decideExtension(id: string, extensionId: string, dto: DecideExtensionDto, actor: Actor): Promise<ExtensionView> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const task = await this.lockForActor(id, actor, 'manage', manager);
      const extension = await this.writes.lockExtension(manager, id, extensionId);
      if (!extension) throw notFound('Extension request');
      // A completed or cancelled task has no deadline left to move (its request was withdrawn when it closed).
      if (task.state !== 'open') throw closedTask(task);
      if (extension.state !== 'pending') throw refuse('EXTENSION_ALREADY_DECIDED');
      if (extension.requestedById === actor.id) throw refusedOn(refuse('OWN_EXTENSION_DECISION'), 'task', id);
      Object.assign(extension, { state: dto.approve ? 'approved' : 'rejected', decidedById: actor.id, decidedAt: now, decisionNote: dto.note ?? null });
      await this.writes.saveExtension(manager, extension);
      const changes: FieldChange[] = [];
      if (dto.approve) {
        // The parent's deadline may have moved since the request: a sub-task still ends no later than its parent.
        if (task.parentTaskId) await this.subTasks.checkChange(manager, task, { deadline: extension.requestedDeadline }, 'approve');
        changes.push({ field: 'deadline', from: task.deadline, to: extension.requestedDeadline });
        if (!(await this.writes.setDeadline(manager, id, extension.requestedDeadline, task.version, now))) throw versionConflict();
      }
      await this.record(
        manager,
        [{ taskId: id, actorId: actor.id, action: dto.approve ? 'extension_approved' : 'extension_rejected', changes, note: dto.note ?? null, at: now }],
        [
          {
            taskId: id,
            kind: 'extension_decided',
            actorId: actor.id,
            at: now,
            payload: { extensionId, approved: dto.approve, requestedById: extension.requestedById, fromDeadline: task.deadline, toDeadline: dto.approve ? extension.requestedDeadline : task.deadline },
          },
        ],
      );
    });
    return (await this.extensionViews(id)).find((e) => e.id === extensionId) as ExtensionView;
  }

  /**
   * The register import's form of the write path, in the import's transaction (the import has checked the rows and
   * locked the existing tasks). New tasks are written a thousand per statement, each with its history ('imported')
   * and an 'assigned' event; each corrected task gets its columns, its history ('import_corrected', the row named)
   * and its events ('reassigned', 'deadline_changed', 'completion_reported'). Every event's payload carries
   * `batchId`, so that a burst becomes one notification.
   *
   * A changed lead unit or deadline is in force from now unless `batch.correctsPast`: a dated lead-unit change and a
   * deadline correction, exactly as `update` writes them, so the reports of past periods do not move. With
   * `correctsPast` the register rewrites the past: the task was led by the new unit (earlier dated changes are
   * forgotten) and due on the new day from its assignment on. Dates of assignment and completion are facts of the
   * past and are always corrected in place.
   */
  async applyRegister(manager: EntityManager, batch: RegisterBatch, actor: Actor): Promise<void> {
    const now = this.clock.now();
    const { batchId, correctsPast } = batch;
    for (let i = 0; i < batch.creates.length; i += REGISTER_ROWS_PER_STATEMENT) {
      const slice = batch.creates.slice(i, i + REGISTER_ROWS_PER_STATEMENT);
      await this.writes.insertRegisterTasks(manager, slice, actor.id, REGISTER_COMPLETION_RESULT, now);
      await this.record(
        manager,
        slice.map((t) => ({ taskId: t.id, actorId: actor.id, action: 'imported', note: `Dòng ${t.row} của sổ theo dõi`, at: now })),
        slice.map((t) => ({ taskId: t.id, kind: 'assigned', actorId: actor.id, at: now, payload: { assigneeId: t.assigneeId, leadUnitId: t.leadUnitId, batchId } })),
      );
    }
    // Corrections are written a thousand at a time too: rows, dated changes, history and events in a few statements.
    const history: HistoryEntry[] = [];
    const events: TaskEventRecord[] = [];
    const updates: Array<{ id: string; set: RegisterColumns }> = [];
    const leadChanges: Array<{ taskId: string; fromUnitId: string; toUnitId: string; changedAt: Date }> = [];
    const forgotten: string[] = [];
    const noLongerCoordinating: Array<{ taskId: string; unitId: string }> = [];
    const corrections: TaskExtension[] = [];
    const flush = async () => {
      await this.writes.forgetLeadUnitChanges(manager, forgotten.splice(0));
      await this.writes.insertLeadUnitChanges(manager, leadChanges.splice(0));
      await this.writes.dropCoordinatingMany(manager, noLongerCoordinating.splice(0));
      await this.writes.insertExtensions(manager, corrections.splice(0));
      await this.writes.setColumns(manager, updates.splice(0), now);
      await this.record(manager, history.splice(0), events.splice(0));
    };
    const columns: Record<string, keyof RegisterColumns> = {
      title: 'title',
      leadUnitId: 'lead_unit_id',
      assigneeId: 'assignee_id',
      assignedOn: 'assigned_on',
      originalDeadline: 'original_deadline',
      deadline: 'deadline',
      sourceDocumentId: 'source_document_id',
      isKeyTask: 'is_key_task',
    };
    for (const c of batch.corrections) {
      const id = c.taskId;
      const change = (field: string) => c.changes.find((x) => x.field === field);
      const set: RegisterColumns = {};
      for (const x of c.changes) if (columns[x.field]) set[columns[x.field]] = x.to;
      const lead = change('leadUnitId');
      const assignee = change('assigneeId');
      const deadline = change('deadline');
      if (lead) {
        if (correctsPast) forgotten.push(id);
        else {
          leadChanges.push({ taskId: id, fromUnitId: lead.from as string, toUnitId: lead.to as string, changedAt: now });
          set.simple_history = false;
        }
        noLongerCoordinating.push({ taskId: id, unitId: lead.to as string });
      }
      if (deadline && !correctsPast) {
        const reason = `Điều chỉnh hạn xử lý theo dòng ${c.row} của sổ theo dõi`;
        corrections.push(deadlineCorrection({ id, deadline: deadline.from as string | null }, deadline.to as string | null, reason, actor.id, now));
        set.simple_history = false;
      }
      const completion = change('completedAt');
      let completionId: string | null = null;
      if (completion) {
        const completedAt = new Date(completion.to as string);
        if (c.state === 'open') {
          Object.assign(set, { state: 'completed', completed_at: completedAt, completion_result: REGISTER_COMPLETION_RESULT, progress_percent: 100 });
          completionId = await this.writes.insertRegisterCompletion(manager, id, completedAt, REGISTER_COMPLETION_RESULT, actor.id);
        } else {
          set.completed_at = completedAt;
          await this.writes.correctCompletionDate(manager, id, completedAt);
        }
      }
      updates.push({ id, set });
      const pastNote = correctsPast && (lead || deadline) ? '; sửa cả các kỳ đã qua' : '';
      history.push({ taskId: id, actorId: actor.id, action: 'import_corrected', changes: c.changes, note: `Dòng ${c.row} của sổ theo dõi${pastNote}`, at: now });
      const event = (kind: TaskEventKind, payload: Record<string, unknown>) => events.push({ taskId: id, kind, actorId: actor.id, at: now, payload: { ...payload, batchId } });
      if (lead || assignee) {
        const is = { assigneeId: assignee ? (assignee.to as string | null) : c.assigneeId, leadUnitId: lead ? (lead.to as string) : c.leadUnitId };
        event('reassigned', { ...reassignment(c, is), correctsPast });
      }
      if (deadline) event('deadline_changed', { fromDeadline: deadline.from, toDeadline: deadline.to, correctsPast });
      if (completionId) event('completion_reported', { completionId });
      if (history.length === REGISTER_ROWS_PER_STATEMENT) await flush();
    }
    await flush();
  }

  /**
   * A unit merge or split (README, "Units that merge and split"; the 2025 reorganisation of Resolution
   * 202/2025/QH15, 63 provinces to 34), in the caller's transaction: each open task of `batch.moves` gets its new
   * lead unit as a dated lead-unit change at `batch.effectiveAt` (exactly as `update` dates one, so the reports of
   * periods that ended before that moment still count the task for the old unit), or just after the task's latest
   * dated change when that is later; its coordinating sources are replaced by their successors (a successor that
   * leads the task does not coordinate it); its assignee is cleared when `clearAssignee` (a split sent the assignee
   * to another successor). Each task gets one history entry (`unit_merged` / `unit_split`, `batch.note`) and, when
   * its lead unit changed, a `reassigned` event carrying `unitChangeId`. A task that is no longer open under the lock
   * is left alone: completed and cancelled tasks stay with their units. Returns what was written:
   * `{ moved, coordinating }` (tasks whose lead unit, resp. coordinating units, changed).
   */
  async applyUnitChange(manager: EntityManager, batch: UnitChangeBatch, actor: Actor): Promise<{ moved: number; coordinating: number }> {
    const now = this.clock.now();
    const byId = new Map(batch.moves.map((m) => [m.taskId, m]));
    const tasks = await this.writes.lockMany(manager, [...byId.keys()]);
    const latest = await this.writes.lastLeadUnitChanges(manager, tasks.map((t) => t.id));
    const history: HistoryEntry[] = [];
    const events: TaskEventRecord[] = [];
    let moved = 0;
    let coordinating = 0;
    for (const task of tasks) {
      if (task.state !== 'open') continue;
      const move = byId.get(task.id) as UnitChangeMove;
      const before = { ...task };
      const extra: FieldChange[] = [];
      const leadTo = move.toLeadUnitId && move.toLeadUnitId !== task.leadUnitId ? move.toLeadUnitId : null;
      if (leadTo) {
        const last = latest.get(task.id);
        const changedAt = last && last.getTime() >= batch.effectiveAt.getTime() ? new Date(last.getTime() + 1) : batch.effectiveAt;
        await this.writes.insertLeadUnitChanges(manager, [{ taskId: task.id, fromUnitId: task.leadUnitId, toUnitId: leadTo, changedAt }]);
        task.leadUnitId = leadTo;
        task.simpleHistory = false;
        if (move.clearAssignee) task.assigneeId = null;
      }
      const swaps = move.coordinating ?? [];
      if (swaps.length || leadTo) {
        const was = await this.writes.coordinatingCodes(manager, task.id);
        for (const c of swaps) await this.writes.replaceCoordinating(manager, task.id, c.fromUnitId, c.toUnitId === task.leadUnitId ? null : c.toUnitId);
        if (leadTo) await this.writes.dropCoordinating(manager, task.id, leadTo);
        const after = await this.writes.coordinatingCodes(manager, task.id);
        if (JSON.stringify(was) !== JSON.stringify(after)) {
          extra.push({ field: 'coordinatingUnits', from: was, to: after });
          coordinating++;
        }
      }
      const changes = [...diffFields(before, task, TRACKED), ...extra];
      if (changes.length === 0) continue;
      if (!(await this.writes.update(manager, task, task.version, now))) throw versionConflict();
      history.push({ taskId: task.id, actorId: actor.id, action: batch.kind === 'merge' ? 'unit_merged' : 'unit_split', changes, note: batch.note, at: now });
      if (leadTo) {
        moved++;
        events.push({ taskId: task.id, kind: 'reassigned', actorId: actor.id, at: now, payload: { ...reassignment(before, task), unitChangeId: batch.changeId } });
      }
    }
    await this.record(manager, history, events);
    return { moved, coordinating };
  }

  /** The open tasks these units lead or coordinate, and the count of their closed ones (TaskQueryRepository.openTasksOfUnits). */
  openTasksOfUnits(manager: EntityManager, unitIds: string[]): ReturnType<TaskQueryRepository['openTasksOfUnits']> {
    return this.queries.openTasksOfUnits(manager, unitIds);
  }

  /** 404 when the task does not exist or is outside the actor's scope; 403 when visible but not theirs to change. */
  private async checkAccess(id: string, actor: Actor, access: Access, manager: EntityManager = this.db.manager): Promise<void> {
    const facts = await this.queries.scopeFacts(id, manager);
    if (!facts) throw notFound('Task');
    if (!canReadTask(actor, facts)) throw outOfScope('task', id);
    if (access === 'work' && !canWorkOnTask(actor, facts)) throw refusedOn(forbidden('Chỉ người được giao hoặc người quản lý nhiệm vụ mới được làm việc này'), 'task', id);
    if (access === 'manage' && !canManageTask(actor, facts)) throw refusedOn(forbidden('Chỉ người quản lý nhiệm vụ mới được làm việc này'), 'task', id);
  }

  private async lockForActor(id: string, actor: Actor, access: Access, manager: EntityManager, grant?: ManageGrant): Promise<Task> {
    const task = await this.writes.lock(manager, id);
    if (!task) throw notFound('Task');
    if (!grant) await this.checkAccess(id, actor, access, manager);
    return task;
  }

  /** Locks the task, checks access and version, applies `mutate`, bumps the version, records the history and the events. */
  private async change(
    id: string,
    actor: Actor,
    access: Access,
    version: number,
    action: string,
    mutate: (task: Task, manager: EntityManager, now: Date) => Promise<ChangeOutcome>,
    from: { grant?: ManageGrant; along?: WrittenWithChange } = {},
  ): Promise<TaskView> {
    const now = this.clock.now();
    await this.db.transaction(async (manager) => {
      const task = await this.lockForActor(id, actor, access, manager, from.grant);
      if (task.version !== version) throw versionConflict();
      const before = { ...task };
      const { note, extra = [], events = [] } = await mutate(task, manager, now);
      const changes = [...diffFields(before, task, TRACKED), ...extra];
      if (!(await this.writes.update(manager, task, version, now, before))) throw versionConflict();
      if (from.along) await from.along(manager, task);
      await this.record(
        manager,
        [{ taskId: id, actorId: actor.id, action, changes, note: note ?? null, at: now }],
        events.map((e) => ({ taskId: id, kind: e.kind, actorId: actor.id, at: now, payload: e.payload })),
      );
    });
    return (await this.queries.view(id, now, this.clock.today(), await this.holidays.calendar())) as TaskView;
  }

  /** The last step of every change: its history and its events, in the change's transaction. */
  private async record(manager: EntityManager, history: HistoryEntry[], events: TaskEventRecord[]): Promise<void> {
    await this.audit.recordTaskChanges(manager, history);
    await this.events.recordMany(manager, events);
  }

  private async undoCompletion(task: Task, reason: string, actor: Actor, now: Date, manager: EntityManager): Promise<void> {
    await this.writes.returnCompletion(manager, task.id, reason, actor.id, now);
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

  private async extensionViews(taskId: string): Promise<ExtensionView[]> {
    return ((await this.db.query(EXTENSIONS_SQL, [taskId])) as ExtensionRow[]).map(toExtensionView);
  }
}

/** The extension requests of task $1, newest first (ExtensionRow). */
const EXTENSIONS_SQL = `SELECT e.*, e.previous_deadline::text AS previous, e.requested_deadline::text AS requested,
        r.username AS r_username, r.full_name AS r_name, d.username AS d_username, d.full_name AS d_name
   FROM task_extensions e JOIN users r ON r.id = e.requested_by_id LEFT JOIN users d ON d.id = e.decided_by_id
  WHERE e.task_id = $1 ORDER BY e.requested_at DESC`;

type ExtensionRow = Record<string, never>;

function toExtensionView(r: ExtensionRow): ExtensionView {
  return {
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
  };
}

/** The progress notes of task $1, newest first (ProgressNoteRow). */
const PROGRESS_NOTES_SQL = `SELECT n.id, n.percent, n.note, n.created_at, u.id AS user_id, u.username, u.full_name
   FROM task_progress_notes n JOIN users u ON u.id = n.author_id WHERE n.task_id = $1 ORDER BY n.created_at DESC`;

type ProgressNoteRow = Record<string, string & number & Date>;

function toProgressNoteView(r: ProgressNoteRow): ProgressNoteView {
  return {
    id: r['id'],
    percent: r['percent'],
    note: r['note'],
    createdAt: new Date(r['created_at']).toISOString(),
    author: { id: r['user_id'], username: r['username'], fullName: r['full_name'] },
  };
}

/** The recurring task an occurrence was made from (TaskDetailView.occurrenceOf), from OCCURRENCE_OF_TASK_SQL's row. */
function occurrenceOfView(row: { task_id: string; code: string; occurrence_key: string } | undefined): TaskDetailView['occurrenceOf'] {
  return row ? { taskId: row.task_id, code: row.code, key: row.occurrence_key } : null;
}

/**
 * The parts of a task's page read with its view in one statement (TaskQueryRepository.viewWithParts), each over the
 * task id $1: its extension requests, progress notes, parent and sub-tasks, its series and the series it is an occurrence
 * of. Also run by bench:api's floor.
 */
export function taskDetailParts(): { extensions: string; progressNotes: string; parent: string; subTasks: string; series: string; occurrenceOf: string } {
  return { extensions: EXTENSIONS_SQL, progressNotes: PROGRESS_NOTES_SQL, parent: PARENT_OF_SQL, subTasks: SUB_TASKS_OF_SQL, series: SERIES_OF_TASK_SQL, occurrenceOf: OCCURRENCE_OF_TASK_SQL };
}
