import { LeaderOversight } from '@tiendo/server-users';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { reportPartOf, type TaskView } from '@tiendo/contracts';
import { classifyTask, describeTaskListFilter, filterSummaryLine, isDueSoon, LocalDate, monthBounds, TaskStatus, WorkingCalendar } from '@tiendo/domain';
import { Actor, preparedQuery, SEARCH_KEY_SQL, refuse, searchMatchSql, seesAllUnits, SqlParams, TaskScopeFacts, taskScopeSource } from '@tiendo/server-core';
import { DataSource, EntityManager } from 'typeorm';
import { ListTasksQuery } from './dto/list-tasks.query';
import { periodClassificationSql, statusPredicateSql, unitPartSql } from './task-status.sql';

const PERIOD_CATEGORY_SQL: Record<NonNullable<ListTasksQuery['category']>, string> = {
  completedOnTime: 'completed_on_time',
  completedLate: 'completed_late',
  inProgressOverdue: 'in_progress_overdue',
  inProgressOnTrack: 'in_progress_on_track',
  noDeadline: 'no_deadline',
};

const SORT_SQL: Record<string, string> = {
  code: 't.code',
  title: 't.title',
  deadline: 't.deadline',
  assignedOn: 't.assigned_on',
  updatedAt: 't.updated_at',
  progress: 't.progress_percent',
  priority: `array_position(ARRAY['low','normal','high','urgent']::varchar[], t.priority)`,
};

/** The paths of the coordinating units of the task aliased t (the access policy's coordinatingUnitPaths). */
const COORDINATING_PATHS_SQL = `(SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id)`;

/** The SELECT behind every task view (the list's rows, a task's page), over `source` aliased t; `extra` adds columns. */
export const taskViewSql = (source = 'tasks', extra = '') => `
  SELECT ${extra} t.id, t.code, t.title, t.description, t.assigned_on::text AS assigned_on, t.original_deadline::text AS original_deadline,
         t.deadline::text AS deadline, t.priority, t.is_key_task, t.progress_percent, t.state, t.completed_at, t.completion_result,
         t.cancelled_at, t.cancel_reason, t.version, t.created_at, t.updated_at, t.parent_task_id,
         lu.code AS lead_code, lu.name AS lead_name,
         sd.id AS doc_id, sd.number AS doc_number, sd.title AS doc_title,
         a.id AS assignee_id, a.username AS assignee_username, a.full_name AS assignee_name,
         b.id AS by_id, b.username AS by_username, b.full_name AS by_name,
         (SELECT coalesce(json_agg(json_build_object('code', cu.code, 'name', cu.name) ORDER BY cu.code), '[]'::json)
            FROM task_coordinating_units c JOIN units cu ON cu.id = c.unit_id WHERE c.task_id = t.id) AS coordinating
    FROM ${source} t
    JOIN units lu ON lu.id = t.lead_unit_id
    JOIN users b ON b.id = t.assigned_by_id
    LEFT JOIN users a ON a.id = t.assignee_id
    LEFT JOIN source_documents sd ON sd.id = t.source_document_id`;

interface TaskRow {
  id: string;
  code: string;
  title: string;
  description: string;
  assigned_on: string;
  original_deadline: string | null;
  deadline: string | null;
  priority: TaskView['priority'];
  is_key_task: boolean;
  progress_percent: number;
  state: TaskView['state'];
  completed_at: Date | null;
  completion_result: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  parent_task_id: string | null;
  lead_code: string;
  lead_name: string;
  doc_id: string | null;
  doc_number: string | null;
  doc_title: string | null;
  assignee_id: string | null;
  assignee_username: string | null;
  assignee_name: string | null;
  by_id: string;
  by_username: string;
  by_name: string;
  coordinating: { code: string; name: string }[];
}

/** A list's statements; run them with `runTaskListSql`. */
export interface TaskListSql {
  /** The page's rows (TaskRow), in order; with `totalInPage`, each also carries `total`. */
  page: string;
  pageParams: unknown[];
  /** `{ total }`: how many tasks the filters give in all. */
  count: string;
  params: unknown[];
  /** Whether the statements may be prepared (planned once for every value of their parameters). */
  prepared: boolean;
  /** The page's rows carry the total (one pass over the matches instead of two); `count` only past the last page. */
  totalInPage: boolean;
  offset: number;
}

