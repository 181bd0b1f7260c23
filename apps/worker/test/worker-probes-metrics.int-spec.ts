import { AppConfig } from '@tiendo/server-core';
import { ReminderJob } from '@tiendo/server-reminders';
import { adminUrl } from '@tiendo/server-testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { Client } from 'pg';
import { WorkerHealthServer } from '../src/app/worker-health.server';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { SmtpSink, ThrowawayRedis } from './worker-harness';

/** Runs `sql` on the server's maintenance database (as the harness's admin). */
async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(sql, params);
  } finally {
    await admin.end();
  }
}

/** The value of the sample `series` (name and labels exactly as exposed), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('worker: probes and metrics on WORKER_HEALTH_PORT', () => {
  const smtp = new SmtpSink();
  let t: WorkerTestbed;
  let port: number;
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  /** Scrapes until `ok` holds of the exposition (worker events reach the metrics just after the job's end), or 10 s. */
  const scrapeUntil = async (ok: (text: string) => boolean): Promise<string> => {
    const end = Date.now() + 10_000;
    for (;;) {
      const { text } = await get('/metrics');
      if (ok(text) || Date.now() > end) return text;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    await smtp.start();
    // Monday 23/11/2026 06:00 in Hanoi; events settle for 60 s, so those the test writes stay in the outbox.
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { SMTP_URL: smtp.url(), NOTIFICATION_SETTLE_SECONDS: '60' });
    port = t.worker.app.get(WorkerHealthServer).port;
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO');
    await f.user('vp', 'monitor', 'BO');
    await f.user('cv', 'staff', 'VBC');
    await t.db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('is live and ready with PostgreSQL, Redis and its schedulers', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200 });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({ ready: true, redis: 'up', database: 'up', schedulers: { missing: [] } });
  });

  it('counts a reminder run, its deliveries in the app and by e-mail, and each job’s duration by queue, name and outcome', async () => {
    await t.fixtures.task({ code: 'M-1', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-23' });
    await t.fixtures.task({ code: 'M-2', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-18' });
    // A run of today through the queue, as the scheduler's job would, and one of a Sunday (skipped).
    await t.worker.reminders.add(ReminderJob.daily, { day: '2026-11-23' }, { jobId: 'metrics-daily' });
    await t.worker.reminders.add(ReminderJob.daily, { day: '2026-11-22' }, { jobId: 'metrics-sunday' });
    await scrapeUntil((s) => sample(s, 'tiendo_job_duration_seconds_count{queue="reminders",name="run-daily",outcome="completed"}') === 2);
    // Every e-mail the run queued is sent (no row pending) before the three sources are compared: read while the
    // second was between the SMTP server and its row's commit, they disagreed (CI saw 2 received, 1 delivered).
    const counts = () =>
      t.db.query(
        `SELECT count(*) FILTER (WHERE channel = 'in_app')::int AS inapp, count(*) FILTER (WHERE channel = 'email' AND status = 'delivered')::int AS email,
                count(*) FILTER (WHERE channel = 'email' AND status = 'pending')::int AS pending FROM reminder_deliveries`,
      ) as Promise<Array<{ inapp: number; email: number; pending: number }>>;
    let [{ inapp, email, pending }] = await counts();
    for (const end = Date.now() + 10_000; (pending > 0 || email === 0) && Date.now() < end; [{ inapp, email, pending }] = await counts()) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending).toBe(0);
    // The job's own metrics follow its row's commit: scraped until they have caught up.
    const text = await scrapeUntil(
      (s) =>
        sample(s, 'tiendo_reminder_deliveries_total{channel="email",outcome="delivered"}') === email &&
        sample(s, 'tiendo_job_duration_seconds_count{queue="email",name="send-email",outcome="completed"}') === email,
    );
    expect(inapp).toBeGreaterThan(0);
    expect(sample(text, 'tiendo_reminder_runs_total{kind="daily",outcome="completed"}')).toBe(1);
    expect(sample(text, 'tiendo_reminder_runs_total{kind="daily",outcome="skipped"}')).toBe(1);
    expect(sample(text, 'tiendo_reminder_deliveries_total{channel="in_app",outcome="delivered"}')).toBe(inapp);
    expect(sample(text, 'tiendo_reminder_deliveries_total{channel="email",outcome="delivered"}')).toBe(email);
    expect(smtp.received).toHaveLength(email);
    expect(sample(text, 'tiendo_job_duration_seconds_count{queue="reminders",name="run-daily",outcome="completed"}')).toBe(2);
    expect(sample(text, `tiendo_job_duration_seconds_count{queue="email",name="send-email",outcome="completed"}`)).toBe(email);
    expect(sample(text, 'tiendo_job_duration_seconds_sum{queue="reminders",name="run-daily",outcome="completed"}')).toBeGreaterThan(0);
  });

  it('counts an e-mail refused and retried, then delivered', async () => {
    const before = await get('/metrics');
    const retried = sample(before.text, 'tiendo_reminder_deliveries_total{channel="email",outcome="retry"}') ?? 0;
    const failedJobs = sample(before.text, 'tiendo_job_duration_seconds_count{queue="email",name="send-email",outcome="failed"}') ?? 0;
    smtp.refuseNext = 1;
    await t.fixtures.task({ code: 'M-3', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', deadline: '2026-11-24' });
    await t.worker.reminders.add(ReminderJob.daily, { day: '2026-11-23' }, { jobId: 'metrics-daily-again' });
    const text = await scrapeUntil((s) => sample(s, 'tiendo_reminder_deliveries_total{channel="email",outcome="retry"}') === retried + 1 && smtp.received.some((m) => m.raw.includes('M-3')));
    expect(sample(text, 'tiendo_reminder_deliveries_total{channel="email",outcome="retry"}')).toBe(retried + 1);
    expect(sample(text, 'tiendo_job_duration_seconds_count{queue="email",name="send-email",outcome="failed"}')).toBe(failedJobs + 1);
  });

  it('reads the queues’ depths and the task events waiting for dispatch at scrape', async () => {
    // Three events of one actor, ten seconds old by the worker's clock: settling (60 s), so still in the outbox.
    const [task] = await t.db.query(`SELECT id FROM tasks WHERE code = 'M-1'`);
    const [actor] = await t.db.query(`SELECT id FROM users WHERE username = 'vp'`);
    const at = new Date(t.clock.now().getTime() - 10_000);
    for (let i = 0; i < 3; i++) {
      await t.db.query(`INSERT INTO task_events (task_id, kind, actor_id, occurred_at) VALUES ($1, 'task_updated', $2, $3)`, [task.id, actor.id, at]);
    }
    // Delayed jobs: the schedulers' next runs are queued ahead.
    const [delayed] = [await t.worker.reminders.getDelayedCount()];
    const { status, type, text } = await get('/metrics');
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'tiendo_task_events_pending')).toBe(3);
    expect(sample(text, 'tiendo_task_events_oldest_pending_age_seconds')).toBe(10);
    expect(sample(text, 'tiendo_queue_jobs{queue="reminders",state="delayed"}')).toBe(delayed);
    expect(delayed).toBeGreaterThan(0);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(sample(text, `tiendo_queue_jobs{queue="email",state="${state}"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'tiendo_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    await t.db.query(`UPDATE task_events SET dispatched_at = now() WHERE dispatched_at IS NULL`);
  });

  it('is not ready (503, database down) while PostgreSQL refuses connections, yet live and its metrics answer; ready again after', async () => {
    const name = new URL(t.databaseUrl).pathname.slice(1);
    await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    try {
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const started = Date.now();
      const ready = await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toMatchObject({ ready: false, database: 'down' });
      expect((await get('/health/live')).status).toBe(200);
      const metrics = await get('/metrics');
      expect(metrics.status).toBe(200);
      // Read at scrape with a timeout: the outbox count is NaN (a gap in the graph), not a stale or a made-up number.
      expect(sample(metrics.text, 'tiendo_task_events_pending')).toBeNaN();
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    const end = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < end && (status = (await get('/health/ready')).status) !== 200) await new Promise((r) => setTimeout(r, 250));
    expect(status).toBe(200);
  });

  it('exposes every metric the Grafana dashboard (ops/grafana) queries', async () => {
    const dashboard = readFileSync(join(__dirname, '../../../ops/grafana/tiendo-dashboard.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b((?:tiendo|http|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, '')));
    expect(queried.size).toBeGreaterThan(10);
    const { text } = await get('/metrics');
    // The worker's registry holds the API's metrics too (one AppMetrics class): only their samples differ.
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('listens on WORKER_HEALTH_HOST only, loopback by default: not on the machine\'s other addresses', async () => {
    expect(t.worker.app.get(AppConfig).WORKER_HEALTH_HOST).toBe('127.0.0.1');
    expect(t.worker.app.get(WorkerHealthServer).address).toBe('127.0.0.1');
    // Every other IPv4 address of this machine refuses the connection (a container's or pod's own address).
    const others = Object.values(networkInterfaces())
      .flat()
      .flatMap((a) => (a && a.family === 'IPv4' && !a.internal ? [a.address] : []));
    for (const address of others) {
      await expect(fetch(`http://${address}:${port}/health/live`)).rejects.toThrow();
    }
  });

  it('answers 404 for anything but its probes and /metrics', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/metrics/extra')).status).toBe(404);
  });
});

describe('worker metrics with Redis away', () => {
  const redis = new ThrowawayRedis();
  let t: WorkerTestbed;
  let port: number;
  const scrape = async () => {
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    return { status: res.status, text: await res.text(), took: Date.now() - started };
  };
  beforeAll(async () => {
    await redis.start();
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', { REDIS_URL: redis.url() });
    port = t.worker.app.get(WorkerHealthServer).port;
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('still answers the scrape at once, without queue depths (a gap, not the last numbers), and has them again once Redis is back', async () => {
    expect(sample((await scrape()).text, 'tiendo_queue_jobs{queue="reminders",state="delayed"}')).toBeGreaterThan(0);
    await redis.stop();
    const away = await scrape();
    expect(away.status).toBe(200);
    expect(away.took).toBeLessThan(3_000);
    expect(away.text).not.toMatch(/^tiendo_queue_jobs\{/m);
    // What does not need Redis is still there.
    expect(sample(away.text, 'tiendo_task_events_pending')).toBe(0);
    await redis.start();
    const end = Date.now() + 15_000;
    let back = await scrape();
    while (!/^tiendo_queue_jobs\{/m.test(back.text) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      back = await scrape();
    }
    expect(back.text).toMatch(/^tiendo_queue_jobs\{queue="reminders",state="waiting"\} \d+$/m);
  });
});
