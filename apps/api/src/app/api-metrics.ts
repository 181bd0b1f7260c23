import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, AppMetrics, MetricsServer, registerDatabasePoolMetrics } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The API's metrics: the registry's (AppMetrics: HTTP answers, imports, process) plus its database pool, served by a
 * MetricsServer on METRICS_PORT / METRICS_HOST once `listen()` is called (main.ts, after the public port; the one-off
 * commands and the tests' apps do not listen unless they ask).
 */
@Injectable()
export class ApiMetrics implements OnModuleDestroy {
  readonly server: MetricsServer;

  constructor(
    metrics: AppMetrics,
    @InjectDataSource() db: DataSource,
    private readonly config: AppConfig,
  ) {
    registerDatabasePoolMetrics(metrics, () => (db.driver as PostgresDriver).master);
    this.server = new MetricsServer(metrics);
  }

  /** Starts the metrics server (`port` defaults to METRICS_PORT; 0 picks a free one, see `server.port`). */
  listen(port = this.config.METRICS_PORT): Promise<void> {
    return this.server.listen(port, this.config.METRICS_HOST);
  }

  onModuleDestroy(): Promise<void> {
    return this.server.close();
  }
}
