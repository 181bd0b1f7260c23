// npm run bench:obligations — periodic reports at 10,000 reporting units (issue #11): the worker's generator making
// one period's report tasks (and its rerun making none), then the period's board over HTTP after a realistic mix of
// submissions (on time, late, missing, some confirmed), as the screen asks for it (a page of 100: the first, the 50th,
// one cell's, a search), each against its own SQL as the floor; the whole board page after page of 500; board.xlsx once.
import { runMigrations } from '@tiendo/server-database';
import { hashPassword } from '@tiendo/server-users';
import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BENCH_PASSWORD, benchAdminUrl, benchDbUrl } from './bench-db';

const UNITS = Number(process.env['BENCH_UNITS'] ?? 10_000);
const GROUPS = Math.max(1, Math.round(UNITS / 100));
const RUNS = Number(process.env['BENCH_RUNS'] ?? 60);
const DB = process.env['BENCH_DB'] ?? 'tiendo_bench_obl_board';
const PORT = Number(process.env['BENCH_PORT'] ?? 3300);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = process.env['QUEUE_PREFIX'] ?? 'tiendo-bench-obl';
const STORAGE_DIR = process.env['STORAGE_DIR'] ?? mkdtempSync(join(tmpdir(), 'tiendo-bench-obl-'));
// BENCH_REUSE=1: the database of an earlier run (units, report tasks, submissions) is kept; only the board is timed.
const REUSE = process.env['BENCH_REUSE'] === '1';
// BENCH_API: another build of the API to time the board with (an older commit's, built in a worktree: before/after).
const API_MAIN = process.env['BENCH_API'] ?? 'dist/apps/api/main.js';
const JWT_SECRET = randomBytes(48).toString('base64url');
const CONCURRENCY = 8;
const KEY = '2026-11';
// The whole board is 20 requests of 500 lines: fewer rounds of it.
const FULL_RUNS = Number(process.env['BENCH_FULL_RUNS'] ?? 10);
// A search as typed without tone marks: the units whose name holds "512" (số 512, 1512, …, 5120–5129, …).
const SEARCH = 'truyen thong 512';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The reporting units' mix, fixed by their number: 60% on time (a third of them confirmed), 25% late, 15% missing. */
const fate = (i: number) => (i % 20 < 12 ? 'on_time' : i % 20 < 17 ? 'late' : 'missing');
const confirmed = (i: number) => i % 20 < 4;
const unitCode = (i: number) => `DV${String(i).padStart(5, '0')}`;

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

const appEnv = (clockStart: string) => ({
  ...process.env,
  DATABASE_URL: benchDbUrl(DB),
  REDIS_URL,
  QUEUE_PREFIX,
  STORAGE_DIR,
  JWT_SECRET,
  CLOCK_START: clockStart,
  LOG_LEVEL: 'warn',
  ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none',
});

async function exited(p: ChildProcess): Promise<void> {
  p.kill('SIGTERM');
  await new Promise((r) => (p.exitCode === null ? p.once('exit', r) : r(null)));
}

/**
 * 10,000 reporting units built in SQL as bench-db.ts builds its ministry: the ministry (BO), the Ministry Office (VP)
 * that receives the reports, 100 groups (kind `block`) each with a unit head, and under each group 100 units of kind
 * `provincial_department`, the kind the obligation names. The rows are those the units service writes (code, name,
 * kind, parent, path, active).
 */
