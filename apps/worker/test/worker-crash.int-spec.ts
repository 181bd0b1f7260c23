import { cloneDatabase } from '@tiendo/server-testing';
import { QueueEvents } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { dropQueuePrefix, REDIS_URL, spawnBuiltWorker, testQueuePrefix } from './worker-harness';

const TASKS = 1000;

/** The built worker as its own process, at 08:30 on Monday 23/11/2026. */
const children: ChildProcess[] = [];

const startWorker = (databaseUrl: string, prefix: string) => spawnBuiltWorker(children, databaseUrl, prefix, '2026-11-23T08:30:00+07:00', { REMINDER_BATCH_SIZE: '10' });

describe('a worker killed with SIGKILL in the middle of a run', () => {
  it('is restarted and every due reminder is delivered exactly once', async () => {
    const template = process.env['TIENDO_TEST_TEMPLATE_DB'] as string;
    const database = await cloneDatabase(template);
    const prefix = testQueuePrefix();
    const db = new Client({ connectionString: database.url });
    await db.connect();
    db.on('error', () => undefined);
    const events = new QueueEvents('reminders', { connection: { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) }, prefix });
    try {
      await db.query(`INSERT INTO units (id, code, name, kind, path) VALUES ('00000000-0000-4000-8000-000000000001', 'BO', 'Bộ', 'ministry', '/00000000-0000-4000-8000-000000000001/')`);
      await db.query(`INSERT INTO users (id, username, full_name, unit_id, role, password_hash) VALUES
        ('00000000-0000-4000-8000-0000000000a1', 'vp', 'Văn phòng', '00000000-0000-4000-8000-000000000001', 'monitor', 'x'),
        ('00000000-0000-4000-8000-0000000000a2', 'cv', 'Chuyên viên', '00000000-0000-4000-8000-000000000001', 'staff', 'x')`);
      // Due today, each: a thousand "due_today" reminders for the same person.
      await db.query(
        `INSERT INTO tasks (code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline)
         SELECT 'K-' || g, 'Nhiệm vụ ' || g, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a2',
                '00000000-0000-4000-8000-0000000000a1', '2026-11-02', '2026-11-23', '2026-11-23' FROM generate_series(1, $1) g`,
        [TASKS],
      );
      await events.waitUntilReady();
      await db.query('LISTEN tiendo_notifications');
      // PostgreSQL folds identical notifications of one transaction into one: an event per committed batch.
      let batches = 0;
      const midway = new Promise<void>((resolve) =>
        db.on('notification', () => {
          batches++;
          if (batches === 3) resolve();
        }),
      );
      const first = startWorker(database.url, prefix);
      const firstExit = new Promise((r) => first.once('exit', r));
      await midway;
      first.kill('SIGKILL');
      await firstExit;
      const [{ n: atKill }] = (await db.query(`SELECT count(*)::int AS n FROM notifications`)).rows;
      expect(atKill).toBeGreaterThanOrEqual(30);
      expect(atKill).toBeLessThan(TASKS);

      const finished = new Promise<void>((resolve) => events.on('completed', ({ jobId }) => jobId === 'daily-2026-11-23' && resolve()));
      const second = startWorker(database.url, prefix);
      await finished;
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));

      const [{ notifications, deliveries, distinct }] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM reminder_deliveries) AS deliveries,
                  (SELECT count(DISTINCT task_id)::int FROM notifications) AS distinct`,
        )
      ).rows;
      expect({ notifications, deliveries, distinct }).toEqual({ notifications: TASKS, deliveries: TASKS, distinct: TASKS });
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await events.close();
      await db.end();
      await dropQueuePrefix(prefix);
      await database.drop();
    }
  }, 120_000);
});
