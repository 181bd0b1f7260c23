import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any constant; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_KEY = 7_204_611;

/**
 * Applies pending migrations under an advisory lock, so several API or worker processes starting together
 * migrate once and the others wait. Returns the names applied.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 1, connectionTimeoutMillis: 10_000 } }));
  await ds.initialize();
  try {
    await ds.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await ds.destroy();
  }
}
