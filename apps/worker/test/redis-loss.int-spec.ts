import { ReminderWatchdog, WatchdogCheck, WorkerHealth } from '@tiendo/server-reminders';
import { QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { once } from 'node:events';
import type { DataSource } from 'typeorm';
import { WorkerHealthServer } from '../src/app/worker-health.server';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { SmtpSink, startTestWorker, ThrowawayRedis } from './worker-harness';

const vn = (local: string) => new Date(`${local}+07:00`);
const SCHEDULERS = ['daily-reminders', 'monthly-briefing', 'reconcile', 'weekly-digest'];

function completed(events: QueueEvents, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const on = ({ jobId: id }: { jobId: string }) => {
      if (id !== jobId) return;
      events.off('completed', on);
      resolve();
    };
    events.on('completed', on);
  });
}

/** What the restored scheduler would do when its hour comes: its next job (the one it queued, delayed) runs now. */
async function fire(t: WorkerTestbed, schedulerId: string): Promise<string> {
  const scheduler = await t.worker.reminders.getJobScheduler(schedulerId);
  if (!scheduler?.next) throw new Error(`no scheduler ${schedulerId}`);
  const jobId = `repeat:${schedulerId}:${scheduler.next}`;
  const job = await t.worker.reminders.getJob(jobId);
  if (!job) throw new Error(`scheduler ${schedulerId} has no next job`);
  const done = completed(t.worker.events.reminders, jobId);
  await job.promote();
  await done;
  return jobId;
}

/** Resolves once no e-mail delivery is pending (every one sent, or failed for good). */
function emailsSettled(t: WorkerTestbed): Promise<void> {
  return new Promise((resolve) => {
    const look = async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
      if (n > 0) return;
      t.worker.events.email.off('completed', look);
      resolve();
    };
    t.worker.events.email.on('completed', look);
    void look();
  });
}

async function health(port: number): Promise<{ status: number; body: WorkerHealth }> {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return { status: res.status, body: (await res.json()) as WorkerHealth };
}

/** Every e-mail delivery and how many times the SMTP server received it. */
async function sentPerDelivery(db: DataSource, smtp: SmtpSink): Promise<Record<string, number>> {
  const rows: Array<{ id: string; username: string; kind: string; code: string | null }> = await db.query(
    `SELECT d.id, u.username, split_part(d.subject_key, '|', 2) AS kind, t.code FROM reminder_deliveries d
       JOIN users u ON u.id = d.recipient_id LEFT JOIN tasks t ON t.id = d.task_id WHERE d.channel = 'email'`,
  );
  return Object.fromEntries(rows.map((r) => [`${r.username} ${r.kind || 'weekly'}${r.code ? ` ${r.code}` : ''}`, smtp.received.filter((m) => m.delivery === r.id).length]));
}

