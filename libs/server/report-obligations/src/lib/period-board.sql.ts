import type { AttachmentView } from '@tiendo/contracts';
import type { TaskStatus } from '@tiendo/domain';
import { SEARCH_KEY_SQL, searchMatchSql, SqlParams } from '@tiendo/server-core';
import { statusPredicateSql } from '@tiendo/server-tasks';
import type { BoardStatus } from './report-submission.view';

/**
 * A period's board lines written by PostgreSQL as JSON text (BoardLine, report-submission.view.ts), so that the API
 * does not parse 10,000 rows of columns into objects and serialise them again (bench:obligations: the board of
 * 10,000 units spent most of its time there, BENCHMARKS.md).
 *
 * - The status is the tasks' rule as of today by its SQL twin (statusPredicateSql, libs/server/tasks: checked against
 *   libs/domain classifyTask in task-status-sql.int-spec.ts), the first of the predicates that holds, in the order
 *   of TaskStatus' cases; the constraint tasks_completed_has_moment leaves no row without one.
 * - Instants are written as JavaScript's toISOString writes them (UTC, milliseconds, truncated as a Date does).
 * - The files of each submission are not read here: they are the attachments feature's (AttachmentsService
 *   completionFiles), added by `boardLineJson` as the submission's last key.
 */
const STATUS_ORDER: readonly TaskStatus[] = ['cancelled', 'no_deadline', 'completed_on_time', 'completed_late', 'in_progress_overdue', 'in_progress_on_track'];

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The status of task `t` as of $3 (today): the tasks' rule's SQL twin, the first of its predicates that holds. */
const STATUS_SQL = `CASE ${STATUS_ORDER.map((s) => `WHEN ${statusPredicateSql(s, () => '$3')} THEN '${s}'`).join(' ')} END`;

/**
 * The line's columns (`completion_id`, `status`, `head`, `submission`) from `rt` (report_tasks), `t` (tasks), `u`
 * (units), `s` (the status) and `c` (the submission in force: id, reported_by_id, result), with the users joined
 * after them (`a`, `cb`, `rb`).
 */
const LINE_COLUMNS = `
  c.id AS completion_id, s.status,
         json_build_object(
           'unit', json_build_object('id', u.id, 'code', u.code, 'name', u.name),
           'taskId', t.id, 'taskCode', t.code, 'taskVersion', t.version, 'deadline', t.deadline::text, 'status', s.status,
           'assignee', CASE WHEN t.assignee_id IS NOT NULL THEN json_build_object('id', t.assignee_id, 'fullName', a.full_name) END
         )::text AS head,
         CASE WHEN t.state = 'completed' AND c.id IS NOT NULL THEN json_build_object(
           'at', ${iso('t.completed_at')},
           'by', json_build_object('id', c.reported_by_id, 'fullName', rb.full_name),
           'result', c.result,
           'figures', rt.figures,
           'confirmed', CASE WHEN rt.confirmed_completion_id = c.id AND rt.confirmed_at IS NOT NULL
                             THEN json_build_object('at', ${iso('rt.confirmed_at')}, 'by', json_build_object('id', rt.confirmed_by_id, 'fullName', cb.full_name)) END
         )::text END AS submission`;

/**
 * One row per report task of the obligation's period: `head` (the line up to and without `submission`, JSON object
 * text), `submission` (the submission in force without `files`, JSON object text, or null), `completion_id` and
 * `status`. Parameters: $1 obligation id, $2 period key, $3 today (Vietnam's day, the clock's); `taskId` adds $4.
 * By unit code (case-insensitive), then unit id. Every line: the .xlsx, the answers of submit/confirm/return (one
 * line), the file download; the HTTP board reads a page (`boardPageSql`).
 */
export function boardLinesSql(taskId: boolean): string {
  return `
  SELECT ${LINE_COLUMNS}
    FROM report_tasks rt
    JOIN tasks t ON t.id = rt.task_id
    JOIN units u ON u.id = rt.unit_id
    CROSS JOIN LATERAL (SELECT ${STATUS_SQL} AS status) s
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN users cb ON cb.id = rt.confirmed_by_id
    -- The submission in force: the latest completion not returned, of the period's tasks at once (a join PostgreSQL
    -- hashes; one LATERAL probe per task cost 30 µs a line at 10,000 units).
    LEFT JOIN (
      SELECT DISTINCT ON (tc.task_id) tc.task_id, tc.id, tc.reported_by_id, tc.result
        FROM report_tasks pt JOIN task_completions tc ON tc.task_id = pt.task_id
       WHERE pt.obligation_id = $1 AND pt.period_key = $2 AND tc.returned_at IS NULL
       ORDER BY tc.task_id, tc.completed_at DESC
    ) c ON c.task_id = t.id AND t.state = 'completed'
    LEFT JOIN users rb ON rb.id = c.reported_by_id
   WHERE rt.obligation_id = $1 AND rt.period_key = $2${taskId ? ' AND rt.task_id = $4' : ''}
   ORDER BY upper(u.code), u.id`;
}

/** What the HTTP board asks for: one of the four cells or all, words of the unit's code or name, a page. */
export interface BoardPageFilter {
  status?: BoardStatus;
  q?: string;
  page: number;
  pageSize: number;
}

