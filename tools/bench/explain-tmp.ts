import { buildTaskListSql } from '@tiendo/server-tasks';
import { Client } from 'pg';
(async () => {
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/tiendo_bench' });
  await c.connect();
  const [h] = (await c.query(`SELECT u.id, u.unit_id, un.path FROM users u JOIN units un ON un.id=u.unit_id WHERE username='head_d1'`)).rows;
  const actor = { id: h.id, username: 'x', fullName: 'x', role: 'unit_head' as const, unitId: h.unit_id, unitPath: h.path };
  const sql = buildTaskListSql(actor, { status: ['in_progress_overdue', 'in_progress_on_track'], sort: 'deadline', pageSize: 20 }, '2026-11-20');
  for (const q of [sql.page, sql.count]) {
    const r = await c.query('EXPLAIN (ANALYZE, BUFFERS) ' + q, sql.params);
    console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    console.log('----');
  }
  await c.end();
})();
