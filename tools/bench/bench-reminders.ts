// npm run bench:reminders — 100,000 reminders falling due at once, delivered by 1 and by 2 worker processes, first as
// one batch (the day's run as one job: the design before the split) then split into batch jobs of REMINDER_JOB_TASKS,
// against plain BullMQ adding and processing 100,000 no-op jobs on the same Redis; the rebuild after Redis is flushed
// (a new worker starting), and the repair by a worker left running when its Redis is flushed under it (its watchdog).
// BENCH_ONLY=delivery stops after the delivery table; BENCH_REUSE=1 keeps a database already holding the tasks. BENCH_DB
// names the database, BENCH_REDIS_PORT the port of the benchmark's own redis-server (else a free one), BENCH_REDIS_PID
// the pid of the redis-server at REDIS_URL (its CPU is then reported).
import { runMigrations } from '@tiendo/server-database';
import { Queue, QueueEvents, Worker } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { benchAdminUrl, benchDbUrl } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DB = process.env['BENCH_DB'] ?? 'tiendo_bench_reminders';
const JOB_TASKS = Number(process.env['BENCH_JOB_TASKS'] ?? 5_000);
const connection = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379), maxRetriesPerRequest: null };

async function flushPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

async function prepare(): Promise<Client> {
  const admin = new Client({ connectionString: benchAdminUrl() });
  await admin.connect();
  if (process.env['BENCH_REUSE'] && (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount) {
    const reused = new Client({ connectionString: benchDbUrl(DB) });
    await reused.connect();
    const { rows } = await reused.query(`SELECT count(*)::int AS n FROM tasks`);
    if (rows[0].n === TASKS) {
      await admin.end();
      return reused;
    }
    await reused.end();
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await runMigrations(benchDbUrl(DB));
  const db = new Client({ connectionString: benchDbUrl(DB) });
  await db.connect();
  await db.query(`INSERT INTO units (id, code, name, kind, path) VALUES ('00000000-0000-4000-8000-000000000001', 'BO', 'Bộ', 'ministry', '/00000000-0000-4000-8000-000000000001/')`);
  await db.query(`INSERT INTO users (id, username, full_name, unit_id, role, password_hash)
    SELECT gen_random_uuid(), 'cv' || g, 'Chuyên viên ' || g, '00000000-0000-4000-8000-000000000001', CASE WHEN g = 0 THEN 'monitor' ELSE 'staff' END, 'x'
      FROM generate_series(0, 1000) g`);
  // Every task due on Monday 23/11/2026: a "due_today" reminder each, for a thousand different people.
  await db.query(
    `INSERT INTO tasks (code, title, lead_unit_id, assignee_id, assigned_by_id, assigned_on, original_deadline, deadline)
     SELECT 'R-' || g, 'Nhiệm vụ ' || g, '00000000-0000-4000-8000-000000000001', (SELECT id FROM users WHERE username = 'cv' || (1 + g % 1000)),
            (SELECT id FROM users WHERE username = 'cv0'), '2026-11-02', '2026-11-23', '2026-11-23' FROM generate_series(1, $1) g`,
    [TASKS],
  );
  await db.query('VACUUM ANALYZE');
  return db;
}

function startWorker(prefix: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['dist/apps/worker/main.js'], {
    // Health on a free port each: several workers run side by side here.
    env: { ...process.env, DATABASE_URL: benchDbUrl(DB), REDIS_URL, QUEUE_PREFIX: prefix, WORKER_HEALTH_PORT: '0', JWT_SECRET: randomBytes(48).toString('base64url'), CLOCK_START: '2026-11-23T08:30:00+07:00', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface DeliveryRun {
  label: string;
  workers: number;
  batches: number;
  seconds: number;
  delivered: number;
  duplicates: number;
  misses: number;
  /** Per worker process: batches it ran, reminders it delivered, CPU seconds it used during the run. */
  shares: Array<{ batches: number; delivered: number; cpu: number }>;
  /** CPU seconds of the database's server processes (the workers' connections) and of redis-server during the run. */
  postgresCpu: number;
  redisCpu: number | null;
  load: string;
}

/**
 * `workers` worker processes of the built app, their clock at 07:30 on Monday 23/11/2026 (before the send hour, so
 * nothing runs at start), each REMINDER_CONCURRENCY 2. Once all are connected to the queue, the day's run is queued
 * (its coordinator, as the scheduler's job queues it); timed from there until the run is recorded finished. Each
 * batch job's return value names the process that ran it.
 */
async function deliver(db: Client, workers: number, jobTasks: number, label: string): Promise<DeliveryRun> {
  await db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs`);
  const prefix = `bench-rem-${workers}-${jobTasks}-${Date.now()}`;
  const procs = Array.from({ length: workers }, () => startWorker(prefix, { CLOCK_START: '2026-11-23T07:30:00+07:00', REMINDER_JOB_TASKS: String(jobTasks), REMINDER_CONCURRENCY: '2' }));
  const queue = new Queue('reminders', { connection, prefix });
  const events = new QueueEvents('reminders', { connection, prefix });
  const byPid = new Map<number, { batches: number; delivered: number }>();
  events.on('completed', ({ returnvalue }) => {
    const r = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as { worker?: string; inApp?: number } | null;
    if (!r?.worker) return;
    const pid = Number(r.worker.split(':').pop());
    const share = byPid.get(pid) ?? { batches: 0, delivered: 0 };
    share.batches++;
    share.delivered += r.inApp ?? 0;
    byPid.set(pid, share);
  });
  try {
    await events.waitUntilReady();
    // Every process's reminders worker connected (BullMQ names its connections by queue).
    while ((await queue.getWorkersCount()) < workers) await new Promise((r) => setTimeout(r, 100));
    const cpuBefore = procs.map((p) => cpuSeconds(p.pid));
    const backends = async () => (await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DB])).rows.map((r) => r.pid as number);
    const pgBefore = new Map((await backends()).map((pid) => [pid, cpuSeconds(pid)]));
    const redisPid = Number(process.env['BENCH_REDIS_PID'] ?? 0) || undefined;
    const redisBefore = cpuSeconds(redisPid);
    const started = Date.now();
    await queue.add('run-daily', { day: '2026-11-23', catchUp: true }, { jobId: 'daily-2026-11-23', removeOnComplete: true });
    for (;;) {
      const { rows } = await db.query(`SELECT finished_at IS NOT NULL AS done FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-23'`);
      if (rows[0]?.done) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = procs.map((p, i) => cpuSeconds(p.pid) - cpuBefore[i]);
    const postgresCpu = (await backends()).reduce((sum, pid) => sum + cpuSeconds(pid) - (pgBefore.get(pid) ?? 0), 0);
    const redisCpu = redisPid ? cpuSeconds(redisPid) - redisBefore : null;
    const load = loadavg().map((l) => l.toFixed(2)).join(', ');
    const { rows } = await db.query(
      `SELECT count(*)::int AS delivered, count(*) - count(DISTINCT delivery_id) AS duplicates,
              $1::int - count(DISTINCT task_id) AS misses,
              (SELECT coalesce(cardinality(batch_starts), 0) + 1 FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-23') AS batches
         FROM notifications`,
      [TASKS],
    );
    const batches = Number(rows[0].batches);
    // The last batches' completed events may trail the run's row by a moment.
    const end = Date.now() + 3_000;
    while ([...byPid.values()].reduce((a, b) => a + b.batches, 0) < batches && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const shares = procs.map((p, i) => ({ ...(byPid.get(p.pid ?? -1) ?? { batches: 0, delivered: 0 }), cpu: cpu[i] }));
    return { label, workers, batches, seconds, delivered: rows[0].delivered, duplicates: Number(rows[0].duplicates), misses: rows[0].misses, shares, postgresCpu, redisCpu, load };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode === null ? p.once('exit', r) : r(null)))));
    await Promise.all([queue.close(), events.close()]);
    await flushPrefix(prefix);
  }
}

/** The floor: plain BullMQ adding and processing no-op jobs, concurrency 50, on the same Redis. */
async function floor(): Promise<number> {
  const prefix = `bench-floor-${Date.now()}`;
  const queue = new Queue('noop', { connection, prefix });
  let done = 0;
  const started = Date.now();
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker('noop', async () => undefined, { connection, prefix, concurrency: 50 });
    worker.on('completed', () => {
      if (++done === TASKS) void worker.close().then(resolve);
    });
  });
  for (let i = 0; i < TASKS; i += 1000) await queue.addBulk(Array.from({ length: Math.min(1000, TASKS - i) }, (_v, j) => ({ name: 'noop', data: { i: i + j }, opts: { removeOnComplete: true } })));
  await finished;
  const seconds = (Date.now() - started) / 1000;
  await queue.close();
  await flushPrefix(prefix);
  return TASKS / seconds;
}

