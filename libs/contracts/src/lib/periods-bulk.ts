import type { BriefingReport } from './reports';

/** The periods of the report presets (libs/domain period-preset.ts), with `month` naming a month they contain. */
export const REPORT_PRESETS = ['month', 'quarter', 'half', 'nine-months', 'year'] as const;
export type ReportPreset = (typeof REPORT_PRESETS)[number];

/**
 * The part of the organisation the figures are read for (`part=` on the briefing, the trend, the ranking, their
 * exports and the task list's period filter; issue #11): `headquarters`, the ministry's own units (cơ quan Bộ: every
 * unit that is not a provincial department nor under one); `provincial`, the provincial departments (kind
 * `provincial_department`) and the units under them; `all`. The default is `headquarters` for the ministry-wide
 * figures and `all` once a unit (`unit=`) or the caller's overseen units (`scope=oversight`) are named: the flag
 * ceremony's figures are the headquarters' (the 96 tasks of June 2020), the provinces' monthly reports are counted on
 * their own part, the obligations' boards and statistics. The SQL is unitPartSql (libs/server/tasks task-status.sql.ts).
 */
export const REPORT_PARTS = ['headquarters', 'provincial', 'all'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** The part read when `part` is omitted (see REPORT_PARTS): `headquarters` unless a unit or an oversight is named. */
export function reportPartOf(part: ReportPart | undefined, scoped: boolean): ReportPart {
  return part ?? (scoped ? 'all' : 'headquarters');
}

/** A briefing with the same period of the previous year beside it (`compare=previous-year`). */
export interface ComparedBriefingReport extends BriefingReport {
  previousYear?: BriefingReport;
  /** The unit codes the figures were limited to by `scope=oversight` (the caller's overseen units), else absent. */
  oversight?: string[];
}

/** The units a leader oversees (GET|PUT /api/users/:id/oversight). */
export interface LeaderOversightView {
  userId: string;
  units: Array<{ code: string; name: string }>;
}

export interface SetOversightRequest {
  unitCodes: string[];
}

/** The most tasks one bulk request may touch. */
export const BULK_MAX_TASKS = 200;

/** POST /api/tasks/bulk/reassign: hand the tasks to one person; `versions[i]` (optional) guards `taskIds[i]`. */
export interface BulkReassignRequest {
  taskIds: string[];
  assigneeId: string;
  versions?: number[];
}

/** POST /api/tasks/bulk/extension-decisions: approve or reject several pending requests with one note. */
export interface BulkExtensionDecisionRequest {
  decisions: Array<{ taskId: string; extensionId: string }>;
  approve: boolean;
  note?: string;
}

/** One task's outcome in a bulk request: each task is changed in its own transaction, so some may fail. */
export interface BulkItemResult {
  taskId: string;
  ok: boolean;
  /** The HTTP status the single-task request would have answered (200, 403, 404, 409, 422…). */
  status: number;
  /** The error code when not ok (NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, EXTENSION_ALREADY_DECIDED…). */
  code?: string;
  message?: string;
}

export interface BulkResult {
  ok: number;
  failed: number;
  results: BulkItemResult[];
}
