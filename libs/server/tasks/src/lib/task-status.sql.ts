import { endOfLocalDay, LocalDate, startOfLocalDay, TaskStatus, VN_TIME_ZONE } from '@tiendo/domain';
import { SqlParams } from '@tiendo/server-core';

/**
 * The status rule of libs/domain written as SQL. Two forms: predicates on a task's current columns (lists, "as of
 * now"), and the period classification that reads history (reports, "as of the end of a period"). Both are
 * checked against the TypeScript rule on random tasks (apps/api/test/task-status-sql.int-spec.ts, and the property
 * in apps/api/test/reports.int-spec.ts).
 *
 * Reports count the tasks the ministry assigned, not the pieces a unit splits them into: the period forms read only
 * tasks without a parent unless asked otherwise (`SubTaskScope`), so a sub-task is never counted again in the four
 * categories (README, "Sub-tasks in the figures").
 */

/**
 * Which tasks a period form reads: the ministry's tasks only (`exclude`, every report), a unit's sub-tasks only
 * (`only`, a unit's own view of its pieces), or both (`include`).
 */
export type SubTaskScope = 'exclude' | 'only' | 'include';

const subTaskFilter = (scope: SubTaskScope, alias = 't') =>
  scope === 'exclude' ? `AND ${alias}.parent_task_id IS NULL` : scope === 'only' ? `AND ${alias}.parent_task_id IS NOT NULL` : '';

/** The category at the period's end from a deadline and a completion moment (null when open at the end). */
function categorySql(deadline: string, completedAt: string, toP: string): string {
  return `CASE
      WHEN ${deadline} IS NULL THEN 'no_deadline'
      WHEN ${completedAt} IS NOT NULL THEN
        CASE WHEN (${completedAt} AT TIME ZONE '${VN_TIME_ZONE}')::date <= ${deadline} THEN 'completed_on_time' ELSE 'completed_late' END
      WHEN ${toP}::date > ${deadline} THEN 'in_progress_overdue'
      ELSE 'in_progress_on_track' END`;
}

const daysLate = (deadline: string, completedAt: string) => `(${completedAt} AT TIME ZONE '${VN_TIME_ZONE}')::date - ${deadline}`;

/**
 * A task not finished (completed or cancelled) before `start`: open, or finished at or after it. For a task with a
 * simple history it is implied by the period conditions on completed_at and cancelled_at; for one with a history, by
 * the history branch's NOT EXISTS (a completed task's completed_at is its live completion's, a cancelled task's
 * cancelled_at its cancellation's not reopened: TasksService writes both together, a return or a reopening clears
 * them). Written in the form the partial indexes `tasks_finished_idx` and `tasks_history_finished_idx` answer
 * (migrations 1796840000000, 1796840001000), so a period reads the open and recently finished tasks rather than every
 * task ever written.
 */
const notFinishedBefore = (start: string) => `(coalesce(t.completed_at, t.cancelled_at) IS NULL OR coalesce(t.completed_at, t.cancelled_at) >= ${start})`;

const completedOn = (alias: string, column = 'completed_at') => `(${alias}.${column} AT TIME ZONE '${VN_TIME_ZONE}')::date`;

/**
 * One status as of `today()` (a parameter, added only when used: PostgreSQL refuses an unused one), as a predicate
 * PostgreSQL can answer from the (lead unit, state, deadline) index.
 */
export function statusPredicateSql(status: TaskStatus, today: () => string, alias = 't'): string {
  switch (status) {
    case 'cancelled':
      return `${alias}.state = 'cancelled'`;
    case 'no_deadline':
      return `(${alias}.state <> 'cancelled' AND ${alias}.deadline IS NULL)`;
    case 'completed_on_time':
      return `(${alias}.state = 'completed' AND ${completedOn(alias)} <= ${alias}.deadline)`;
    case 'completed_late':
      return `(${alias}.state = 'completed' AND ${completedOn(alias)} > ${alias}.deadline)`;
    case 'in_progress_overdue':
      return `(${alias}.state = 'open' AND ${alias}.deadline < ${today()}::date)`;
    case 'in_progress_on_track':
      return `(${alias}.state = 'open' AND ${alias}.deadline >= ${today()}::date)`;
  }
}

