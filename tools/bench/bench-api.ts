// npm run bench:api — the task list, a search, a progress update and the task page under load, against a bare
// node:http + pg floor. BENCH_SCENARIOS=list,search,progress,taskpage (default: all) runs some of them; BENCH_TASKS, BENCH_SECONDS as below.
// BENCH_ROUNDS (3) rounds of each group, medians; BENCH_CONNECTIONS (32); BENCH_API_NODE_ARGS / BENCH_FLOOR_NODE_ARGS.
// BENCH_BASELINE=<another build's main.js> (BENCH_BASELINE_LABEL names it) runs that API too, scenario by scenario
// beside this one and the floor, on the same database and under the same load: a before/after in one run.
import autocannon from 'autocannon';
import { spawn, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 1_000_000);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 15);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
/** Each group is measured this many times, alternating the order (see measure). */
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const SCENARIOS = new Set((process.env['BENCH_SCENARIOS'] ?? 'list,search,progress,taskpage').split(','));
/** A unit head's two-word query typed without tone marks (the floor runs the same; see floor-server.ts). */
const SEARCH_QUERY = 'bao cao';
// BENCH_API_PORT / BENCH_FLOOR_PORT / BENCH_DB let several people bench on one machine without colliding.
const API_PORT = Number(process.env['BENCH_API_PORT'] ?? 3201);
const FLOOR_PORT = Number(process.env['BENCH_FLOOR_PORT'] ?? 3202);
const BENCH_DB = process.env['BENCH_DB'] ?? 'tiendo_bench';
const BASELINE = process.env['BENCH_BASELINE'];
const BASELINE_LABEL = process.env['BENCH_BASELINE_LABEL'] ?? 'before';
const BASELINE_PORT = Number(process.env['BENCH_BASELINE_PORT'] ?? API_PORT + 2);
/** Each API's metrics server on a port of its own (the default, 9464, may be another process's). */
const METRICS_PORT = Number(process.env['BENCH_METRICS_PORT'] ?? API_PORT + 3);

function start(cmd: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string): Promise<void> {
  // Up to 3 minutes: on a shared machine under load an API's start (migrations check, Nest's init) can take over one.
  for (let i = 0; i < 900; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

interface Result {
  title: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per answered request: the server process under test, and PostgreSQL's processes together. */
  serverCpu: number;
  databaseCpu: number;
  /** req/s over the floor's in the same round (the median over the rounds, once measured). */
  ratio: number;
}

/** CPU time (user + system, ms) of one process, from /proc (Linux's clock ticks are 100 per second). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // gone
  }
}

/** CPU time (ms) of each PostgreSQL process by pid (backends come and go with the pools' idle timeouts). */
function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // gone
    }
  }
  return byPid;
}

/** PostgreSQL's CPU (ms) since `before`: each process's growth (a new backend's whole time); one gone is not counted. */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpuMs()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** The server under test for each port, so a run can say what its requests cost in CPU. */
const servers = new Map<number, ChildProcess>();

