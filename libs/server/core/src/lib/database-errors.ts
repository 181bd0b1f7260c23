import type { ErrorCode } from '@tiendo/contracts';

/** Node's words for a connection that could not be made or was lost (the database's host, its network). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/**
 * PostgreSQL's SQLSTATEs (Appendix A of its manual) for a server that cannot serve now: class 08 (connection
 * exception), 57P01-57P03 (shut down by an administrator, crashed, starting up or shutting down), 53300 (too many
 * connections), 3D000 (the database is not there, as while a restore renames it).
 */
const UNAVAILABLE_STATES = /^(08\w{3}|57P0[123]|53300|3D000)$/;
/** 57014 query_canceled: a statement past statement_timeout (data-source-options.ts), a lock held too long. */
const STATEMENT_TIMEOUT = '57014';
/** node-postgres's words when the server closed the connection, or connecting took past connectionTimeoutMillis. */
const PG_CONNECTION_LOST = /^Connection terminated|^Client has encountered a connection error|^Connection terminated due to connection timeout/;
/** The database closed to connections (`ALTER DATABASE … ALLOW_CONNECTIONS false`, SQLSTATE 55000 with these words). */
const NOT_ACCEPTING = /is not currently accepting connections/;

/**
 * Whether an error thrown while serving a request means PostgreSQL cannot serve now, and which 503 to answer:
 * `DATABASE_UNAVAILABLE` for a server that cannot be reached or refuses connections, `SERVER_BUSY` for a statement
 * cancelled at its time limit; null for anything else (a bug: 500). Reads the error's own `code` and that of a
 * TypeORM QueryFailedError's `driverError`.
 */
export function databaseUnavailability(error: unknown): Extract<ErrorCode, 'DATABASE_UNAVAILABLE' | 'SERVER_BUSY'> | null {
  if (!(error instanceof Error)) return null;
  const driver = (error as { driverError?: unknown }).driverError;
  for (const e of [error, driver]) {
    if (!(e instanceof Error)) continue;
    const code = String((e as { code?: unknown }).code ?? '');
    if (code === STATEMENT_TIMEOUT) return 'SERVER_BUSY';
    if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code) || NOT_ACCEPTING.test(e.message) || PG_CONNECTION_LOST.test(e.message)) return 'DATABASE_UNAVAILABLE';
    // An AggregateError (one refusal per address of a host name) carries its causes in `errors`.
    const causes = (e as { errors?: unknown }).errors;
    if (Array.isArray(causes) && causes.some((inner) => databaseUnavailability(inner) === 'DATABASE_UNAVAILABLE')) return 'DATABASE_UNAVAILABLE';
  }
  return null;
}

/** host:port/database of a connection string, never its user or password (a start-up message may be shared). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || u.searchParams.get('host') || '?'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(?)';
  }
}

/**
 * What a process that could not start says about it (main.ts of the API and the worker): for a database that cannot
 * be reached, which setting names it (DATABASE_LISTEN_URL or DATABASE_URL: host, port and database, never the user
 * or password) and, in Vietnamese first, what to check; for PgBouncer refusing the pool's session settings, that
 * DATABASE_POOL_MODE=transaction is what it needs. Anything else: the error's own message.
 */
export function startupFailure(error: unknown, config: { DATABASE_URL: string; DATABASE_LISTEN_URL?: string }): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported startup parameter/i.test(message)) {
    return (
      `DATABASE_URL (${describeDatabaseUrl(config.DATABASE_URL)}) đi qua PgBouncer ở chế độ transaction: đặt DATABASE_POOL_MODE=transaction và ` +
      `DATABASE_LISTEN_URL (kết nối thẳng tới PostgreSQL) / goes through a transaction-mode PgBouncer: set DATABASE_POOL_MODE=transaction and ` +
      `DATABASE_LISTEN_URL (direct to PostgreSQL). (${message})`
    );
  }
  if (databaseUnavailability(error) === 'DATABASE_UNAVAILABLE') {
    const setting = config.DATABASE_LISTEN_URL ? 'DATABASE_LISTEN_URL' : 'DATABASE_URL';
    const url = config.DATABASE_LISTEN_URL ?? config.DATABASE_URL;
    return (
      `Không kết nối được PostgreSQL theo ${setting} (${describeDatabaseUrl(url)}): kiểm tra máy chủ, cổng, tên cơ sở dữ liệu và quyền truy cập / ` +
      `cannot connect to PostgreSQL at ${setting}: check the server, port, database name and access. (${message})`
    );
  }
  return message;
}