/**
 * The units of a part of the organisation (REPORT_PARTS in @tiendo/contracts), as a predicate on a `units` row
 * `alias`: `provincial` = a provincial department (kind `provincial_department`) or a unit under one; `headquarters`
 * = every other unit; `all` = true. The one home of the rule that the ministry's figures are the headquarters'
 * (issue #11: the provinces' report tasks leave the June 2020 figures at 96 / 59 / 5 / 2 / 30).
 */
export function unitPartSql(part: 'headquarters' | 'provincial' | 'all', alias = 'u'): string {
  if (part === 'all') return 'TRUE';
  const provincial = `EXISTS (SELECT 1 FROM units pd WHERE pd.kind = 'provincial_department' AND ${alias}.path LIKE pd.path || '%')`;
  return part === 'provincial' ? provincial : `NOT ${provincial}`;
}

/**
 * Every task handled in [from, to] with the unit that led it and its category at the end of `to` (local time):
 * rows (task_id, unit_id, category, days_late). Tasks whose current columns tell their whole story
 * (`simple_history`) are read in one pass over `tasks`; the few others from the history tables.
 * `unitPath` limits it to a unit's subtree; `subTasks` (default `exclude`, as every report) which tasks it reads.
 */
export function periodClassificationSql(p: SqlParams, from: LocalDate, to: LocalDate, unitPath?: string, subTasks: SubTaskScope = 'exclude'): string {
  const toP = p.add(to);
  const start = p.add(startOfLocalDay(from));
  const end = p.add(endOfLocalDay(to));
  const inScope = unitPath ? (column: string) => `AND ${column} IN (SELECT id FROM units WHERE path LIKE ${p.add(unitPath + '%')})` : () => '';
  const category = (deadline: string, completedAt: string) => categorySql(deadline, completedAt, toP);
  const simpleCompleted = `CASE WHEN t.completed_at <= ${end} THEN t.completed_at END`;
  return `
    SELECT t.id AS task_id, t.lead_unit_id AS unit_id,
           ${category('t.deadline', simpleCompleted)} AS category,
           ${daysLate('t.deadline', simpleCompleted)} AS days_late
      FROM tasks t
     WHERE t.simple_history AND t.assigned_on <= ${toP}
       AND (t.completed_at IS NULL OR t.completed_at >= ${start})
       AND (t.cancelled_at IS NULL OR t.cancelled_at > ${end})
       AND ${notFinishedBefore(start)}
       ${subTaskFilter(subTasks)}
       ${inScope('t.lead_unit_id')}
    UNION ALL
    ${historyBranchSql(p, from, to, unitPath, subTasks, { toP, start, end })}
  `;
}

/** The tasks with a history (`NOT simple_history`) handled in the period, classified from the history tables. */
function historyBranchSql(
  p: SqlParams,
  from: LocalDate,
  to: LocalDate,
  unitPath: string | undefined,
  subTasks: SubTaskScope,
  shared?: { toP: string; start: string; end: string },
): string {
  const toP = shared?.toP ?? p.add(to);
  const start = shared?.start ?? p.add(startOfLocalDay(from));
  const end = shared?.end ?? p.add(endOfLocalDay(to));
  const inScope = unitPath ? (column: string) => `AND ${column} IN (SELECT id FROM units WHERE path LIKE ${p.add(unitPath + '%')})` : () => '';
  const category = (deadline: string, completedAt: string) => categorySql(deadline, completedAt, toP);
  return `
    SELECT h.task_id, h.unit_id, ${category('h.deadline', 'h.completed_at')} AS category, ${daysLate('h.deadline', 'h.completed_at')} AS days_late
      FROM (
        SELECT t.id AS task_id,
               coalesce(ue.to_unit_id, uf.from_unit_id, t.lead_unit_id) AS unit_id,
               CASE WHEN dc.id IS NOT NULL THEN dc.requested_deadline ELSE t.original_deadline END AS deadline,
               ce.completed_at
          FROM tasks t
          LEFT JOIN LATERAL (SELECT e.id, e.requested_deadline FROM task_extensions e
                              WHERE e.task_id = t.id AND e.state = 'approved' AND e.decided_at <= ${end}
                              ORDER BY e.decided_at DESC LIMIT 1) dc ON true
          LEFT JOIN LATERAL (SELECT c.completed_at FROM task_completions c
                              WHERE c.task_id = t.id AND c.completed_at <= ${end} AND (c.returned_at IS NULL OR c.returned_at > ${end})
                              ORDER BY c.completed_at DESC LIMIT 1) ce ON true
          LEFT JOIN LATERAL (SELECT u.to_unit_id FROM task_lead_unit_changes u
                              WHERE u.task_id = t.id AND u.changed_at <= ${end} ORDER BY u.changed_at DESC LIMIT 1) ue ON true
          LEFT JOIN LATERAL (SELECT u.from_unit_id FROM task_lead_unit_changes u
                              WHERE u.task_id = t.id ORDER BY u.changed_at LIMIT 1) uf ON true
         WHERE NOT t.simple_history AND t.assigned_on <= ${toP}
           AND ${notFinishedBefore(start)}
           ${subTaskFilter(subTasks)}
           AND NOT EXISTS (SELECT 1 FROM task_completions c WHERE c.task_id = t.id AND c.completed_at < ${start}
                              AND (c.returned_at IS NULL OR c.returned_at > ${end}))
           AND NOT EXISTS (SELECT 1 FROM task_cancellations k WHERE k.task_id = t.id AND k.cancelled_at <= ${end}
                              AND (k.reopened_at IS NULL OR k.reopened_at > ${end}))
      ) h
     WHERE true ${inScope('h.unit_id')}
`;
}

