/**
 * `npm run bench:web`: how long the dashboard takes to draw for a ministry of 1,001 units, in headless Chromium
 * against the built API serving the built web app. Timed by the browser's own clock from navigation start until the
 * four figures are on the page, and until every unit's bar is: a full page load (scripts from the browser cache, as on a
 * second visit), for the current month (computed live) and for a past month (served from its stored result).
 */
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import { toLocalDate } from '@tiendo/domain';
import { BENCH_PASSWORD, ensureBenchDatabase } from './bench-db';

const TASKS = Number(process.env['BENCH_TASKS'] ?? 100_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const PORT = 3204;
const BASE = `http://127.0.0.1:${PORT}`;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

async function main(): Promise<void> {
  const db = await ensureBenchDatabase('tiendo_bench_web', TASKS);
  console.log(db.built ? `Built ${TASKS.toLocaleString('en')} tasks on 1,001 units in ${db.seconds.toFixed(0)} s` : `Reusing tiendo_bench_web (${TASKS.toLocaleString('en')} tasks)`);
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(PORT), JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', WEB_DIST: 'dist/apps/web/browser' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? execSync('which chromium').toString().trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/api/health`)).ok) break;
      } catch {
        if (i > 600) throw new Error('API did not start');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.goto(`${BASE}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill('head_bo');
    await page.getByLabel('Mật khẩu').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => !u.pathname.includes('dang-nhap'));

    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('tiendo.session') ?? '{}').accessToken as string);
    const current = toLocalDate(new Date()).slice(0, 7);
    const past = `${Number(current.slice(0, 4)) - 1}-06`;
    const lines: string[] = [];
    for (const [label, month] of [
      ['current month (computed live)', current],
      ['past month (stored result)', past],
    ] as const) {
      const briefing = (await (await fetch(`${BASE}/api/reports/briefing?month=${month}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { units: unknown[]; total: number };
      const units = briefing.units.length;
      const figures: number[] = [];
      const bars: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        await page.goto(`${BASE}/tong-quan?month=${month}`);
        // Read on the page's own clock (ms since navigation start) the moment each thing is first on the page.
        const figuresAt = await page.waitForFunction(() => !!document.querySelector('[data-testid=figures] .figure.completedOnTime .count') && performance.now(), null, { polling: 'raf', timeout: 30_000 });
        const barsAt = await page.waitForFunction((n) => document.querySelectorAll('table.units tbody tr').length >= n && performance.now(), units, { polling: 'raf', timeout: 30_000 });
        if (run === 0) continue; // the first load warms the browser's cache and the server's plans
        figures.push(Number(await figuresAt.jsonValue()));
        bars.push(Number(await barsAt.jsonValue()));
      }
      lines.push(
        `dashboard, ${label} ${month} (${units} units, ${briefing.total} tasks): the four figures median ${median(figures).toFixed(0)} ms, p95 ${p95(figures).toFixed(0)} ms; ` +
          `every unit's bar median ${median(bars).toFixed(0)} ms, p95 ${p95(bars).toFixed(0)} ms (${RUNS} loads)`,
      );
    }
    console.log(`\nbench:web (${new Date().toISOString().slice(0, 10)}, ${TASKS.toLocaleString('en')} tasks, target < 800 ms)`);
    for (const line of lines) console.log(`  ${line}`);
  } finally {
    await browser.close();
    api.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
