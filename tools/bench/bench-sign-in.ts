// npm run bench:sign-in — a signed-in unit head's task list, alone and during a flood of wrong sign-ins from many
// client addresses (each a different X-Forwarded-For through a trusted proxy, so every attempt reaches argon2), with
// PASSWORD_HASH_CONCURRENCY 1 (the default) and 4 (libuv's whole thread pool: what the API did before the bound).
// BENCH_TASKS (default 20,000) and BENCH_SECONDS (default 10) as below. Only loopback addresses are contacted.
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 20_000);
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
const PORT = 3211;
const BASE = `http://127.0.0.1:${PORT}`;

function start(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['dist/apps/api/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

const list = (token: string, duration: number) =>
  autocannon({ url: `${BASE}/api/tasks?pageSize=20`, connections: 4, duration, headers: { Authorization: `Bearer ${token}` } });

/** Wrong passwords for random usernames, each from its own address in 198.18.0.0/15 (a benchmarking range). */
function flood(duration: number) {
  let n = 0;
  return autocannon({
    url: BASE,
    connections: 32,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/auth/login',
        setupRequest: (req) => {
          n++;
          return {
            ...req,
            headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}` },
            body: JSON.stringify({ username: `khach.${n}`, password: 'sai-mat-khau-123' }),
          };
        },
      },
    ],
  });
}

async function measure(concurrency: number, dbUrl: string) {
  const api = start({
    DATABASE_URL: dbUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    PORT: String(PORT),
    ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none',
    TRUSTED_PROXIES: 'loopback',
    PASSWORD_HASH_CONCURRENCY: String(concurrency),
  });
  try {
    await waitFor(`${BASE}/api/health`);
    const login = await fetch(`${BASE}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.1.1.1' },
      body: JSON.stringify({ username: 'head_d1', password: BENCH_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await list(accessToken, 3); // warm-up
    const alone = await list(accessToken, DURATION);
    const [during, attack] = await Promise.all([list(accessToken, DURATION), flood(DURATION)]);
    return { concurrency, alone, during, attack };
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
}

async function main(): Promise<void> {
  const db = await ensureBenchDatabase('tiendo_bench_signin', TASKS, 2);
  const rows: string[] = [];
  for (const concurrency of [1, 4]) {
    const r = await measure(concurrency, db.url);
    const codes = r.attack.statusCodeStats as Record<string, { count: number }>;
    rows.push(
      `| ${r.concurrency} | ${r.alone.latency.p50} / ${r.alone.latency.p99} ms | ${r.during.latency.p50} / ${r.during.latency.p99} ms | ` +
        `${r.during.requests.average.toFixed(0)} | ${r.attack.requests.average.toFixed(0)} (401: ${codes['401']?.count ?? 0}, 503: ${codes['503']?.count ?? 0}, other non-2xx: ${r.attack.non2xx - (codes['401']?.count ?? 0) - (codes['503']?.count ?? 0)}) |`,
    );
  }
  console.log(`\nTask list of a signed-in unit head (${TASKS.toLocaleString('en')} tasks, 4 connections), alone and during a sign-in flood (32 connections, a new address and username each), ${DURATION} s each:\n`);
  console.log('| PASSWORD_HASH_CONCURRENCY | list p50 / p99 alone | list p50 / p99 during the flood | list req/s during | sign-ins/s (answers) |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