/**
 * Per-unit counts of a period in two parts that PostgreSQL runs best apart: tasks with a simple history as one
 * parallel GROUP BY with a count FILTER per category (the same single pass as the benchmark's floor; a UNION with the
 * history branch stopped it from going parallel and cost 2x), and the few tasks with history from the tables above.
 * Rows: (unit_id, completed_on_time, completed_late, in_progress_overdue, in_progress_on_track, no_deadline).
 * Sub-tasks are never counted here (the briefing, the trend and their exports count the ministry's tasks).
 */
export function periodCountsSql(from: LocalDate, to: LocalDate, unitPath?: string): { simple: [string, unknown[]]; history: [string, unknown[]] } {
  const p = new SqlParams();
  const scopeP = unitPath ? p.add(unitPath + '%') : null;
  const toP = p.add(to);
  const start = p.add(startOfLocalDay(from));
  const end = p.add(endOfLocalDay(to));
  const completedOnDay = `(t.completed_at AT TIME ZONE '${VN_TIME_ZONE}')::date`;
  const doneByEnd = `t.completed_at <= ${end}`;
  const openAtEnd = `(t.completed_at IS NULL OR t.completed_at > ${end})`;
  const simple = `
    SELECT t.lead_unit_id AS unit_id,
           count(*) FILTER (WHERE t.deadline IS NOT NULL AND ${doneByEnd} AND ${completedOnDay} <= t.deadline)::int AS completed_on_time,
           count(*) FILTER (WHERE t.deadline IS NOT NULL AND ${doneByEnd} AND ${completedOnDay} > t.deadline)::int AS completed_late,
           count(*) FILTER (WHERE t.deadline IS NOT NULL AND ${openAtEnd} AND t.deadline < ${toP}::date)::int AS in_progress_overdue,
           count(*) FILTER (WHERE t.deadline IS NOT NULL AND ${openAtEnd} AND t.deadline >= ${toP}::date)::int AS in_progress_on_track,
           count(*) FILTER (WHERE t.deadline IS NULL)::int AS no_deadline
      FROM tasks t
     WHERE t.simple_history AND t.assigned_on <= ${toP}
       AND (t.completed_at IS NULL OR t.completed_at >= ${start})
       AND (t.cancelled_at IS NULL OR t.cancelled_at > ${end})
       AND ${notFinishedBefore(start)}
       AND t.parent_task_id IS NULL
       ${scopeP ? `AND t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE ${scopeP})` : ''}
     GROUP BY t.lead_unit_id`;
  const q = new SqlParams();
  const history = `
    SELECT x.unit_id,
           count(*) FILTER (WHERE x.category = 'completed_on_time')::int AS completed_on_time,
           count(*) FILTER (WHERE x.category = 'completed_late')::int AS completed_late,
           count(*) FILTER (WHERE x.category = 'in_progress_overdue')::int AS in_progress_overdue,
           count(*) FILTER (WHERE x.category = 'in_progress_on_track')::int AS in_progress_on_track,
           count(*) FILTER (WHERE x.category = 'no_deadline')::int AS no_deadline
      FROM (${historyBranchSql(q, from, to, unitPath, 'exclude')}) x GROUP BY x.unit_id`;
  return { simple: [simple, p.values], history: [history, q.values] };
}
