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

/** A migrated database for this test run, used as the template every test file copies. */
export async function createTemplateDatabase(): Promise<string> {
  const name = `tiendo_test_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  await runMigrations(databaseUrl(name));
  return name;
}

/** A fresh copy of the template: each test file gets a database of its own, dropped when it ends. */
export async function cloneDatabase(template: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${template.replace('_tpl_', '_')}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Where a run's demo template keeps its attached files (apps/api/test/harness.ts demoTemplate); see dropRunDatabases. */
export function demoFilesDir(template: string): string {
  return join(tmpdir(), `${template.replace('_tpl_', '_')}_demo_files`);
}

/** Drops every test database of this run (the template and its copies) and the demo template's files. */
export async function dropRunDatabases(template: string): Promise<void> {
  const prefix = template.replace('_tpl_', '_');
  await withAdmin(async (c) => {
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${prefix}%`]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  });
  rmSync(demoFilesDir(template), { recursive: true, force: true });
}