/**
 * The task list as SQL: a page and its total over the same filters and the actor's read scope. Exported so that
 * the API benchmark's bare-server floor runs exactly the statements the API runs.
 */
/**
 * The status rule (libs/domain classifyTask) applied as of `now` to a task's row as it stands: the row holds the
 * deadline in force, the state and its moments, which is all the rule needs for "now" (a past period needs the
 * dated history instead: task-status.sql.ts). Used by every view that shows a task's status today.
 */
export function statusNow(
  r: { deadline: LocalDate | null; state: string; completed_at: Date | string | null; cancelled_at: Date | string | null },
  now: Date,
): TaskStatus {
  const completedAt = r.completed_at ? new Date(r.completed_at) : null;
  const cancelledAt = r.cancelled_at ? new Date(r.cancelled_at) : null;
  return classifyTask(
    {
      originalDeadline: r.deadline,
      deadlineChanges: [],
      completions: r.state === 'completed' && completedAt ? [{ completedAt, returnedAt: null }] : [],
      cancellations: r.state === 'cancelled' && cancelledAt ? [{ cancelledAt, reopenedAt: null }] : [],
    },
    now,
  );
}

export function buildTaskListSql(
  actor: Actor,
  query: ListTasksQuery,
  today: LocalDate,
  unit?: { id: string; path: string },
  overseenPaths?: string[],
): TaskListSql {
  const p = new SqlParams();
  const where: string[] = [];
  const source = taskScopeSource(actor, p);
  const period = query.period ? monthBounds(query.period) : query.periodFrom && query.periodTo ? { from: query.periodFrom, to: query.periodTo } : null;
  // Sub-tasks: a period filter lists exactly what the reports count (the ministry's tasks, no sub-tasks) unless the
  // caller asks for them; without a period, sub-tasks are listed like any task (a staff member's My tasks).
  const subTasks = query.subTasks ?? (period ? 'exclude' : 'include');
  if (period) {
    // Exactly the tasks a report counts: the same classification, the unit that led each task at the period's end.
    const category = query.category ? `x.category = ${p.add(PERIOD_CATEGORY_SQL[query.category])}` : `x.category <> 'no_deadline'`;
    const unitFilter = unit
      ? query.includeSubunits === false
        ? `AND x.unit_id = ${p.add(unit.id)}`
        : `AND x.unit_id IN (SELECT id FROM units WHERE path LIKE ${p.add(unit.path + '%')})`
      : '';
    const overseen = overseenPaths?.length ? `AND x.unit_id IN (SELECT id FROM units WHERE path LIKE ANY(${p.add(overseenPaths.map((o) => o + '%'))}::text[]))` : '';
    // The reports' part of the organisation (REPORT_PARTS): the briefing's counts open exactly these tasks.
    const counted = reportPartOf(query.part, Boolean(unit || overseenPaths?.length));
    const part = counted === 'all' ? '' : `AND x.unit_id IN (SELECT u.id FROM units u WHERE ${unitPartSql(counted, 'u')})`;
    where.push(`t.id IN (SELECT x.task_id FROM (${periodClassificationSql(p, period.from, period.to, undefined, subTasks)}) x WHERE ${category} ${unitFilter} ${overseen} ${part})`);
  } else if (unit) {
    where.push(
      query.includeSubunits === false
        ? `t.lead_unit_id = ${p.add(unit.id)}`
        : `t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE ${p.add(unit.path + '%')})`,
    );
  }
  // scope=oversight (LeaderOversight.scopePaths, the reports' rule): the lead unit within one of the overseen units.
  if (!period && overseenPaths?.length) where.push(`t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE ANY(${p.add(overseenPaths.map((o) => o + '%'))}::text[]))`);
  if (!period && subTasks !== 'include') where.push(`t.parent_task_id IS ${subTasks === 'only' ? 'NOT ' : ''}NULL`);
  if (query.assignee) where.push(`t.assignee_id = ${p.add(query.assignee === 'me' ? actor.id : query.assignee)}`);
  if (query.status?.length) {
    // Added only when a status needs it: PostgreSQL refuses a parameter that no expression uses.
    let dayParam: string | undefined;
    const day = () => (dayParam ??= p.add(today));
    where.push(`(${query.status.map((s) => statusPredicateSql(s, day)).join(' OR ')})`);
  }
  if (query.state?.length) where.push(`t.state = ANY(${p.add(query.state)}::text[])`);
  if (query.sourceDocument) where.push(`t.source_document_id = ${p.add(query.sourceDocument)}`);
  if (query.deadlineFrom) where.push(`t.deadline >= ${p.add(query.deadlineFrom)}`);
  if (query.deadlineTo) where.push(`t.deadline <= ${p.add(query.deadlineTo)}`);
  if (query.keyTask !== undefined) where.push(`t.is_key_task = ${p.add(query.keyTask)}`);
  // At most one pending request per task (a partial unique index), which also serves this lookup.
  if (query.pendingExtension !== undefined) {
    where.push(`${query.pendingExtension ? '' : 'NOT '}EXISTS (SELECT 1 FROM task_extensions e WHERE e.task_id = t.id AND e.state = 'pending' AND t.state = 'open')`);
  }
  // The search rule (text-search.ts): code, title and source document, tone marks and case optional; from the index.
  const search = searchMatchSql(SEARCH_KEY_SQL.task('t'), query.q, p);
  if (search) where.push(search);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sort = query.sort ?? 'deadline';
  const desc = sort.startsWith('-');
  const order = `${SORT_SQL[desc ? sort.slice(1) : sort]} ${desc ? 'DESC' : 'ASC'} NULLS LAST, t.code ASC`;
  const pageSize = query.pageSize ?? 20;
  const offset = ((query.page ?? 1) - 1) * pageSize;
  // Page size and offset as parameters, so that every page of a list shares one prepared statement.
  const pageParams = [...p.values, pageSize, offset];
  const limitP = `$${pageParams.length - 1}`;
  const offsetP = `$${pageParams.length}`;
  // The page's ids first, from as few columns as the filters and order need (often the index alone), then the
  // twenty rows it shows with their joins.
  // A search reads every match anyway (its text is in no index order): the page counts them as it goes.
  const total = search ? ', count(*) OVER ()::int AS total' : '';
  return {
    page: `WITH page AS MATERIALIZED (SELECT t.id ${total} FROM ${source} t ${whereSql} ORDER BY ${order} LIMIT ${limitP} OFFSET ${offsetP})
      ${taskViewSql('tasks', search ? '(SELECT total FROM page LIMIT 1) AS total,' : '')} WHERE t.id IN (SELECT id FROM page) ORDER BY ${order}`,
    count: `SELECT count(*)::int AS total FROM ${source} t ${whereSql}`,
    params: p.values,
    pageParams,
    // A search is planned for its text: a prepared statement's generic plan cannot know how common the typed text
    // is, and took the trigram index for "bao cao" (a fifth of all tasks): 250 ms against 1 ms on 100,000 tasks
    // (BENCHMARKS.md).
    prepared: !search,
    totalInPage: Boolean(search),
    offset,
  };
}

