import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppConfig, loadConfig, ManualClock } from '@tiendo/server-core';
import type { DestinationStream } from 'pino';
import { adminUrl, cloneDatabase, ControlledClock, databaseUrl, demoDatabaseName, demoFilesDir, Fixtures, TEST_PASSWORD } from '@tiendo/server-testing';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AppModule } from '../src/app/app.module';
import { seedDemo } from '../src/demo/seed-demo';
import { configureApp, createHttpAdapter } from '../src/app/configure-app';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';

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

/** The instant the demo is loaded at (seedDemo's `realNow`): Friday 20/11/2026, 09:00 in Hanoi, as DEFAULT_NOW. */
export const DEMO_LOADED_AT = new Date('2026-11-20T02:00:00Z');

/** The real API on a database of its own, with a clock the test controls. */
export async function startTestApi(env: Record<string, string> = {}, options: { logTo?: DestinationStream } = {}): Promise<TestApi> {
  return startApiOn(migratedTemplate(), undefined, env, options.logTo);
}

/**
 * The real API on a copy of the demo data (`npm run seed:demo`'s, loaded at DEMO_LOADED_AT), with its attached files:
 * the demo is loaded once per run through seedDemo, the same services a user's data goes through, into a database
 * kept as a template (demoTemplate); each caller gets a copy of it and of its files, so suites that read the demo no
 * longer pay for loading it (about 40 s with the provinces' year of reports). Loading itself, and loading it twice,
 * are tested in demo-provinces.int-spec.ts.
 */
export async function startDemoApi(env: Record<string, string> = {}): Promise<TestApi> {
  const demo = await demoTemplate();
  return startApiOn(demo.database, demo.files, env);
}

function migratedTemplate(): string {
  const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
  if (!template) throw new Error('TIENDO_TEST_TEMPLATE_DB is not set: run through jest.int.config.cts');
  return template;
}

/**
 * This run's demo template: `<template>_demo` and its files under the system's temporary folder (both removed with
 * the template: dropRunDatabases, or for npm test's shared one scripts/drop-test-template.js), shared by whatever
 * shares the template (npm test's two integration lanes). The first caller loads it under an advisory lock while the
 * others wait; the database appears under its name only once complete (loaded as `<…>_demo_loading`, then renamed).
 */
export async function demoTemplate(): Promise<{ database: string; files: string }> {
  const template = migratedTemplate();
  const database = demoDatabaseName(template);
  const files = demoFilesDir(template);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [database]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      const loading = `${database}_loading`;
      await admin.query(`DROP DATABASE IF EXISTS ${loading} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${loading} TEMPLATE ${template}`);
      rmSync(files, { recursive: true, force: true });
      mkdirSync(files, { recursive: true });
      const api = await startTestApi({ DATABASE_URL: databaseUrl(loading), STORAGE_DIR: files });
      try {
        await seedDemo(api.app, api.clock as ManualClock, DEMO_LOADED_AT);
      } finally {
        await api.close();
      }
      // Nothing may be connected to a database renamed or copied: end what the closed app may have left (a LISTEN).
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [loading]);
      await admin.query(`ALTER DATABASE ${loading} RENAME TO ${database}`);
    }
    return { database, files };
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [database]).catch(() => undefined);
    await admin.end();
  }
}

/**
 * The API of `moduleRef` as main.ts makes it (the Fastify adapter, configureApp), initialised and ready for supertest
 * on `getHttpServer()` without listening: Fastify adds its routes when ready.
 */
export async function initApp(moduleRef: TestingModule, config: AppConfig): Promise<NestFastifyApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), { bodyParser: false, logger: false });
  configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

async function startApiOn(template: string, filesFrom: string | undefined, env: Record<string, string>, logTo?: DestinationStream): Promise<TestApi> {
  const database = await cloneDatabase(template);
  const clock = new ControlledClock(new Date(DEFAULT_NOW));
  // Attached files of this app (the embedded store) in a temporary folder of its own, removed on close; a copy of the
  // template's files when it has some (the demo's).
  const files = mkdtempSync(join(tmpdir(), 'tiendo-test-files-'));
  if (filesFrom) cpSync(filesFrom, files, { recursive: true });
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
    // A second factor is the subject of second-factor.int-spec.ts; elsewhere admins and leaders sign in with a password.
    MFA_REQUIRED_ROLES: 'none',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, clock, logTo)] }).compile();
  const app = await initApp(moduleRef, config);
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
      await dropQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
    },
  };
}

/** Removes what this app's queues left in Redis (jobs the API queued for a worker that never ran in the test). */
async function dropQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis away: nothing was queued there either.
  } finally {
    redis.disconnect();
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
