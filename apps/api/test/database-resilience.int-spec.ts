import { adminUrl, TEST_PASSWORD } from '@tiendo/server-testing';
import { Client } from 'pg';
import { bearer, startTestApi, TestApi } from './harness';

/** The API outlives its database connections being killed (a failover, an admin's pg_terminate_backend). */
describe('database connections killed under the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.user('mon', 'monitor', 'BO');
  });
  afterAll(() => api.close());

  it('keeps answering after pg_terminate_backend on every pooled connection', async () => {
    const token = await api.login('mon');
    const ok = () => api.http.get('/api/tasks').set(bearer(token));
    // Fill the pool with several connections, then kill them all from another session.
    await Promise.all(Array.from({ length: 6 }, ok));
    const { Client } = await import('pg');
    const killer = new Client({ connectionString: api.config.DATABASE_URL });
    await killer.connect();
    const killed = await killer.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await killer.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // A request may meet a connection that died while idle: a 503 in the one error shape (try again), never a crash.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await ok();
      statuses.push(res.status);
      if (res.status >= 500) expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', correlationId: expect.any(String) });
    }
    expect(statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('PostgreSQL closed to connections: 503 DATABASE_UNAVAILABLE with Retry-After, in Vietnamese, never a 500; served again once it reopens', async () => {
    const token = await api.login('mon');
    const database = new URL(api.config.DATABASE_URL).pathname.slice(1);
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      for (const res of [
        await api.http.post('/api/auth/login').send({ username: 'mon', password: TEST_PASSWORD }),
        await api.http.get('/api/tasks').set(bearer(token)),
        await api.http.post('/api/tasks').set(bearer(token)).send({ title: 'Khi cơ sở dữ liệu đóng', leadUnitCode: 'BO' }),
      ]) {
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('cơ sở dữ liệu'), correlationId: expect.any(String) });
        expect(res.headers['retry-after']).toBe('5');
      }
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect((await api.http.get('/api/tasks').set(bearer(token))).status).toBe(200);
  });
});
