import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a hot read as a named prepared statement on the connection pool, so PostgreSQL plans it once per connection
 * instead of on every request (planning was about 40% of the task list's database time; see BENCHMARKS.md). Only
 * for statements whose text comes from a bounded set of builders: each distinct text is kept per connection.
 */
export async function preparedQuery<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as unknown as { master: Pool }).master;
  const name = `tiendo_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
