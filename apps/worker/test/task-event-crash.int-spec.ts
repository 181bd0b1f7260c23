import { cloneDatabase } from '@tiendo/server-testing';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { dropQueuePrefix, spawnBuiltWorker, testQueuePrefix } from './worker-harness';

/** Ten claims of DISPATCH_BATCH (1000): enough that a kill lands between the first commit and the last. */
const EVENTS = 10_000;
const children: ChildProcess[] = [];

const startWorker = (databaseUrl: string, prefix: string) => spawnBuiltWorker(children, databaseUrl, prefix, '2026-11-23T06:00:00+07:00', {
  // The events are written at the database's now(), the worker runs on CLOCK_START: no settle window here.
  NOTIFICATION_SETTLE_SECONDS: '0',
});

describe('the built worker killed with SIGKILL while it dispatches task events', () => {
  it('leaves no event half-told: a second worker tells the rest, and every event reaches its recipient exactly once', async () => {
    const database = await cloneDatabase(process.env['TIENDO_TEST_TEMPLATE_DB'] as string);
    const prefix = testQueuePrefix();
    const db = new Client({ connectionString: database.url });
    await db.connect();
    db.on('error', () => undefined);
    try {
      await db.query(`INSERT INTO units (id, code, name, kind, path) VALUES ('00000000-0000-4000-8000-000000000001', 'BO', 'Bộ', 'ministry', '/00000000-0000-4000-8000-000000000001/')`);
      await db.query(`INSERT INTO users (id, username, full_name, unit_id, role, password_hash) VALUES
        ('00000000-0000-4000-8000-0000000000a1', 'vp', 'Văn phòng', '00000000-0000-4000-8000-000000000001', 'monitor', 'x'),
        ('00000000-0000-4000-8000-0000000000a2', 'cv', 'Chuyên viên', '00000000-0000-4000-8000-000000000001', 'staff', 'x')`);
      const [{ id: taskId }] = (
        await db.query(
          `INSERT INTO tasks (code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline)
           VALUES ('K-1', 'Nhiệm vụ', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a2',
                   '00000000-0000-4000-8000-0000000000a1', '2026-11-02', '2026-12-23', '2026-12-23') RETURNING id`,
        )
      ).rows;
      // Comments are never coalesced: each event is exactly one notification, to the assignee (the actor is the
      // assigner, the unit has no head, nobody else follows).
      await db.query(
        `INSERT INTO task_events (task_id, kind, actor_id, occurred_at, payload)
         SELECT $1, 'comment_added', '00000000-0000-4000-8000-0000000000a1', now(), jsonb_build_object('commentId', gen_random_uuid(), 'mentions', '[]'::jsonb)
           FROM generate_series(1, $2)`,
        [taskId, EVENTS],
      );
      await db.query('LISTEN tiendo_notifications');
      const firstCommit = new Promise<void>((resolve) => db.on('notification', () => resolve()));
      const first = startWorker(database.url, prefix);
      const firstExit = new Promise((r) => first.once('exit', r));
      await firstCommit;
      first.kill('SIGKILL');
      await firstExit;
      const atKill = (await db.query(`SELECT (SELECT count(*)::int FROM notifications) AS told, (SELECT count(*)::int FROM task_events WHERE dispatched_at IS NOT NULL) AS dispatched`)).rows[0];
      // What was committed is whole: as many told as dispatched, never one without the other.
      expect(atKill.told).toBe(atKill.dispatched);
      expect(atKill.told).toBeGreaterThanOrEqual(1000);
      expect(atKill.told).toBeLessThan(EVENTS);

      const second = startWorker(database.url, prefix);
      for (let i = 0; i < 600; i++) {
        const [{ pending }] = (await db.query(`SELECT count(*)::int AS pending FROM task_events WHERE dispatched_at IS NULL`)).rows;
        if (pending === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      const [after] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM notifications) AS told,
                  (SELECT count(DISTINCT d.subject_key)::int FROM notifications n JOIN reminder_deliveries d ON d.id = n.delivery_id) AS subjects,
                  (SELECT count(*)::int FROM task_events WHERE dispatched_at IS NULL) AS pending,
                  (SELECT count(DISTINCT user_id)::int FROM notifications) AS users`,
        )
      ).rows;
      expect(after).toEqual({ told: EVENTS, subjects: EVENTS, pending: 0, users: 1 });
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await db.end();
      await dropQueuePrefix(prefix);
      await database.drop();
    }
  }, 180_000);
});
