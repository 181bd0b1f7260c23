import type { DataSource } from 'typeorm';

/**
 * The migrations this code carries (MIGRATIONS, as the DataSource holds them) that the database's `migrations` table
 * does not list, in order: what `npm run migrate` would apply. Empty when the schema is current (or newer: a table
 * that lists migrations this code does not know is a newer release's, and this code still runs on it).
 * One query, through `query` (default: the DataSource's pool; the API's readiness passes its own connection); throws
 * what the query throws (PostgreSQL down, the table missing).
 */
export async function pendingMigrations(db: DataSource, query: (sql: string) => Promise<Array<{ name: string }>> = (sql) => db.query(sql)): Promise<string[]> {
  const table = db.options.migrationsTableName ?? 'migrations';
  const rows = await query(`SELECT name FROM "${table.replace(/"/g, '""')}"`);
  const applied = new Set(rows.map((r) => r.name));
  return db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
}
