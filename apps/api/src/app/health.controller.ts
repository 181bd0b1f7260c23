import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ApiAnswer, Public } from '@tiendo/server-core';
import type { FastifyReply as Response } from 'fastify';
import { DataSource } from 'typeorm';
import { DatabaseReadiness } from './database-readiness';

/**
 * The API's probes, public and on the public port (an orchestrator probes the port it routes to):
 * - `GET /api/health/live`: liveness, 200 while the process answers; it asks nothing of PostgreSQL, so a database
 *   outage never gets the API restarted (it would come back to the same outage);
 * - `GET /api/health/ready`: readiness, 200 when PostgreSQL answers within 2 s and no migration is pending, else 503:
 *   route no traffic here for now;
 * - `GET /api/health`: the older check (`{ status: 'ok', database: 'up' }`, 500 with the database down), kept for
 *   the scripts and benchmarks that wait on it.
 * Probe bodies are terminus' `{ status: 'ok' | 'error', info, error, details }`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly health: HealthCheckService,
    private readonly database: DatabaseReadiness,
  ) {}

  /** Liveness and database reachability, for `npm start`, the benchmarks and older load balancers. */
  @Public()
  @ApiAnswer('HealthView', { summary: 'Kiểm tra sống và cơ sở dữ liệu' })
  @Get()
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    await this.db.query('SELECT 1');
    return { status: 'ok', database: 'up' };
  }

  /** Liveness: 200 `{ status: 'ok' }` while the process answers requests. No dependency is asked. */
  @Public()
  @ApiAnswer.described({ summary: 'Còn sống (liveness)' })
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness: 200 when `database` (PostgreSQL answers `SELECT 1` within 2 s) and `migrations` (none pending; looked
   * at once per 5 s) are up; else 503 with the same body, `error` naming what is down (and the pending migrations).
   */
  @Public()
  @ApiAnswer.described({ summary: 'Sẵn sàng nhận yêu cầu (readiness)', errors: [503] })
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.ping(), () => this.database.migrations()]);
    } catch (err) {
      // Terminus' 503 carries its result: answered as is, not as an unhandled error (no error log per probe).
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return err.getResponse() as HealthCheckResult;
    }
  }
}
