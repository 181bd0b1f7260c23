import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppConfig, loadConfig } from '@tiendo/server-core';
import { cloneDatabase, ControlledClock, Fixtures, TEST_PASSWORD } from '@tiendo/server-testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app/app.module';
import { configureApp } from '../src/app/configure-app';

export interface TestApi {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: ControlledClock;
  db: DataSource;
  fixtures: Fixtures;
  config: AppConfig;
  /** A bearer token for a fixture user (signed in through the real endpoint). */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** Friday 20/11/2026, 09:00 in Hanoi: a working day well inside the month. */
export const DEFAULT_NOW = '2026-11-20T09:00:00+07:00';

/** The real API on a database of its own, with a clock the test controls. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
  if (!template) throw new Error('TIENDO_TEST_TEMPLATE_DB is not set: run through jest.int.config.cts');
  const database = await cloneDatabase(template);
  const clock = new ControlledClock(new Date(DEFAULT_NOW));
  // Attached files of this app (the embedded store) in a temporary folder of its own, removed on close.
  const files = mkdtempSync(join(tmpdir(), 'tiendo-test-files-'));
  // Uploads on their way in, in a folder of this app's own: a test checks it is left empty, and two runs go side by side.
  const uploads = mkdtempSync(join(tmpdir(), 'tiendo-test-uploads-'));
  const config = loadConfig({
    STORAGE_DIR: files,
    UPLOAD_TMP_DIR: uploads,
    DATABASE_URL: database.url,
    // Random, as `npm start` makes it: a fixed secret in the repository is refused at start (secret-strength.ts).
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    // Queues of its own in the shared Redis: two runs side by side (npm test runs both time zones at once) and a
    // developer's worker never see each other's jobs.
    QUEUE_PREFIX: `tiendo-int-${process.pid}-${randomBytes(3).toString('hex')}`,
    // Sign-in throttling is the subject of sign-in-throttling.int-spec.ts; elsewhere tests sign in freely.
    LOGIN_MAX_FAILURES_PER_HOUR: '1000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
    LOGIN_ACCOUNT_SLOWDOWN_AFTER: '100000',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, clock)] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureApp(app, config);
  await app.init();
  const db = app.get<DataSource>(getDataSourceToken());
  const http = request(app.getHttpServer());
  const tokens = new Map<string, string>();
  return {
    app,
    http,
    clock,
    db,
    config,
    fixtures: new Fixtures(db),
    async login(username, password = TEST_PASSWORD) {
      const cached = tokens.get(username + password);
      if (cached) return cached;
      const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username + password, res.body.accessToken);
      return res.body.accessToken;
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(files, { recursive: true, force: true });
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
