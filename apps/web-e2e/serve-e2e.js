// Starts the built API (serving the built web app) on a database of its own for the browser tests, loads the
// demo data through the same command users run, and drops the database when Playwright stops the server.
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `tiendo_e2e_${process.pid}_${randomBytes(3).toString('hex')}`;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${name}`;

async function admin(sql) {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main() {
  await admin(`CREATE DATABASE ${name}`);
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    PORT: process.env.E2E_PORT || '3100',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'Quan-tri-e2e-2026',
    WEB_DIST: path.join(root, 'dist/apps/web/browser'),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: `tiendo-e2e-${process.pid}`,
    // The bell is checked live with Playwright's 5 s expectations: merge a person's burst over 1 s, not the default 5.
    NOTIFICATION_SETTLE_SECONDS: '1',
    // Any free port for the API's metrics: a fixed one (9464) stops a second e2e server, or a dev API, on the machine.
    METRICS_PORT: '0',
    // The demo's admin and leader sign in with a password in every journey; second-factor.e2e.ts enrols a leader of
    // its own on the account page (a second factor is optional for everyone here).
    MFA_REQUIRED_ROLES: 'none',
  };
  // A server for a journey on a set day: the API and the worker on a clock started at that instant (E2E_CLOCK_START).
  if (process.env.E2E_CLOCK_START) env.CLOCK_START = process.env.E2E_CLOCK_START;
  // E2E_SEED=none: no demo data (the journey makes its own through the API as the admin).
  if (process.env.E2E_SEED !== 'none') {
    const seed = spawnSync(process.execPath, ['dist/apps/api/main.js', 'seed-demo'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (seed.status !== 0) throw new Error('seed-demo failed');
  }
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: 'inherit' });
  // The worker turns task events into notifications (the bell moves live); its health port beside the API's.
  const worker = spawn(process.execPath, ['dist/apps/worker/main.js'], { cwd: root, env: { ...env, WORKER_HEALTH_PORT: String(Number(env.PORT) + 1) }, stdio: 'inherit' });
  const workerExited = new Promise((r) => worker.once('exit', r));
  const stop = async () => {
    worker.kill('SIGTERM');
    api.kill('SIGTERM');
    await Promise.all([new Promise((r) => api.once('exit', r)), workerExited]);
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  worker.on('exit', (code) => {
    if (code) process.stderr.write(`e2e worker stopped (${code})\n`);
  });
  api.on('exit', async (code) => {
    worker.kill('SIGTERM');
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    process.exit(code ?? 1);
  });
}

main().catch(async (err) => {
  process.stderr.write(`e2e server: ${err.message}\n`);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  process.exit(1);
});
