// npm run bench:import — the largest allowed register imported (time, the API's peak memory), the task list's p99
// under load while it runs against the same load without it, and hostile files answered (time, peak memory).
import autocannon from 'autocannon';
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { bombSheet, commaLinesCsv, commasLineCsv, emptyFieldsCsv, emptyLinesCsv, manyRowsXlsx, workbookWith } from '@tiendo/server-testing';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
const ROWS = 50_000;
const CONNECTIONS = 16;
const PORT = 3211;
const BASE = `http://127.0.0.1:${PORT}`;
const LIST = '/api/tasks?status=in_progress_overdue,in_progress_on_track&sort=deadline&pageSize=20';

/** Resident memory of a process (MB), sampled every 20 ms while `work` runs: the peak. */
async function peakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number; ms: number }> {
  let peak = 0;
  const sample = () => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    if (kb > peak) peak = kb;
  };
  sample();
  const beforeMb = peak / 1024;
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    sample();
    return { result, beforeMb, peakMb: peak / 1024, ms };
  } finally {
    clearInterval(timer);
  }
}

async function login(username: string): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
  // Without a token the import would be refused before its upload is read, which fetch reports as EPIPE.
  if (!res.ok) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function importFile(token: string, file: Buffer, name: string, query = '', confirmed?: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  if (confirmed) form.append('confirmedDocuments', JSON.stringify(confirmed));
  const res = await fetch(`${BASE}/api/tasks/import${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The largest register allowed: 50,000 rows on 90 departments, dates as Excel dates and as text, 500 documents. */
async function largestRegister(prefix: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Đơn vị chủ trì', 'Người thực hiện', 'Ngày giao', 'Hạn xử lý', 'Ngày hoàn thành', 'Số văn bản giao nhiệm vụ', 'Nhiệm vụ trọng tâm']);
  for (let i = 0; i < ROWS; i++) {
    const d = (i % 90) + 1;
    ws.addRow([
      `${prefix}-${String(i).padStart(5, '0')}`,
      `Triển khai kế hoạch chuyển đổi số năm 2026 của đơn vị, nhiệm vụ số ${i}`,
      `D${d}`,
      i % 4 === 0 ? `staff_d${d}` : '',
      new Date(Date.UTC(2026, 0, 1 + (i % 300))),
      `${String(1 + (i % 28)).padStart(2, '0')}/12/2026`,
      i % 3 === 0 ? '2026-11-01' : '',
      `${prefix}/VB-${i % 500}`,
      i % 50 === 0 ? 1 : 0,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}


async function main(): Promise<void> {
  const db = await ensureBenchDatabase('tiendo_bench_import', TASKS);
  console.log(db.built ? `Built ${TASKS.toLocaleString('en')} tasks in ${db.seconds.toFixed(0)} s` : `Reusing tiendo_bench_import (${TASKS.toLocaleString('en')} tasks)`);
  const prefix = `I${Date.now().toString(36).toUpperCase()}`;
  const register = await largestRegister(prefix);
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(PORT), JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '3600', MFA_REQUIRED_ROLES: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = api.pid as number;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/api/health`)).status < 500) break;
      } catch {
        // not up yet
      }
      if (i > 300) throw new Error('the API did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
    const startRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
    const reader = await login('head_d1');
    const monitor = await login('head_bo');
    // Hostile files first, on the API as it starts: what each costs, and the peak of the whole process.
    const hostile: Array<[string, Buffer, string?, string?]> = [
      ['.xlsx of 600,000 rows', manyRowsXlsx(600_000, 9)],
      ['zip bomb, honest sizes (100 MB declared)', workbookWith(bombSheet(100))],
      ['zip bomb, 48 MB at 200:1', workbookWith(bombSheet(48))],
      ['zip bomb, lying sizes (1 MB declared, 100 MB inside)', workbookWith(bombSheet(100), 1024 * 1024)],
      ['CSV of one line of 5,000,000 commas (dry run)', commasLineCsv(), 'commas.csv', '?dryRun=true'],
      ['CSV of 1,250 lines of 4,000 empty fields (dry run)', emptyFieldsCsv(), 'empty-fields.csv', '?dryRun=true'],
      ['CSV of 5,000,000 empty lines (dry run)', emptyLinesCsv(), 'empty-lines.csv', '?dryRun=true'],
      ['CSV of 2,500,000 lines of one comma (dry run)', commaLinesCsv(), 'comma-lines.csv', '?dryRun=true'],
      ['CSV of 60,000 rows', Buffer.from(['code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task', ...Array.from({ length: 60_000 }, (_, i) => `H-${i},Nhiệm vụ ${i},D1,,2026-01-05,,,,`)].join('\n')), 'rows.csv'],
    ];
    const hostileResults = [];
    for (const [title, file, name, query] of hostile) {
      const r = await peakRss(pid, () => importFile(monitor, file, name ?? 'hostile.xlsx', query));
      const errors = r.result.body['errors'] as Array<{ rule: string }> | undefined;
      hostileResults.push({ title, kb: file.length / 1024, status: r.result.status, rule: errors?.[0]?.rule ?? '', ms: r.ms, beforeMb: r.beforeMb, peakMb: r.peakMb });
    }

    const load = (seconds: number) => autocannon({ url: `${BASE}${LIST}`, headers: { authorization: `Bearer ${reader}` }, connections: CONNECTIONS, duration: seconds });
    await load(3); // warm-up

    const baseline = await load(20);
    const idleRss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

    const preview = await peakRss(pid, () => importFile(monitor, register, 'so-lon-nhat.xlsx', '?dryRun=true'));
    const documents = (preview.result.body['newDocuments'] as string[]) ?? [];
    // The same load while the register is imported: the load runs until the import has answered.
    // Without a callback autocannon answers its tracker: a thenable that also stops.
    const during = autocannon({ url: `${BASE}${LIST}`, headers: { authorization: `Bearer ${reader}` }, connections: CONNECTIONS, duration: 600 }) as unknown as Promise<autocannon.Result> & { stop(): void };
    const imported = await peakRss(pid, () => importFile(monitor, register, 'so-lon-nhat.xlsx', '', documents));
    during.stop();
    const underImport = await during;

    const date = new Date().toISOString().slice(0, 10);
    console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GB; ${date}; database of ${TASKS.toLocaleString('en')} tasks; ${CONNECTIONS} connections on the task list\n`);
    const mem = (r: { beforeMb: number; peakMb: number }) => `${r.beforeMb.toFixed(0)} → ${r.peakMb.toFixed(0)} MB (+${(r.peakMb - r.beforeMb).toFixed(0)})`;
    console.log(`API memory (RSS) after start: ${startRss.toFixed(0)} MB; after the hostile files and 23 s of task-list load: ${idleRss.toFixed(0)} MB\n`);
    console.log('| register | size | answer | time | API memory (RSS) before → peak |');
    console.log('| --- | ---: | --- | ---: | ---: |');
    console.log(`| ${ROWS.toLocaleString('en')} rows, dry run | ${(register.length / 1024 / 1024).toFixed(1)} MB | ${preview.result.status} ${JSON.stringify({ ...preview.result.body, newDocuments: documents.length })} | ${(preview.ms / 1000).toFixed(1)} s | ${mem(preview)} |`);
    console.log(`| ${ROWS.toLocaleString('en')} rows, import (under load) | ${(register.length / 1024 / 1024).toFixed(1)} MB | ${imported.result.status} ${JSON.stringify(imported.result.body)} | ${(imported.ms / 1000).toFixed(1)} s | ${mem(imported)} |`);
    for (const h of hostileResults) console.log(`| ${h.title} | ${h.kb < 1024 ? `${h.kb.toFixed(0)} KB` : `${(h.kb / 1024).toFixed(1)} MB`} | ${h.status} ${h.rule} | ${(h.ms / 1000).toFixed(2)} s | ${mem(h)} |`);
    console.log('');
    console.log('| task list (GET /api/tasks) | req/s | p50 ms | p99 ms | max ms | non-2xx |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [title, r] of [['alone, 20 s', baseline], [`while the ${ROWS.toLocaleString('en')}-row register is imported`, underImport]] as const) {
      console.log(`| ${title} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} |`);
    }
  } finally {
    api.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
