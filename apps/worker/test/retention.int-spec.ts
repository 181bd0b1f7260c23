import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ManualClock } from '@tiendo/server-core';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import {
  PURGE_EXPIRED_RECORDS_JOB,
  RETENTION_QUEUE,
  RETENTION_SCHEDULE,
  RetentionJobsModule,
  RetentionPurge,
  RetentionRunResult,
  RetentionScheduler,
} from '@tiendo/server-retention';
import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { REDIS_URL, startTestWorker, TestWorker } from './worker-harness';

/**
 * Retention (issue #13) in the real worker on real PostgreSQL and Redis: what grows with every event and is not the
 * ministry's record is deleted by month in Asia/Ho_Chi_Minh after its retention period, in batches, once however many
 * workers run; the task history stays however old. Moments are written with +07:00; the clock stands on 30/11/2026
 * 06:00 in Hà Nội: not later than the machine's date (the database's own floor on security events reads now()), and
 * before the day's reminders, so that no worker's start-up catch-up writes notifications meanwhile.
 */
const vn = (local: string) => new Date(`${local}+07:00`);
const NOW = '2026-11-30T06:00:00+07:00';
/** Small batches, so that every kind is purged over several transactions. */
const SETTINGS = { RETENTION_SECURITY_EVENTS_MONTHS: '12', RETENTION_BATCH_SIZE: '7' };

