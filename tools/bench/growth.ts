// The growth run (`BENCH_GROWTH=1 npm run bench:api` or `BENCH_GROWTH=1 npm run bench:briefing`): how the task list,
// the search, the briefing, the trend and the task page cost as the data grows, at 100,000, 1,000,000 and 3,000,000
// tasks (growth-db.ts fills one database per size and keeps it). Through the built API over HTTP, autocannon at 32
// connections like bench:api; the computed briefings of a past month also one at a time, as bench:briefing does.
// BENCH_GROWTH_SIZES=100000,1000000 (default the three sizes), BENCH_SECONDS (default 10), BENCH_RUNS (default 5),
// BENCH_GROWTH_OPS=list,search,page,briefing,ranking,trend,computed (default all), BENCH_API_MAIN (default dist/apps/api/main.js:
// another build, e.g. one from before a change, to compare).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { Client } from 'pg';
import { BENCH_PASSWORD } from './bench-db';
import { ensureGrowthDatabase, GROWTH_TODAY } from './growth-db';

const SIZES = (process.env['BENCH_GROWTH_SIZES'] ?? '100000,1000000,3000000').split(',').map(Number);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const CONNECTIONS = 32;
/** The reports answer in a second or more under 32 connections: long enough a run that many of them complete. */
const REPORT_SECONDS = Math.max(DURATION, 20);
const OPS = new Set((process.env['BENCH_GROWTH_OPS'] ?? 'list,search,page,briefing,ranking,trend,computed').split(','));
const API_MAIN = process.env['BENCH_API_MAIN'] ?? 'dist/apps/api/main.js';
const PORT = Number(process.env['BENCH_GROWTH_PORT'] ?? 3440);
/** A word a unit head types, without tone marks ("tổng hợp", "báo cáo tổng kết"). */
const SEARCH_WORD = 'tong';
/** The running month (computed at every request), the last full month and one in the middle of the five years. */
const RUNNING = GROWTH_TODAY.slice(0, 7);
const LAST_FULL = '2026-10';
const MIDDLE = '2024-05';
const TREND_FROM = '2025-12';

