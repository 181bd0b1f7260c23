// The floor of the API benchmark: node:http + pg answering the same SQL as the API, with none of the framework.
import { WorkingCalendar } from '@tiendo/domain';
import type { Actor } from '@tiendo/server-core';
import { AttachmentsRepository } from '@tiendo/server-attachments';
import { TimelineRepository } from '@tiendo/server-comments';
import { buildTaskListSql, runTaskListSql, taskDetailParts, TaskQueryRepository, taskViewSql } from '@tiendo/server-tasks';
import type { DataSource, EntityManager } from 'typeorm';
import { createServer } from 'node:http';
import { Pool } from 'pg';

// The same pool settings as the API's (libs/server/database).
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, options: '-c max_parallel_workers_per_gather=0' });
const actor = JSON.parse(process.env['BENCH_ACTOR'] as string) as Actor;
const today = process.env['BENCH_TODAY'] as string;
const writer = process.env['BENCH_WRITER'] as string;
const search = process.env['BENCH_SEARCH'] as string;
const pageTask = process.env['BENCH_PAGE_TASK'] as string;
// The API's own repositories, handed the pool instead of TypeORM's data source and manager (plain statements through
// `query`, named ones through the pool as preparedQuery takes them): the same SQL, none of the framework.
const viaPool = { query: async (text: string, values?: unknown[]) => (await pool.query(text, values)).rows, driver: { master: pool } };
const manager = viaPool as unknown as EntityManager;
const tasks = new TaskQueryRepository(viaPool as unknown as DataSource, undefined as never);
const timeline = new TimelineRepository();
const files = new AttachmentsRepository();
// The API reads Vietnam's calendar once and keeps it (HolidaysService); so does the floor.
const calendar = WorkingCalendar.vietnam();

// Every request first loads the signed-in user, as the API's guard does (role changes apply at once).
const loadActor = (id: string) =>
  pool.query(
    `SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path AS unit_path
       FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = $1 AND u.active`,
    [id],
  );

createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url?.startsWith('/tasks')) {
      await loadActor(actor.id);
      const sql = buildTaskListSql(actor, { status: ['in_progress_overdue', 'in_progress_on_track'], sort: 'deadline', pageSize: 20 }, today);
      // Prepared, as the API's list queries are (libs/server/core/src/lib/prepared-query.ts).
      const [page, count] = await Promise.all([
        pool.query({ name: 'floor_page', text: sql.page, values: sql.pageParams }),
        pool.query({ name: 'floor_count', text: sql.count, values: sql.params }),
      ]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: page.rows, total: count.rows[0].total }));
      return;
    }
    if (req.method === 'GET' && req.url?.startsWith('/search')) {
      await loadActor(actor.id);
      // The API's search: the same builder, so the same search rule and index (libs/server/core/src/lib/text-search.ts).
      const sql = buildTaskListSql(actor, { q: search, pageSize: 20 }, today);
      // Not prepared, as the API does not prepare a search (sql.prepared is false: each is planned for its text).
      const { rows, total } = await runTaskListSql(sql, async (text, values) => (await pool.query(text, values)).rows);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: rows, total }));
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/progress/')) {
      const id = req.url.slice('/progress/'.length);
      await loadActor(writer);
      const client = await pool.connect();
      try {
        // The statements TasksService.change issues: lock the task, read the access facts, write, record history.
        await client.query('BEGIN');
        const { rows } = await client.query(`SELECT * FROM tasks WHERE id = $1 LIMIT 1 FOR UPDATE`, [id]);
        await client.query(
          `SELECT t.assignee_id, lu.path AS lead_path,
                  (SELECT coalesce(array_agg(u.path), '{}') FROM task_coordinating_units c JOIN units u ON u.id = c.unit_id WHERE c.task_id = t.id) AS coordinating_paths
             FROM tasks t JOIN units lu ON lu.id = t.lead_unit_id WHERE t.id = $1`,
          [id],
        );
        await client.query(`INSERT INTO task_progress_notes (task_id, author_id, percent, note, created_at) VALUES ($1, $2, 50, 'Đang thực hiện', now())`, [id, writer]);
        await client.query(`UPDATE tasks SET progress_percent = 50, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [id, rows[0].version]);
        await client.query(`INSERT INTO task_history (task_id, actor_id, at, action, changes) VALUES ($1, $2, now(), 'progress', '[]')`, [id, writer]);
        // The change's event (the outbox notifications and webhooks are sent from), as TaskEventsRepository writes it.
        await client.query(`INSERT INTO task_events (task_id, kind, actor_id, occurred_at, payload) VALUES ($1, 'progress_reported', $2, now(), '{"percent":50}')`, [id, writer]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      // The API answers with the task as shown in lists.
      const view = await pool.query(`${taskViewSql()} WHERE t.id = $1`, [id]);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(view.rows[0]));
      return;
    }
    if (req.method === 'GET' && req.url?.startsWith('/page/')) {
      // Each of the page's requests: the session's user (the API's guard), then the statements the API runs.
      await loadActor(actor.id);
      const part = req.url.slice('/page/'.length);
      let body: unknown;
      if (part === 'task') {
        // The view with its scope facts, extensions, notes, parent and sub-tasks in one statement (TasksService.get).
        body = await tasks.viewWithParts(pageTask, taskDetailParts(), new Date(), today, calendar);
      } else if (part === 'timeline') {
        // The scope facts with the page (TimelineService.page), then the page's comment and note files.
        const { text, values } = timeline.pageSql(pageTask, 20, 0);
        const found = await tasks.scopeFactsWithRows<Record<string, unknown>>(text, values);
        const page = await timeline.pageFromRows(manager, pageTask, found?.rows ?? [], false);
        const ids = page.items.filter((e) => e.comment || e.progressNote).map((e) => e.id);
        body = { ...page, files: Object.fromEntries(await files.listAttachedTo(manager, ['comment', 'progress_note'], ids)) };
      } else {
        // The scope facts with the files (AttachmentsService.list).
        body = files.listFromRows((await tasks.scopeFactsWithRows(files.listSql(false), [pageTask]))?.rows ?? []);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    res.writeHead(404).end();
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
}).listen(Number(process.env['PORT']), '127.0.0.1');

// Stopped by the bench with SIGTERM: exit normally, so a `--cpu-prof` profile (BENCH_FLOOR_NODE_ARGS) is written.
process.on('SIGTERM', () => process.exit(0));
