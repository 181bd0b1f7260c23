import './node-version';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, listenUrl, loadConfig, ManualClock, processClock, startupFailure, verifyListenConnection } from '@tiendo/server-core';
import { runMigrations } from '@tiendo/server-database';
import { UsersService } from '@tiendo/server-users';
import { ApiMetrics } from './app/api-metrics';
import { AppModule } from './app/app.module';
import { configureApp, createHttpAdapter } from './app/configure-app';
import { DEMO_USERS } from './demo/demo-data';
import { PROVINCES_2020, provinceUsers } from './demo/provinces-2020';
import { seedDemo } from './demo/seed-demo';

/** `main.js` serves the API (and the web app); `main.js migrate` and `main.js seed-demo` are the one-off commands. */
async function main(command: string | undefined): Promise<void> {
  const config: AppConfig = loadConfig();
  // Pending migrations first (under an advisory lock), so the app never runs against an older schema. The lock is
  // a session's: through the direct URL (DATABASE_LISTEN_URL) when DATABASE_URL goes through a transaction pooler.
  const applied = await runMigrations(listenUrl(config));
  if (applied.length) new Logger('Migrations').log(`Applied ${applied.join(', ')}`);
  if (command === 'migrate') return;

  if (command === 'seed-demo') {
    // The demo's ~2,500 small transactions need not each wait for the disk: the load is idempotent, so a crash
    // half way loses at most the last commits and a rerun puts them back (PostgreSQL's synchronous_commit, for this
    // process's connections only; node-postgres reads PGOPTIONS). Halves the load on an ordinary disk.
    process.env['PGOPTIONS'] = `${process.env['PGOPTIONS'] ?? ''} -c synchronous_commit=off`.trim();
    const clock = new ManualClock(new Date());
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, clock), { logger: ['warn', 'error'] });
    await app.get(UsersService).ensureInitialAdmin(config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
    const created = await seedDemo(app, clock, new Date());
    await app.close();
    const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(10)} ${u.username.padEnd(16)} ${u.password}`);
    if (config.ADMIN_USERNAME) lines.unshift(`  ${'admin'.padEnd(10)} ${config.ADMIN_USERNAME.padEnd(16)} ${config.ADMIN_PASSWORD ?? '(ADMIN_PASSWORD)'}`);
    const [hni] = provinceUsers(PROVINCES_2020[0], 0);
    lines.push(`  ${'unit_head'.padEnd(10)} ${hni.username.padEnd(16)} ${hni.password}  (and giamdoc.<mã>, chuyenvien.<mã> of the 63 Sở TT&TT: apps/api/src/demo/provinces-2020.ts)`);
    process.stdout.write(`Demo data ready (${created} new tasks).\n\nDemo accounts (role, username, password):\n${lines.join('\n')}\n\n`);
    return;
  }

  // Live notifications need a LISTEN that hears: refused now, not lost silently later, when it goes through a pooler.
  await verifyListenConnection(listenUrl(config), config.DATABASE_LISTEN_URL ? 'DATABASE_LISTEN_URL' : 'DATABASE_URL');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, processClock(config)), createHttpAdapter(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app, config);
  await app.get(UsersService).ensureInitialAdmin(config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
  // Every interface, IPv6 and IPv4, as Node's own default (Fastify alone would listen on localhost only); IPv4 alone
  // where the machine has no IPv6.
  await app.listen(config.PORT, '::').catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EAFNOSUPPORT' && err.code !== 'EADDRNOTAVAIL') throw err;
    return app.listen(config.PORT, '0.0.0.0');
  });
  // Metrics on a port of their own, never the public one (METRICS_PORT, METRICS_HOST). A port taken (a second API on
  // one machine) costs the metrics, not the service: logged, and Prometheus sees the target down.
  await app
    .get(ApiMetrics)
    .listen()
    .catch((err: Error) => new Logger('Metrics').error(`${err.message}: serving without metrics`));
  new Logger('Bootstrap').log(`Tiến Độ is listening on http://localhost:${config.PORT} (API docs at /api/docs)`);
}

main(process.argv[2]).catch((err) => {
  // A database that cannot be reached, or a pooler that refuses the pool's settings, is named with its setting.
  let text = err instanceof Error ? err.message : String(err);
  try {
    text = startupFailure(err, loadConfig());
  } catch {
    // The settings themselves were refused: their message is the one above.
  }
  process.stderr.write(`Tiến Độ: ${text}\n`);
  process.exit(1);
});
