import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { pendingMigrations } from '@tiendo/server-database';
import { DataSource } from 'typeorm';

/** A probe's database question gives up after this long: an orchestrator's probe has a timeout of its own (5 s in compose). */
export const READINESS_DB_TIMEOUT_MS = 2_000;
/** How long a "no migration pending" (or "pending") answer is kept: the check is a query, probes come every few seconds. */
export const MIGRATIONS_CACHE_MS = 5_000;

/**
 * The API's readiness indicators (terminus): PostgreSQL answers `SELECT 1` within READINESS_DB_TIMEOUT_MS, and no
 * migration this code carries is missing from the database (pendingMigrations, cached MIGRATIONS_CACHE_MS; a failed
 * look is not cached).
 */
@Injectable()
export class DatabaseReadiness {
  private cached: { at: number; pending: string[] } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** `database: up` when PostgreSQL answered in time, else `down` with the reason. */
  async ping() {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.db.query('SELECT 1'), READINESS_DB_TIMEOUT_MS);
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  /** `migrations: up` when none is pending; `down` naming the pending ones (or why the table could not be read). */
  async migrations() {
    const check = this.indicators.check('migrations');
    try {
      const pending = await this.pending();
      return pending.length === 0 ? check.up() : check.down({ message: 'Còn migration chưa áp dụng: chạy `npm run migrate` (hoặc khởi động API, API tự áp dụng). Migrations pending: run `npm run migrate` (or start the API, which applies them).', pending });
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }

  private async pending(): Promise<string[]> {
    // Time since start, not the domain clock: a cache's age is the process's own business.
    const now = performance.now();
    if (this.cached && now - this.cached.at < MIGRATIONS_CACHE_MS) return this.cached.pending;
    const pending = await withTimeout(pendingMigrations(this.db), READINESS_DB_TIMEOUT_MS);
    this.cached = { at: now, pending };
    return pending;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
