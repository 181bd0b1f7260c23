import { MINISTRY_WIDE_ROLES, ReportTaskLine } from '@tiendo/contracts';
import type { Actor } from './actor';
import { ApiError, notFound, NotFoundSubject, RefusedObject } from './api-error';
import { SqlParams } from './sql-params';

/**
 * THE answer to "may this user touch that object", in one place. Per-object checks (the predicates) and list
 * queries (the SQL) are written side by side here, and a test asserts that for every role the list returns
 * exactly the tasks that reading each by id allows.
 *
 * - admin, leader, monitor: every unit.
 * - unit_head: tasks led by their unit or a sub-unit (manage), plus tasks those units coordinate or that are
 *   assigned to them (read).
 * - staff: tasks led or coordinated by their own unit (read), and tasks assigned to them (read, work on).
 */
export function seesAllUnits(actor: Actor): boolean {
  return !actor.apiToken && MINISTRY_WIDE_ROLES.includes(actor.role);
}

/**
 * An API token's reach: the token's units and their sub-units, whatever the scope. A token is never anyone's
 * assignee and holds no role, so for a token this is the whole of the policy.
 */
function tokenReaches(actor: Actor, unitPath: string): boolean {
  return (actor.apiToken?.unitPaths ?? []).some((root) => unitPath.startsWith(root));
}

/** May assign tasks to, and manage the tasks of, the unit at `unitPath`. */
export function managesUnit(actor: Actor, unitPath: string): boolean {
  if (actor.apiToken) return tokenReaches(actor, unitPath);
  if (seesAllUnits(actor)) return true;
  return actor.role === 'unit_head' && unitPath.startsWith(actor.unitPath);
}

/** May read the unit's people and their details. */
export function seesUnit(actor: Actor, unitPath: string): boolean {
  if (actor.apiToken) return tokenReaches(actor, unitPath);
  if (seesAllUnits(actor)) return true;
  if (actor.role === 'unit_head') return unitPath.startsWith(actor.unitPath);
  return unitPath === actor.unitPath;
}

/**
 * May choose the unit in a picker (the task list's "Đơn vị chủ trì", …): every unit for ministry-wide roles; for a
 * unit head and for staff, their unit and its sub-units (what their task list can show). GET /api/units?scope=readable.
 */
export function picksUnit(actor: Actor, unitPath: string): boolean {
  if (actor.apiToken) return tokenReaches(actor, unitPath);
  return seesAllUnits(actor) || unitPath.startsWith(actor.unitPath);
}

/** What the policy needs to know of a task. */
export interface TaskScopeFacts {
  leadUnitPath: string;
  coordinatingUnitPaths: string[];
  assigneeId: string | null;
}

export function canReadTask(actor: Actor, task: TaskScopeFacts): boolean {
  if (actor.apiToken) return tokenReaches(actor, task.leadUnitPath) || task.coordinatingUnitPaths.some((path) => tokenReaches(actor, path));
  if (seesAllUnits(actor) || task.assigneeId === actor.id) return true;
  const inScope = (path: string) => (actor.role === 'unit_head' ? path.startsWith(actor.unitPath) : path === actor.unitPath);
  return inScope(task.leadUnitPath) || task.coordinatingUnitPaths.some(inScope);
}

/** A task as a report finds it: what the policy needs, and everything a line of the report could show. */
export interface ReportTaskFacts extends TaskScopeFacts {
  id: string;
  code: string;
  title: string;
  deadline: string | null;
  assigneeName: string | null;
  state: 'open' | 'completed' | 'cancelled';
}

/**
 * THE rule for what a report or an export reveals of a task, used by every report and export that lists tasks
 * (key tasks, the briefing's .xlsx and .docx). Counts and percentages are public inside the ministry and name no task.
 * A listed task's title, deadline and lead unit (the caller groups lines by unit) are read aloud at the flag ceremony
 * to all staff, so every signed-in user sees them. Its id (and so the link to it), its register code, the assignee's
 * name and its state only a reader who may open the task by id (`canReadTask`); for anyone else they are null.
 * The register code (NV-2026-00001) is the Ministry Office's tracking number, not the directive's number (that one
 * is public, on the documents report), so it is treated as an identifier of the task, not as public text.
 */
