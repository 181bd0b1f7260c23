import type { LocalDate, RecurrenceRule, TaskStatus } from '@tiendo/domain';
import type { DocumentType, Role, TaskPriority, UnitKind } from './roles';
import type { SignInMethod } from './directory-sign-in';
import type { SubTaskView } from './work';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface LoginRequest {
  username: string;
  password: string;
}
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** A user's named filter of the task list (GET/POST/DELETE /api/me/saved-filters). */
export interface SavedFilterView {
  id: string;
  /** 1–100 characters, unique per user (case-insensitive). */
  name: string;
  /** The task list's query string without "?" (as the list page writes it in its link), e.g. `unit=VBC&status=in_progress_overdue`. */
  query: string;
  createdAt: string;
}
export interface CreateSavedFilterRequest {
  name: string;
  query: string;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  active: boolean;
}

export interface UserView {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
  unitCode: string;
  unitName: string;
  active: boolean;
  /** How the user signs in (SIGN_IN_METHODS). */
  signInMethod: SignInMethod;
}

export interface SourceDocumentView {
  id: string;
  number: string;
  type: DocumentType;
  title: string;
  issuedOn: LocalDate | null;
  issuer: string | null;
}

export interface PersonRef {
  id: string;
  username: string;
  fullName: string;
}
export interface UnitRef {
  code: string;
  name: string;
}

