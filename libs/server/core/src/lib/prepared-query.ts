import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** The statement's name: one per distinct text (the texts come from a bounded set of builders). */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tiendo_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot read as a named prepared statement, so PostgreSQL plans it once per connection instead of on every
 * request (planning was about 40% of the task list's database time; see BENCHMARKS.md). `on` is the data source (a
 * pooled connection) or an entity manager: inside a transaction, the transaction's own connection. Only for
 * statements whose text comes from a bounded set of builders: each distinct text is kept per connection.
 */
export async function preparedQuery<T>(on: DataSource | EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const query = { name: statementName(text), text, values };
  if (on instanceof EntityManager) {
    if (!on.queryRunner) return preparedQuery(on.connection, text, values);
    const client = (on.queryRunner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
    return client ? ((await client.query(query)).rows as T[]) : on.query(text, values);
  }
  const pool = (on.driver as unknown as { master: Pool }).master;
  return (await pool.query(query)).rows as T[];
}