async function prepare(): Promise<Client> {
  const admin = new Client({ connectionString: benchAdminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  await runMigrations(benchDbUrl(DB));
  const db = new Client({ connectionString: benchDbUrl(DB) });
  await db.connect();
  const bo = '00000000-0000-4000-8000-000000000000';
  const vp = '00000000-0000-4000-8000-000000000001';
  await db.query(`INSERT INTO units (id, code, name, kind, parent_id, path) VALUES ($1::uuid, 'BO', 'Bộ Thông tin và Truyền thông', 'ministry', NULL, '/' || $1::text || '/')`, [bo]);
  await db.query(`INSERT INTO units (id, code, name, kind, parent_id, path) VALUES ($1::uuid, 'VP', 'Văn phòng Bộ', 'department', $2::uuid, '/' || $2::text || '/' || $1::text || '/')`, [vp, bo]);
  await db.query(
    `INSERT INTO units (id, code, name, kind, parent_id, path)
     SELECT ('00000000-0000-4000-8001-' || lpad(g::text, 12, '0'))::uuid, 'CUM' || g, 'Cụm đơn vị ' || g, 'block', $1::uuid,
            '/' || $1::text || '/00000000-0000-4000-8001-' || lpad(g::text, 12, '0') || '/'
       FROM generate_series(1, $2::int) g`,
    [bo, GROUPS],
  );
  await db.query(
    `INSERT INTO units (id, code, name, kind, parent_id, path)
     SELECT ('00000000-0000-4000-8002-' || lpad(n::text, 12, '0'))::uuid, 'DV' || lpad(n::text, 5, '0'), 'Sở Thông tin và Truyền thông số ' || n,
            'provincial_department', p.id, p.path || '00000000-0000-4000-8002-' || lpad(n::text, 12, '0') || '/'
       FROM generate_series(0, $1::int - 1) n JOIN units p ON p.code = 'CUM' || (n % $2::int + 1)`,
    [UNITS, GROUPS],
  );
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.query(
    `INSERT INTO users (username, full_name, unit_id, role, password_hash) VALUES ('vanphong', 'Chánh Văn phòng', $1, 'monitor', $2)`,
    [vp, hash],
  );
  await db.query(
    `INSERT INTO users (username, full_name, unit_id, role, password_hash)
     SELECT 'head_' || lower(code), 'Trưởng ' || name, id, 'unit_head', $1 FROM units WHERE kind = 'block'`,
    [hash],
  );
  await db.query('VACUUM ANALYZE');
  return db;
}

/** CPU time (user + system) a process has used, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startApi(clockStart: string, main = 'dist/apps/api/main.js'): Promise<{ proc: ChildProcess; cpu: () => number }> {
  const proc = spawn(process.execPath, [main], { env: { ...appEnv(clockStart), PORT: String(PORT) }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) break;
    } catch {
      if (i > 600) throw new Error('API did not start');
    }
    await sleep(200);
  }
  return { proc, cpu: () => cpuMs(proc.pid as number) };
}

async function login(username: string): Promise<Record<string, string>> {
  const res = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

async function call<T = unknown>(method: string, path: string, auth: Record<string, string>, body?: object | FormData): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${PORT}${path}`, {
    method,
    headers: body instanceof FormData || body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function pool<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/** The worker's run of `day` (from its start until report_task_runs says it ended), as the daily job runs it. */
async function generate(db: Client, clockStart: string, day: string): Promise<{ seconds: number; runSeconds: number; created: number }> {
  const started = Date.now();
  const worker = spawn(process.execPath, ['dist/apps/worker/main.js'], { env: { ...appEnv(clockStart), WORKER_HEALTH_PORT: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    for (;;) {
      const { rows } = await db.query(
        `SELECT extract(epoch FROM finished_at - started_at)::float AS run_seconds, created FROM report_task_runs WHERE day = $1 AND finished_at IS NOT NULL`,
        [day],
      );
      if (rows[0]) return { seconds: (Date.now() - started) / 1000, runSeconds: rows[0].run_seconds, created: rows[0].created };
      if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
      await sleep(100);
    }
  } finally {
    await exited(worker);
  }
}

const pdf = (text: string) => new Blob([`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`], { type: 'application/pdf' });

/** Each unit of `indexes` submits through the API: its group's head uploads the file, then submits it with the figures. */
async function submitAll(db: Client, indexes: number[], heads: Map<string, Record<string, string>>, obligationId: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT u.code, p.code AS group_code, rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id JOIN units p ON p.id = u.parent_id
      WHERE rt.obligation_id = $1 AND rt.period_key = $2`,
    [obligationId, KEY],
  );
  const byCode = new Map(rows.map((r) => [r.code as string, r as { group_code: string; task_id: string }]));
  const started = Date.now();
  await pool(indexes, async (i) => {
    const code = unitCode(i);
    const { group_code, task_id } = byCode.get(code) as { group_code: string; task_id: string };
    const auth = heads.get(group_code) as Record<string, string>;
    const form = new FormData();
    form.append('file', pdf(`bao-cao ${code} ${KEY}`), `bao-cao-${code.toLowerCase()}-thang-11-2026.pdf`);
    const file = await call<{ id: string }>('POST', `/api/tasks/${task_id}/attachments`, auth, form);
    await call('POST', `/api/report-obligations/${obligationId}/periods/${KEY}/submissions`, auth, {
      unitCode: code,
      attachmentIds: [file.id],
      figures: { mobile_subscribers: 100_000 + ((i * 7919) % 900_000), ...(i % 3 === 0 ? { notes: `Số liệu của ${code} đến hết ngày 14/11/2026` } : {}) },
    });
  });
  return (Date.now() - started) / 1000;
}

interface Board {
  counts: Record<string, number>;
  total: number;
  page: number;
  pageSize: number;
  units: Array<{ unit: { code: string }; status: string; submission: { confirmed: unknown } | null }>;
}

async function timeBoard(path: string, auth: Record<string, string>, runs = RUNS): Promise<{ times: number[]; bytes: number; body: Board }> {
  let body = '';
  let bytes = 0;
  const once = async () => {
    const t = process.hrtime.bigint();
    const res = await fetch(`http://127.0.0.1:${PORT}${path}`, { headers: auth });
    const text = await res.text();
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 500)}`);
    bytes = Buffer.byteLength(text);
    body = text;
    return ms;
  };
  for (let i = 0; i < 5; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { times, bytes, body: JSON.parse(body) as Board };
}

/** The whole board as the pages of 500 lines one after the other (what the .xlsx reads in one go): one time per board. */
async function timeAllPages(base: string, auth: Record<string, string>): Promise<{ times: number[]; bytes: number; lines: number; pages: number }> {
  let bytes = 0;
  let lines = 0;
  let pages = 0;
  const once = async () => {
    const t = process.hrtime.bigint();
    bytes = 0;
    lines = 0;
    pages = 0;
    for (let page = 1; ; page++) {
      const res = await fetch(`http://127.0.0.1:${PORT}${base}?pageSize=500&page=${page}`, { headers: auth });
      const text = await res.text();
      if (!res.ok) throw new Error(`${base} page ${page}: ${res.status} ${text.slice(0, 500)}`);
      const body = JSON.parse(text) as Board;
      bytes += Buffer.byteLength(text);
      lines += body.units.length;
      pages = page;
      if (page * body.pageSize >= body.total) break;
    }
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < 2; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < FULL_RUNS; i++) times.push(await once());
  return { times, bytes, lines, pages };
}