/** The filter's conditions on `t` (tasks) and `u` (units), its parameters added to `p` (after $1–$3). */
function filterSql(filter: Pick<BoardPageFilter, 'status' | 'q'>, p: SqlParams): { status: string | null; search: string | null } {
  return {
    // The cell's own predicate of the rule (one of the four: they exclude each other, cancelled and no_deadline, so it
    // holds exactly where STATUS_SQL gives that status), cheaper than the CASE on every row.
    status: filter.status ? statusPredicateSql(filter.status, () => '$3') : null,
    // THE search rule (libs/server/core text-search.ts) on the units' search key, as the unit lists search it.
    search: searchMatchSql(SEARCH_KEY_SQL.unit('u'), filter.q, p),
  };
}

/**
 * The period's counts in one aggregate over its report tasks, grouped by the status (the same SQL twin as the lines,
 * computed once a row): one row per status present with `n` (its report tasks) and `matching` (those the filter
 * keeps). The search is answered from units_search_idx once (the units that match), not by unaccenting 10,000
 * names. `p` holds $1 obligation id, $2 period key, $3 today; the filter's parameters are added to it.
 */
export function boardCountsSql(filter: Pick<BoardPageFilter, 'status' | 'q'>, p: SqlParams): string {
  const { status, search } = filterSql(filter, p);
  const matching = [status, search ? 'm.id IS NOT NULL' : null].filter(Boolean).join(' AND ') || 'TRUE';
  return `
  SELECT s.status, count(*)::int AS n, count(*) FILTER (WHERE ${matching})::int AS matching
    FROM report_tasks rt
    JOIN tasks t ON t.id = rt.task_id
    CROSS JOIN LATERAL (SELECT ${STATUS_SQL} AS status) s${search ? `
    LEFT JOIN (SELECT u.id FROM units u WHERE ${search}) m ON m.id = rt.unit_id` : ''}
   WHERE rt.obligation_id = $1 AND rt.period_key = $2
   GROUP BY s.status`;
}

/** A row of `boardCountsSql`. */
export interface BoardCountRow {
  status: TaskStatus;
  n: number;
  matching: number;
}

/**
 * One page of the lines `boardLinesSql` writes, in the same order, filtered (`status`, `q`) before the page is cut
 * (LIMIT/OFFSET over the period's report tasks, at most 10,000 rows to sort), so that only the page's lines are
 * written as JSON and only their submissions read (one index probe each: task_completions_task_idx). Parameters $1
 * obligation id, $2 period key, $3 today in `p`, the filter's and the page's added to it.
 */
export function boardPageSql(filter: BoardPageFilter, p: SqlParams): string {
  const { status, search } = filterSql(filter, p);
  const where = [status, search && `(${search})`].filter(Boolean).join(' AND ') || 'TRUE';
  const limit = p.add(filter.pageSize);
  const offset = p.add((filter.page - 1) * filter.pageSize);
  // The page is cut from report_tasks and units alone (10,000 rows sorted by code); the tasks are joined, and the
  // status computed, for the page's lines only, unless the filter is a status.
  return `
  WITH page AS (
    SELECT rt.task_id
      FROM report_tasks rt
      JOIN units u ON u.id = rt.unit_id${status ? `
      JOIN tasks t ON t.id = rt.task_id` : ''}
     WHERE rt.obligation_id = $1 AND rt.period_key = $2 AND ${where}
     ORDER BY upper(u.code), u.id
     LIMIT ${limit} OFFSET ${offset}
  )
  SELECT ${LINE_COLUMNS}
    FROM page
    JOIN report_tasks rt ON rt.task_id = page.task_id
    JOIN tasks t ON t.id = rt.task_id
    JOIN units u ON u.id = rt.unit_id
    CROSS JOIN LATERAL (SELECT ${STATUS_SQL} AS status) s
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN users cb ON cb.id = rt.confirmed_by_id
    -- The submission in force of the page's tasks only: one probe each.
    LEFT JOIN LATERAL (
      SELECT tc.id, tc.reported_by_id, tc.result FROM task_completions tc
       WHERE tc.task_id = t.id AND tc.returned_at IS NULL ORDER BY tc.completed_at DESC LIMIT 1
    ) c ON t.state = 'completed'
    LEFT JOIN users rb ON rb.id = c.reported_by_id
   ORDER BY upper(u.code), u.id`;
}

/** A row of `boardLinesSql`. */
export interface BoardLineRow {
  completion_id: string | null;
  status: TaskStatus;
  head: string;
  submission: string | null;
}

/**
 * The line as JSON text: `head` with its `submission`, the submission with its `files` (the completion's, in the
 * attachments feature's view). Both texts are JSON objects, so each ends with its closing brace.
 */
export function boardLineJson(row: BoardLineRow, files: Map<string, AttachmentView[]>): string {
  const submission = row.submission === null ? 'null' : `${row.submission.slice(0, -1)}, "files" : ${JSON.stringify(files.get(row.completion_id as string) ?? [])}}`;
  return `${row.head.slice(0, -1)}, "submission" : ${submission}}`;
}