async function run(title: string, opts: autocannon.Options, connections = CONNECTIONS): Promise<Result> {
  await autocannon({ ...opts, duration: 3, connections }); // warm-up
  const pid = servers.get(Number(new URL(opts.url as string).port))?.pid ?? 0;
  const [server0, db0] = [cpuMs(pid), postgresCpuMs()];
  const r = await autocannon({ ...opts, duration: DURATION, connections });
  const answered = Math.max(1, r.requests.total);
  return {
    title,
    connections,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    serverCpu: (cpuMs(pid) - server0) / answered,
    databaseCpu: postgresCpuSince(db0) / answered,
    ratio: Number.NaN,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs a group (each API, the floor last) BENCH_ROUNDS times, in reverse order every other round so that no member
 * always runs first, on a machine a run before it warmed (or tired). Each figure is its median over the rounds, the
 * ratio the median of each round's req/s over that round's floor: on a shared virtual machine two runs of the same
 * server differ by ±10 %, more than the differences measured here.
 */
async function measure(members: Array<() => Promise<Result>>): Promise<Result[]> {
  const rounds: Result[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = members.map((_, i) => i);
    if (round % 2) order.reverse();
    const results: Result[] = [];
    for (const i of order) results[i] = await members[i]();
    const floorRps = results[results.length - 1].rps;
    for (const r of results) r.ratio = r.rps / floorRps;
    rounds.push(results);
  }
  return members.map((_, i) => {
    const of = (pick: (r: Result) => number) => median(rounds.map((results) => pick(results[i])));
    return {
      ...rounds[0][i],
      rps: of((r) => r.rps),
      p50: of((r) => r.p50),
      p99: of((r) => r.p99),
      errors: rounds.reduce((sum, results) => sum + results[i].errors, 0),
      non2xx: rounds.reduce((sum, results) => sum + results[i].non2xx, 0),
      serverCpu: of((r) => r.serverCpu),
      databaseCpu: of((r) => r.databaseCpu),
      ratio: of((r) => r.ratio),
    };
  });
}

async function main(): Promise<void> {
  const db = await ensureBenchDatabase(BENCH_DB, TASKS);
  console.log(db.built ? `Built ${TASKS.toLocaleString('en')} tasks in ${db.seconds.toFixed(0)} s` : `Reusing ${BENCH_DB} (${TASKS.toLocaleString('en')} tasks)`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const [head] = (await client.query(`SELECT u.id, u.username, u.full_name, u.role, u.unit_id, un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE username = 'head_d1'`)).rows;
  // Progress updates by the Ministry Office on fresh open tasks, one task per request, so every version is right.
  const open = (await client.query(`SELECT id FROM tasks WHERE state = 'open' AND version = 1 LIMIT 300000`)).rows.map((r) => r.id as string);
  const [monitor] = (await client.query(`SELECT id FROM users WHERE username = 'head_bo'`)).rows;
  // The task page's task: an open task of head_d1's unit that the progress scenario does not touch.
  const [pageTask] = (
    await client.query(`SELECT t.id FROM tasks t JOIN units u ON u.id = t.lead_unit_id WHERE t.state = 'open' AND u.path LIKE $1 ORDER BY t.id DESC LIMIT 1`, [`${head.path}%`])
  ).rows;
  await client.end();
  const actor = { id: head.id, username: head.username, fullName: head.full_name, role: head.role, unitId: head.unit_id, unitPath: head.path };

  const env = { DATABASE_URL: db.url, JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none', LOGIN_MAX_FAILURES_PER_HOUR: '100' };
  // BENCH_API_NODE_ARGS: extra node flags for the API under test, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env['BENCH_API_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const api = start(process.execPath, [...nodeArgs, 'dist/apps/api/main.js'], { ...env, PORT: String(API_PORT), METRICS_PORT: String(METRICS_PORT) });
  const baseline = BASELINE ? start(process.execPath, [BASELINE], { ...env, PORT: String(BASELINE_PORT), METRICS_PORT: String(METRICS_PORT + 1) }) : undefined;
  // BENCH_FLOOR_NODE_ARGS: the same for the floor (a profile of each, side by side).
  const floorArgs = (process.env['BENCH_FLOOR_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const floor = start(process.execPath, [...floorArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'tools/bench/floor-server.ts'], {
    ...env,
    PORT: String(FLOOR_PORT),
    TS_NODE_PROJECT: 'tsconfig.check.json',
    BENCH_ACTOR: JSON.stringify(actor),
    BENCH_WRITER: monitor.id,
    BENCH_TODAY: '2026-11-20',
    BENCH_SEARCH: SEARCH_QUERY,
    BENCH_PAGE_TASK: pageTask.id,
  });
  servers.set(API_PORT, api).set(FLOOR_PORT, floor);
  if (baseline) servers.set(BASELINE_PORT, baseline);
  try {
    await waitFor(`http://127.0.0.1:${API_PORT}/api/health`);
    if (baseline) await waitFor(`http://127.0.0.1:${BASELINE_PORT}/api/health`);
    await waitFor(`http://127.0.0.1:${FLOOR_PORT}/`);
    // The API applied any pending migration at start; settle statistics and the visibility map as production would.
    const maintenance = new Client({ connectionString: db.url });
    await maintenance.connect();
    await maintenance.query('VACUUM ANALYZE');
    await maintenance.end();
    const login = await fetch(`http://127.0.0.1:${API_PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'head_d1', password: BENCH_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };
    const monitorLogin = await fetch(`http://127.0.0.1:${API_PORT}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'head_bo', password: BENCH_PASSWORD }),
    });
    const monitorAuth = { authorization: `Bearer ${((await monitorLogin.json()) as { accessToken: string }).accessToken}` };
    const listPath = '/api/tasks?status=in_progress_overdue,in_progress_on_track&sort=deadline&pageSize=20';
    const searchPath = `/api/tasks?q=${encodeURIComponent(SEARCH_QUERY)}&pageSize=20`;
    let next = 0;
    // Groups of [API, (baseline,) floor]; the ratio is each API's req/s over its floor's.
    const pairs: Result[][] = [];
    type Member = () => Promise<Result>;
    // The same scenario on this API and, when asked, on the baseline (same tokens: same database and secret).
    const apis = (title: string, opts: (port: number) => autocannon.Options, connections = CONNECTIONS): Member[] => [
      () => run(`${title} (API)`, opts(API_PORT), connections),
      ...(baseline ? [() => run(`${title} (API, ${BASELINE_LABEL})`, opts(BASELINE_PORT), connections)] : []),
    ];
    if (SCENARIOS.has('list')) {
      pairs.push(
        await measure([
          ...apis('task list', (port) => ({ url: `http://127.0.0.1:${port}${listPath}`, headers: auth })),
          () => run('task list (floor)', { url: `http://127.0.0.1:${FLOOR_PORT}/tasks` }),
        ]),
      );
    }
    if (SCENARIOS.has('search')) {
      const { total } = (await (await fetch(`http://127.0.0.1:${API_PORT}${searchPath}`, { headers: auth })).json()) as { total: number };
      console.log(`Search "${SEARCH_QUERY}" by head_d1: ${total.toLocaleString('en')} tasks found`);
      // Under the same load as the list, with a few people searching at once, and one at a time.
      for (const connections of [CONNECTIONS, 4, 1]) {
        pairs.push(
          await measure([
            ...apis(`search "${SEARCH_QUERY}"`, (port) => ({ url: `http://127.0.0.1:${port}${searchPath}`, headers: auth }), connections),
            () => run(`search "${SEARCH_QUERY}" (floor)`, { url: `http://127.0.0.1:${FLOOR_PORT}/search` }, connections),
          ]),
        );
      }
    }
    if (SCENARIOS.has('progress')) {
      pairs.push(
        await measure([
          ...apis('progress update', (port) => ({
            url: `http://127.0.0.1:${port}`,
            requests: [
              {
                method: 'POST',
                headers: { ...monitorAuth, 'content-type': 'application/json' },
                setupRequest: (req) => ({ ...req, path: `/api/tasks/${open[next++ % open.length]}/progress`, body: JSON.stringify({ version: 1, percent: 50, note: 'Đang thực hiện' }) }),
              },
            ],
          })),
          () =>
            run('progress update (floor)', {
              url: `http://127.0.0.1:${FLOOR_PORT}`,
              requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, path: `/progress/${open[next++ % open.length]}` }) }],
            }),
        ]),
      );
    }
    if (SCENARIOS.has('taskpage')) {
      const taskUrl = `http://127.0.0.1:${API_PORT}/api/tasks/${pageTask.id}`;
      await giveTaskFiftyEvents(taskUrl, auth, monitorAuth);
      // One page view is three requests (the task, the first page of its timeline, its files), cycled in order.
      const pagePaths = ['', '/timeline?pageSize=20', '/attachments'].map((suffix) => `/api/tasks/${pageTask.id}${suffix}`);
      pairs.push(
        await measure([
          ...apis('task page: task + timeline + files', (port) => ({
            url: `http://127.0.0.1:${port}`,
            requests: pagePaths.map((path) => ({ method: 'GET' as const, path, headers: auth })),
          })),
          () =>
            run('task page: task + timeline + files (floor)', {
              url: `http://127.0.0.1:${FLOOR_PORT}`,
              requests: ['task', 'timeline', 'files'].map((part) => ({ method: 'GET' as const, path: `/page/${part}` })),
            }),
        ]),
      );
    }
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}; ${DURATION} s after a 3 s warm-up; ${TASKS.toLocaleString('en')} tasks; median of ${ROUNDS} round(s)\n`);
    console.log('| scenario | connections | req/s | p50 ms | p99 ms | errors / non-2xx | ratio to floor | server CPU ms/req | PostgreSQL CPU ms/req |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const group of pairs) {
      for (const r of group) {
        console.log(`| ${r.title} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} / ${r.non2xx} | ${r.ratio.toFixed(2)}x | ${r.serverCpu.toFixed(2)} | ${r.databaseCpu.toFixed(2)} |`);
      }
    }
    if (pairs.some((group) => group.slice(0, -1).some((a) => a.non2xx > 0))) console.log('\nWARNING: the API answered non-2xx during the run');
  } finally {
    api.kill('SIGTERM');
    baseline?.kill('SIGTERM');
    floor.kill('SIGTERM');
  }
}

/**
 * Gives the task page's task 50 events through the API, as its users would: 20 comments, 15 progress notes, 5 files
 * (a small PDF each, all different) and 10 edits of its description. Run once per bench database: a task that has
 * them already is left as it is.
 */
async function giveTaskFiftyEvents(taskUrl: string, headAuth: Record<string, string>, monitorAuth: Record<string, string>): Promise<void> {
  const timeline = (await (await fetch(`${taskUrl}/timeline?pageSize=1`, { headers: headAuth })).json()) as { total: number };
  if (timeline.total >= 50) return;
  const json = (auth: Record<string, string>) => ({ ...auth, 'content-type': 'application/json' });
  const version = async () => ((await (await fetch(taskUrl, { headers: headAuth })).json()) as { version: number }).version;
  const must = async (res: Promise<Response>) => {
    const r = await res;
    if (!r.ok) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
  };
  for (let i = 1; i <= 20; i++) {
    await must(fetch(`${taskUrl}/comments`, { method: 'POST', headers: json(headAuth), body: JSON.stringify({ body: `Ý kiến trao đổi số ${i} về tiến độ thực hiện` }) }));
  }
  for (let i = 1; i <= 15; i++) {
    const body = JSON.stringify({ version: await version(), percent: i * 5, note: `Cập nhật tiến độ lần ${i}` });
    await must(fetch(`${taskUrl}/progress`, { method: 'POST', headers: json(monitorAuth), body }));
  }
  for (let i = 1; i <= 5; i++) {
    const form = new FormData();
    const pdf = `%PDF-1.4\n% Báo cáo kết quả ${i}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), `bao-cao-ket-qua-${i}.pdf`);
    await must(fetch(`${taskUrl}/attachments`, { method: 'POST', headers: headAuth, body: form }));
  }
  for (let i = 1; i <= 10; i++) {
    const body = JSON.stringify({ version: await version(), description: `Nội dung nhiệm vụ, bản sửa lần ${i}` });
    await must(fetch(taskUrl, { method: 'PATCH', headers: json(monitorAuth), body }));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
