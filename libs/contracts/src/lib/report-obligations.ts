import type { LocalDate, ReportDueRule, ReportingPeriodicity, TaskStatus } from '@tiendo/domain';
import type { UnitKind } from './roles';
import type { AttachmentView } from './work';

/**
 * The reporting obligations' API as the web app reads it (`/api/report-obligations`, the shapes of
 * libs/server/report-obligations' report-obligation.view.ts and report-submission.view.ts). Dates are `YYYY-MM-DD`
 * days in Vietnam; moments are ISO 8601 instants. The rules behind them are Decree 09/2019/NĐ-CP art. 12 (cut-offs)
 * and art. 8(5)(b) (the due day), as libs/domain reporting-periods.ts computes them.
 */
export interface ObligationUnitRef {
  id: string;
  code: string;
  name: string;
}

/** One figure a report of the obligation carries (`key` is what `figures` is keyed by). */
export interface ObligationField {
  key: string;
  label: string;
  type: 'number' | 'text';
  required: boolean;
}

/**
 * An obligation's report template (mẫu báo cáo): `PUT /api/report-obligations/:id/template` sets it (multipart field
 * `file`), `GET` downloads it (whoever reads the obligation), `DELETE` takes it off. `size` in bytes.
 */
export interface ObligationTemplateView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedAt: string;
}