const WATCHDOG_SECONDS = 15;
const FLUSHES = Number(process.env['BENCH_FLUSHES'] ?? 3);

/** A Redis of the benchmark's own (FLUSHDB would empty everybody's otherwise), keeping nothing on disk. */
async function startOwnRedis(): Promise<{ url: string; stop: () => void }> {
  let port = Number(process.env['BENCH_REDIS_PORT'] ?? 0);
  if (!port) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  }
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()).includes('Ready to accept connections') && resolve());
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/**
 * One worker running, its schedulers and the pending e-mails in Redis; then FLUSHDB, FLUSHES times. Measured from the
 * flush until the four job schedulers exist again, and until every pending e-mail has its job again. The watchdog's
 * timer runs on its own phase, so a flush waits between 0 and WATCHDOG_SECONDS for it, then the repair itself.
 */
async function flushWithWorkerRunning(): Promise<Array<{ schedulers: number; emails: number }>> {
  const redis = await startOwnRedis();
  const conn = { host: '127.0.0.1', port: Number(new URL(redis.url).port), maxRetriesPerRequest: null };
  const prefix = 'bench-flush';
  const worker = startWorker(prefix, {
    REDIS_URL: redis.url,
    REMINDER_WATCHDOG_SECONDS: String(WATCHDOG_SECONDS),
    // An SMTP server that does not answer and a long backoff: every e-mail job stays in Redis while it is counted.
    SMTP_URL: 'smtp://127.0.0.1:1',
    EMAIL_RETRY_BASE_MS: '600000',
  });
  const reminders = new Queue('reminders', { connection: conn, prefix });
  const email = new Queue('email', { connection: conn, prefix });
  const flusher = new Redis(redis.url);
  const jobs = async () => Object.values(await email.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed')).reduce((a, b) => a + b, 0);
  const schedulers = async () => (await reminders.getJobSchedulers()).length;
  const until = async (done: () => Promise<boolean>) => {
    while (!(await done())) await new Promise((r) => setTimeout(r, 50));
  };
  const results: Array<{ schedulers: number; emails: number }> = [];
  try {
    await until(async () => (await schedulers()) === 4 && (await jobs()) >= TASKS);
    for (let i = 0; i < FLUSHES; i++) {
      await flusher.flushdb();
      const flushed = Date.now();
      await until(async () => (await schedulers()) === 4);
      const back = (Date.now() - flushed) / 1000;
      await until(async () => (await jobs()) >= TASKS);
      results.push({ schedulers: back, emails: (Date.now() - flushed) / 1000 });
    }
  } finally {
    worker.kill('SIGKILL');
    await new Promise((r) => (worker.exitCode === null ? worker.once('exit', r) : r(null)));
    await Promise.all([reminders.close(), email.close(), flusher.quit()]);
    redis.stop();
  }
  return results;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = await prepare();
  console.log(`Prepared ${TASKS.toLocaleString('en')} tasks due on 23/11/2026 in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const floorRate = await floor();
  const runs: DeliveryRun[] = [];
  // Same data each time. One batch of every task: the day's run as one job, as before the split.
  for (const workers of [1, 2]) runs.push(await deliver(db, workers, TASKS * 2, 'one job (1 batch)'));
  for (const workers of [1, 2]) runs.push(await deliver(db, workers, JOB_TASKS, `split, ${JOB_TASKS.toLocaleString('en')} tasks a batch`));
  const table = () => {
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}; worker processes of the built app (REMINDER_CONCURRENCY 2 each); Redis and PostgreSQL on the same machine\n`);
    console.log('| design | workers | batches | wall s | reminders/s | ratio to floor | per worker: batches / reminders / CPU s | PostgreSQL CPU s | Redis CPU s | duplicates | misses | load (1, 5, 15 min) |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |');
    console.log(`| floor: plain BullMQ, ${TASKS.toLocaleString('en')} no-op jobs | 1 | — | ${(TASKS / floorRate).toFixed(1)} | ${floorRate.toFixed(0)} | 1.00x | — | — | — | — | — | — |`);
    for (const r of runs) {
      const rate = r.delivered / r.seconds;
      const shares = r.shares.map((x) => `${x.batches} / ${x.delivered.toLocaleString('en')} / ${x.cpu.toFixed(1)}`).join(' ; ');
      console.log(`| ${r.label} | ${r.workers} | ${r.batches} | ${r.seconds.toFixed(1)} | ${rate.toFixed(0)} | ${(rate / floorRate).toFixed(2)}x | ${shares} | ${r.postgresCpu.toFixed(1)} | ${r.redisCpu === null ? '—' : r.redisCpu.toFixed(1)} | ${r.duplicates} | ${r.misses} | ${r.load} |`);
    }
  };
  if (process.env['BENCH_ONLY'] === 'delivery') {
    await db.end();
    table();
    return;
  }

  // Rebuild: Redis flushed while 100,000 e-mails wait; the reconciler puts back the schedulers and every pending job.
  // (An SMTP server that does not answer and a long backoff keep every job in Redis while they are counted.)
  await db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
  await db.query(`UPDATE reminder_deliveries SET channel = 'email', status = 'pending' WHERE true`);
  const prefix = `bench-rebuild-${Date.now()}`;
  const started = Date.now();
  const worker = startWorker(prefix, { SMTP_URL: 'smtp://127.0.0.1:1', EMAIL_RETRY_BASE_MS: '600000' });
  const email = new Queue('email', { connection, prefix });
  for (;;) {
    const counts = await email.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    if (Object.values(counts).reduce((a, b) => a + b, 0) >= TASKS) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const rebuild = (Date.now() - started) / 1000;
  worker.kill('SIGKILL');
  await email.close();
  await flushPrefix(prefix);

  const flushes = await flushWithWorkerRunning();
  await db.end();

  table();
  console.log(`\nRebuild after Redis is flushed (worker start, schedulers and ${TASKS.toLocaleString('en')} pending e-mails re-queued): ${rebuild.toFixed(1)} s`);
  console.log(`\nFLUSHDB with the worker running (watchdog every ${WATCHDOG_SECONDS} s; ${TASKS.toLocaleString('en')} e-mails pending):\n`);
  console.log('| flush | seconds to the 4 schedulers back | seconds to every pending e-mail re-queued |');
  console.log('| ---: | ---: | ---: |');
  flushes.forEach((f, i) => console.log(`| ${i + 1} | ${f.schedulers.toFixed(1)} | ${f.emails.toFixed(1)} |`));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
