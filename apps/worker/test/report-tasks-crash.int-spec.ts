import { cloneDatabase } from '@tiendo/server-testing';
import { REPORT_TASKS_QUEUE } from '@tiendo/server-report-obligations';
import { QueueEvents } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { dropQueuePrefix, REDIS_URL, spawnBuiltWorker, testQueuePrefix } from './worker-harness';

const UNITS = 400;
/** Monday 07/12/2026, 00:30 in Hà Nội: December's report tasks are due to be created today (5 working days before 14/12). */
const CLOCK_START = '2026-12-07T00:30:00+07:00';

const children: ChildProcess[] = [];

const startWorker = (databaseUrl: string, prefix: string) => spawnBuiltWorker(children, databaseUrl, prefix, CLOCK_START);

/**
 * Resolves once `holds()` is true, looking again each time `wake` is called (an event: a NOTIFY, a job completed),
 * never on a timer. The listener is attached before the first look, so no event is missed.
 */
function whenTrue(holds: () => Promise<boolean>, subscribe: (wake: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const look = () => {
      if (done) return;
      holds().then((ok) => {
        if (ok && !done) {
          done = true;
          resolve();
        }
      }, reject);
    };
    subscribe(look);
    look();
  });
}

describe('the report-task generator’s worker killed with SIGKILL in the middle of its run (issue #11)', () => {
  it('another worker finishes the run: every unit’s report task exists exactly once', async () => {
    const template = process.env['TIENDO_TEST_TEMPLATE_DB'] as string;
    const database = await cloneDatabase(template);
    const prefix = testQueuePrefix();
    const db = new Client({ connectionString: database.url });
    await db.connect();
    db.on('error', () => undefined);
    const events = new QueueEvents(REPORT_TASKS_QUEUE, { connection: { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) }, prefix });
    events.on('error', () => undefined);
    try {
      await db.query(`INSERT INTO units (id, code, name, kind, path) VALUES ('00000000-0000-4000-8000-000000000001', 'BO', 'Bộ', 'ministry', '/00000000-0000-4000-8000-000000000001/')`);
      await db.query(`INSERT INTO users (id, username, full_name, unit_id, role, password_hash) VALUES
        ('00000000-0000-4000-8000-0000000000a1', 'vp', 'Văn phòng', '00000000-0000-4000-8000-000000000001', 'monitor', 'x')`);
      await db.query(
        `INSERT INTO units (id, code, name, kind, parent_id, path)
         SELECT id, 'S' || g, 'Sở ' || g, 'provincial_department', '00000000-0000-4000-8000-000000000001', '/00000000-0000-4000-8000-000000000001/' || id || '/'
           FROM (SELECT g, gen_random_uuid() AS id FROM generate_series(1, $1) g) s`,
        [UNITS],
      );
      await db.query(
        `INSERT INTO report_obligations (code, name, periodicity, create_working_days_before, receiving_unit_id, reporting_unit_kind, starts_on, created_by_id, created_at, updated_at)
         VALUES ('BC-THANG', 'Báo cáo tháng', 'monthly', 5, '00000000-0000-4000-8000-000000000001', 'provincial_department', '2026-12-01',
                 '00000000-0000-4000-8000-0000000000a1', now(), now())`,
      );
      const count = async () => (await db.query(`SELECT count(*)::int AS n FROM report_tasks`)).rows[0].n as number;

      // Each report task's transaction appends its `assigned` event, whose trigger NOTIFYs tiendo_task_events.
      await db.query('LISTEN tiendo_task_events');
      const onTaskEvent = (wake: () => void) => db.on('notification', wake);
      const first = startWorker(database.url, prefix);
      const firstExit = new Promise((r) => first.once('exit', r));
      // Killed once some tasks are committed and before the run has ended.
      await whenTrue(async () => (await count()) >= 20, onTaskEvent);
      first.kill('SIGKILL');
      await firstExit;
      const atKill = await count();
      expect(atKill).toBeGreaterThanOrEqual(20);
      expect(atKill).toBeLessThan(UNITS);
      const [{ finished }] = (await db.query(`SELECT count(finished_at)::int AS finished FROM report_task_runs`)).rows;
      expect(finished).toBe(0);

      const second = startWorker(database.url, prefix);
      // The run has ended when its job completes and its row says so (looked at on each job completed).
      await whenTrue(
        async () => ((await db.query(`SELECT 1 FROM report_task_runs WHERE day = '2026-12-07' AND finished_at IS NOT NULL`)).rowCount ?? 0) > 0,
        (wake) => events.on('completed', wake),
      );
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));

      const [totals] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM report_tasks) AS rows, (SELECT count(DISTINCT unit_id)::int FROM report_tasks WHERE period_key = '2026-12') AS units,
                  (SELECT count(*)::int FROM tasks) AS tasks, (SELECT count(*)::int FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM report_tasks r WHERE r.task_id = t.id)) AS orphans,
                  (SELECT count(*)::int FROM task_history WHERE action = 'created') AS history`,
        )
      ).rows;
      expect(totals).toEqual({ rows: UNITS, units: UNITS, tasks: UNITS, orphans: 0, history: UNITS });
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await events.close();
      await db.end();
      await dropQueuePrefix(prefix);
      await database.drop();
    }
  }, 180_000);
});
