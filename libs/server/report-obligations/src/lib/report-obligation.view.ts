import type { UnitKind } from '@tiendo/contracts';
import type { LocalDate, ReportDueRule, ReportingPeriodicity } from '@tiendo/domain';

/** A unit as an obligation names it. */
export interface ObligationUnitRef {
  id: string;
  code: string;
  name: string;
}

/** One figure a report of the obligation carries. */
export interface ObligationField {
  key: string;
  label: string;
  type: 'number' | 'text';
  required: boolean;
}

/**
 * An obligation's report template (mẫu báo cáo): download it at `GET /api/report-obligations/:id/template` (whoever
 * reads the obligation). `size` in bytes; `uploadedAt` an ISO instant.
 */
export interface ObligationTemplateView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedAt: string;
}

/** What the submissions, the board and the reminders need of an obligation (ReportObligationsService.forPeriod). */
export interface ObligationFacts {
  id: string;
  code: string;
  name: string;
  fields: ObligationField[];
  receivingUnit: ObligationUnitRef & { path: string };
  template: ObligationTemplateView | null;
}

/** A reporting obligation (chế độ báo cáo) as the API answers it. Dates are `YYYY-MM-DD` days in Vietnam. */
export interface ReportObligationView {
  id: string;
  code: string;
  name: string;
  sourceDocument: { id: string; number: string; title: string } | null;
  legalBasis: string | null;
  periodicity: ReportingPeriodicity;
  /** As set; null: the decree's default (14, Decree 09/2019/NĐ-CP art. 12). */
  cutOffDay: number | null;
  /** As set; null: the first working day after the cut-off (art. 8(5)(b)). */
  due: ReportDueRule | null;
  /** The schedule in force, defaults filled in (what the periods are computed with). */
  effective: { cutOffDay: number; due: ReportDueRule; createWorkingDaysBefore: number };
  createWorkingDaysBefore: number;
  /** The report template's file id (`PUT /:id/template`), null when none; `template` says its name and size. */
  templateFileId: string | null;
  template: ObligationTemplateView | null;
  receivingUnit: ObligationUnitRef;
  /** Units listed by name, each reporting the periods whose cut-off is on or after its `fromDate`; by code. */
  reportingUnits: Array<ObligationUnitRef & { fromDate: LocalDate }>;
  /**
   * Units taken off the list: kept with the last day of their membership (`toDate`, a Vietnamese day; the day before
   * `fromDate` when it never began); they keep the report tasks already created and get no later ones.
   */
  endedReportingUnits: Array<ObligationUnitRef & { fromDate: LocalDate; toDate: LocalDate }>;
  /** Every unit of this kind reports too (from the obligation's start); null: only the list. */
  reportingUnitKind: UnitKind | null;
  fields: ObligationField[];
  startsOn: LocalDate;
  endsOn: LocalDate | null;
  /** Whether the caller may change or end it (the screen shows the buttons). */
  canManage: boolean;
  createdBy: { id: string; fullName: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** One row of the list (no unit list, no fields). */
export type ReportObligationListItem = Omit<ReportObligationView, 'reportingUnits' | 'endedReportingUnits' | 'fields' | 'effective'> & { reportingUnitCount: number };

/** One period of `GET /api/report-obligations/:id/periods`. */
export interface ObligationPeriodView {
  /** Stable key within the obligation: '2027-01', '2027-Q1', '2027-H1', '2027-9M', '2027'. */
  key: string;
  /** 'Tháng 1/2027', 'Quý I/2027', … */
  label: string;
  /** First day of the period's data. */
  start: LocalDate;
  /** The cut-off: last day of its data. */
  end: LocalDate;
  /** The day the report is due (a working day). */
  deadline: LocalDate;
  /** 0 Sunday … 6 Saturday, and its Vietnamese name ('Thứ Hai'…'Chủ nhật'). */
  deadlineWeekday: number;
  deadlineWeekdayName: string;
  /** The day each unit's report task is to be created. */
  createOn: LocalDate;
}

export interface ObligationPeriodsView {
  /** The first day considered: `from` (default today), not before the obligation's start. */
  from: LocalDate;
  periodicity: ReportingPeriodicity;
  /** The calendar periods ([] past the end); for an ad hoc obligation, every period requested, in request order. */
  items: ObligationPeriodView[];
}

/**
 * One ad hoc period (`POST /:id/requests`, and the ad hoc items of `GET /:id/periods` carry the same period fields):
 * key '<start>..<end>', label as requested, `createOn` the request's day (its report tasks are made at once).
 */
export interface AdHocPeriodView extends ObligationPeriodView {
  /** The due date leaves less than one working day after the cut-off, as the request chose (art. 8(5)(b) waived). */
  shortDeadline: boolean;
  note: string | null;
  requestedBy: { id: string; fullName: string };
  /** ISO instant. */
  requestedAt: string;
  /** Whether the worker was asked to create the units' report tasks now (false: Redis did not answer; its reconcile will, within ten minutes). */
  reportTasksQueued: boolean;
}

/**
 * One entry of an obligation's history (`GET /api/report-obligations/:id/history`, oldest first): `action` is
 * 'created', 'updated' or 'ended'; `changes` are `{ field, from, to }` in the API's field names (`name`, `due`,
 * `receivingUnitCode`, `startsOn`, `endsOn`, …) and `reportingUnits.<code>` with `{ fromDate, toDate }` (null: not a
 * member) for a unit added, ended or listed again; `at` is a UTC ISO 8601 moment.
 */
export interface ObligationHistoryEntryView {
  at: string;
  actor: { id: string; fullName: string } | null;
  action: 'created' | 'updated' | 'ended';
  changes: Array<{ field: string; from: unknown; to: unknown }>;
  /** Why, when the change came from elsewhere (a unit merge or split names the units, the day and the reason). */
  note: string | null;
}
