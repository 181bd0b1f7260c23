import type { INestApplication } from '@nestjs/common';
import { PgListener, verifyListenConnection } from '@tiendo/server-core';
import { Sessions } from '@tiendo/server-auth';
import { API_LISTENER_NAME, NotificationsService, NotificationStream } from '@tiendo/server-notifications';
import { cloneDatabase, freeLocalPort, startPgBouncer, TestPgBouncer } from '@tiendo/server-testing';
import http from 'node:http';
import net from 'node:net';
import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { bearer, startTestApi, TestApi } from './harness';
import { LogSink } from './log-sink';

/** Polls until the condition holds (bounded by the test's timeout); a few ms between looks at the database. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 20));
}

interface LiveStream {
  /** Every `data:` event so far (`{ unread }`). */
  events: Array<{ unread: number }>;
  /** SSE comments received (the heartbeat's `: ping`). */
  pings(): number;
  /** Resolves with the first event from index `from` on that matches. */
  next(match: (e: { unread: number }) => boolean, from?: number): Promise<{ unread: number }>;
  ended: Promise<void>;
  close(): void;
}

/** GET /api/notifications/stream of `token` over real HTTP, its events parsed as they come. */
async function openStream(app: INestApplication, token: string): Promise<LiveStream> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening) await app.listen(0, '127.0.0.1');
  const { port } = server.address() as net.AddressInfo;
  const events: Array<{ unread: number }> = [];
  let pings = 0;
  const waiters: Array<() => void> = [];
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/notifications/stream', headers: bearer(token) }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const ended = new Promise<void>((done) => res.on('end', () => done()));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          pings += lines.filter((l) => l.startsWith(': ping')).length;
          const data = lines.filter((l) => l.startsWith('data: '));
          buffer = buffer.slice(end + 2);
          if (data.length) events.push(JSON.parse(data.map((l) => l.slice(6)).join('\n')));
        }
        waiters.splice(0).forEach((w) => w());
      });
      resolve({
        events,
        pings: () => pings,
        ended,
        close: () => req.destroy(),
        next: (match, from = 0) =>
          new Promise((found) => {
            const look = () => {
              const hit = events.slice(from).find(match);
              if (hit) found(hit);
              else waiters.push(look);
            };
            look();
          }),
      });
    });
    req.on('error', reject);
  });
}

/** The backends of `application_name` on this app's database. */
async function backends(db: DataSource, name: string): Promise<number[]> {
  const rows: Array<{ pid: number }> = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [name]);
  return rows.map((r) => r.pid);
}

const notify = (db: DataSource, username: string, title: string) =>
  db.query(`INSERT INTO notifications (user_id, kind, title, body, created_at) SELECT id, 'due_today', $2, 'Nội dung', now() FROM users WHERE username = $1`, [username, title]);

