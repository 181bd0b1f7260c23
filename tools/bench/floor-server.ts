// The floor of the API benchmark: node:http + pg answering the same SQL as the API, with none of the framework.
import type { Actor } from '@tiendo/server-core';
import { buildTaskListSql } from '@tiendo/server-tasks';
import { createServer } from 'node:http';
import { Pool } from 'pg';

// The same pool settings as the API's (libs/server/database).
const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, options: '-c max_parallel_workers_per_gather=0' });
const actor = JSON.parse(process.env['BENCH_ACTOR'] as string) as Actor;
const today = process.env['BENCH_TODAY'] as string;
const writer = process.env['BENCH_WRITER'] as string;

createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url?.startsWith('/tasks')) {
      const sql = buildTaskListSql(actor, { status: ['in_progress_overdue', 'in_progress_on_track'], sort: 'deadline', pageSize: 20 }, today);
      const [page, count] = await Promise.all([pool.query(sql.page, sql.params), pool.query(sql.count, sql.params)]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: page.rows, total: count.rows[0].total }));
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/progress/')) {
      const id = req.url.slice('/progress/'.length);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query(`SELECT version FROM tasks WHERE id = $1 FOR UPDATE`, [id]);
        await client.query(`INSERT INTO task_progress_notes (task_id, author_id, percent, note, created_at) VALUES ($1, $2, 50, 'Đang thực hiện', now())`, [id, writer]);
        await client.query(`UPDATE tasks SET progress_percent = 50, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [id, rows[0].version]);
        await client.query(`INSERT INTO task_history (task_id, actor_id, at, action, changes) VALUES ($1, $2, now(), 'progress', '[]')`, [id, writer]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(404).end();
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
}).listen(Number(process.env['PORT']), '127.0.0.1');
