import { adminUrl } from '@tiendo/server-testing';
import { randomUUID } from 'node:crypto';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Client } from 'pg';
import { ApiMetrics } from '../src/app/api-metrics';
import { MIGRATIONS_CACHE_MS } from '../src/app/database-readiness';
import { bearer, startTestApi, TestApi } from './harness';
import { LogSink } from './log-sink';

/** Runs `sql` on the server's maintenance database (as the harness's admin). */
async function asAdmin(sql: string, params: unknown[] = []): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(sql, params);
  } finally {
    await admin.end();
  }
}

const databaseName = (api: TestApi) => new URL(api.config.DATABASE_URL).pathname.slice(1);

/** Polls `probe` until it answers `status` (or `ms` pass), returning the last answer. */
async function until(probe: () => Promise<{ status: number; body: unknown }>, status: number, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const res = await probe();
    if (res.status === status || Date.now() > end) return res;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('probes: liveness and readiness', () => {
  let api: TestApi;
  const log = new LogSink();
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'info' }, { logTo: log });
  });
  afterAll(() => api.close());

  it('are not written to the access log (orchestrators ask every few seconds); other requests are', async () => {
    for (const path of ['/api/health/live', '/api/health/ready', '/api/health', '/api/health/live?from=kubelet']) expect((await api.http.get(path)).status).toBe(200);
    // A request after them, logged: once its line is written, the probes' would have been too.
    expect((await api.http.get('/api/auth/me')).status).toBe(401);
    await log.until((line) => line.req?.url === '/api/auth/me');
    expect(log.lines.filter((l) => l.req?.url).map((l) => l.req?.url)).toEqual(['/api/auth/me']);
  });

  it('live and ready while PostgreSQL answers and every migration is applied; /api/health keeps its answer', async () => {
    expect(await api.http.get('/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api.http.get('/api/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } },
    });
    expect(await api.http.get('/api/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
  });

  it('not ready (503, database down) while PostgreSQL refuses its connections, yet live; ready again once it accepts them', async () => {
    const name = databaseName(api);
    // The database closed to new connections and every open one ended: what the API sees of a server that went away.
    await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    try {
      await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const started = Date.now();
      const ready = await api.http.get('/api/health/ready');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down', message: expect.any(String) } } });
      // The public answer says what kind of failure, never the driver's text: no database name, host, port or user.
      const url = new URL(api.config.DATABASE_URL);
      const said = JSON.stringify(ready.body);
      for (const secret of [name, url.hostname, `:${url.port || 5432}`, url.username]) expect(said).not.toContain(secret);
      // Liveness asks nothing of PostgreSQL: an outage does not get the process restarted.
      expect(await api.http.get('/api/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    const back = await until(() => api.http.get('/api/health/ready'), 200, 10_000);
    expect(back.status).toBe(200);
  });
});

/**
 * A TCP relay to PostgreSQL that can stop passing bytes (a server that hangs, a network that drops packets): what a
 * probe must not wait on beyond its timeout. Resumed, everything held goes through.
 */
class FreezableRelay {
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  private server!: Server;
  port = 0;

  async start(target: URL): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(target.port || 5432), target.hostname);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => to.destroy());
        this.sockets.add(from);
        from.on('close', () => this.sockets.delete(from));
        if (this.frozen) from.pause();
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
    for (const s of this.sockets) s.pause();
  }

  thaw(): void {
    this.frozen = false;
    for (const s of this.sockets) s.resume();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('probes: PostgreSQL that does not answer', () => {
  it('answers readiness 503 within its 2 s timeout, not when PostgreSQL gives up, and ready again once it answers', async () => {
    const owner = await startTestApi();
    const relay = new FreezableRelay();
    await relay.start(new URL(owner.config.DATABASE_URL));
    const url = new URL(owner.config.DATABASE_URL);
    url.port = String(relay.port);
    const api = await startTestApi({ DATABASE_URL: url.toString() });
    try {
      expect((await api.http.get('/api/health/ready')).status).toBe(200);
      relay.freeze();
      const started = Date.now();
      const ready = await api.http.get('/api/health/ready');
      const took = Date.now() - started;
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ error: { database: { status: 'down', message: expect.stringMatching(/within 2000 ms/) } } });
      expect(took).toBeGreaterThanOrEqual(1_900);
      expect(took).toBeLessThan(4_500);
      expect((await api.http.get('/api/health/live')).status).toBe(200);
      relay.thaw();
      const back = await until(() => api.http.get('/api/health/ready'), 200, 10_000);
      expect(back.status).toBe(200);
    } finally {
      relay.thaw();
      await api.close();
      await relay.stop();
      await owner.close();
    }
    // Two APIs start and stop here (one through the relay): 25 s on a busy machine, past the default 60 s when the
    // integration tiers of both time zones and the browser tests share two cores.
  }, 150_000);
});