describe('the notification listener: its own connection, reconnecting with backoff; the pool size a setting', () => {
  let api: TestApi;
  const log = new LogSink();

  beforeAll(async () => {
    api = await startTestApi({ DB_POOL_SIZE: '3', LOG_LEVEL: 'info' }, { logTo: log });
    await api.fixtures.unit('BO');
    await api.fixtures.user('cv', 'staff', 'BO');
    await api.fixtures.user('khac', 'staff', 'BO');
    await api.fixtures.user('hethan', 'staff', 'BO');
    await api.fixtures.user('doi', 'staff', 'BO');
  });
  afterAll(() => api.close());

  it('the stream delivers after its listener’s backend is terminated: it reconnects after a pause, and loses nothing sent meanwhile or after', async () => {
    const stream = api.app.get(NotificationStream);
    const listener = (stream as unknown as { listener: PgListener }).listener;
    const retries: Array<{ attempt: number; delayMs: number }> = [];
    listener.on('retry', (r: { attempt: number; delayMs: number }) => retries.push(r));
    const live = await openStream(api.app, await api.login('cv'));
    try {
      await live.next((e) => e.unread === 0);
      await until(() => stream.listening);
      const [before] = await backends(api.db, API_LISTENER_NAME);
      expect(before).toBeDefined();

      await api.db.query(`SELECT pg_terminate_backend($1)`, [before]);
      await until(() => !stream.listening);
      // Sent while the listener is away (it waits 200–250 ms before trying again): its NOTIFY is heard by nobody, and
      // the stream still gets the count, read once when listening resumes.
      await notify(api.db, 'cv', 'Trong lúc mất kết nối');
      await live.next((e) => e.unread === 1);
      expect(retries[0]).toMatchObject({ attempt: 1 });
      expect(retries[0].delayMs).toBeGreaterThanOrEqual(200);
      expect(retries[0].delayMs).toBeLessThanOrEqual(250);
      await until(() => stream.listening);
      const after = await backends(api.db, API_LISTENER_NAME);
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before);

      // Sent after the reconnection: pushed by NOTIFY as usual.
      const seen = live.events.length;
      await notify(api.db, 'cv', 'Sau khi kết nối lại');
      await expect(live.next((e) => e.unread === 2, seen)).resolves.toEqual({ unread: 2 });

      // The listener's own log lines are the process's, not those of the stream request that happened to start it.
      const again = await log.until((line) => line.msg === 'listening again');
      expect([again.context, again.req]).toEqual([`PgListener(${API_LISTENER_NAME})`, undefined]);
      expect(log.lines.filter((line) => line.context?.startsWith('PgListener')).every((line) => line.req === undefined)).toBe(true);
    } finally {
      live.close();
    }
  });

  it('a session revoked while the listener is away still ends its stream (re-checked when listening resumes)', async () => {
    const stream = api.app.get(NotificationStream);
    const live = await openStream(api.app, await api.login('khac'));
    await live.next(() => true);
    await until(() => stream.listening);
    const [pid] = await backends(api.db, API_LISTENER_NAME);
    await api.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    // Revoked in the gap: the NOTIFY of `sessions` goes unheard.
    await api.db.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'sign_out' WHERE user_id = $1 AND revoked_at IS NULL`, [api.fixtures.userId('khac')]);
    await live.ended;
    await until(() => stream.listening);
  });

  it('an idle stream costs no query: its heartbeats (SSE comments every 25 s) read neither the count nor the session', async () => {
    const stream = api.app.get(NotificationStream);
    // Only setInterval is faked (the heartbeat's clock); the database, HTTP and PgListener keep their real timers.
    jest.useFakeTimers({
      doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'],
    });
    const live = await openStream(api.app, await api.login('cv'));
    try {
      await live.next(() => true);
      await until(() => stream.listening);
      // The stream's start reads the count and the session once; what follows must read nothing.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const counts = jest.spyOn(api.app.get(NotificationsService), 'unreadCount');
      const sessions = jest.spyOn(api.app.get(Sessions), 'liveUntil');
      jest.advanceTimersByTime(4 * 25_000);
      await until(() => live.pings() >= 4);
      expect(counts).not.toHaveBeenCalled();
      expect(sessions).not.toHaveBeenCalled();
      counts.mockRestore();
      sessions.mockRestore();
    } finally {
      live.close();
      jest.useRealTimers();
    }
  });

  it('a stream reads its session again only when it would expire: kept open when a refresh moved the end, closed once it passed', async () => {
    // setInterval under Jest's clock: RxJS schedules its timers with it (the expiry's as the heartbeat's).
    jest.useFakeTimers({
      doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'],
    });
    const live = await openStream(api.app, await api.login('hethan'));
    let ended = false;
    void live.ended.then(() => (ended = true));
    try {
      await live.next(() => true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sessions = jest.spyOn(api.app.get(Sessions), 'liveUntil');
      const user = api.fixtures.userId('hethan');
      const [{ expires_at: first }] = await api.db.query(`SELECT expires_at FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`, [user]);
      // A refresh moves the end 10 minutes later (as POST /api/auth/refresh does), unseen by the stream until the first end.
      await api.db.query(`UPDATE sessions SET expires_at = expires_at + interval '10 minutes' WHERE user_id = $1`, [user]);
      const untilFirst = new Date(first).getTime() - api.clock.now().getTime();
      api.clock.advance(untilFirst + 1_000);
      jest.advanceTimersByTime(untilFirst + 1_000);
      await until(() => sessions.mock.calls.length === 1);
      await sessions.mock.results[0].value;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ended).toBe(false);
      // Past the moved end: read once more, found expired, the stream ends.
      api.clock.advance(10 * 60_000);
      jest.advanceTimersByTime(10 * 60_000);
      await live.ended;
      expect(sessions).toHaveBeenCalledTimes(2);
      sessions.mockRestore();
    } finally {
      live.close();
      jest.useRealTimers();
    }
  });

  it('the pool holds at most DB_POOL_SIZE connections, and the listener’s is not one of them', async () => {
    const pool = (api.db.driver as unknown as { master: Pool }).master;
    expect((pool as unknown as { options: { max: number } }).options.max).toBe(3);
    const stream = api.app.get(NotificationStream);
    stream.forUser('nobody').subscribe().unsubscribe();
    await until(() => stream.listening);
    const watcher = new Client({ connectionString: api.config.DATABASE_URL });
    await watcher.connect();
    try {
      let most = 0;
      let sampling = true;
      const sample = (async () => {
        while (sampling) {
          const { rows } = await watcher.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tiendo' AND state = 'active'`);
          most = Math.max(most, rows[0].n);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      await Promise.all(Array.from({ length: 8 }, () => api.db.query(`SELECT pg_sleep(0.15)`)));
      sampling = false;
      await sample;
      expect(most).toBe(3);
      expect(pool.totalCount).toBeLessThanOrEqual(3);
      expect(await backends(api.db, API_LISTENER_NAME)).toHaveLength(1);
    } finally {
      await watcher.end();
    }
  });

  it('a request that finds every pool connection busy past the pool’s wait is answered 503 SERVER_BUSY with Retry-After, not 500', async () => {
    const token = await api.login('doi');
    // The pool's three connections, held (as three long reports would hold them).
    const held = await Promise.all([1, 2, 3].map(async () => {
      const runner = api.db.createQueryRunner();
      await runner.connect();
      return runner;
    }));
    try {
      const res = await api.http.get('/api/tasks').set(bearer(token));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'SERVER_BUSY' });
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }
    expect((await api.http.get('/api/tasks').set(bearer(token))).status).toBe(200);
  });
});

