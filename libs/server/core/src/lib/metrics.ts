import { Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A value read at scrape time gives up after this long: a scrape never waits on a database or a Redis that hangs. */
export const SCRAPE_READ_TIMEOUT_MS = 2_000;

/** Seconds: from 5 ms (a cached read) to 30 s (the statement timeout), about doubling. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a job is an e-mail (tens of ms) up to a reminder run over every open task (minutes). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900];
/** Seconds: a register of a few rows (50 ms) to one at the file limits (tens of seconds). */
const IMPORT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Bytes: 1 KB to the 10 MB file limit. */
const IMPORT_BYTE_BUCKETS = [1_024, 10_240, 102_400, 524_288, 1_048_576, 5_242_880, 10_485_760];
/** Rows: a handful to the 50,000-row limit. */
const IMPORT_ROW_BUCKETS = [10, 100, 500, 1_000, 5_000, 10_000, 50_000];

/** Where a reminder e-mail or in-app notice went. */
export type DeliveryChannel = 'in_app' | 'email';
/** What became of one: delivered; `already` (delivered before: a rerun); `retry` (refused, tried again later); `failed` (given up). */
export type DeliveryOutcome = 'delivered' | 'already' | 'retry' | 'failed';

/**
 * The process's Prometheus metrics (prom-client), one registry per Nest application (CoreModule provides it), served
 * by MetricsServer on a port of its own, never on the public one. Besides prom-client's default process metrics
 * (CPU, memory, event loop lag, GC, handles), what the features record at their one place each:
 * - `http_request_duration_seconds{method, route, status_code}`: the API's answers, `route` the route's pattern
 *   (`/api/tasks/:id`), never the URL (httpMetricsMiddleware);
 * - `tiendo_reminder_runs_total{kind, outcome}`: reminder runs (daily, weekly, monthly) completed, skipped or failed;
 * - `tiendo_reminder_deliveries_total{channel, outcome}`: reminders delivered in the app and by e-mail;
 * - `tiendo_import_duration_seconds{mode, outcome}`, `tiendo_import_size_bytes{mode}`, `tiendo_import_rows{mode}`:
 *   register imports (mode `check` for a dry run, `write`), outcome `ok` or the refusal's error code;
 * - `tiendo_job_duration_seconds{queue, name, outcome}`: BullMQ jobs in the worker;
 * and the gauges read at scrape time that the processes register with `gaugeOnScrape` (database pool, queue depths,
 * task events waiting).
 */
export class AppMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its answer finishing, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly reminderRuns = new Counter({
    name: 'tiendo_reminder_runs_total',
    help: 'Reminder runs by kind (daily, weekly, monthly) and outcome (completed, skipped, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly reminderDeliveries = new Counter({
    name: 'tiendo_reminder_deliveries_total',
    help: 'Reminder deliveries by channel (in_app, email) and outcome (delivered, already, retry, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly importDuration = new Histogram({
    name: 'tiendo_import_duration_seconds',
    help: 'Register imports: time to read, check and (mode write) write a file, by mode and outcome (ok or the error code)',
    labelNames: ['mode', 'outcome'] as const,
    buckets: IMPORT_BUCKETS,
    registers: [this.registry],
  });

  readonly importBytes = new Histogram({
    name: 'tiendo_import_size_bytes',
    help: 'Register imports: size of the file received, by mode',
    labelNames: ['mode'] as const,
    buckets: IMPORT_BYTE_BUCKETS,
    registers: [this.registry],
  });

  readonly importRows = new Histogram({
    name: 'tiendo_import_rows',
    help: 'Register imports: rows read from a file that could be read, by mode',
    labelNames: ['mode'] as const,
    buckets: IMPORT_ROW_BUCKETS,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'tiendo_job_duration_seconds',
    help: 'BullMQ jobs: time from processing start to completion or failure, by queue, job name and outcome',
    labelNames: ['queue', 'name', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly logger = new Logger(AppMetrics.name);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One in-app or e-mail reminder's fate (`count` of them, for a batch). */
  delivery(channel: DeliveryChannel, outcome: DeliveryOutcome, count = 1): void {
    if (count > 0) this.reminderDeliveries.inc({ channel, outcome }, count);
  }

  /**
   * A gauge whose samples are read when Prometheus scrapes: `read` returns them (label values → value). A read that
   * fails or takes over SCRAPE_READ_TIMEOUT_MS leaves the gauge without samples for that scrape (a gap in the graph,
   * not a stale number), or NaN for a gauge without labels (prom-client always exposes those), and is logged at debug
   * level.
   */
  gaugeOnScrape<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<Array<[Partial<Record<L, string>>, number]>>): Gauge<L> {
    const logger = this.logger;
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [labels, value] of await withTimeout(read(), SCRAPE_READ_TIMEOUT_MS, name)) this.set(labels, value);
        } catch (err) {
          if (labelNames.length === 0) this.set(Number.NaN);
          logger.debug(`${name}: ${(err as Error).message}`);
        }
      },
    });
  }

  /** The metrics in Prometheus' text format, with its content type. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Answers `GET /metrics` (and HEAD) with the registry's exposition; true when it did, false for any other path (the
 * caller answers those). Shared by the API's metrics server and the worker's health server.
 */
export function answerMetrics(metrics: AppMetrics, req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.url ?? '').split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  metrics.exposition().then(
    ({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    (err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`metrics: ${err.message}\n`);
    },
  );
  return true;
}

/**
 * The API's metrics on a small HTTP server of their own (METRICS_PORT on METRICS_HOST), apart from the HTTP app:
 * the public port never routes to it, and a proxy in front of the API cannot expose it by mistake. `GET /metrics`
 * answers the exposition; anything else 404.
 */
export class MetricsServer {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(private readonly metrics: AppMetrics) {}

  /** Listens on `port` (0 picks a free one) at `host`; rejects naming the setting when the port is taken. */
  async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      if (answerMetrics(this.metrics, req, res)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found: GET /metrics\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'EADDRINUSE' ? `METRICS_PORT ${port} is in use on ${host}` : `metrics server: ${err.message}`)));
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on http://${host}:${this.port}/metrics`);
  }

  /** The port listened on (0 before listen). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** What node-postgres' Pool says of itself (the pool TypeORM's PostgreSQL driver keeps as `master`). */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The database pool's use at scrape time: `tiendo_db_pool_connections{state}` with `total` (open connections), `idle`
 * and `waiting` (queries waiting for a connection: above zero for long, the pool is too small or a query is stuck).
 * `pool` is read lazily, as TypeORM creates it when the DataSource initialises.
 */
export function registerDatabasePoolMetrics(metrics: AppMetrics, pool: () => PgPoolCounts | undefined): void {
  metrics.gaugeOnScrape('tiendo_db_pool_connections', 'PostgreSQL pool of this process: total and idle connections, and clients waiting for one', ['state'], async () => {
    const p = pool();
    if (!p) return [];
    return [
      [{ state: 'total' }, p.totalCount],
      [{ state: 'idle' }, p.idleCount],
      [{ state: 'waiting' }, p.waitingCount],
    ];
  });
}
