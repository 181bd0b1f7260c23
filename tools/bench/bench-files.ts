// npm run bench:files — upload and download throughput of a 20 MB file through the API, on the embedded store (a
// folder) and on an S3-compatible store (s3rver on loopback), with the API's peak memory while it streams.
import { randomBytes, createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@tiendo/server-database';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const S3rver: new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> } = require('s3rver');

const MB = 1024 * 1024;
const SIZE = 20 * MB;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const PORT = 4600;
const BASE = `http://127.0.0.1:${PORT}`;

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

interface Round {
  uploadMs: number[];
  duplicateMs: number[];
  downloadMs: number[];
  peakMb: number;
  idleMb: number;
}

/** A PDF-looking 20 MB file with random content (so each round's bytes are new, not deduplicated). */
function pdf20(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(SIZE - 9)]);
}

async function waitUp(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).status < 500) return;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error('the API did not come up');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function upload(token: string, taskId: string, bytes: Buffer, name: string): Promise<{ id: string; ms: number }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const started = performance.now();
  const res = await fetch(`${BASE}/api/tasks/${taskId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { id: string; sha256: string };
  const ms = performance.now() - started;
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(body)}`);
  if (body.sha256 !== createHash('sha256').update(bytes).digest('hex')) throw new Error('upload: another hash');
  return { id: body.id, ms };
}

async function download(token: string, taskId: string, id: string, expected: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${BASE}/api/tasks/${taskId}/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`download: ${res.status}`);
  const hash = createHash('sha256');
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  const ms = performance.now() - started;
  if (hash.digest('hex') !== expected) throw new Error('download: other bytes');
  return ms;
}

async function measure(label: string, env: Record<string, string>, dbUrl: string, taskId: string): Promise<Round> {
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, ...env, DATABASE_URL: dbUrl, PORT: String(PORT), JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = api.pid as number;
  try {
    await waitUp();
    const login = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'head_bo', password: BENCH_PASSWORD }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const round: Round = { uploadMs: [], duplicateMs: [], downloadMs: [], peakMb: 0, idleMb: rss(pid) };
    const timer = setInterval(() => (round.peakMb = Math.max(round.peakMb, rss(pid))), 20);
    try {
      // Warm-up: first request paths, the store's folder or bucket connection.
      const warm = pdf20();
      await upload(token, taskId, warm, 'warm-up.pdf');
      for (let i = 0; i < ROUNDS; i++) {
        const bytes = pdf20();
        const sha = createHash('sha256').update(bytes).digest('hex');
        const first = await upload(token, taskId, bytes, `Báo cáo ${label} ${i}.pdf`);
        round.uploadMs.push(first.ms);
        round.duplicateMs.push((await upload(token, taskId, bytes, `Bản sao ${i}.pdf`)).ms);
        round.downloadMs.push(await download(token, taskId, first.id, sha));
      }
    } finally {
      clearInterval(timer);
    }
    return round;
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = (ms: number) => (SIZE / MB / (ms / 1000)).toFixed(0);

async function main(): Promise<void> {
  const db = await ensureBenchDatabase('tiendo_bench_files', 2_000, 1);
  await runMigrations(db.url);
  const c = new Client({ connectionString: db.url });
  await c.connect();
  // An open task (the Ministry Office's monitor, head_bo, reads every task and so may attach to it); its files removed
  // so each run starts under the per-task limit.
  const [{ id: taskId }] = (await c.query(`SELECT id FROM tasks WHERE state = 'open' ORDER BY code LIMIT 1`)).rows;
  await c.query(`DELETE FROM task_attachments WHERE task_id = $1`, [taskId]);
  await c.end();

  const dir = mkdtempSync(join(tmpdir(), 'tiendo-bench-files-'));
  const s3dir = mkdtempSync(join(tmpdir(), 'tiendo-bench-s3-'));
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'tiendo-files' }] });
  const { port } = await s3.run();
  const results: Array<[string, Round]> = [];
  try {
    results.push(['folder (STORAGE_DIR)', await measure('thư mục', { STORAGE_DIR: dir }, db.url, taskId)]);
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(`DELETE FROM task_attachments WHERE task_id = $1`, [taskId]);
    await pg.query(`DELETE FROM attachment_blobs`);
    await pg.end();
    results.push([
      's3rver (STORAGE_URL, loopback)',
      await measure(
        'S3',
        { STORAGE_URL: `s3://tiendo-files?endpoint=http://127.0.0.1:${port}&region=us-east-1&forcePathStyle=true`, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
        db.url,
        taskId,
      ),
    ]);
  } finally {
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(s3dir, { recursive: true, force: true });
  }

  console.log(`\nMachine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB; load average ${loadavg()[0].toFixed(1)} at the end; ${new Date().toISOString().slice(0, 10)}`);
  console.log(`A 20 MB file, ${ROUNDS} rounds after a warm-up; medians (MB/s = 20 MB / wall time of the request, client on the same machine)\n`);
  console.log('| store | upload, new bytes | upload, same bytes again (stored once) | download | API memory idle → peak |');
  console.log('|---|---|---|---|---|');
  for (const [label, r] of results) {
    const up = median(r.uploadMs);
    const dup = median(r.duplicateMs);
    const down = median(r.downloadMs);
    console.log(
      `| ${label} | ${up.toFixed(0)} ms (${mbps(up)} MB/s) | ${dup.toFixed(0)} ms (${mbps(dup)} MB/s) | ${down.toFixed(0)} ms (${mbps(down)} MB/s) | ${r.idleMb.toFixed(0)} → ${r.peakMb.toFixed(0)} MB |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
