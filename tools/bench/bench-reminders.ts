// npm run bench:reminders — 100,000 reminders falling due at once, delivered by 1 and by 2 worker processes, against
// plain BullMQ adding and processing 100,000 no-op jobs on the same Redis; and the rebuild after Redis is flushed.
import { runMigrations } from '@tiendo/server-database';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { benchAdminUrl, benchDbUrl } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const DB = 'tiendo_bench_reminders';
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
    env: { ...process.env, DATABASE_URL: benchDbUrl(DB), REDIS_URL, QUEUE_PREFIX: prefix, JWT_SECRET: randomBytes(48).toString('base64url'), CLOCK_START: '2026-11-23T08:30:00+07:00', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Workers start at 08:30 with the day's run not done: the reconcile queues it; time until all are written. */
async function deliver(db: Client, workers: number): Promise<{ seconds: number; delivered: number; duplicates: number; misses: number }> {
  await db.query(`TRUNCATE notifications, reminder_deliveries, reminder_runs`);
  const prefix = `bench-rem-${workers}-${Date.now()}`;
  const started = Date.now();
  const procs = Array.from({ length: workers }, () => startWorker(prefix));
  try {
    for (;;) {
      const { rows } = await db.query(`SELECT finished_at IS NOT NULL AS done FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-23'`);
      if (rows[0]?.done) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const { rows } = await db.query(
      `SELECT count(*)::int AS delivered, count(*) - count(DISTINCT delivery_id) AS duplicates,
              $1::int - count(DISTINCT task_id) AS misses FROM notifications`,
      [TASKS],
    );
    return { seconds, ...rows[0], duplicates: Number(rows[0].duplicates) };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode === null ? p.once('exit', r) : r(null)))));
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

async function main(): Promise<void> {
  const t0 = Date.now();
  const db = await prepare();
  console.log(`Prepared ${TASKS.toLocaleString('en')} tasks due on 23/11/2026 in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const floorRate = await floor();
  const runs = [];
  for (const workers of [1, 2]) runs.push({ workers, ...(await deliver(db, workers)) });

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
  await db.end();

  console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}; worker processes of the built app; Redis and PostgreSQL on the same machine\n`);
  console.log('| scenario | seconds | per second | ratio to floor | duplicates | misses |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| floor: plain BullMQ, ${TASKS.toLocaleString('en')} no-op jobs | ${(TASKS / floorRate).toFixed(1)} | ${floorRate.toFixed(0)} | 1.00x | — | — |`);
  for (const r of runs) {
    const rate = r.delivered / r.seconds;
    console.log(`| ${r.workers} worker${r.workers > 1 ? 's' : ''}: ${r.delivered.toLocaleString('en')} reminders delivered | ${r.seconds.toFixed(1)} | ${rate.toFixed(0)} | ${(rate / floorRate).toFixed(2)}x | ${r.duplicates} | ${r.misses} |`);
  }
  console.log(`\nRebuild after Redis is flushed (worker start, schedulers and ${TASKS.toLocaleString('en')} pending e-mails re-queued): ${rebuild.toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