describe('probes: every pooled connection busy (a burst of slow reports)', () => {
  it('stays ready: readiness asks PostgreSQL on a connection of its own, not one waiting behind the users\' requests', async () => {
    const api = await startTestApi({ DB_POOL_SIZE: '2' });
    const held = [api.db.createQueryRunner(), api.db.createQueryRunner()];
    try {
      expect((await api.http.get('/api/health/ready')).status).toBe(200);
      // Both connections of the pool taken and kept (as by two long statements): PostgreSQL itself still answers.
      for (const runner of held) await runner.connect();
      const ready = await api.http.get('/api/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } });
      // One connection, kept between probes and named for whoever reads pg_stat_activity.
      for (const runner of held.splice(0)) await runner.release();
      expect((await api.http.get('/api/health/ready')).status).toBe(200);
      const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tiendo-api-readiness'`);
      expect(n).toBe(1);
    } finally {
      for (const runner of held) await runner.release();
      await api.close();
    }
  });
});

describe('probes: a migration pending', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('is not ready (503) naming the pending migration while PostgreSQL answers, and ready once it is applied', async () => {
    // The database as it would be under this code before `npm run migrate`: its newest migration not yet recorded.
    const [last] = await api.db.query(`SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1`);
    await api.db.query(`DELETE FROM migrations WHERE id = $1`, [last.id]);
    const ready = await api.http.get('/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { migrations: { status: 'down', pending: [last.name] } },
    });
    expect((await api.http.get('/api/health/live')).status).toBe(200);

    await api.db.query(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    // The answer is kept a few seconds (a probe every few seconds need not query the table each time).
    const back = await until(() => api.http.get('/api/health/ready'), 200, MIGRATIONS_CACHE_MS + 5_000);
    expect(back).toMatchObject({ status: 200, body: { info: { migrations: { status: 'up' } } } });
  });
});

describe('metrics', () => {
  let api: TestApi;
  let metricsPort: number;
  const scrape = async () => {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
    // As main.ts does after the public port, on a free port of its own.
    await api.app.get(ApiMetrics).listen(0);
    metricsPort = api.app.get(ApiMetrics).server.port;
  });
  afterAll(() => api.close());

  it('are served on the metrics port: HTTP latency by route pattern, the database pool, the process', async () => {
    const token = await api.login('mon');
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) expect((await api.http.get(`/api/tasks/${id}`).set(bearer(token))).status).toBe(404);
    expect((await api.http.get('/api/tasks?q=abc').set(bearer(token))).status).toBe(200);
    expect((await api.http.get(`/api/no-such-route/${ids[0]}`)).status).toBe(404);

    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    // One series per route pattern, never per URL: the three task ids are one route; the unknown path counts under the
    // catch-all pattern that answered its 404.
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/tasks\/:id",status_code="404"\} 3$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/tasks",status_code="200"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="(unmatched|\/api\{\/\*splat\})",status_code="404"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/api\/auth\/login",status_code="200"\} \d+$/m);
    expect(text).not.toContain('no-such-route');
    for (const id of ids) expect(text).not.toContain(id);
    expect(text).not.toContain('q=abc');
    // The pool under TypeORM: open connections (at least the one the requests used), idle, and nobody waiting.
    expect(Number(text.match(/^tiendo_db_pool_connections\{state="total"\} (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^tiendo_db_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^tiendo_db_pool_connections\{state="waiting"\} 0$/m);
    // prom-client's default metrics of the process.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('count register imports: duration by mode and outcome, size and rows', async () => {
    const token = await api.login('mon');
    const csv = Buffer.from('\uFEFFnot,the,register,header\n1,2,3,4\n', 'utf8');
    const res = await api.http.post('/api/tasks/import?dryRun=true').set(bearer(token)).attach('file', csv, 'so-dang-ky.csv');
    expect(res.status).toBe(422);
    const { text } = await scrape();
    expect(text).toMatch(new RegExp(`^tiendo_import_duration_seconds_count\\{mode="check",outcome="${res.body.code}"\\} 1$`, 'm'));
    expect(text).toMatch(new RegExp(`^tiendo_import_size_bytes_sum\\{mode="check"\\} ${csv.length}$`, 'm'));
  });

  it('are not reachable on the public port; the metrics port answers nothing but /metrics', async () => {
    for (const path of ['/metrics', '/api/metrics', '/api/health/metrics']) {
      const res = await api.http.get(path);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('http_request_duration_seconds');
    }
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/health`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  });

  it('listen on METRICS_HOST only (loopback by default), apart from the public server', async () => {
    expect(api.config.METRICS_HOST).toBe('127.0.0.1');
    expect(api.app.get(ApiMetrics).server.port).not.toBe(0);
    // Taken port: refused at start naming the setting.
    const other = await startTestApi();
    try {
      await expect(other.app.get(ApiMetrics).listen(metricsPort)).rejects.toThrow(/METRICS_PORT/);
    } finally {
      await other.close();
    }
  });
});
