import { getDataSourceToken } from '@nestjs/typeorm';
import { ManualClock } from '@tiendo/server-core';
import { TaskEventDispatcher, WORKER_LISTENER_NAME } from '@tiendo/server-notifications';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { TaskEventsRepository } from '@tiendo/server-tasks';
import { cloneDatabase, Fixtures, startPgBouncer, TestPgBouncer } from '@tiendo/server-testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { dropQueuePrefix, startTestWorker, teardownStep, testQueuePrefix, TestWorker } from './worker-harness';

/**
 * The worker with its pool through PgBouncer in transaction mode (DATABASE_URL, DATABASE_POOL_MODE=transaction) and
 * what needs a session of its own on the direct connection (DATABASE_LISTEN_URL): the dispatcher's LISTEN and the
 * watchdog's repair lock.
 */
describe('the worker through PgBouncer in transaction mode, listening and locking directly', () => {
  let bouncer: TestPgBouncer;
  let database: { name: string; url: string; drop: () => Promise<void> };
  let worker: TestWorker;
  let db: DataSource;
  let f: Fixtures;
  let prefix: string;
  const clock = new ManualClock(new Date('2026-11-23T06:00:00+07:00'));

  beforeAll(async () => {
    const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
    if (!template) throw new Error('run through jest.int.config.cts');
    database = await cloneDatabase(template);
    bouncer = await startPgBouncer(database.url, { poolMode: 'transaction', poolSize: 3 });
    prefix = testQueuePrefix();
    worker = await startTestWorker(bouncer.url(database.name), clock, {
      QUEUE_PREFIX: prefix,
      DATABASE_LISTEN_URL: database.url,
      DATABASE_POOL_MODE: 'transaction',
      DB_POOL_SIZE: '4',
    });
    db = worker.app.get<DataSource>(getDataSourceToken());
    f = new Fixtures(db);
    await f.unit('BO');
    await f.unit('VBC', 'BO');
    await f.user('truong', 'unit_head', 'VBC');
    await f.user('cv', 'staff', 'VBC');
  });
  afterAll(async () => {
    await teardownStep('the worker closing', () => worker.close());
    await teardownStep('the queues dropped', () => dropQueuePrefix(prefix));
    await teardownStep('PgBouncer stopping', () => bouncer.stop());
    await teardownStep('the database dropped', () => database.drop());
  });

  it('wakes on LISTEN held on the direct connection and writes the notification through PgBouncer', async () => {
    const dispatcher = worker.app.get(TaskEventDispatcher);
    await dispatcher.start();
    expect(dispatcher.listening).toBe(true);
    const taskId = await f.task({ title: 'Qua PgBouncer', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'truong', deadline: '2026-12-15' });
    const dispatched = new Promise((resolve) => dispatcher.once('dispatched', resolve));
    await db.transaction((m) =>
      new TaskEventsRepository().record(m, { taskId, kind: 'completion_reported', actorId: f.userId('cv'), at: clock.now(), payload: { completionId: randomUUID() } }),
    );
    await expect(dispatched).resolves.toMatchObject({ events: 1 });
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [f.userId('truong')]);
    expect(n).toBe(1);

    const admin = new Client({ connectionString: bouncer.adminUrl });
    await admin.connect();
    try {
      const clients = (await admin.query('SHOW CLIENTS')).rows.filter((r) => r.database === database.name);
      expect(clients.length).toBeGreaterThan(0);
      expect(clients.some((r) => r.application_name === WORKER_LISTENER_NAME)).toBe(false);
    } finally {
      await admin.end();
    }
    const listeners = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [WORKER_LISTENER_NAME]);
    expect(listeners).toHaveLength(1);
  });

  it('repairs lost schedulers under its advisory lock, taken and released on a direct connection', async () => {
    const watchdog = worker.app.get(ReminderWatchdog);
    await dropQueuePrefix(prefix);
    const check = await watchdog.check('test: Redis flushed');
    expect(check.repaired).toBe(true);
    // Released: no advisory lock is left on any connection of this database (a session lock taken through PgBouncer
    // would stay on whichever server connection took it).
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()`);
    expect(n).toBe(0);
    expect((await watchdog.check('test: again')).repaired).toBe(false);
  });
});
