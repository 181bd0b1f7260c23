import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HolidaysService } from '@tiendo/server-calendar';
import { AppConfig, loadConfig } from '@tiendo/server-core';
import { runMigrations } from '@tiendo/server-database';
import { UsersService } from '@tiendo/server-users';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';

async function bootstrap(): Promise<void> {
  const config: AppConfig = loadConfig();
  // Pending migrations first (under an advisory lock), so the app never runs against an older schema.
  await runMigrations(config.DATABASE_URL);
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  configureApp(app, config);
  await app.get(HolidaysService).seedDefaults();
  await app.get(UsersService).ensureInitialAdmin(config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
  await app.listen(config.PORT);
  new Logger('Bootstrap').log(`Tiến Độ API listening on http://localhost:${config.PORT} (docs at /api/docs)`);
}

bootstrap().catch((err) => {
  process.stderr.write(`Tiến Độ API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
