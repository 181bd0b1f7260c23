import './node-version';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { listenUrl, loadConfig, processClock, startupFailure, verifyListenConnection } from '@tiendo/server-core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { runMigrations } from '@tiendo/server-database';
import { WorkerModule } from './app/worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  // The migrations' advisory lock is a session's: the direct URL when DATABASE_URL goes through a transaction pooler.
  await runMigrations(listenUrl(config));
  // The task events' wake-up needs a LISTEN that hears: refused now, not lost silently later, through a pooler.
  await verifyListenConnection(listenUrl(config), config.DATABASE_LISTEN_URL ? 'DATABASE_LISTEN_URL' : 'DATABASE_URL');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, processClock(config)), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  // SIGTERM closes the workers: active jobs finish, the rest stay queued for another worker.
  app.enableShutdownHooks();
  // With Redis gone BullMQ's close waits for it forever: leave after 30 s instead (a job cut short runs again).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), 30_000).unref());
  }
  new Logger('Worker').log('Tiến Độ worker started');
}

main().catch((err) => {
  // A database that cannot be reached, or a pooler that refuses the pool's settings, is named with its setting.
  let text = err instanceof Error ? err.message : String(err);
  try {
    text = startupFailure(err, loadConfig());
  } catch {
    // The settings themselves were refused: their message is the one above.
  }
  process.stderr.write(`Tiến Độ worker: ${text}\n`);
  process.exit(1);
});