/** `GET /api/report-obligations/:id` (and the answer of create, update and end). */
export interface ReportObligationView {
  id: string;
  code: string;
  name: string;
  sourceDocument: { id: string; number: string; title: string } | null;
  legalBasis: string | null;
  periodicity: ReportingPeriodicity;
  /** As set; null: the decree's 14th. */
  cutOffDay: number | null;
  /** As set; null: the first working day after the cut-off. */
  due: ReportDueRule | null;
  effective: { cutOffDay: number; due: ReportDueRule; createWorkingDaysBefore: number };
  createWorkingDaysBefore: number;
  templateFileId: string | null;
  /** The template's name and size (null when none); optional until every server sends it. */
  template?: ObligationTemplateView | null;
  receivingUnit: ObligationUnitRef;
  reportingUnits: Array<ObligationUnitRef & { fromDate: LocalDate }>;
  endedReportingUnits: Array<ObligationUnitRef & { fromDate: LocalDate; toDate: LocalDate }>;
  reportingUnitKind: UnitKind | null;
  fields: ObligationField[];
  startsOn: LocalDate;
  endsOn: LocalDate | null;
  canManage: boolean;
  createdBy: { id: string; fullName: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One row of `GET /api/report-obligations` (paged). */
export type ReportObligationListItem = Omit<ReportObligationView, 'reportingUnits' | 'endedReportingUnits' | 'fields' | 'effective'> & { reportingUnitCount: number };

/** `POST /api/report-obligations`; `PATCH /:id` takes any of these (but `code`) with `version`. */
export interface ReportObligationRequest {
  code: string;
  name: string;
  sourceDocumentId?: string | null;
  legalBasis?: string | null;
  periodicity: ReportingPeriodicity;
  cutOffDay?: number | null;
  due?: ReportDueRule | null;
  createWorkingDaysBefore?: number;
  receivingUnitCode: string;
  reportingUnits?: Array<{ unitCode: string; fromDate?: LocalDate }>;
  reportingUnitKind?: UnitKind | null;
  fields?: ObligationField[];
  startsOn: LocalDate;
}
export type ReportObligationUpdate = Partial<Omit<ReportObligationRequest, 'code'>> & { version: number };

/** One period of `GET /:id/periods`. */
export interface ObligationPeriodView {
  key: string;
  label: string;
  start: LocalDate;
  end: LocalDate;
  deadline: LocalDate;
  deadlineWeekday: number;
  deadlineWeekdayName: string;
  createOn: LocalDate;
}
/**
 * One entry of an obligation's history (`GET /api/report-obligations/:id/history`, oldest first): `changes` in the API's
 * field names, `reportingUnits.<code>` with `{ fromDate, toDate }` (null: not listed), `template` with the file's
 * `{ id, name, size, sha256 }`; `note` says why when the change came from a unit merge or split; `at` in UTC.
 */
export interface ObligationHistoryEntryView {
  at: string;
  actor: { id: string; fullName: string } | null;
  action: 'created' | 'updated' | 'ended';
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  note: string | null;
}

export interface ObligationPeriodsView {
  from: LocalDate;
  periodicity: ReportingPeriodicity;
  /** Calendar periods; for an ad hoc obligation every period requested (`POST /:id/requests`), in request order. */
  items: ObligationPeriodView[];
}

/**
 * `POST /api/report-obligations/:id/requests`: an ad hoc report (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c))
 * of an ad hoc obligation, asked of every unit listed today. `end` alone: the figures as of that day; `deadline`
 * defaults to the obligation's due rule from `end`, and leaves at least one working day after it (art. 8(5)(b)) unless
 * `shortDeadline`. 400 on `label`, `end` (DAY_RANGE_REVERSED), `deadline` (reportDueAfterCutOff, deadlineBeforeMonth);
 * 409 DUPLICATE on `end` for the same data window twice; 422 INVALID_STATE for an obligation not ad hoc or not in force.
 */
export interface AdHocReportRequest {
  label: string;
  start?: LocalDate;
  end: LocalDate;
  deadline?: LocalDate;
  shortDeadline?: boolean;
  note?: string;
}

/** The answer of `POST /:id/requests`: the period (key '<start>..<end>'), and whether the worker was asked at once. */
export interface AdHocPeriodView extends ObligationPeriodView {
  shortDeadline: boolean;
  note: string | null;
  requestedBy: { id: string; fullName: string };
  requestedAt: string;
  /** false: Redis did not answer; the worker's reconcile makes the report tasks within ten minutes. */
  reportTasksQueued: boolean;
}

/** The four cells of a board: the tasks' status rule applied to each unit's report task. */
export const BOARD_STATUSES = ['completed_on_time', 'completed_late', 'in_progress_overdue', 'in_progress_on_track'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export type ReportFigures = Record<string, number | string | null>;

export interface BoardLine {
  unit: ObligationUnitRef;
  taskId: string;
  taskCode: string;
  taskVersion: number;
  deadline: LocalDate | null;
  status: TaskStatus;
  assignee: { id: string; fullName: string } | null;
  submission: {
    at: string;
    by: { id: string; fullName: string };
    result: string;
    files: AttachmentView[];
    figures: ReportFigures | null;
    confirmed: { at: string; by: { id: string; fullName: string } } | null;
  } | null;
}

/**
 * `GET /:id/periods/:periodKey/board?page=&pageSize=&status=&q=`: one page of the lines (default 100, at most 500),
 * of one cell (`status`) or all, of the units whose code or name holds every word of `q` (tone marks and case
 * optional). 400 with field errors for a bad value.
 */
export interface BoardQuery {
  page?: number;
  pageSize?: number;
  status?: BoardStatus;
  q?: string;
}

/** `GET /:id/periods/:periodKey/board`. */
export interface PeriodBoardView {
  obligation: { id: string; code: string; name: string; receivingUnit: ObligationUnitRef; fields: ObligationField[] };
  period: { key: string; label: string; start: LocalDate | null; end: LocalDate | null; deadline: LocalDate | null };
  asOf: string;
  /** The whole period's (every unit, whatever the page and filter): each cell, `total` of the four, `other` cancelled. */
  counts: Record<BoardStatus | 'other' | 'total', number>;
  /** Lines matching the filter (status, q), over all pages. */
  total: number;
  page: number;
  pageSize: number;
  /** The page's lines, by unit code. */
  units: BoardLine[];
}

/**
 * `GET /api/report-obligations/report-tasks/:taskId`: the report a task is, for the screen where its unit submits it
 * (`/nhiem-vu/:id/bao-cao`): the obligation with the figures it asks for, the period (data window `start`–`end`, `end`
 * being the cut-off, and the due date), the reporting unit, and the figures of the submission in force (null when
 * nothing was submitted, or the obligation asks for none).
 */
export interface TaskReportView {
  /** `template`: the form to fill (`GET /api/report-obligations/:id/template`), null when none is set. */
  obligation: { id: string; code: string; name: string; receivingUnit: ObligationUnitRef; fields: ObligationField[]; template?: ObligationTemplateView | null };
  period: PeriodBoardView['period'];
  unit: ObligationUnitRef;
  figures: ReportFigures | null;
  /**
   * The submission in force with its confirmation, as the period's board shows it (null when not submitted).
   * Optional until every server sends it: the screen then shows what the task itself tells (when, the result, the
   * completion's files) and no confirmation state.
   */
  submission?: BoardLine['submission'];
}

/** `POST /:id/periods/:periodKey/reminders`. */
export interface RemindersResult {
  units: number;
  people: number;
  unitCodes: string[];
  notReached: string[];
}

/** `POST /:id/periods/:periodKey/submissions`. */
export interface SubmitReportRequest {
  unitCode?: string;
  version?: number;
  result?: string;
  attachmentIds: string[];
  figures?: ReportFigures;
}

export interface ReportStatisticsLine {
  unit: ObligationUnitRef & { kind: string };
  reports: number;
  submittedOnTime: number;
  submittedLate: number;
  missingOverdue: number;
  notYetDue: number;
  /** Percent, two decimals; null when none was due. */
  onTimeShare: number | null;
}

/** `GET /api/report-obligations/statistics?year=`. */
export interface ReportStatisticsView {
  year: number;
  obligationId: string | null;
  asOf: string;
  units: ReportStatisticsLine[];
  provincialRanking: Array<ReportStatisticsLine & { rank: number }>;
  formula: string;
  tieRule: string;
}