interface Row {
  size: number;
  op: string;
  p50: number;
  p99: number;
  rps: number;
  /** Tasks the operation reads: a list's total, the briefing's tasks handled in the period. */
  rows?: number;
  load: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const uptime = () => {
  try {
    return execSync('uptime').toString().trim().replace(/^.*load average/, 'load');
  } catch {
    return `load ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 900; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

async function load(opts: autocannon.Options, seconds = DURATION): Promise<{ p50: number; p99: number; rps: number; bad: number }> {
  // A report under 32 connections can take seconds: wait for answers rather than count them as timeouts.
  await autocannon({ ...opts, duration: 3, connections: CONNECTIONS, timeout: 60 });
  const r = await autocannon({ ...opts, duration: seconds, connections: CONNECTIONS, timeout: 60 });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, bad: r.errors + r.non2xx + r.timeouts };
}

/** One size: fill or reuse its database, start the API on it, measure every operation. */
async function measure(size: number): Promise<Row[]> {
  const db = await ensureGrowthDatabase(size);
  console.log(db.built ? `${db.name}: filled ${size.toLocaleString('en')} tasks in ${db.seconds.toFixed(0)} s` : `${db.name}: reused (filled in ${db.seconds} s when built)`);
  const env = { DATABASE_URL: db.url, PORT: String(PORT), JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '3600', LOGIN_MAX_FAILURES_PER_HOUR: '1000' };
  // The API's log (warnings and errors) goes to a file in the OS temporary directory, named in the output.
  const logFile = join(tmpdir(), `growth-api-${db.name}.log`);
  const api = spawn(process.execPath, [API_MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', openSync(logFile, 'w'), 'inherit'] });
  console.log(`  API log: ${logFile}`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const rows: Row[] = [];
  try {
    await waitFor(`http://127.0.0.1:${PORT}/api/health`);
    await client.query('DELETE FROM report_snapshots');
    const base = `http://127.0.0.1:${PORT}`;
    const signIn = async (username: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
      if (!res.ok) throw new Error(`sign-in ${username}: ${res.status} ${await res.text()}`);
      return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
    };
    // A department head (Vụ 1 and its 3 divisions: 4 of the 435 units) and the Ministry Office (every unit).
    const head = await signIn('head_v1');
    const office = await signIn('head_bo');
    const get = async (path: string, auth: Record<string, string>) => {
      const res = await fetch(base + path, { headers: auth });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    // The task page's task: the department's most recent open task with a note, a comment and a file (g % 10 = 0).
    const [pageTask] = (
      await client.query(`SELECT t.id FROM tasks t JOIN units u ON u.id = t.lead_unit_id
                           WHERE u.code = 'V1' AND t.state = 'open' AND substr(t.code, 3)::int % 10 = 0 ORDER BY t.assigned_on, t.code LIMIT 1`)
    ).rows;
    // Requests still running when a load ends (a report under 32 connections) would weigh on the next: wait for them.
    const settle = async () => {
      for (let i = 0; i < 120; i++) {
        const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`)).rows;
        if (n === 0) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const measured = async (opts: autocannon.Options, seconds?: number) => {
      await settle();
      return load(opts, seconds);
    };
    const row = (op: string, r: { p50: number; p99: number; rps: number; bad: number }, n?: number) => {
      if (r.bad) console.log(`WARNING ${op}: ${r.bad} errors / non-2xx / timeouts`);
      rows.push({ size, op, p50: r.p50, p99: r.p99, rps: r.rps, rows: n, load: uptime() });
      console.log(`  ${op}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps.toFixed(0)} req/s${n !== undefined ? `, ${n.toLocaleString('en')} rows` : ''} (${uptime()})`);
    };
    const http = (path: string, auth: Record<string, string>) => ({ url: base + path, headers: auth });

    const defaultList = '/api/tasks?page=1&pageSize=20';
    const openList = '/api/tasks?status=in_progress_overdue,in_progress_on_track&sort=deadline&pageSize=20';
    const search = `/api/tasks?q=${SEARCH_WORD}&pageSize=20`;
    if (OPS.has('list')) {
      row('task list, default filters (dept. head)', await measured(http(defaultList, head)), ((await get(defaultList, head)) as { total: number }).total);
      row('task list, open by deadline (dept. head)', await measured(http(openList, head)), ((await get(openList, head)) as { total: number }).total);
    }
    if (OPS.has('search')) row(`search q=${SEARCH_WORD} (dept. head)`, await measured(http(search, head)), ((await get(search, head)) as { total: number }).total);
    if (OPS.has('page')) {
      const pagePaths = ['', '/timeline?pageSize=20', '/attachments'].map((s) => `/api/tasks/${pageTask.id}${s}`);
      for (const p of pagePaths) await get(p, head);
      row('task page: task + timeline + files (3 requests)', await measured({ url: base, requests: pagePaths.map((path) => ({ method: 'GET' as const, path, headers: head })) }));
    }

    // The briefing: the running month is computed at each request; a past month once, then read from its stored result.
    const briefing = (month: string) => `/api/reports/briefing?month=${month}`;
    const total = async (month: string) => ((await get(briefing(month), office)) as { total: number }).total;
    if (OPS.has('briefing')) {
      row(`briefing ${RUNNING} (running month, computed), all units`, await measured(http(briefing(RUNNING), office), REPORT_SECONDS), await total(RUNNING));
      // Stored by one request first: 32 requests at once for a month not yet stored would each compute it.
      const stored = await total(LAST_FULL);
      row(`briefing ${LAST_FULL} (stored result)`, await measured(http(briefing(LAST_FULL), office)), stored);
    }
    if (OPS.has('ranking')) {
      // The dashboard asks for it beside the briefing and the trends; it is computed at each request.
      const ranking = `/api/reports/ranking?month=${LAST_FULL}`;
      await get(ranking, office);
      row(`ranking ${LAST_FULL} (computed)`, await measured(http(ranking, office), REPORT_SECONDS));
    }
    if (OPS.has('trend')) {
      const trend = `/api/reports/trend?from=${TREND_FROM}&to=${RUNNING}`;
      await get(trend, office);
      row(`trend ${TREND_FROM}..${RUNNING} (11 stored months + running)`, await measured(http(trend, office), REPORT_SECONDS));
    }
    // A month computed (a past one with its stored result removed before each request), one request at a time.
    for (const month of OPS.has('computed') ? [RUNNING, LAST_FULL, MIDDLE] : []) {
      await settle();
      const times: number[] = [];
      let n = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        await client.query(`DELETE FROM report_snapshots`);
        const t = process.hrtime.bigint();
        n = ((await get(briefing(month), office)) as { total: number }).total;
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (i > 0) times.push(ms); // the first is a warm-up
      }
      const one = { p50: Math.round(median(times)), p99: Math.round(pct(times, 99)), rps: 1000 / median(times), bad: 0 };
      row(`briefing ${month} computed, one at a time (median of ${RUNS})`, one, n);
    }
  } finally {
    api.kill('SIGTERM');
    await client.end().catch(() => undefined);
  }
  return rows;
}

/** Prints the size × operation table with each figure's growth against the smallest size. */
function report(rows: Row[]): void {
  const sizes = [...new Set(rows.map((r) => r.size))];
  const ops = [...new Set(rows.map((r) => r.op))];
  const first = sizes[0];
  console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}, shared; ${new Date().toISOString()}; autocannon ${CONNECTIONS} connections, ${DURATION} s after 3 s warm-up`);
  console.log('growth = p50 at this size / p50 at the smallest size (rows: the same for the rows the operation reads)\n');
  console.log('| operation | tasks | rows read | p50 ms | p99 ms | req/s | growth p50 | growth rows | uptime |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const op of ops) {
    const base = rows.find((r) => r.op === op && r.size === first);
    for (const r of rows.filter((x) => x.op === op)) {
      const g = base ? (r.p50 / Math.max(base.p50, 0.5)).toFixed(2) + 'x' : '';
      const gr = base?.rows ? ((r.rows ?? 0) / base.rows).toFixed(1) + 'x' : '';
      console.log(`| ${op} | ${r.size.toLocaleString('en')} | ${r.rows?.toLocaleString('en') ?? ''} | ${r.p50} | ${r.p99} | ${r.rps.toFixed(0)} | ${g} | ${gr} | ${r.load} |`);
    }
  }
}

/** The growth run; bench-api.ts and bench-briefing.ts call it when BENCH_GROWTH=1. */
export async function growthRun(): Promise<void> {
  const rows: Row[] = [];
  for (const size of SIZES) rows.push(...(await measure(size)));
  report(rows);
}

if (require.main === module) {
  growthRun().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
