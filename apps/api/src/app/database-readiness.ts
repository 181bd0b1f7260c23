import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@tiendo/server-core';
import { pendingMigrations } from '@tiendo/server-database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** A probe's database question gives up after this long: an orchestrator's probe has a timeout of its own (5 s in compose). */
export const READINESS_DB_TIMEOUT_MS = 2_000;
/** How long a "no migration pending" (or "pending") answer is kept: the check is a query, probes come every few seconds. */
export const MIGRATIONS_CACHE_MS = 5_000;
/** The readiness connection's name in pg_stat_activity. */
export const READINESS_CONNECTION_NAME = 'tiendo-api-readiness';

/**
 * The API's readiness indicators (terminus): PostgreSQL answers `SELECT 1` within READINESS_DB_TIMEOUT_MS, and no
 * migration this code carries is missing from the database (pendingMigrations, cached MIGRATIONS_CACHE_MS; a failed
 * look is not cached).
 *
 * Both are asked on a connection of readiness' own (DATABASE_URL, one connection kept between probes, made again after
 * a failure or a timeout), never one of the pool's: with every pooled connection busy (a burst of slow reports) the
 * question would wait behind the users' requests and every replica would answer "not ready" at once, emptying the
 * Service exactly when it is busiest, while PostgreSQL itself answers.
 */
@Injectable()
export class DatabaseReadiness implements OnModuleDestroy {
  private readonly logger = new Logger('Readiness');
  private cached: { at: number; pending: string[] } | null = null;
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
  ) {}

  /** `database: up` when PostgreSQL answered in time, else `down` with the reason. */
  async ping() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.query('SELECT 1'), READINESS_DB_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      this.drop();
      return check.down({ message: this.publicReason('database', err as Error) });
    }
  }

  /** `migrations: up` when none is pending; `down` naming the pending ones (or why the table could not be read). */
  async migrations() {
    const check = this.indicators.check('migrations');
    try {
      const pending = await this.pending();
      return pending.length === 0 ? check.up() : check.down({ message: 'Còn migration chưa áp dụng: chạy `npm run migrate` (hoặc khởi động API, API tự áp dụng). Migrations pending: run `npm run migrate` (or start the API, which applies them).', pending });
    } catch (err) {
      this.drop();
      return check.down({ message: this.publicReason('migrations', err as Error) });
    }
  }

  /**
   * What the public readiness answer says of a failure: its kind only. The driver's own text names the database's
   * host, port, user or database ("connect ECONNREFUSED 10.0.3.7:5432", "password authentication failed for user
   * …"), which is not for anyone who can reach /api/health/ready; it goes to the log instead.
   */
  private publicReason(check: string, err: Error): string {
    this.logger.warn(`readiness (${check}): ${err.message}`);
    if (err instanceof ReadinessTimeout) return err.message;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', '57P01', '57P03'].includes(code)) {
      return 'Không kết nối được PostgreSQL. PostgreSQL cannot be reached.';
    }
    return 'PostgreSQL trả lỗi (chi tiết trong nhật ký của API). PostgreSQL answered with an error (details in the API log).';
  }

  private async pending(): Promise<string[]> {
    // Time since start, not the domain clock: a cache's age is the process's own business.
    const now = performance.now();
    if (this.cached && now - this.cached.at < MIGRATIONS_CACHE_MS) return this.cached.pending;
    const pending = await withTimeout(pendingMigrations(this.db, (sql) => this.query(sql)), READINESS_DB_TIMEOUT_MS);
    this.cached = { at: now, pending };
    return pending;
  }

  /** Closes the readiness connection when the API stops. */
  async onModuleDestroy(): Promise<void> {
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** One statement on the readiness connection (made when there is none). */
  private async query<T>(sql: string): Promise<T[]> {
    const client = this.client ?? (await (this.connecting ??= this.connect().finally(() => (this.connecting = null))));
    return (await client.query(sql)).rows as T[];
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: READINESS_CONNECTION_NAME, connectionTimeoutMillis: READINESS_DB_TIMEOUT_MS });
    // A connection lost between probes (PostgreSQL restarted): forgotten, made again at the next probe.
    client.on('error', () => {
      if (this.client === client) this.client = null;
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  /** After a failure or a timeout (a statement may still be waiting on it): the connection is closed, made anew next time. */
  private drop(): void {
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => undefined);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout(`PostgreSQL không trả lời trong ${ms} ms. PostgreSQL did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A readiness question PostgreSQL did not answer in time (its message names no address). */
class ReadinessTimeout extends Error {}
