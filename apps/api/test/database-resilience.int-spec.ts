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
    // A request may meet a connection that died while idle: it gets a clean 5xx in the one error shape, never a crash.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await ok();
      statuses.push(res.status);
      if (res.status >= 500) expect(res.body).toMatchObject({ code: 'INTERNAL_ERROR', correlationId: expect.any(String) });
    }
    expect(statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
  });
});
