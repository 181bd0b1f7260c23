import type { DataSource } from 'typeorm';

/**
 * The migrations this code carries (MIGRATIONS, as the DataSource holds them) that the database's `migrations` table
 * does not list, in order: what `npm run migrate` would apply. Empty when the schema is current (or newer: a table
 * that lists migrations this code does not know is a newer release's, and this code still runs on it).
 * One query; throws what the query throws (PostgreSQL down, the table missing).
 */
export async function pendingMigrations(db: DataSource): Promise<string[]> {
  const table = db.options.migrationsTableName ?? 'migrations';
  const rows: Array<{ name: string }> = await db.query(`SELECT name FROM "${table.replace(/"/g, '""')}"`);
  const applied = new Set(rows.map((r) => r.name));
  return db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
}