/**
 * Runs a list's statements through `run` (the repository's prepared or plain query, or the benchmark floor's pool):
 * the page and its total, in parallel, or for a search the page alone, whose rows carry the total (counted only
 * when the page is past the last match).
 */
export async function runTaskListSql<Row>(sql: TaskListSql, run: (text: string, values: unknown[]) => Promise<unknown[]>): Promise<{ rows: Row[]; total: number }> {
  const count = async () => ((await run(sql.count, sql.params)) as Array<{ total: number }>)[0].total;
  if (sql.totalInPage) {
    const rows = (await run(sql.page, sql.pageParams)) as Array<Row & { total: number }>;
    return { rows, total: rows.length ? rows[0].total : sql.offset === 0 ? 0 : await count() };
  }
  const [rows, total] = await Promise.all([run(sql.page, sql.pageParams) as Promise<Row[]>, count()]);
  return { rows, total };
}

/** Reads of tasks as views, in SQL: one query for a page, one for its total; never entities per row. */
@Injectable()
export class TaskQueryRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly oversight: LeaderOversight,
  ) {}

  async list(actor: Actor, query: ListTasksQuery, now: Date, today: LocalDate, calendar: WorkingCalendar): Promise<{ items: TaskView[]; total: number }> {
    const unit = await this.checkFilters(query);
    const sql = buildTaskListSql(actor, query, today, unit, await this.oversight.scopePaths(actor.id, query.scope));
    const { rows, total } = await runTaskListSql<TaskRow>(sql, (text, values) =>
      sql.prepared ? preparedQuery(this.db, text, values) : this.db.query(text, values),
    );
    const items = rows.map((r) => this.toView(r, now, today, calendar));
    return { items: await this.withPeriodCategory(items, query), total };
  }

  /**
   * Every task of the list as filtered (the same filters, order and read scope as `list`, no paging), for an export:
   * at most `max` tasks, else 422 EXPORT_TOO_LARGE (counted first, so a refused export reads no row).
   */
  async listAll(actor: Actor, query: ListTasksQuery, now: Date, today: LocalDate, calendar: WorkingCalendar, max: number): Promise<TaskView[]> {
    const unit = await this.checkFilters(query);
    const sql = buildTaskListSql(actor, { ...query, page: 1, pageSize: max }, today, unit, await this.oversight.scopePaths(actor.id, query.scope));
    const [{ total }] = (await this.db.query(sql.count, sql.params)) as Array<{ total: number }>;
    if (total > max) throw refuse('EXPORT_TOO_LARGE', { params: { total, max } });
    const rows: TaskRow[] = await this.db.query(sql.page, sql.pageParams);
    return this.withPeriodCategory(rows.map((r) => this.toView(r, now, today, calendar)), query);
  }

  /**
   * The filter in words, one line per filter set, for the top of an export or a printed list: unit and assignee by
   * name, statuses and the report's category in Vietnamese, dates dd/MM/yyyy. Unknown ids are written as given.
   */
  async describeFilters(query: ListTasksQuery, actorId: string): Promise<Array<{ label: string; value: string }>> {
    // The names of the ids, then the one description the web's screen and print use too (libs/domain task-list-filter).
    const [unit] = query.unit ? await this.db.query(`SELECT code, name FROM units WHERE upper(code) = upper($1)`, [query.unit]) : [];
    const overseen = query.scope === 'oversight' ? (await this.oversight.unitsOf(actorId)).map((o) => o.name) : [];
    const [person] = query.assignee ? await this.db.query(`SELECT full_name FROM users WHERE id = $1`, [query.assignee === 'me' ? actorId : query.assignee]) : [];
    const [doc] = query.sourceDocument ? await this.db.query(`SELECT number, title FROM source_documents WHERE id = $1`, [query.sourceDocument]) : [];
    const lines = describeTaskListFilter(query, {
      unit: () => unit?.name,
      assignee: () => person?.full_name,
      document: () => (doc ? `${doc.number} ${doc.title}` : undefined),
      overseenUnits: overseen,
    });
    return [filterSummaryLine(lines), ...lines];
  }

  /** The checks every list makes before its SQL; the lead unit's id and path when the filter names one. */
  async checkFilters(query: ListTasksQuery): Promise<{ id: string; path: string } | undefined> {
    if (query.category && !query.period && !query.periodFrom) throw refuse('CATEGORY_NEEDS_PERIOD', { field: 'category' });
    if (Boolean(query.periodFrom) !== Boolean(query.periodTo)) {
      throw refuse('PERIOD_RANGE_INCOMPLETE', { field: query.periodFrom ? 'periodTo' : 'periodFrom' });
    }
    if (query.period && query.periodFrom) throw refuse('PERIOD_AMBIGUOUS', { field: 'period' });
    let unit: { id: string; path: string } | undefined;
    if (query.unit) {
      [unit] = await this.db.query(`SELECT id, path FROM units WHERE upper(code) = upper($1)`, [query.unit]);
      if (!unit) throw refuse('UNKNOWN_UNIT', { field: 'unit', params: { code: query.unit } });
    }
    return unit;
  }

  /**
   * With a period filter, each task's category at the period's end (`periodCategory`), classified by the same SQL
   * that selected it, for these tasks only; the items unchanged without a period.
   */
  private async withPeriodCategory(items: TaskView[], query: ListTasksQuery): Promise<TaskView[]> {
    const period = query.period ? monthBounds(query.period) : query.periodFrom && query.periodTo ? { from: query.periodFrom, to: query.periodTo } : null;
    if (!period || !items.length) return items;
    // A list of one category holds only tasks of that category at the period's end: nothing to look up.
    if (query.category) return items.map((t) => ({ ...t, periodCategory: PERIOD_CATEGORY_SQL[query.category as keyof typeof PERIOD_CATEGORY_SQL] as TaskStatus }));
    const p = new SqlParams();
    const classified = periodClassificationSql(p, period.from, period.to, undefined, 'include');
    const rows: Array<{ task_id: string; category: TaskStatus }> = await this.db.query(
      `SELECT x.task_id, x.category FROM (${classified}) x WHERE x.task_id = ANY(${p.add(items.map((t) => t.id))}::uuid[])`,
      p.values,
    );
    const byId = new Map(rows.map((r) => [r.task_id, r.category]));
    return items.map((t) => (byId.has(t.id) ? { ...t, periodCategory: byId.get(t.id) } : t));
  }

  async view(id: string, now: Date, today: LocalDate, calendar: WorkingCalendar, manager: EntityManager = this.db.manager): Promise<TaskView | null> {
    const [row]: TaskRow[] = await manager.query(`${taskViewSql()} WHERE t.id = $1`, [id]);
    return row ? this.toView(row, now, today, calendar) : null;
  }

  /**
   * A task's view, the facts the access policy decides on, and the rows of each of `parts` (each a SELECT over the
   * task id `$1`, from the part's owner), all in one statement: the task page's task, its extensions, progress notes,
   * parent and sub-tasks cost one round trip instead of six (bench:api's task page scenario, BENCHMARKS.md). The
   * parts come back as the rows their SQL gives, through JSON (timestamps as ISO strings), in their SQL's order.
   * Null when there is no such task. The caller decides access on `scope` before using anything else.
   */
  async viewWithParts<K extends string>(
    id: string,
    parts: Record<K, string>,
    now: Date,
    today: LocalDate,
    calendar: WorkingCalendar,
  ): Promise<{ view: TaskView; scope: TaskScopeFacts; parts: Record<K, unknown[]> } | null> {
    const keys = Object.keys(parts) as K[];
    const [row] = await preparedQuery<Record<string, unknown>>(
      this.db,
      `SELECT row_to_json(v) AS view${keys.map((k, i) => `, (SELECT coalesce(json_agg(p), '[]'::json) FROM (${parts[k]}) p) AS part_${i}`).join('')}
         FROM (${taskViewSql('tasks', `lu.path AS lead_path, ${COORDINATING_PATHS_SQL} AS coordinating_paths,`)} WHERE t.id = $1) v`,
      [id],
    );
    if (!row) return null;
    const view = row['view'] as TaskRow & { lead_path: string; coordinating_paths: string[] };
    return {
      view: this.toView(view, now, today, calendar),
      scope: { assigneeId: view.assignee_id, leadUnitPath: view.lead_path, coordinatingUnitPaths: view.coordinating_paths },
      parts: Object.fromEntries(keys.map((k, i) => [k, row[`part_${i}`] as unknown[]])) as Record<K, unknown[]>,
    };
  }

  /**
   * What the access policy needs to decide on task `values[0]`, and the rows of `partSql` (a SELECT of the caller's
   * own repository over `values`, `$1` being the task id) in the same statement, through JSON (timestamps as ISO
   * strings, in the SQL's order): a read that checks access first costs one round trip (the task page's files and
   * timeline; bench:api's task page scenario). Null when there is no such task. The caller decides access on
   * `scope` before using the rows.
   */
  async scopeFactsWithRows<T>(partSql: string, values: unknown[]): Promise<{ scope: TaskScopeFacts; rows: T[] } | null> {
    const [row] = await preparedQuery<{ assignee_id: string | null; lead_path: string; coordinating_paths: string[]; part: T[] }>(
      this.db,
      `SELECT t.assignee_id, lu.path AS lead_path, ${COORDINATING_PATHS_SQL} AS coordinating_paths,
              (SELECT coalesce(json_agg(p), '[]'::json) FROM (${partSql}) p) AS part
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = $1`,
      values,
    );
    return row ? { scope: { assigneeId: row.assignee_id, leadUnitPath: row.lead_path, coordinatingUnitPaths: row.coordinating_paths }, rows: row.part } : null;
  }

  /** What the access policy needs to decide on one task; null when there is no such task. */
  /**
   * The open tasks (sub-tasks included) that these units lead or coordinate, for a unit merge's or split's plan:
   * `[{ id, code, title, leadUnitId, assigneeId, parentTaskId, coordinatingUnitIds }]` by code; and how many of their tasks are
   * closed (completed or cancelled), which stay with them.
   */
  async openTasksOfUnits(
    manager: EntityManager,
    unitIds: string[],
  ): Promise<{ open: Array<{ id: string; code: string; title: string; leadUnitId: string; assigneeId: string | null; parentTaskId: string | null; coordinatingUnitIds: string[] }>; closed: number }> {
    const open = await manager.query(
      `SELECT t.id, t.code, t.title, t.lead_unit_id AS "leadUnitId", t.assignee_id AS "assigneeId", t.parent_task_id AS "parentTaskId",
              coalesce((SELECT array_agg(c.unit_id ORDER BY c.unit_id) FROM task_coordinating_units c WHERE c.task_id = t.id), '{}') AS "coordinatingUnitIds"
         FROM tasks t
        WHERE t.state = 'open'
          AND (t.lead_unit_id = ANY($1::uuid[]) OR EXISTS (SELECT 1 FROM task_coordinating_units c WHERE c.task_id = t.id AND c.unit_id = ANY($1::uuid[])))
        ORDER BY t.code`,
      [unitIds],
    );
    const [{ closed }] = await manager.query(`SELECT count(*)::int AS closed FROM tasks WHERE state <> 'open' AND lead_unit_id = ANY($1::uuid[])`, [unitIds]);
    return { open, closed };
  }

  async scopeFacts(id: string, manager: EntityManager = this.db.manager): Promise<TaskScopeFacts | null> {
    const [row] = await preparedQuery<{ assignee_id: string | null; lead_path: string; coordinating_paths: string[] }>(
      manager,
      `SELECT t.assignee_id, lu.path AS lead_path, ${COORDINATING_PATHS_SQL} AS coordinating_paths
         FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = $1`,
      [id],
    );
    return row ? { assigneeId: row.assignee_id, leadUnitPath: row.lead_path, coordinatingUnitPaths: row.coordinating_paths } : null;
  }

  /**
   * How many extension requests wait for a decision on tasks the actor manages (the access policy's `managesUnit`:
   * every task for ministry-wide roles, the tasks led by their unit's subtree for a unit head, none for staff).
   * Served by the partial index on pending requests (at most one per task).
   */
  async pendingExtensionCount(actor: Actor): Promise<number> {
    if (!seesAllUnits(actor) && actor.role !== 'unit_head') return 0;
    const scoped = !seesAllUnits(actor);
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM task_extensions e JOIN tasks t ON t.id = e.task_id
        WHERE e.state = 'pending' AND t.state = 'open' ${scoped ? `AND t.lead_unit_id IN (SELECT id FROM units WHERE path LIKE $1)` : ''}`,
      scoped ? [actor.unitPath + '%'] : [],
    );
    return row.n;
  }

  private toView(r: TaskRow, now: Date, today: LocalDate, calendar: WorkingCalendar): TaskView {
    const completedAt = r.completed_at ? new Date(r.completed_at) : null;
    const cancelledAt = r.cancelled_at ? new Date(r.cancelled_at) : null;
    const status = statusNow(r, now);
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      description: r.description,
      sourceDocument: r.doc_id ? { id: r.doc_id, number: r.doc_number as string, title: r.doc_title as string } : null,
      leadUnit: { code: r.lead_code, name: r.lead_name },
      coordinatingUnits: r.coordinating,
      assignee: r.assignee_id ? { id: r.assignee_id, username: r.assignee_username as string, fullName: r.assignee_name as string } : null,
      assignedBy: { id: r.by_id, username: r.by_username, fullName: r.by_name },
      parentTaskId: r.parent_task_id,
      assignedOn: r.assigned_on,
      originalDeadline: r.original_deadline,
      deadline: r.deadline,
      priority: r.priority,
      isKeyTask: r.is_key_task,
      progressPercent: r.progress_percent,
      state: r.state,
      completedAt: completedAt?.toISOString() ?? null,
      completionResult: r.completion_result,
      cancelledAt: cancelledAt?.toISOString() ?? null,
      cancelReason: r.cancel_reason,
      status,
      dueSoon: isDueSoon(status, r.deadline, today, calendar),
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}
