import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** The pool option dataSourceOptions (server-database, NAMED_STATEMENTS_OFF) sets under a transaction-mode pooler. */
const NAMED_STATEMENTS_OFF = 'tiendoNamedStatementsOff';

/**
 * Whether this pool goes through a transaction-mode pooler (DATABASE_POOL_MODE=transaction), where a statement named
 * on one server connection is unknown, or already known, on the next: every named statement must then go unnamed.
 */
export function namedStatementsOff(pool: Pool | unknown): boolean {
  return (pool as unknown as { options?: Record<string, unknown> }).options?.[NAMED_STATEMENTS_OFF] === true;
}

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
 * statements whose text comes from a bounded set of builders: each distinct text is kept per connection. Through a
 * transaction-mode pooler (DATABASE_POOL_MODE=transaction) the statement goes unnamed, planned each time.
 */
export async function preparedQuery<T>(on: DataSource | EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const pool = ((on instanceof EntityManager ? on.connection : on).driver as unknown as { master: Pool }).master;
  if (namedStatementsOff(pool)) return on.query(text, values);
  const query = { name: statementName(text), text, values };
  if (on instanceof EntityManager) {
    if (!on.queryRunner) return preparedQuery(on.connection, text, values);
    const client = (on.queryRunner as unknown as { databaseConnection?: PoolClient }).databaseConnection;
    return client ? ((await client.query(query)).rows as T[]) : on.query(text, values);
  }
  return (await pool.query(query)).rows as T[];
}