export interface TaskView {
  id: string;
  code: string;
  title: string;
  description: string;
  sourceDocument: { id: string; number: string; title: string } | null;
  leadUnit: UnitRef;
  coordinatingUnits: UnitRef[];
  assignee: PersonRef | null;
  assignedBy: PersonRef;
  /** Set for a sub-task (nhiệm vụ con): the task it is a piece of. Sub-tasks are not counted in the reports. */
  parentTaskId?: string | null;
  assignedOn: LocalDate;
  originalDeadline: LocalDate | null;
  /** The deadline in force now (after approved extensions). */
  deadline: LocalDate | null;
  priority: TaskPriority;
  isKeyTask: boolean;
  progressPercent: number;
  state: 'open' | 'completed' | 'cancelled';
  completedAt: string | null;
  completionResult: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  /** The status rule applied as of now. */
  status: TaskStatus;
  /** Open, not overdue, and due within three working days (sắp đến hạn). */
  dueSoon: boolean;
  /**
   * Only in a list filtered by a period (`period`, or `periodFrom`+`periodTo`): the task's category as it stood at the
   * end of that period (what the report counted), beside `status` as of now.
   */
  periodCategory?: TaskStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProgressNoteView {
  id: string;
  percent: number;
  note: string;
  author: PersonRef;
  createdAt: string;
}

export interface TaskDetailView extends TaskView {
  progressNotes: ProgressNoteView[];
  pendingExtension: ExtensionView | null;
  /** What the caller may do: work (progress, complete, ask an extension) and manage (edit, reassign, return, reopen, cancel, decide). */
  allowed: { work: boolean; manage: boolean };
  /** For a sub-task, its parent (null when it has none, or when the caller may not read the parent). Always sent. */
  parentTask?: { id: string; code: string; title: string } | null;
  /** The sub-tasks the caller may read, by code (GET /api/tasks/:id/sub-tasks gives the same list). Always sent. */
  subTasks?: SubTaskView[];
  /**
   * Progress rolled up from all sub-tasks: the mean of their progress (a completed one counts 100, cancelled ones
   * are left out), whole percent; null without sub-tasks. Shown beside `progressPercent`, which stays what the
   * assignee reported by hand. Always sent.
   */
  subTaskProgress?: number | null;
  /**
   * The task's recurrence in force (issue #11; set by `recurrence` on create/update), null when it has none or it has
   * ended: the rule, how many working days ahead each occurrence is created, the series' first and last days (Vietnamese
   * calendar days; `endsOn` null: open-ended) and its next occurrences from today (deadline and creation day, at most
   * three). Always sent.
   */
  recurrence?: TaskRecurrenceView | null;
  /** When the task is an occurrence the worker created from a recurring task: that task and the occurrence's key. Always sent. */
  occurrenceOf?: { taskId: string; code: string; key: string } | null;
}

/** A recurring task's series as its page shows it (TaskDetailView.recurrence). */
export interface TaskRecurrenceView {
  rule: RecurrenceRule;
  aheadWorkingDays: number;
  startsOn: LocalDate;
  endsOn: LocalDate | null;
  next: Array<{ key: string; deadline: LocalDate; createOn: LocalDate }>;
}

/** A recurrence as create and update take it (`recurrence`; null on update ends it). */
export interface RecurrenceRequest {
  rule: RecurrenceRule;
  /** 0–60 working days; default 5. */
  aheadWorkingDays?: number;
  /** The last deadline the series makes (YYYY-MM-DD); none: open-ended. */
  endsOn?: LocalDate | null;
}

export interface ExtensionView {
  id: string;
  /**
   * 'withdrawn': the task was completed or cancelled while the request waited; it was closed then, without a
   * decision (decidedBy null, decidedAt the closing moment, decisionNote says why).
   */
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  kind: 'request' | 'correction';
  reason: string;
  previousDeadline: LocalDate | null;
  requestedDeadline: LocalDate | null;
  requestedBy: PersonRef;
  requestedAt: string;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface HistoryEntryView {
  id: string;
  at: string;
  actor: PersonRef | null;
  action: string;
  changes: { field: string; from: unknown; to: unknown }[];
  note: string | null;
  /** The integration (API token) that made the change, when one did; `actor` is then the admin accountable for it. */
  apiToken?: { id: string; name: string };
}

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  taskId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A task's state: open (worked on), completed or cancelled. */
export const TASK_STATES = ['open', 'completed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The task list's filters (GET /api/tasks); the web app keeps them in the URL so a link can be shared. */
export interface TaskListFilters {
  unit?: string;
  includeSubunits?: boolean;
  assignee?: string;
  status?: TaskStatus[];
  /**
   * Open, completed or cancelled: what decides whether a task is still worked on. A status does not (a standing task,
   * `no_deadline`, is so whether open or completed).
   */
  state?: TaskState[];
  sourceDocument?: string;
  deadlineFrom?: LocalDate;
  deadlineTo?: LocalDate;
  keyTask?: boolean;
  pendingExtension?: boolean;
  q?: string;
  /** With `category`: exactly the tasks a report of this month counts. */
  period?: string;
  periodFrom?: LocalDate;
  periodTo?: LocalDate;
  category?: ReportCategory;
  /** As the reports' scope: only the units the calling leader oversees (every unit for a caller who oversees none). */
  scope?: 'oversight';
  sort?: string;
  page?: number;
  pageSize?: number;
}

/** The report categories, as named in the reports' JSON and in the task list's `category` filter. */
export const REPORT_CATEGORIES = ['completedOnTime', 'completedLate', 'inProgressOverdue', 'inProgressOnTrack'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number] | 'noDeadline';

export interface CreateTaskRequest {
  code?: string;
  title: string;
  description?: string;
  sourceDocumentId?: string;
  leadUnitCode: string;
  coordinatingUnitCodes?: string[];
  assigneeId?: string;
  deadline?: LocalDate | null;
  priority?: TaskPriority;
  isKeyTask?: boolean;
  /**
   * Makes the new task a sub-task of this one (one level): led by the parent's lead unit or a unit under it, due no
   * later than the parent. Only whoever manages the parent, or the unit head it is assigned to, splits it.
   */
  parentTaskId?: string;
  /** Makes the task the first occurrence of a series (issue #11); 400 on `recurrence.*` when it is not one. */
  recurrence?: RecurrenceRequest;
}

/** `openSubTasks` of POST /api/tasks/:id/complete: what becomes of a parent's open sub-tasks when it is completed. */
export const OPEN_SUBTASK_ACTIONS = ['complete', 'cancel'] as const;
export type OpenSubTaskAction = (typeof OPEN_SUBTASK_ACTIONS)[number];

/** `subTasks` of GET /api/tasks: the ministry's tasks and sub-tasks alike, sub-tasks only, or no sub-tasks. */
export const SUBTASK_LIST_SCOPES = ['include', 'only', 'exclude'] as const;
export type SubTaskListScope = (typeof SUBTASK_LIST_SCOPES)[number];

export interface UpdateTaskRequest extends Partial<Omit<CreateTaskRequest, 'assigneeId' | 'sourceDocumentId' | 'parentTaskId' | 'recurrence'>> {
  version: number;
  /** Replaces the task's recurrence (a new series from after the last occurrence made), or ends it (null). */
  recurrence?: RecurrenceRequest | null;
  assigneeId?: string | null;
  sourceDocumentId?: string | null;
  deadlineReason?: string;
}

export interface HolidayView {
  date: LocalDate;
  name: string;
}

export interface ImportResult {
  created: number;
  updated: number;
}

/** `POST /api/tasks/import?dryRun=true`: what the register would do; nothing is written. */
export interface ImportPreview extends ImportResult {
  /**
   * Numbers of the source documents the file names that the system does not know: the import creates them only
   * when they are sent back in the form field `confirmedDocuments` (a JSON array), else it answers 422
   * IMPORT_NEW_DOCUMENTS.
   */
  newDocuments: string[];
  /** Existing tasks whose lead unit the register changes (unit codes). */
  leadUnitChanges: ImportChangeView[];
  /** Existing tasks whose deadline in force the register changes (calendar days). */
  deadlineChanges: ImportChangeView[];
  /**
   * false (the default): those changes are in force from now, like the same change made in the app, and past periods
   * keep their figures. true (form field `correctsPast=true`): the register corrects the past as well, and the
   * reports of ended periods change.
   */
  correctsPast: boolean;
  /** What the import will do to the past, said in Vietnamese for the screen (null when it changes neither). */
  notice: string | null;
}

/** One existing task a register row changes: its row, code, and the value before and after. */
export interface ImportChangeView {
  row: number;
  code: string;
  from: string | null;
  to: string | null;
}

export interface DeliveryView {
  id: string;
  subjectKey: string;
  channel: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  title: string;
  createdAt: string;
  deliveredAt: string | null;
  recipient: string;
}
