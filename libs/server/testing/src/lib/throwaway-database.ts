import { runMigrations } from '@tiendo/server-database';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The server the test databases are made on; its maintenance database is used to create and drop them. */
export function adminUrl(): string {
  return process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The migrated database every test file of this Jest run copies. With `shared` (npm test's lanes name one in
 * TIENDO_TEST_SHARED_TEMPLATE_DB: the same migrations, made once instead of once per Jest run), the first run to ask
 * makes it under an advisory lock while the others wait; it appears under its name only once migrated. A shared
 * template outlives the Jest runs: whoever named it drops it (dropSharedTemplate). Returns the database's name.
 */
export async function createTemplateDatabase(shared?: string): Promise<string> {
  if (!shared) {
    const name = `tiendo_test_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
    await runMigrations(databaseUrl(name));
    return name;
  }
  if (!/^tiendo_test_tpl_[a-z0-9_]+$/.test(shared)) throw new Error(`a shared test template is named tiendo_test_tpl_…, not ${shared}`);
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [shared]);
    try {
      if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [shared])).rowCount) return;
      const migrating = `${shared}_migrating`;
      await c.query(`DROP DATABASE IF EXISTS ${migrating} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${migrating}`);
      await runMigrations(databaseUrl(migrating));
      await c.query(`ALTER DATABASE ${migrating} RENAME TO ${shared}`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [shared]).catch(() => undefined);
    }
  });
  return shared;
}

/**
 * What this Jest run's copies are named after: `tiendo_test_<pid>_<hex>`, set by the global setup
 * (TIENDO_TEST_RUN_PREFIX), so that a run's teardown drops its own copies and never those of a run beside it on the
 * same template.
 */
export function newRunPrefix(): string {
  return `tiendo_test_${process.pid}_${randomBytes(3).toString('hex')}`;
}

function runPrefix(template: string): string {
  return process.env['TIENDO_TEST_RUN_PREFIX'] ?? template.replace('_tpl_', '_');
}

/** A fresh copy of the template: each test file gets a database of its own, dropped when it ends. */
export async function cloneDatabase(template: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runPrefix(template)}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The demo template made from `template` (apps/api/test/harness.ts demoTemplate): shared with the template. */
export function demoDatabaseName(template: string): string {
  return `${template.replace('_tpl_', '_')}_demo`;
}

/** Where the demo template made from `template` keeps its attached files; see dropRunDatabases. */
export function demoFilesDir(template: string): string {
  return join(tmpdir(), `${demoDatabaseName(template)}_files`);
}

async function dropDatabasesStartingWith(prefixes: string[]): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database d WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) p WHERE starts_with(d.datname, p))`, [prefixes]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  });
}

/**
 * Drops this Jest run's copies; and, unless the template is shared (TIENDO_TEST_SHARED_TEMPLATE_DB), the template,
 * its demo template and the demo's files.
 */
export async function dropRunDatabases(template: string): Promise<void> {
  if (process.env['TIENDO_TEST_SHARED_TEMPLATE_DB'] === template) {
    await dropDatabasesStartingWith([`${runPrefix(template)}_`]);
    return;
  }
  await dropSharedTemplate(template, [`${runPrefix(template)}_`]);
}

/** Drops a template, what was made from it (its demo template, half-made ones) and the demo's files. */
export async function dropSharedTemplate(template: string, alsoStartingWith: string[] = []): Promise<void> {
  await dropDatabasesStartingWith([template, demoDatabaseName(template), ...alsoStartingWith]);
  rmSync(demoFilesDir(template), { recursive: true, force: true });
}
