// npm run bench:briefing — the briefing, a unit's briefing and the 12-month trend on 1,000,000 tasks over ten years,
// against the single-pass SQL aggregate as the floor.
import { endOfLocalDay, monthBounds, startOfLocalDay, toLocalDate, VN_TIME_ZONE } from '@tiendo/domain';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 1_000_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const PORT = 3203;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const db = await ensureBenchDatabase('tiendo_bench', TASKS);
  console.log(db.built ? `Built ${TASKS.toLocaleString('en')} tasks over ten years in ${db.seconds.toFixed(0)} s` : `Reusing tiendo_bench (${TASKS.toLocaleString('en')} tasks)`);
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(PORT), JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const client = new Client({ connectionString: db.url });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) break;
      } catch {
        if (i > 600) throw new Error('API did not start');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await client.connect();
    await client.query('VACUUM ANALYZE');
    const login = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'head_bo', password: BENCH_PASSWORD }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: auth });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    const month = toLocalDate(new Date()).slice(0, 7);
    const { from, to } = monthBounds(month);
    const past = '2025-06';
    const trendFrom = `${Number(month.slice(0, 4)) - 1}-${month.slice(5)}`;
    // The floor: one GROUP BY lead unit with four count(*) FILTER clauses on the period conditions, same session settings.
    const floorSql = `
      SELECT lead_unit_id,
        count(*) FILTER (WHERE completed_at <= $3 AND (completed_at AT TIME ZONE '${VN_TIME_ZONE}')::date <= deadline) AS on_time,
        count(*) FILTER (WHERE completed_at <= $3 AND (completed_at AT TIME ZONE '${VN_TIME_ZONE}')::date > deadline) AS late,
        count(*) FILTER (WHERE (completed_at IS NULL OR completed_at > $3) AND deadline < $1::date) AS overdue,
        count(*) FILTER (WHERE (completed_at IS NULL OR completed_at > $3) AND deadline >= $1::date) AS on_track
      FROM tasks
      WHERE assigned_on <= $1 AND (completed_at IS NULL OR completed_at >= $2) AND (cancelled_at IS NULL OR cancelled_at > $3) AND deadline IS NOT NULL
      GROUP BY lead_unit_id`;
    const floor = async () => {
      await client.query('BEGIN');
      await client.query('SET LOCAL max_parallel_workers_per_gather = 2');
      await client.query(floorSql, [to, startOfLocalDay(from), endOfLocalDay(to)]);
      await client.query('COMMIT');
    };
    const scenarios: Array<[string, () => Promise<unknown>]> = [
      ['floor: single-pass SQL aggregate (this month)', floor],
      [`briefing, all units (${month}, computed)`, () => get(`/api/reports/briefing?month=${month}`)],
      [`briefing, one block's subtree (${month}, computed)`, () => get(`/api/reports/briefing?month=${month}&unit=K1`)],
      [`trend, 12 months (${trendFrom}..${month})`, () => get(`/api/reports/trend?from=${trendFrom}&to=${month}`)],
      [`briefing, past month (${past}, stored result)`, () => get(`/api/reports/briefing?month=${past}`)],
    ];
    const results: Array<[string, number]> = [];
    for (const [name, run] of scenarios) {
      for (let i = 0; i < 3; i++) await run(); // warm-up (and, for past months, the stored result)
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await time(run));
      results.push([name, median(times)]);
    }
    // The stored result of a past month must equal a fresh computation of it.
    const stored = (await get(`/api/reports/briefing?month=${past}`)) as { stored: boolean; total: number };
    await client.query(`DELETE FROM report_snapshots`);
    const fresh = (await get(`/api/reports/briefing?month=${past}`)) as { stored: boolean; total: number };
    const floorMs = results[0][1];
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}; median of ${RUNS} sequential runs after 3 warm-ups; ${TASKS.toLocaleString('en')} tasks, 1,001 units\n`);
    console.log('| scenario | median ms | ratio to floor |');
    console.log('| --- | ---: | ---: |');
    for (const [name, ms] of results) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / floorMs).toFixed(2)}x |`);
    console.log(`\nStored ${past} result equals a fresh computation: ${JSON.stringify({ ...stored, stored: null }) === JSON.stringify({ ...fresh, stored: null }) ? 'yes' : 'NO'} (total ${stored.total})`);
  } finally {
    api.kill('SIGTERM');
    await client.end().catch(() => undefined);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
