import type { AttachmentView } from '@tiendo/contracts';
import type { LocalDate, TaskStatus } from '@tiendo/domain';
import type { ReportFigures } from './report-figures';
import type { ObligationTemplateView, ObligationUnitRef } from './report-obligation.view';

/**
 * The four cells of a period's board: the tasks' status rule (libs/domain classifyTask) applied to each unit's report
 * task as of now, so a cell holds exactly the tasks the task list shows under that status.
 * - `completed_on_time`: submitted on time (on or before the deadline, Vietnam's day);
 * - `completed_late`: submitted late;
 * - `in_progress_overdue`: not submitted, the deadline passed;
 * - `in_progress_on_track`: not submitted, not yet due.
 * A report task cancelled (a unit taken off mid-period) is listed apart as `cancelled`, in no cell.
 */
export const BOARD_STATUSES = ['completed_on_time', 'completed_late', 'in_progress_overdue', 'in_progress_on_track'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

/** One unit's line of the board. */
export interface BoardLine {
  unit: ObligationUnitRef;
  /** The unit's report task (open it at /nhiem-vu/:taskId; its files at /api/tasks/:taskId/attachments/:fileId). */
  taskId: string;
  taskCode: string;
  /** The task's version, for confirm and return (409 when it changed). */
  taskVersion: number;
  /** The deadline in force (after approved extensions). */
  deadline: LocalDate | null;
  /** The status rule as of now: one of BOARD_STATUSES (`cancelled` for a report task cancelled, in no cell). */
  status: TaskStatus;
  /** Who is to submit: the task's assignee, else null (the unit head). */
  assignee: { id: string; fullName: string } | null;
  /** The submission in force (the completion not returned), else null. */
  submission: {
    /** When, as an ISO instant. */
    at: string;
    by: { id: string; fullName: string };
    result: string;
    files: AttachmentView[];
    figures: ReportFigures | null;
    /** The receiving office's confirmation of this very submission, else null. */
    confirmed: { at: string; by: { id: string; fullName: string } } | null;
  } | null;
}

/** `GET /api/report-obligations/:id/periods/:periodKey/board`. */
export interface PeriodBoardView {
  obligation: { id: string; code: string; name: string; receivingUnit: ObligationUnitRef; fields: Array<{ key: string; label: string; type: 'number' | 'text'; required: boolean }> };
  /** The period (Decree 09/2019/NĐ-CP art. 12); label, data window and deadline by the obligation's schedule. */
  period: { key: string; label: string; start: LocalDate | null; end: LocalDate | null; deadline: LocalDate | null };
  /** The moment the statuses were computed (now, on the server's clock), ISO. */
  asOf: string;
  /**
   * How many units in each cell and in all four (`total`); `other`: report tasks in no cell (cancelled). Always the
   * whole period's, whatever the page and filter.
   */
  counts: Record<BoardStatus | 'other' | 'total', number>;
  /** How many lines match the filter (`status`, `q`) over all pages; every report task when unfiltered. */
  total: number;
  /** The page (from 1) and lines per page asked; the .xlsx and the service's `board` read one page of all lines. */
  page: number;
  pageSize: number;
  /** One line per unit that must report this period (each has its report task) on the page, by unit code. */
  units: BoardLine[];
}

/**
 * `GET /api/report-obligations/report-tasks/:taskId`: the report a task is, for the screens where its unit submits it
 * (My tasks, the task page): the obligation with the figures it asks for, the period, the reporting unit, and the
 * figures of the submission in force (null when none was submitted, or the obligation asks for none).
 */
export interface TaskReportView {
  /** `template`: the form to fill in, downloaded at `GET /api/report-obligations/:id/template`; null when none. */
  obligation: { id: string; code: string; name: string; receivingUnit: ObligationUnitRef; fields: PeriodBoardView['obligation']['fields']; template: ObligationTemplateView | null };
  /** The period (Decree 09/2019/NĐ-CP art. 12) by the obligation's schedule; label, data window and due date. */
  period: PeriodBoardView['period'];
  unit: ObligationUnitRef;
  figures: ReportFigures | null;
  /** The submission in force with its confirmation, as the period's board shows it; null when not submitted. */
  submission: BoardLine['submission'];
}

/** `POST …/reminders`: how many units (their report tasks not submitted) and people were reminded by this click. */
export interface RemindersResult {
  units: number;
  people: number;
  /** The reminded units, by code. */
  unitCodes: string[];
  /** Units that have not submitted but have nobody to remind (no active assignee, no active unit head), by code. */
  notReached: string[];
}

/** One unit's line of the statistics of a year. */
export interface ReportStatisticsLine {
  unit: ObligationUnitRef & { kind: string };
  /** Report tasks of the year's periods (not cancelled). */
  reports: number;
  submittedOnTime: number;
  submittedLate: number;
  /** Not submitted, past the deadline. */
  missingOverdue: number;
  /** Not submitted, not yet due (not counted in the share). */
  notYetDue: number;
  /** submittedOnTime ÷ (submittedOnTime + submittedLate + missingOverdue), percent, half-up to 2 decimals; null when none was due. */
  onTimeShare: number | null;
}

/** `GET /api/report-obligations/statistics?year=`. */
export interface ReportStatisticsView {
  year: number;
  obligationId: string | null;
  asOf: string;
  /** Every unit with a report task in the year's periods, by code. */
  units: ReportStatisticsLine[];
  /** The provincial departments (kind provincial_department) with a share, best first. */
  provincialRanking: Array<ReportStatisticsLine & { rank: number }>;
  /** How the ranking is made, in Vietnamese, as shown beside it. */
  formula: string;
  tieRule: string;
}