describe('PgListener: backoff while the server cannot be reached, and back after a dropped connection', () => {
  it('waits longer after each failed attempt, listens once the server answers, and hears what is sent after a drop', async () => {
    const target = new URL(process.env['TEST_DATABASE_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const port = await freeLocalPort();
    const url = new URL(target.toString());
    url.host = `127.0.0.1:${port}`;
    // A channel of this run's own: NOTIFY reaches every session of the database, and the other time zone's run of
    // this same test listens on the same server at the same time.
    const channel = `tiendo_listener_test_${process.pid}`;
    const listener = new PgListener({ connectionString: url.toString(), channels: [channel], applicationName: 'tiendo-listener-test' });
    const retries: Array<{ attempt: number; delayMs: number }> = [];
    const listening: boolean[] = [];
    const heard: string[] = [];
    listener.on('retry', (r: { attempt: number; delayMs: number }) => retries.push(r));
    listener.on('listening', ({ reconnected }: { reconnected: boolean }) => listening.push(reconnected));
    listener.on('notification', (msg: { payload?: string }) => heard.push(msg.payload ?? ''));
    // A TCP proxy to the server, started only after three refused attempts; its sockets can be cut at will.
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      socket.pipe(upstream).pipe(socket);
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
    });
    const sender = new Client({ connectionString: target.toString() });
    await sender.connect();
    try {
      await listener.start();
      await until(() => retries.length >= 3);
      expect(listener.listening).toBe(false);
      expect(retries.slice(0, 3).map((r) => r.attempt)).toEqual([1, 2, 3]);
      retries.slice(0, 3).forEach((r, i) => {
        expect(r.delayMs).toBeGreaterThanOrEqual(0.8 * 250 * 2 ** i);
        expect(r.delayMs).toBeLessThanOrEqual(250 * 2 ** i);
      });
      await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
      await until(() => listener.listening);
      expect(listening).toEqual([false]);

      // The network drops the connection: a fresh backoff (attempt 1), then listening again.
      const before = retries.length;
      for (const s of sockets) s.destroy();
      await until(() => retries.length > before && listener.listening);
      expect(retries[before].attempt).toBe(1);
      expect(listening).toEqual([false, true]);
      await sender.query(`NOTIFY ${channel}, 'après'`);
      await until(() => heard.length > 0);
      expect(heard).toEqual(['après']);
    } finally {
      await listener.stop();
      await sender.end();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('the API through PgBouncer in transaction mode (DATABASE_URL), listening directly (DATABASE_LISTEN_URL)', () => {
  let bouncer: TestPgBouncer;
  let database: { name: string; url: string; drop: () => Promise<void> };
  let api: TestApi;

  beforeAll(async () => {
    const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
    if (!template) throw new Error('TIENDO_TEST_TEMPLATE_DB is not set: run through jest.int.config.cts');
    database = await cloneDatabase(template);
    bouncer = await startPgBouncer(database.url, { poolMode: 'transaction', poolSize: 3 });
    api = await startTestApi({
      DATABASE_URL: bouncer.url(database.name),
      DATABASE_LISTEN_URL: database.url,
      DATABASE_POOL_MODE: 'transaction',
      DB_POOL_SIZE: '6',
    });
    await api.fixtures.unit('BO');
    await api.fixtures.user('truong', 'unit_head', 'BO');
    await api.fixtures.user('cv', 'staff', 'BO');
  });
  afterAll(async () => {
    await api?.close();
    await bouncer?.stop();
    await database?.drop();
  });

  it('PgBouncer refuses the session settings a direct pool sends at connect, which is why transaction mode sends none', async () => {
    const client = new Client({ connectionString: bouncer.url(database.name), statement_timeout: 30_000 });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow(/unsupported startup parameter: statement_timeout/);
  });

  it('signs in, writes a task, reads it in parallel (no named statements), and pushes a notification live', async () => {
    const head = await api.login('truong');
    const created = await api.http.post('/api/tasks').set(bearer(head)).send({ title: 'Qua PgBouncer', leadUnitCode: 'BO', deadline: '2026-12-15' });
    expect(created.status).toBe(201);
    // Many reads at once: PgBouncer hands the pool's transactions to its three server connections in any order, so a
    // statement prepared on one would be unknown on another.
    const reads = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? api.http.get(`/api/tasks/${created.body.id}`) : api.http.get('/api/tasks?pageSize=10')).set(bearer(head))));
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));

    const cv = await api.login('cv');
    const live = await openStream(api.app, cv);
    try {
      const first = await live.next(() => true);
      await until(() => api.app.get(NotificationStream).listening);
      const seen = live.events.length;
      // Written through PgBouncer (the worker's path); heard on the direct LISTEN connection.
      await notify(api.db, 'cv', 'Qua PgBouncer');
      await expect(live.next((e) => e.unread === first.unread + 1, seen)).resolves.toEqual({ unread: first.unread + 1 });
    } finally {
      live.close();
    }

    // The pool's work went through PgBouncer; the listener did not (PgBouncer never saw it).
    const admin = new Client({ connectionString: bouncer.adminUrl });
    await admin.connect();
    try {
      const stats = (await admin.query('SHOW STATS')).rows.find((r) => r.database === database.name);
      expect(Number(stats?.total_xact_count)).toBeGreaterThan(20);
      const clients = (await admin.query('SHOW CLIENTS')).rows.filter((r) => r.database === database.name);
      expect(clients.some((r) => r.application_name === API_LISTENER_NAME)).toBe(false);
    } finally {
      await admin.end();
    }
    expect(await backends(api.db, API_LISTENER_NAME)).toHaveLength(1);
  });
});

describe('the start-up check of the LISTEN connection (verifyListenConnection, main.ts of the API and the worker)', () => {
  let bouncer: TestPgBouncer;
  let database: { name: string; url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    database = await cloneDatabase(process.env['TIENDO_TEST_TEMPLATE_DB'] as string);
    bouncer = await startPgBouncer(database.url, { poolMode: 'transaction', poolSize: 3 });
  });
  afterAll(async () => {
    await bouncer?.stop();
    await database?.drop();
  });

  it('refuses a DATABASE_LISTEN_URL through a transaction-mode PgBouncer (under any host name: notices would be lost silently), naming it', async () => {
    const viaPooler = new URL(bouncer.url(database.name));
    viaPooler.hostname = 'localhost';
    await expect(verifyListenConnection(viaPooler.toString(), 'DATABASE_LISTEN_URL', 2_000)).rejects.toThrow(/^DATABASE_LISTEN_URL không nhận được thông báo LISTEN\/NOTIFY/);
  });

  it('accepts a connection straight to PostgreSQL', async () => {
    await expect(verifyListenConnection(database.url, 'DATABASE_LISTEN_URL')).resolves.toBeUndefined();
  });
});