describe('Redis loses its keys (FLUSHDB, restart) with the worker running: noticed, repaired, nothing lost or doubled', () => {
  const redis = new ThrowawayRedis();
  const smtp = new SmtpSink();
  let t: WorkerTestbed;
  let watchdog: ReminderWatchdog;
  let port: number;

  beforeAll(async () => {
    await redis.start();
    await smtp.start();
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { REDIS_URL: redis.url(), SMTP_URL: smtp.url() });
    watchdog = t.worker.app.get(ReminderWatchdog);
    port = t.worker.app.get(WorkerHealthServer).port;
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.user('vp', 'monitor', 'BO');
    await f.user('truong', 'unit_head', 'VBC');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cv2', 'staff', 'VBC');
    await t.db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
    await f.task({ code: 'A', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', assignedOn: '2026-11-02', deadline: '2026-11-23' });
    await f.task({ code: 'C', leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vp', assignedOn: '2026-11-02', deadline: '2026-11-25' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
    await redis.stop();
  });

  it('the worker starts its watchdog timer by itself; from here the test drives each check on the controlled clock', () => {
    expect(watchdog.running).toBe(true);
    watchdog.stop();
  });

  it('FLUSHDB mid-day: the next check puts back the schedulers and the pending e-mail; the next day runs; nothing is sent twice', async () => {
    // Monday 08:00: the daily run, its e-mail sent.
    t.clock.set(vn('2026-11-23T08:00:00'));
    await fire(t, 'daily-reminders');
    await emailsSettled(t);
    expect(smtp.received.map((m) => m.to)).toEqual(['cv@mic.gov.vn']);
    // The weekly digest with the e-mail queue paused: its e-mail waits in Redis when Redis loses everything.
    await t.worker.email.pause();
    t.clock.set(vn('2026-11-23T08:00:05'));
    await fire(t, 'weekly-digest');
    const [{ n: pending }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
    expect(pending).toBe(1);

    t.clock.set(vn('2026-11-23T11:00:00'));
    await redis.flush();
    expect(await t.worker.reminders.getJobSchedulers()).toEqual([]);
    const broken = await health(port);
    expect(broken.status).toBe(503);
    expect(broken.body).toMatchObject({
      ready: false,
      redis: 'up',
      database: 'up',
      // The reminders', then those the watchdog keeps for the report tasks and the retention purge.
      schedulers: { present: [], missing: ['daily-reminders', 'weekly-digest', 'monthly-briefing', 'reconcile', 'create-report-tasks', 'purge-expired-records'] },
    });

    const check = await watchdog.check();
    expect(check).toMatchObject({ repaired: true, missing: expect.arrayContaining(SCHEDULERS) });
    // Both of today's runs had finished (PostgreSQL says so): nothing to catch up; the one pending e-mail re-queued.
    expect(check.reconcile).toEqual({ schedulers: 4, caughtUp: [], emails: 1 });
    expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);
    await emailsSettled(t);
    // A second look finds everything in place and repairs nothing.
    expect(await watchdog.check()).toMatchObject({ repaired: false, missing: [] });
    const healed = await health(port);
    expect(healed.status).toBe(200);
    expect(healed.body).toMatchObject({
      ready: true,
      redis: 'up',
      schedulers: { missing: [] },
      lastRun: { kind: 'weekly', period: '2026-11-23' },
      lastRunFinishedAt: '2026-11-23T01:00:05.000Z',
      lastRepairAt: '2026-11-23T04:00:00.000Z',
    });

    // Tuesday 08:00: the restored scheduler's run happens.
    t.clock.set(vn('2026-11-24T08:00:00'));
    await fire(t, 'daily-reminders');
    await emailsSettled(t);
    const [run] = await t.db.query(`SELECT finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-24'`);
    expect(run.finished_at).toEqual(vn('2026-11-24T08:00:00'));
    expect(await sentPerDelivery(t.db, smtp)).toEqual({ 'cv due_today A': 1, 'truong weekly': 1, 'cv overdue_1 A': 1, 'cv2 before_1 C': 1 });
    const [{ n, distinct }] = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT delivery_id)::int AS distinct FROM notifications`);
    expect({ n, distinct }).toEqual({ n: 4, distinct: 4 });
  });

  it('lost just before the hour and noticed after it: today’s run is caught up once', async () => {
    t.clock.set(vn('2026-11-25T07:59:50'));
    await redis.flush();
    t.clock.set(vn('2026-11-25T08:00:10'));
    const caughtUp = completed(t.worker.events.reminders, 'daily-2026-11-25');
    const check = await watchdog.check();
    expect(check.reconcile?.caughtUp).toEqual(['daily-2026-11-25']);
    await caughtUp;
    await emailsSettled(t);
    expect((await watchdog.check()).repaired).toBe(false);
    expect(await sentPerDelivery(t.db, smtp)).toMatchObject({ 'cv overdue_2 A': 1, 'cv2 due_today C': 1 });
    expect(Object.values(await sentPerDelivery(t.db, smtp)).every((times) => times === 1)).toBe(true);
  });

  it('an e-mail being sent when Redis is flushed is re-queued, yet sent once', async () => {
    await t.fixtures.task({ code: 'D', leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vp', assignedOn: '2026-11-02', deadline: '2026-11-26' });
    const held = smtp.holdNext();
    t.clock.set(vn('2026-11-26T08:00:00'));
    await fire(t, 'daily-reminders');
    // The first e-mail of the day is in the SMTP conversation, its delivery still pending in PostgreSQL.
    await held.reached;
    await redis.flush();
    const check = await watchdog.check();
    expect(check.repaired).toBe(true);
    expect(check.reconcile?.emails).toBeGreaterThanOrEqual(1);
    held.release();
    await emailsSettled(t);
    const sent = await sentPerDelivery(t.db, smtp);
    expect(sent).toMatchObject({ 'cv2 due_today D': 1, 'cv overdue_3 A': 1, 'truong overdue_3 A': 1, 'cv2 overdue_1 C': 1 });
    expect(Object.values(sent).every((times) => times === 1)).toBe(true);
  });

  it('several workers: one repairs, the others find the schedulers back', async () => {
    const other = await startTestWorker(t.databaseUrl, t.clock, { REDIS_URL: redis.url(), QUEUE_PREFIX: t.prefix, SMTP_URL: smtp.url() });
    try {
      other.app.get(ReminderWatchdog).stop();
      await redis.flush();
      const checks: WatchdogCheck[] = await Promise.all([watchdog.check(), other.app.get(ReminderWatchdog).check()]);
      expect(checks.filter((c) => c.repaired)).toHaveLength(1);
      expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);
    } finally {
      await other.close();
    }
  });

  it('Redis unreachable: reported (503), the worker stays up; Redis back empty: repaired on reconnect without a call', async () => {
    await redis.stop();
    const down = await watchdog.check();
    expect(down).toMatchObject({ redis: 'down', repaired: false, skipped: 'redis down' });
    const unhealthy = await health(port);
    expect(unhealthy.status).toBe(503);
    expect(unhealthy.body).toMatchObject({ ready: false, redis: 'down', database: 'up' });

    const repaired = once(watchdog, 'repaired');
    await redis.start();
    const [event] = await repaired;
    expect(event.reason).toMatch(/^Redis reconnected: job schedulers missing/);
    expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);
    expect((await health(port)).status).toBe(200);
    // The BullMQ workers reconnected too: Friday's run goes through the restored scheduler.
    t.clock.set(vn('2026-11-27T08:00:00'));
    await fire(t, 'daily-reminders');
    const [run] = await t.db.query(`SELECT finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-27'`);
    expect(run.finished_at).toEqual(vn('2026-11-27T08:00:00'));
  });

  it('partial loss: the delayed set and the schedulers’ next jobs deleted, their records left: not ready, one check re-queues them, the next run happens once', async () => {
    await emailsSettled(t);
    t.clock.set(vn('2026-11-27T10:00:00'));
    const raw = new Redis(redis.url());
    try {
      const before = await t.worker.reminders.getJobSchedulers();
      expect(before.map((s) => s.key).sort()).toEqual(SCHEDULERS);
      for (const s of before) expect(await t.worker.reminders.getJobState(`repeat:${s.key}:${s.next}`)).toBe('delayed');
      // What an outside review did by hand: the delayed set gone; two next jobs' keys gone too, the other two left as
      // job hashes no state holds (BullMQ's upsert alone would collide with those: same id, same next moment).
      await raw.del(`${t.prefix}:reminders:delayed`);
      for (const s of before.filter((x) => x.key === 'daily-reminders' || x.key === 'monthly-briefing')) {
        await raw.del(`${t.prefix}:reminders:repeat:${s.key}:${s.next}`);
      }
      // The scheduler records are all still there: a check of their presence alone sees nothing wrong.
      expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);

      const broken = await health(port);
      expect(broken.status).toBe(503);
      expect(broken.body).toMatchObject({ ready: false, redis: 'up', database: 'up', schedulers: { present: expect.arrayContaining(SCHEDULERS), missing: [] } });
      expect([...broken.body.schedulers.unqueued].sort()).toEqual(SCHEDULERS);

      const check = await watchdog.check();
      expect(check).toMatchObject({ repaired: true, missing: [] });
      expect(check.reconcile).toEqual({ schedulers: 4, caughtUp: [], emails: 0 });
      const after = await t.worker.reminders.getJobSchedulers();
      expect(after.map((s) => s.key).sort()).toEqual(SCHEDULERS);
      for (const s of after) expect(await t.worker.reminders.getJobState(`repeat:${s.key}:${s.next}`)).toBe('delayed');
      expect(await watchdog.check()).toMatchObject({ repaired: false, missing: [], stale: [] });
      expect(await health(port)).toMatchObject({ status: 200, body: { ready: true, schedulers: { missing: [], unqueued: [] } } });

      // Monday 08:00: the re-queued scheduler's run happens, once; every e-mail of the week went out once.
      t.clock.set(vn('2026-11-30T08:00:00'));
      await fire(t, 'daily-reminders');
      await emailsSettled(t);
      const runs = await t.db.query(`SELECT finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-30'`);
      expect(runs).toEqual([{ finished_at: vn('2026-11-30T08:00:00') }]);
      const sent = await sentPerDelivery(t.db, smtp);
      expect(sent).toMatchObject({ 'cv overdue_5 A': 1, 'cv2 overdue_3 C': 1, 'cv2 overdue_2 D': 1 });
      expect(Object.values(sent).every((times) => times === 1)).toBe(true);
      const [{ n, distinct }] = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT delivery_id)::int AS distinct FROM notifications`);
      expect(n).toBe(distinct);
    } finally {
      await raw.quit();
    }
  });

  it('partial loss of the e-mail queue: pending deliveries without a job are noticed (older than a minute) and re-queued, each sent once', async () => {
    await t.worker.email.pause();
    t.clock.set(vn('2026-12-02T08:00:00'));
    await fire(t, 'daily-reminders');
    const pending: Array<{ id: string }> = await t.db.query(`SELECT id FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
    expect(pending.length).toBeGreaterThan(0);
    // Just queued: nothing is missing.
    expect(await health(port)).toMatchObject({ status: 200, body: { emails: { unqueued: 0 } } });
    const raw = new Redis(redis.url());
    try {
      await raw.del(`${t.prefix}:email:wait`, `${t.prefix}:email:paused`, ...pending.map((d) => `${t.prefix}:email:email-${d.id}`));
    } finally {
      await raw.quit();
    }
    // Rows younger than a minute may still be on their way to the queue (committed, job not yet added): not counted.
    expect(await health(port)).toMatchObject({ status: 200, body: { emails: { unqueued: 0 } } });
    t.clock.set(vn('2026-12-02T08:02:00'));
    expect(await health(port)).toMatchObject({ status: 503, body: { ready: false, emails: { pending: pending.length, unqueued: pending.length } } });
    const check = await watchdog.check();
    expect(check).toMatchObject({ repaired: true, missing: [], unqueued: [], emails: { unqueued: pending.length } });
    expect(check.reconcile?.emails).toBe(pending.length);
    await t.worker.email.resume();
    await emailsSettled(t);
    expect(await health(port)).toMatchObject({ status: 200, body: { ready: true, emails: { pending: 0, unqueued: 0 } } });
    const sent = await sentPerDelivery(t.db, smtp);
    for (const d of pending) expect(smtp.received.filter((m) => m.delivery === d.id)).toHaveLength(1);
    expect(Object.values(sent).every((times) => times === 1)).toBe(true);
  });
});

describe('a worker started before its Redis', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  let other: Awaited<ReturnType<typeof startTestWorker>> | null = null;
  beforeAll(async () => {
    // A Redis that exists but is not running yet: the first worker (the testbed's) has it; the second starts without.
    await redis.start();
    t = await startWorkerTestbed('2026-11-23T10:00:00+07:00', { REDIS_URL: redis.url() });
    t.worker.app.get(ReminderWatchdog).stop();
    await redis.stop();
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
    await redis.stop();
  });

  it('starts, answers 503, and puts the schedulers back when Redis comes, without a restart', async () => {
    other = await startTestWorker(t.databaseUrl, t.clock, { REDIS_URL: redis.url(), QUEUE_PREFIX: `${t.prefix}-late` }, [], { waitForRedis: false });
    const watchdog = other.app.get(ReminderWatchdog);
    expect(watchdog.running).toBe(true);
    const before = await health(other.app.get(WorkerHealthServer).port);
    expect(before).toMatchObject({ status: 503, body: { ready: false, redis: 'down', lastRepairAt: null } });
    const repaired = once(watchdog, 'repaired');
    await redis.start();
    const [event] = await repaired;
    // BullMQ's connections of a worker that never reached Redis come back on their own backoff: under load the 15 s
    // timer may get there before the reconnect trigger does. Either is the worker noticing by itself.
    expect(event.reason).toMatch(/^(Redis reconnected|timer): job schedulers missing/);
    expect((await other.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);
    expect((await health(other.app.get(WorkerHealthServer).port)).status).toBe(200);
  });
});

describe('the watchdog’s timer, in real time', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  beforeAll(async () => {
    await redis.start();
    t = await startWorkerTestbed('2026-11-23T10:00:00+07:00', { REDIS_URL: redis.url(), REMINDER_WATCHDOG_SECONDS: '1' });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('puts the schedulers back by itself after FLUSHDB, nobody calling it', async () => {
    const watchdog = t.worker.app.get(ReminderWatchdog);
    expect((await t.worker.reminders.getJobSchedulers()).length).toBe(4);
    const repaired = once(watchdog, 'repaired');
    await redis.flush();
    const [event] = await repaired;
    expect(event.reason).toMatch(/^timer: job schedulers missing/);
    expect((await t.worker.reminders.getJobSchedulers()).map((s) => s.key).sort()).toEqual(SCHEDULERS);
  });
});