export function reportTaskLine(actor: Actor, task: ReportTaskFacts): ReportTaskLine {
  const line = { title: task.title, deadline: task.deadline };
  if (!canReadTask(actor, task)) return { ...line, id: null, code: null, assignee: null, state: null };
  return { ...line, id: task.id, code: task.code, assignee: task.assigneeName, state: task.state };
}

/** Edit, reassign, cancel, return for redo, reopen, decide extensions. */
export function canManageTask(actor: Actor, task: TaskScopeFacts): boolean {
  return managesUnit(actor, task.leadUnitPath);
}

/** Report progress, complete, ask for an extension: the assignee, or whoever manages the task. */
export function canWorkOnTask(actor: Actor, task: TaskScopeFacts): boolean {
  if (actor.apiToken) return canManageTask(actor, task);
  return task.assigneeId === actor.id || canManageTask(actor, task);
}

/**
 * The tasks an actor may read, as a row source for `FROM … t`: the plain table for ministry-wide roles, else a
 * UNION ALL of three disjoint, index-friendly branches (lead unit in scope; assigned to the actor; coordinated by a
 * unit in scope). PostgreSQL pushes the list's filters into each branch. One OR across the branches made it scan
 * every task instead (170 ms on 1,000,000 tasks; see BENCHMARKS.md).
 */
export function taskScopeSource(actor: Actor, p: SqlParams): string {
  if (actor.apiToken) {
    // A token: tasks led by, or coordinated by, a unit of its subtrees (no assignee branch: a token is nobody's).
    const paths = p.add(actor.apiToken.unitPaths.map((path) => path + '%'));
    const units = `(SELECT id FROM units WHERE path LIKE ANY (${paths}::text[]))`;
    return `(
    SELECT * FROM tasks WHERE lead_unit_id IN ${units}
    UNION ALL
    SELECT * FROM tasks WHERE id IN (SELECT task_id FROM task_coordinating_units WHERE unit_id IN ${units})
      AND lead_unit_id NOT IN ${units})`;
  }
  if (seesAllUnits(actor)) return 'tasks';
  const me = p.add(actor.id);
  const units =
    actor.role === 'unit_head'
      ? `(SELECT id FROM units WHERE path LIKE ${p.add(actor.unitPath + '%')})`
      : `(${p.add(actor.unitId)}::uuid)`;
  return `(
    SELECT * FROM tasks WHERE lead_unit_id IN ${units}
    UNION ALL
    SELECT * FROM tasks WHERE assignee_id = ${me} AND lead_unit_id NOT IN ${units}
    UNION ALL
    SELECT * FROM tasks WHERE id IN (SELECT task_id FROM task_coordinating_units WHERE unit_id IN ${units})
      AND lead_unit_id NOT IN ${units} AND assignee_id IS DISTINCT FROM ${me})`;
}

const NOT_FOUND_SUBJECT: Record<RefusedObject['kind'], NotFoundSubject> = { task: 'Task', user: 'User', unit: 'Unit', report_obligation: 'Report obligation' };

/**
 * 404 for an object that exists but lies outside the caller's scope: the answer is the same as for a missing object
 * (its existence does not leak), and the global filter records it as a security event `object_hidden` with the kind,
 * id, actor and client address. Throw plain `notFound` for objects that do not exist.
 */
export function outOfScope(kind: RefusedObject['kind'], id: string): ApiError {
  return refusedOn(notFound(NOT_FOUND_SUBJECT[kind]), kind, id);
}

/**
 * Marks an object-level refusal (a 403 inside the caller's scope, or `outOfScope`'s 404) with the object it concerns,
 * so that the global filter records it (`object_denied`, `object_hidden`) after the request's transaction is gone.
 */
export function refusedOn<E extends ApiError>(error: E, kind: RefusedObject['kind'], id: string): E {
  error.refusedObject = { kind, id };
  return error;
}