describe('retention: the worker purges by month what is past its period, never the ministry’s record', () => {
  let t: WorkerTestbed;
  let purge: RetentionPurge;
  let taskId: string;
  let userId: string;

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params))[0].n;

  async function securityEvent(at: string, event = 'login_succeeded'): Promise<string> {
    const [{ id }] = await t.db.query(`INSERT INTO security_events (at, actor_id, event, detail, ip) VALUES ($1, $2, $3, '{}', '10.0.0.1') RETURNING id::text`, [vn(at), userId, event]);
    return id;
  }

  async function loginAttempt(at: string): Promise<string> {
    const [{ id }] = await t.db.query(`INSERT INTO login_attempts (username, succeeded, ip, at) VALUES ('cv', true, '10.0.0.1', $1) RETURNING id::text`, [vn(at)]);
    return id;
  }

  async function session(expires: string): Promise<string> {
    const id = randomUUID();
    const end = vn(expires);
    await t.db.query(`INSERT INTO sessions (id, user_id, started_at, expires_at, ip) VALUES ($1, $2, $3, $4, '10.0.0.1')`, [id, userId, new Date(end.getTime() - 3_600_000), end]);
    for (let i = 0; i < 2; i++) {
      await t.db.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, session_started_at, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $4)`,
        [userId, id, randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''), new Date(end.getTime() - 3_600_000), end],
      );
    }
    return id;
  }

  async function delivery(created: string, status: 'delivered' | 'failed' | 'pending', channel = 'in_app'): Promise<string> {
    const [{ id }] = await t.db.query(
      `INSERT INTO reminder_deliveries (subject_key, task_id, recipient_id, channel, title, body, status, created_at, delivered_at)
       VALUES ($1, $2, $3, $4, 'Nhắc việc', 'Nội dung', $5, $6, $7) RETURNING id`,
      [`test:${randomUUID()}`, taskId, userId, channel, status, vn(created), status === 'delivered' ? vn(created) : null],
    );
    return id;
  }

  async function notification(created: string, read: string | null, deliveryId: string | null = null): Promise<string> {
    const [{ id }] = await t.db.query(
      `INSERT INTO notifications (user_id, task_id, delivery_id, kind, title, body, created_at, read_at)
       VALUES ($1, $2, $3, 'assigned', 'Nhiệm vụ mới', 'Nội dung', $4, $5) RETURNING id`,
      [userId, taskId, deliveryId, vn(created), read ? vn(read) : null],
    );
    return id;
  }

  async function taskEvent(occurred: string, dispatched: string | null): Promise<string> {
    const [{ id }] = await t.db.query(
      `INSERT INTO task_events (task_id, kind, actor_id, occurred_at, dispatched_at) VALUES ($1, 'progress_noted', $2, $3, $4) RETURNING id::text`,
      [taskId, userId, vn(occurred), dispatched ? vn(dispatched) : null],
    );
    return id;
  }

  async function reminderRun(period: string, started: string, finished: boolean): Promise<void> {
    await t.db.query(`INSERT INTO reminder_runs (kind, period_key, started_at, finished_at) VALUES ('daily', $1, $2, $3)`, [period, vn(started), finished ? vn(started) : null]);
  }

  async function historyEntry(at: string): Promise<void> {
    await t.db.query(`INSERT INTO task_history (task_id, actor_id, at, action, changes) VALUES ($1, $2, $3, 'progress', '[]')`, [taskId, userId, vn(at)]);
  }

  /** Ids left in a table among the given ones. */
  async function left(table: string, ids: string[], idType = 'bigint'): Promise<string[]> {
    const rows: Array<{ id: string }> = await t.db.query(`SELECT id::text FROM ${table} WHERE id = ANY($1::${idType}[]) ORDER BY id`, [ids]);
    return rows.map((r) => r.id).sort();
  }

  beforeAll(async () => {
    // RetentionJobsModule named here too (Nest keeps one instance when the worker's module imports it as well), so that
    // this file tests the purge whatever the composition root; retention-wiring.int-spec.ts tests the worker's wiring.
    t = await startWorkerTestbed(NOW, SETTINGS, [RetentionJobsModule]);
    t.worker.app.get(ReminderWatchdog).stop();
    purge = t.worker.app.get(RetentionPurge);
    await t.fixtures.unit('BO');
    await t.fixtures.unit('VBC', 'BO');
    await t.fixtures.user('vt', 'unit_head', 'VBC');
    userId = await t.fixtures.user('cv', 'staff', 'VBC');
    taskId = await t.fixtures.task({ code: 'NV-OLD', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vt', assignedOn: '2019-12-02', deadline: '2020-06-30' });
  });

  afterAll(() => t.close());

  beforeEach(async () => {
    t.clock.set(NOW);
    await t.db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs, task_events, login_attempts, refresh_tokens, sessions`);
    // The guard on security_events is a row trigger: TRUNCATE (a test's reset, not something the product does) passes.
    await t.db.query(`TRUNCATE security_events`);
  });

  it('cuts at the first of a Vietnamese month: with 12 months on 30/11/2026, October 2025 goes and November 2025 stays', () => {
    const cutoffs = purge.cutoffs(t.clock.now());
    // 01/11/2025 00:00 in Hà Nội is 31/10/2025 17:00 UTC.
    expect(cutoffs.securityEvents.toISOString()).toBe('2025-10-31T17:00:00.000Z');
    expect(cutoffs.notifications.toISOString()).toBe('2025-10-31T17:00:00.000Z');
    expect(cutoffs.deliveries.toISOString()).toBe('2025-10-31T17:00:00.000Z');
    // Dispatched task events: 3 months, so August 2026 stays.
    expect(cutoffs.taskEvents.toISOString()).toBe('2026-07-31T17:00:00.000Z');
  });

  it('deletes what is past its period, in batches, keeps what is not, and a rerun deletes nothing', async () => {
    const oldEvents = [];
    for (let i = 0; i < 20; i++) oldEvents.push(await securityEvent(`2024-${String((i % 12) + 1).padStart(2, '0')}-15T09:00:00`));
    const lastOld = await securityEvent('2025-10-31T23:59:59');
    const firstKept = await securityEvent('2025-11-01T00:00:00');
    const recent = await securityEvent('2026-11-30T08:00:00', 'role_changed');

    const oldAttempt = await loginAttempt('2025-10-31T23:59:59');
    const keptAttempt = await loginAttempt('2025-11-01T00:00:00');

    const oldSession = await session('2025-10-20T12:00:00');
    const keptSession = await session('2025-11-02T12:00:00');

    // Notifications: read ones 12 months, unread 24 (defaults).
    const readOld = await notification('2025-10-31T20:00:00', '2025-11-02T08:00:00');
    const readKept = await notification('2025-11-01T00:00:00', '2025-11-02T08:00:00');
    const unreadYoungEnough = await notification('2025-01-10T08:00:00', null);
    const unreadOld = await notification('2024-10-31T23:00:00', null);
    const unreadKept = await notification('2024-11-01T00:00:00', null);

    // Deliveries: 12 months; pending ones and those a kept notification points at stay.
    const deliveredOld = await delivery('2025-10-15T08:00:00', 'delivered', 'email');
    const failedOld = await delivery('2025-09-15T08:00:00', 'failed', 'email');
    const pendingOld = await delivery('2025-09-15T08:00:00', 'pending', 'digest');
    const pointedAt = await delivery('2025-01-10T08:00:00', 'delivered');
    await notification('2025-01-10T08:00:00', null, pointedAt);
    const itsReadNotification = await delivery('2025-03-10T08:00:00', 'delivered');
    await notification('2025-03-10T08:00:00', '2025-03-11T08:00:00', itsReadNotification);
    const deliveredKept = await delivery('2025-11-01T00:00:00', 'delivered');
    const manyOld = [];
    for (let i = 0; i < 15; i++) manyOld.push(await delivery(`2025-0${(i % 9) + 1}-0${(i % 8) + 1}T08:00:00`, 'delivered', 'email'));

    await reminderRun('2025-10-31', '2025-10-31T08:00:00', true);
    await reminderRun('2025-11-01', '2025-11-01T08:00:00', true);

    const eventOld = await taskEvent('2026-07-31T10:00:00', '2026-07-31T10:00:05');
    const eventKept = await taskEvent('2026-07-31T23:59:00', '2026-08-01T00:00:01');
    const eventPending = await taskEvent('2026-01-01T10:00:00', null);

    // The task's history, comments and files are the record: far older than any period, and kept.
    for (const at of ['2019-12-02T09:00:00', '2020-01-15T09:00:00', '2024-10-01T09:00:00']) await historyEntry(at);
    const recordBefore = await Promise.all(['task_history', 'tasks', 'task_comments', 'task_attachments'].map((tb) => count(`SELECT 1 FROM ${tb}`)));

    const result = await purge.run();
    expect(result.failed).toEqual({});
    expect(result.deleted).toEqual({
      securityEvents: 21,
      loginAttempts: 1,
      sessions: 1,
      notifications: 2 + 1, // readOld, unreadOld, and the read one from March 2025
      deliveries: 1 + 1 + 15 + 1, // deliveredOld, failedOld, the 15, and the one whose notification (read) went
      reminderRuns: 1,
      taskEvents: 1,
    });

    expect(await left('security_events', [...oldEvents, lastOld, firstKept, recent])).toEqual([firstKept, recent].sort());
    expect(await left('login_attempts', [oldAttempt, keptAttempt])).toEqual([keptAttempt]);
    expect(await left('sessions', [oldSession, keptSession], 'uuid')).toEqual([keptSession]);
    expect(await count(`SELECT 1 FROM refresh_tokens WHERE family_id = $1`, [oldSession])).toBe(0);
    expect(await count(`SELECT 1 FROM refresh_tokens WHERE family_id = $1`, [keptSession])).toBe(2);
    expect(await left('notifications', [readOld, readKept, unreadYoungEnough, unreadOld, unreadKept], 'uuid')).toEqual([readKept, unreadYoungEnough, unreadKept].sort());
    expect(await left('reminder_deliveries', [deliveredOld, failedOld, pendingOld, pointedAt, itsReadNotification, deliveredKept, ...manyOld], 'uuid')).toEqual(
      [pendingOld, pointedAt, deliveredKept].sort(),
    );
    expect((await t.db.query(`SELECT period_key FROM reminder_runs`)).map((r: { period_key: string }) => r.period_key)).toEqual(['2025-11-01']);
    expect(await left('task_events', [eventOld, eventKept, eventPending])).toEqual([eventKept, eventPending].sort());

    expect(await Promise.all(['task_history', 'tasks', 'task_comments', 'task_attachments'].map((tb) => count(`SELECT 1 FROM ${tb}`)))).toEqual(recordBefore);
    expect(await count(`SELECT 1 FROM task_history WHERE task_id = $1`, [taskId])).toBe(3);

    // Idempotent: the same moment finds nothing more.
    const again = await purge.run();
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);

    // A month later (the clock, not the machine's date), November 2025 goes too.
    t.clock.set(vn('2026-12-01T00:00:00'));
    const december = await purge.run();
    expect(december.deleted.securityEvents).toBe(1);
    expect(await left('security_events', [firstKept, recent])).toEqual([recent]);
  });

  it('walks past the unread notifications and the deliveries it keeps: every batch goes on from where the last stopped', async () => {
    // Between the two cut-offs (November 2024 – October 2025) unread notifications stay and read ones go, interleaved,
    // three times the batch size of each; likewise deliveries kept for their unread notification beside old ones.
    const kept: string[] = [];
    const gone: string[] = [];
    for (let i = 0; i < 21; i++) {
      const at = `2025-0${(i % 9) + 1}-1${i % 10}T08:00:00`;
      const d = await delivery(at, 'delivered');
      kept.push(await notification(at, null, d));
      gone.push(await notification(at, '2025-10-20T08:00:00'));
      await delivery(at, 'failed', 'email');
    }
    const result = await purge.run();
    expect([result.deleted.notifications, result.deleted.deliveries]).toEqual([21, 21]);
    expect(await left('notifications', [...kept, ...gone], 'uuid')).toEqual([...kept].sort());
    expect(await count(`SELECT 1 FROM reminder_deliveries`)).toBe(21);
  });

  it('the database refuses to delete a security event younger than 12 months, or any outside the purge, and every update', async () => {
    const young = await securityEvent('2026-01-15T09:00:00');
    const old = await securityEvent('2024-01-15T09:00:00');
    // Even inside a purge's transaction, a young row is refused (the settings could not ask for it, a bug could).
    await expect(
      t.db.transaction(async (m) => {
        await m.query(`SELECT set_config('tiendo.retention_purge', 'on', true)`);
        await m.query(`DELETE FROM security_events WHERE id = $1`, [young]);
      }),
    ).rejects.toThrow(/append-only/);
    // An old row outside a purge's transaction: refused.
    await expect(t.db.query(`DELETE FROM security_events WHERE id = $1`, [old])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE security_events SET event = 'x' WHERE id = $1`, [old])).rejects.toThrow(/append-only/);
    // The history's own guard is unchanged: never deleted, not even inside a purge's transaction.
    await historyEntry('2019-01-01T09:00:00');
    await expect(
      t.db.transaction(async (m) => {
        await m.query(`SELECT set_config('tiendo.retention_purge', 'on', true)`);
        await m.query(`DELETE FROM task_history WHERE task_id = $1`, [taskId]);
      }),
    ).rejects.toThrow(/task_history is append-only/);
    expect(await left('security_events', [young, old])).toEqual([young, old].sort());
  });

  describe('two workers', () => {
    let second: TestWorker;
    let secondDb: DataSource;

    beforeAll(async () => {
      second = await startTestWorker(t.databaseUrl, t.clock, { QUEUE_PREFIX: t.prefix, ...SETTINGS }, [RetentionJobsModule]);
      second.app.get(ReminderWatchdog).stop();
      secondDb = second.app.get<DataSource>(getDataSourceToken());
    });

    afterAll(() => second.close());

    async function seedOld(n: number): Promise<void> {
      await t.db.query(
        `INSERT INTO security_events (at, actor_id, event, detail) SELECT $1::timestamptz - g * interval '1 minute', $2, 'login_succeeded', '{}' FROM generate_series(1, $3) g`,
        [vn('2025-06-01T09:00:00'), userId, n],
      );
      await t.db.query(
        `INSERT INTO notifications (user_id, kind, title, body, created_at, read_at)
         SELECT $1, 'assigned', 'Cũ', 'Cũ', $2::timestamptz - g * interval '1 minute', $2 FROM generate_series(1, $3) g`,
        [userId, vn('2025-06-01T09:00:00'), n],
      );
      await t.db.query(
        `INSERT INTO reminder_deliveries (subject_key, recipient_id, channel, title, body, status, created_at)
         SELECT 'old:' || g, $1, 'email', 'Cũ', 'Cũ', 'delivered', $2::timestamptz - g * interval '1 minute' FROM generate_series(1, $3) g`,
        [userId, vn('2025-06-01T09:00:00'), n],
      );
    }

    it('two purges at once split the rows: every old row deleted exactly once, neither fails', async () => {
      await seedOld(300);
      expect(secondDb).not.toBe(t.db);
      const runs: RetentionRunResult[] = await Promise.all([purge.run(), second.app.get(RetentionPurge).run(), purge.run()]);
      for (const r of runs) expect(r.failed).toEqual({});
      const sum = (kind: keyof RetentionRunResult['deleted']) => runs.reduce((a, r) => a + r.deleted[kind], 0);
      expect([sum('securityEvents'), sum('notifications'), sum('deliveries')]).toEqual([300, 300, 300]);
      expect(await count(`SELECT 1 FROM security_events`)).toBe(0);
      expect(await count(`SELECT 1 FROM notifications`)).toBe(0);
      expect(await count(`SELECT 1 FROM reminder_deliveries`)).toBe(0);
    });

    it('the daily job scheduler exists once whichever workers reconcile it, and its job runs on one worker once', async () => {
      await Promise.all([t.worker.app.get(RetentionScheduler).reconcile(), second.app.get(RetentionScheduler).reconcile()]);
      const queue = t.worker.app.get<Queue>(getQueueToken(RETENTION_QUEUE));
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([[RETENTION_SCHEDULE.id, '30 2 * * *', 'Asia/Ho_Chi_Minh']]);
      expect(await t.worker.app.get(RetentionScheduler).scheduled()).toBe(true);
      // The next run is at 02:30 in Hà Nội (by the machine's time, as BullMQ schedules): bring it forward.
      const [next] = await queue.getJobs(['delayed']);
      expect(next.name).toBe(PURGE_EXPIRED_RECORDS_JOB);
      expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' }).format(new Date(next.timestamp + (next.delay ?? 0)))).toBe('02:30');

      await seedOld(40);
      const url = new URL(REDIS_URL);
      const events = new QueueEvents(RETENTION_QUEUE, { connection: { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) }, prefix: t.prefix });
      events.on('error', () => undefined);
      await events.waitUntilReady();
      const completed: Array<{ jobId: string; returnvalue: unknown }> = [];
      events.on('completed', (e) => completed.push(e as { jobId: string; returnvalue: unknown }));
      const done = new Promise<void>((resolve) => events.on('completed', ({ jobId }) => jobId === next.id && resolve()));
      await next.promote();
      await done;
      // Let a second worker have had its chance to take it too.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await events.close();
      expect(completed.filter((e) => e.jobId === next.id)).toHaveLength(1);
      const raw = completed.find((e) => e.jobId === next.id)?.returnvalue;
      const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as RetentionRunResult;
      expect([value.deleted.securityEvents, value.deleted.notifications, value.deleted.deliveries]).toEqual([40, 40, 40]);
      // The scheduler queued its next day's run.
      expect(await t.worker.app.get(RetentionScheduler).scheduled()).toBe(true);
    });

    it('a scheduler whose next job Redis lost is re-created by the reconcile', async () => {
      const scheduler = t.worker.app.get(RetentionScheduler);
      const queue = t.worker.app.get<Queue>(getQueueToken(RETENTION_QUEUE));
      // A partial loss, as redis-loss.int-spec.ts makes one: the delayed set and the next job's key deleted, the
      // scheduler's record left (nothing would fire again).
      const s = await queue.getJobScheduler(RETENTION_SCHEDULE.id);
      const raw = new Redis(REDIS_URL);
      await raw.del(`${t.prefix}:${RETENTION_QUEUE}:delayed`, `${t.prefix}:${RETENTION_QUEUE}:repeat:${RETENTION_SCHEDULE.id}:${s?.next}`);
      await raw.quit();
      expect(await scheduler.scheduled()).toBe(false);
      expect(await scheduler.reconcile()).toEqual({ recreated: true });
      expect(await scheduler.scheduled()).toBe(true);
    });
  });

  it('a worker does not start with security events kept under 12 months, and says why', async () => {
    await expect(startTestWorker(t.databaseUrl, new ManualClock(new Date(NOW)), { QUEUE_PREFIX: t.prefix, RETENTION_SECURITY_EVENTS_MONTHS: '11' })).rejects.toThrow(
      /RETENTION_SECURITY_EVENTS_MONTHS tối thiểu 12 tháng: nhật ký an ninh phải được giữ ít nhất 12 tháng/,
    );
  });
});
