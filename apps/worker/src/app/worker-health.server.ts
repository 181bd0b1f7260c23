import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, AppMetrics, answerMetrics } from '@tiendo/server-core';
import { TaskEventDispatcher } from '@tiendo/server-notifications';
import { ReminderWatchdog } from '@tiendo/server-reminders';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { WorkerMetrics } from './worker-metrics';

/**
 * The worker's health over plain HTTP on WORKER_HEALTH_PORT (the worker has no other HTTP), for the compose file's
 * healthcheck and an orchestrator's probes:
 * - GET /health/live: 200 while the process answers;
 * - GET /health/ready: 200 when Redis and PostgreSQL answer, every job scheduler exists with the job of its next
 *   moment queued, and no e-mail pending for over a minute lacks its job; else 503. The body is
 *   ReminderWatchdog.health() as JSON (redis, database, schedulers present/missing/stale/unqueued, emails
 *   pending/queued/unqueued, lastRunFinishedAt in UTC, the watchdog's last check and repair), plus `outbox`: task
 *   events waiting for dispatch and the oldest one's age in seconds; not ready when that age exceeds
 *   OUTBOX_MAX_AGE_SECONDS (300: the dispatcher is stuck or failing);
 * - GET /metrics: the worker's Prometheus metrics (AppMetrics and WorkerMetrics): the worker has no public HTTP, so
 *   its metrics share this port rather than take one more (keep the port unpublished to users).
 * Anything else is 404. Listens before the start-up reconcile, so liveness answers during it.
 */
@Injectable()
export class WorkerHealthServer implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerHealthServer.name);
  private readonly server: Server;
  private readonly workerMetrics: WorkerMetrics;

  constructor(
    private readonly watchdog: ReminderWatchdog,
    private readonly dispatcher: TaskEventDispatcher,
    private readonly config: AppConfig,
    private readonly metrics: AppMetrics,
    modules: ModulesContainer,
    moduleRef: ModuleRef,
    @InjectDataSource() db: DataSource,
  ) {
    this.workerMetrics = new WorkerMetrics(metrics, modules, moduleRef, dispatcher, db);
    this.server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { status: 'method not allowed' });
      if (path === '/health/live') return send(200, { status: 'up' });
      if (answerMetrics(this.metrics, req, res)) return;
      if (path !== '/health/ready') return send(404, { status: 'not found' });
      Promise.all([this.watchdog.health(), this.dispatcher.health()]).then(
        ([health, outbox]) => send(health.ready && outbox.ready ? 200 : 503, { ...health, ready: health.ready && outbox.ready, outbox }),
        (err: Error) => send(503, { ready: false, error: err.message }),
      );
    });
  }

  /** The address listened on (WORKER_HEALTH_HOST), as the socket reports it. */
  get address(): string {
    return (this.server.address() as AddressInfo | null)?.address ?? '';
  }

  /** The port listened on (WORKER_HEALTH_PORT, or the one picked when it is 0). */
  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  async onModuleInit(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(err.code === 'EADDRINUSE' ? `WORKER_HEALTH_PORT ${this.config.WORKER_HEALTH_PORT} is in use` : err.message)),
      );
      this.server.listen(this.config.WORKER_HEALTH_PORT, this.config.WORKER_HEALTH_HOST, () => resolve());
    });
    this.logger.log(`health on ${this.config.WORKER_HEALTH_HOST}:${this.port} (/health/ready, /health/live, /metrics)`);
  }

  /** The processors' BullMQ workers exist now: their jobs are timed from here on (WorkerMetrics). */
  onApplicationBootstrap(): void {
    this.workerMetrics.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
