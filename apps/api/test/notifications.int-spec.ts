import http from 'node:http';
import { AddressInfo } from 'node:net';
import { API_LISTENER_NAME, NotificationStream } from '@tiendo/server-notifications';
import { bearer, startTestApi, TestApi } from './harness';

describe('notifications over HTTP', () => {
  let api: TestApi;
  let token: string;
  let other: string;
  const notify = (username: string, title: string) =>
    api.db.query(`INSERT INTO notifications (user_id, kind, title, body, created_at) SELECT id, 'due_today', $2, 'Nội dung', now() FROM users WHERE username = $1`, [username, title]);

  beforeAll(async () => {
    // A Redis that is not there: nothing the API does for users may need it.
    api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
    await api.fixtures.unit('BO');
    await api.fixtures.user('admin1', 'admin', 'BO');
    await api.fixtures.user('cv', 'staff', 'BO');
    await api.fixtures.user('khac', 'staff', 'BO');
    token = await api.login('cv');
    other = await api.login('khac');
  });
  afterAll(() => api.close());

  it('lists newest first with the unread count; marks one and all read; 404 for someone else’s', async () => {
    await notify('cv', 'Thứ nhất');
    await notify('cv', 'Thứ hai');
    await notify('khac', 'Của người khác');
    const list = await api.http.get('/api/notifications').set(bearer(token));
    expect(list.body).toMatchObject({ total: 2, unread: 2 });
    expect(list.body.items.map((n: { title: string }) => n.title)).toEqual(['Thứ hai', 'Thứ nhất']);
    const id = list.body.items[0].id;
    expect((await api.http.post(`/api/notifications/${id}/read`).set(bearer(other))).status).toBe(404);
    const read = await api.http.post(`/api/notifications/${id}/read`).set(bearer(token));
    expect(read.body.readAt).not.toBeNull();
    expect((await api.http.get('/api/notifications/unread-count').set(bearer(token))).body).toEqual({ unread: 1 });
    expect((await api.http.post('/api/notifications/read-all').set(bearer(token))).body).toEqual({ marked: 1 });
    expect((await api.http.get('/api/notifications?unread=true').set(bearer(token))).body.total).toBe(0);
    expect((await api.http.get('/api/notifications?pageSize=500').set(bearer(token))).status).toBe(400);
  });

  it('a user turns e-mail reminders off and on', async () => {
    expect((await api.http.get('/api/notifications/preferences').set(bearer(token))).body).toEqual({ emailNotifications: true });
    expect((await api.http.put('/api/notifications/preferences').set(bearer(token)).send({ emailNotifications: false })).body).toEqual({ emailNotifications: false });
    expect((await api.http.put('/api/notifications/preferences').set(bearer(token)).send({ emailNotifications: 'no' })).status).toBe(400);
    const [{ email_notifications }] = await api.db.query(`SELECT email_notifications FROM users WHERE username = 'cv'`);
    expect(email_notifications).toBe(false);
  });

  it('pushes the unread count live when a notification is committed (server-sent events)', async () => {
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const events: Array<{ unread: number }> = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/api/notifications/stream', headers: bearer(token) });
    const seen = (n: number) =>
      new Promise<void>((resolve) => {
        req.on('response', (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            for (const line of chunk.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
            if (events.length >= n) resolve();
          });
        });
      });
    const first = seen(1);
    await first;
    const before = events[0].unread;
    const second = new Promise<void>((resolve) => {
      const check = () => (events.length >= 2 ? resolve() : setImmediate(check));
      check();
    });
    await notify('cv', 'Mới');
    await second;
    req.destroy();
    expect(events[1].unread).toBe(before + 1);
  });

  it('a shutdown while the listener is still connecting leaves no LISTEN connection behind', async () => {
    const listeners = async () =>
      (await api.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [API_LISTENER_NAME]))[0].n as number;
    // The app's own stream may listen already (an earlier test opened one): only this stream's connection is counted.
    const before = await listeners();
    const stream = new NotificationStream(api.config);
    // The first subscriber starts the connect; the shutdown comes in the same turn, before it is made.
    const subscription = stream.sessionEnded('a-session').subscribe();
    await stream.onModuleDestroy();
    subscription.unsubscribe();
    expect(stream.listening).toBe(false);
    // A terminated backend leaves pg_stat_activity at once; a closed one a moment later.
    for (let i = 0; (await listeners()) > before && i < 100; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await listeners()).toBe(before);
  });

  it('assigning tasks works while Redis is unreachable; the queues page says so with 503', async () => {
    const admin = await api.login('admin1');
    const res = await api.http.post('/api/tasks').set(bearer(admin)).send({ title: 'Khi Redis ngừng', leadUnitCode: 'BO', deadline: '2026-12-01' });
    expect(res.status).toBe(201);
    const queues = await api.http.get('/api/admin/queues').set(bearer(admin));
    expect(queues.status).toBe(503);
    expect(queues.body.code).toBe('QUEUE_UNAVAILABLE');
  });
});

describe('a shutdown (SIGTERM: a rolling update, a scale-down) with live streams open', () => {
  it('ends every open stream, so that the process stops at once and the browsers reconnect to another replica', async () => {
    const api = await startTestApi();
    let closed = false;
    try {
      await api.fixtures.unit('BO');
      await api.fixtures.user('cv', 'staff', 'BO');
      const token = await api.login('cv');
      await api.app.listen(0, '127.0.0.1');
      const { port } = api.app.getHttpServer().address() as AddressInfo;
      // Two streams open, each past its first count.
      const streams = await Promise.all(
        [1, 2].map(
          () =>
            new Promise<http.IncomingMessage>((resolve, reject) => {
              const req = http.get({ host: '127.0.0.1', port, path: '/api/notifications/stream', headers: bearer(token) }, (res) => {
                res.setEncoding('utf8');
                res.once('data', () => resolve(res));
              });
              req.on('error', reject);
            }),
        ),
      );
      const ended = streams.map((res) => new Promise<void>((resolve) => res.once('end', resolve)));
      // Bounded: before the fix the close waited on the streams for as long as they stayed open (an hour behind nginx).
      let bound: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([
        api.close().then(() => 'stopped'),
        new Promise((resolve) => (bound = setTimeout(() => resolve('still open after 15 s'), 15_000))),
      ]);
      clearTimeout(bound);
      closed = stopped === 'stopped';
      expect(stopped).toBe('stopped');
      await Promise.all(ended);
    } finally {
      if (!closed) {
        const server = api.app.getHttpServer() as http.Server;
        server.closeAllConnections?.();
        await api.close().catch(() => undefined);
      }
    }
  });
});