/** What one board request asks for, for its floor: a page of `limit` lines from `offset`, one cell or all, a search. */
interface PageAsk {
  offset: number;
  limit: number;
  status?: string;
  q?: string;
}

/**
 * The floor of one page: by pg alone, no HTTP, the counts of the whole period by status (one GROUP BY) with the lines
 * matching, and the page's rows (cut first, then joined to their submission and files: the same joins as the
 * service's query, the status by a plain CASE of the rule, the search as THE search rule writes it, answered from the
 * units' index), and their JSON.
 */
async function timeFloorPage(db: Client, db2: Client, obligationId: string, ask: PageAsk): Promise<number[]> {
  const status = `CASE WHEN t.state = 'cancelled' THEN 'cancelled' WHEN t.deadline IS NULL THEN 'no_deadline'
      WHEN t.state = 'completed' AND (t.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= t.deadline THEN 'completed_on_time'
      WHEN t.state = 'completed' THEN 'completed_late' WHEN t.deadline < $3::date THEN 'in_progress_overdue' ELSE 'in_progress_on_track' END`;
  const params: unknown[] = [obligationId, KEY, '2026-11-20'];
  const where: string[] = [];
  // A cell by its own predicate of the rule (the four exclude each other), on the tasks.
  const cells: Record<string, string> = {
    completed_on_time: `t.state = 'completed' AND (t.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= t.deadline`,
    completed_late: `t.state = 'completed' AND (t.completed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > t.deadline`,
    in_progress_overdue: `t.state = 'open' AND t.deadline < $3::date`,
    in_progress_on_track: `t.state = 'open' AND t.deadline >= $3::date`,
  };
  if (ask.status) where.push(`(${cells[ask.status]})`);
  const words = ask.q?.split(/\s+/).filter(Boolean) ?? [];
  if (words.length) {
    const like = words.map((w) => `(search_key(f.code) || E'\\n' || search_key(f.name)) LIKE '%' || search_key($${params.push(w)}) || '%'`).join(' AND ');
    where.push(`rt.unit_id IN (SELECT f.id FROM units f WHERE ${like})`);
  }
  const filter = where.length ? where.join(' AND ') : 'TRUE';
  const countsSql = `
    SELECT st.status, count(*)::int AS n, count(*) FILTER (WHERE ${filter})::int AS matching
      FROM report_tasks rt JOIN tasks t ON t.id = rt.task_id CROSS JOIN LATERAL (SELECT ${status} AS status) st
     WHERE rt.obligation_id = $1 AND rt.period_key = $2 GROUP BY st.status`;
  const pageSql = `
    WITH page AS (
      SELECT rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id${ask.status ? ' JOIN tasks t ON t.id = rt.task_id' : ''}
       WHERE rt.obligation_id = $1 AND rt.period_key = $2 AND ${filter}
       ORDER BY upper(u.code), u.id LIMIT ${ask.limit} OFFSET ${ask.offset}
    )
    SELECT rt.task_id, rt.unit_id, u.code AS unit_code, u.name AS unit_name, rt.figures, ${status} AS status,
           rt.confirmed_completion_id, rt.confirmed_at, rt.confirmed_by_id, cb.full_name AS confirmed_by_name,
           t.code AS task_code, t.deadline::text AS deadline, t.state, t.completed_at, t.version,
           t.assignee_id, a.full_name AS assignee_name,
           c.id AS completion_id, c.reported_by_id, rb.full_name AS reported_by_name, c.result,
           (SELECT json_agg(json_build_object('id', ta.id, 'name', ta.name)) FROM task_attachments ta WHERE ta.attached_to_kind = 'completion' AND ta.attached_to_id = c.id AND ta.deleted_at IS NULL) AS files
      FROM page p
      JOIN report_tasks rt ON rt.task_id = p.task_id
      JOIN tasks t ON t.id = rt.task_id
      JOIN units u ON u.id = rt.unit_id
      LEFT JOIN users a ON a.id = t.assignee_id
      LEFT JOIN users cb ON cb.id = rt.confirmed_by_id
      LEFT JOIN LATERAL (
        SELECT tc.id, tc.reported_by_id, tc.result FROM task_completions tc
         WHERE tc.task_id = t.id AND tc.returned_at IS NULL ORDER BY tc.completed_at DESC LIMIT 1
      ) c ON t.state = 'completed'
      LEFT JOIN users rb ON rb.id = c.reported_by_id
     ORDER BY upper(u.code), u.id`;
  const once = async () => {
    const t = process.hrtime.bigint();
    // Two connections, as the API's pool runs the two statements at once.
    const [counts, page] = await Promise.all([db.query(countsSql, params), db2.query(pageSql, params)]);
    JSON.stringify({ counts: counts.rows, units: page.rows });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < 5; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return times;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  let db: Client;
  let obligationId: string;
  const lines: string[] = [];
  if (REUSE) {
    db = new Client({ connectionString: benchDbUrl(DB) });
    await db.connect();
    obligationId = (await db.query(`SELECT id FROM report_obligations WHERE code = 'BC-10K'`)).rows[0].id;
    console.log(`Reusing ${DB}`);
  } else {
    db = await prepare();
    console.log(`Prepared ${UNITS.toLocaleString('en')} reporting units in ${GROUPS} groups in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await flushPrefix(QUEUE_PREFIX);

    // Monday 02/11/2026: the Ministry Office sets up the monthly report of every provincial department (the API).
    let api = await startApi('2026-11-02T09:00:00+07:00');
    try {
      const office = await login('vanphong');
      const created = await call<{ id: string }>('POST', '/api/report-obligations', office, {
        code: 'BC-10K',
        name: 'Báo cáo tình hình phát triển thuê bao viễn thông',
        periodicity: 'monthly',
        receivingUnitCode: 'VP',
        reportingUnitKind: 'provincial_department',
        fields: [
          { key: 'mobile_subscribers', label: 'Số thuê bao di động', type: 'number', required: true },
          { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
        ],
        startsOn: '2026-11-01',
      });
      obligationId = created.id;
      const periods = await call<{ items: Array<{ key: string; createOn: string; deadline: string }> }>('GET', `/api/report-obligations/${obligationId}/periods?from=2026-11-01&count=1`, office);
      const p = periods.items[0];
      if (p.key !== KEY || p.createOn !== '2026-11-09' || p.deadline !== '2026-11-16') throw new Error(`unexpected period ${JSON.stringify(p)}`);
    } finally {
      await exited(api.proc);
    }
    // Creating the obligation queued its own generator run (ReportTasksTrigger); in the product that job runs on 02/11
    // and finds nothing due yet. Here no worker ran on 02/11: drop the job, so that the day's run is what is timed.
    await flushPrefix(QUEUE_PREFIX);

    // Monday 09/11 00:10, the period's creation day: the built worker starts, its reconcile queues the day's run.
    const first = await generate(db, '2026-11-09T00:10:00+07:00', '2026-11-09');
    const made = (await db.query(`SELECT count(*)::int AS n FROM report_tasks WHERE obligation_id = $1 AND period_key = $2`, [obligationId, KEY])).rows[0].n;
    // The rerun: the day's run record removed, a new worker runs the day again and must find nothing to create.
    await db.query(`DELETE FROM report_task_runs WHERE day = '2026-11-09'`);
    const second = await generate(db, '2026-11-09T00:20:00+07:00', '2026-11-09');
    const after = (await db.query(`SELECT count(*)::int AS n FROM report_tasks WHERE obligation_id = $1 AND period_key = $2`, [obligationId, KEY])).rows[0].n;
    lines.push('| generator run | wall s (worker start to run recorded) | run s (report_task_runs) | report tasks created | per second (run) | report tasks in the period |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    lines.push(`| first | ${first.seconds.toFixed(1)} | ${first.runSeconds.toFixed(1)} | ${first.created} | ${(first.created / first.runSeconds).toFixed(0)} | ${made} |`);
    lines.push(`| rerun | ${second.seconds.toFixed(1)} | ${second.runSeconds.toFixed(1)} | ${second.created} | — | ${after} |`);
    lines.push(`\nThe day's run made every report task of the period and the rerun none: ${first.created === UNITS && made === UNITS && second.created === 0 && after === UNITS ? 'yes' : 'NO'}`);
    console.log(lines.join('\n'));

    // Thursday 12/11: on-time submissions, and the Ministry Office confirms a third of them.
    const all = Array.from({ length: UNITS }, (_v, i) => i);
    api = await startApi('2026-11-12T09:00:00+07:00');
    try {
      const heads = new Map<string, Record<string, string>>();
      for (let g = 1; g <= GROUPS; g++) heads.set(`CUM${g}`, await login(`head_cum${g}`));
      const onTime = all.filter((i) => fate(i) === 'on_time');
      const s = await submitAll(db, onTime, heads, obligationId);
      const office = await login('vanphong');
      const toConfirm = onTime.filter(confirmed);
      const c0 = Date.now();
      await pool(toConfirm, (i) => call('POST', `/api/report-obligations/${obligationId}/periods/${KEY}/submissions/${unitCode(i)}/confirmation`, office).then(() => undefined));
      console.log(`${onTime.length} on-time submissions in ${s.toFixed(0)} s, ${toConfirm.length} confirmed in ${((Date.now() - c0) / 1000).toFixed(0)} s`);
    } finally {
      await exited(api.proc);
    }
    // Wednesday 18/11, two days past the deadline (16/11): the late ones.
    api = await startApi('2026-11-18T09:00:00+07:00');
    try {
      const heads = new Map<string, Record<string, string>>();
      for (let g = 1; g <= GROUPS; g++) heads.set(`CUM${g}`, await login(`head_cum${g}`));
      const late = all.filter((i) => fate(i) === 'late');
      const s = await submitAll(db, late, heads, obligationId);
      console.log(`${late.length} late submissions in ${s.toFixed(0)} s`);
    } finally {
      await exited(api.proc);
    }
    await db.query('VACUUM ANALYZE');
  }

  // The board on Friday 20/11, the Ministry Office reading it: warm, sequential requests.
  const api = await startApi('2026-11-20T09:00:00+07:00', API_MAIN);
  try {
    const office = await login('vanphong');
    // PostgreSQL's share: the CPU time of the backends serving this database (the API's pool and this client).
    const pgCpu = async () => {
      const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [DB]);
      return rows.reduce((sum, r) => sum + cpuMs(r.pid), 0);
    };
    const base = `/api/report-obligations/${obligationId}/periods/${KEY}/board`;
    await fetch(`http://127.0.0.1:${PORT}${base}`, { headers: office }).then((r) => r.text());
    // The screen's request: the first page of 100 (the default), with the API's and PostgreSQL's CPU per request.
    const [cpu0, pg0] = [api.cpu(), await pgCpu()];
    const first = await timeBoard(base, office);
    const cpuPerRequest = (api.cpu() - cpu0) / (RUNS + 5);
    const pgPerRequest = ((await pgCpu()) - pg0) / (RUNS + 5);
    const page50 = await timeBoard(`${base}?page=50`, office);
    const late = await timeBoard(`${base}?status=completed_late`, office);
    const search = await timeBoard(`${base}?q=${encodeURIComponent(SEARCH)}`, office);
    const all = await timeAllPages(base, office);
    const db2 = new Client({ connectionString: benchDbUrl(DB) });
    await db2.connect();
    const floors = {
      first: await timeFloorPage(db, db2, obligationId, { offset: 0, limit: 100 }),
      page50: await timeFloorPage(db, db2, obligationId, { offset: 4900, limit: 100 }),
      late: await timeFloorPage(db, db2, obligationId, { offset: 0, limit: 100, status: 'completed_late' }),
      search: await timeFloorPage(db, db2, obligationId, { offset: 0, limit: 100, q: SEARCH }),
    };
    await db2.end();
    const x0 = process.hrtime.bigint();
    const xres = await fetch(`http://127.0.0.1:${PORT}/api/report-obligations/${obligationId}/periods/${KEY}/board.xlsx`, { headers: office });
    const xlsx = Buffer.from(await xres.arrayBuffer());
    const xms = Number(process.hrtime.bigint() - x0) / 1e6;
    if (!xres.ok) throw new Error(`board.xlsx: ${xres.status}`);
    const expected = { completed_on_time: 0, completed_late: 0, in_progress_overdue: 0 };
    for (let i = 0; i < UNITS; i++) expected[fate(i) === 'on_time' ? 'completed_on_time' : fate(i) === 'late' ? 'completed_late' : 'in_progress_overdue']++;
    const counts = first.body.counts;
    const ok = counts.completed_on_time === expected.completed_on_time && counts.completed_late === expected.completed_late && counts.in_progress_overdue === expected.in_progress_overdue;
    // Every answer carries the whole period's counts; each page what it asked for.
    const sameCounts = [page50, late, search].every((b) => JSON.stringify(b.body.counts) === JSON.stringify(counts));
    const pagesOk =
      first.body.units.length === 100 && first.body.units[0].unit.code === unitCode(0) && page50.body.units[0].unit.code === unitCode(4900) &&
      late.body.total === expected.completed_late && late.body.units.every((l) => l.status === 'completed_late') &&
      search.body.total > 0 && search.body.units.length === search.body.total && all.lines === UNITS;

    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}; ${new Date().toISOString()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}; built API and worker; PostgreSQL and Redis on the same machine\n`);
    if (lines.length) console.log(`${lines.join('\n')}\n`);
    console.log(`Board of ${UNITS.toLocaleString('en')} units: ${JSON.stringify(counts)}; counts as submitted: ${ok ? 'yes' : 'NO'}; every page with the whole period's counts: ${sameCounts ? 'yes' : 'NO'}; pages as asked (first, 50th, the late cell of ${late.body.total}, "${SEARCH}" finding ${search.body.total}, all ${all.pages} pages of 500 = ${all.lines} lines): ${pagesOk ? 'yes' : 'NO'}\n`);
    console.log(`| scenario (${RUNS} sequential requests after 5 warm-ups) | JSON | p50 ms | p95 ms | p99 ms | max ms | floor p50 / p95 / p99 ms | ratio to floor (p50) |`);
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const row = (name: string, bytes: number, xs: number[], floor: number[] | null) =>
      console.log(
        `| ${name} | ${(bytes / 1e3).toFixed(0)} kB | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 95).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${
          floor ? `${pct(floor, 50).toFixed(1)} / ${pct(floor, 95).toFixed(1)} / ${pct(floor, 99).toFixed(1)}` : '—'
        } | ${floor ? `${(pct(xs, 50) / pct(floor, 50)).toFixed(2)}x` : '—'} |`,
      );
    row('…/board (page 1 of 100 lines, the screen)', first.bytes, first.times, floors.first);
    row('…/board?page=50', page50.bytes, page50.times, floors.page50);
    row('…/board?status=completed_late (page 1)', late.bytes, late.times, floors.late);
    row(`…/board?q=${SEARCH}`, search.bytes, search.times, floors.search);
    row(`the whole board: ${all.pages} pages of 500 one after the other (${FULL_RUNS} rounds after 2)`, all.bytes, all.times, null);
    console.log(`\nCPU time per request of page 1 (user + system, /proc), which the machine's load does not inflate as it does wall time: the API process ${cpuPerRequest.toFixed(1)} ms, PostgreSQL's backends ${pgPerRequest.toFixed(1)} ms (${API_MAIN})`);
    console.log(`\nboard.xlsx once (every line): ${xms.toFixed(0)} ms, ${(xlsx.length / 1e6).toFixed(2)} MB`);
  } finally {
    await exited(api.proc);
    await db.end();
    await flushPrefix(QUEUE_PREFIX);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
