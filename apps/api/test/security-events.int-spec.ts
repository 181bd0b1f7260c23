import type { SecurityEventView } from '@tiendo/contracts';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * The security events log: object-level refusals (403 inside the caller's scope, 404 outside it), e-mail changes and
 * sign-outs are recorded with the actor and the client's address; admins read them, filtered and paginated, at
 * GET /api/admin/security-events.
 */
describe('security events', () => {
  let api: TestApi;
  let admin: string;
  let staff: string;
  let head: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('DEPT', 'BO');
    await f.unit('OTHER', 'BO');
    await f.user('admin_u', 'admin', 'BO');
    await f.user('staff_u', 'staff', 'DEPT', 'Trần Thị Bình');
    await f.user('head_u', 'unit_head', 'DEPT');
    await f.user('other_staff', 'staff', 'OTHER');
    ids['ownUnitTask'] = await f.task({ leadUnit: 'DEPT', assignee: 'head_u', assignedBy: 'admin_u' });
    ids['otherTask'] = await f.task({ leadUnit: 'OTHER', assignee: 'other_staff', assignedBy: 'admin_u' });
    admin = await api.login('admin_u');
    staff = await api.login('staff_u');
    head = await api.login('head_u');
  });
  afterAll(() => api.close());

  const events = async (query: string): Promise<{ items: SecurityEventView[]; total: number }> => {
    const res = await api.http.get(`/api/admin/security-events?${query}`).set(bearer(admin));
    expect([query, res.status]).toEqual([query, 200]);
    return res.body;
  };
  const isLoopback = expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/);

  it('a task outside the reader’s scope: 404, recorded as object_hidden with the task, the actor and the address', async () => {
    const res = await api.http.get(`/api/tasks/${ids['otherTask']}`).set(bearer(staff));
    expect(res.status).toBe(404);
    const { items } = await events('kind=object_hidden&user=staff_u');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'object_hidden',
      actor: { id: api.fixtures.userId('staff_u'), username: 'staff_u', fullName: 'Trần Thị Bình' },
      ip: isLoopback,
      detail: { kind: 'task', id: ids['otherTask'], route: 'GET /api/tasks/:id', code: 'NOT_FOUND', correlationId: res.body.correlationId },
    });
  });

  it('the same for its history, and for every change tried on it (the refused transaction does not take the record with it)', async () => {
    const before = (await events('kind=object_hidden')).total;
    expect((await api.http.get(`/api/tasks/${ids['otherTask']}/history`).set(bearer(staff))).status).toBe(404);
    expect((await api.http.post(`/api/tasks/${ids['otherTask']}/progress`).set(bearer(staff)).send({ version: 1, percent: 10, note: 'x' })).status).toBe(404);
    const { items, total } = await events('kind=object_hidden');
    expect(total).toBe(before + 2);
    expect(items.slice(0, 2).map((e) => e.detail['route'])).toEqual(['POST /api/tasks/:id/progress', 'GET /api/tasks/:id/history']);
  });

  it('a task that does not exist: 404 and no event (nothing was hidden)', async () => {
    const before = (await events('')).total;
    expect((await api.http.get('/api/tasks/00000000-0000-4000-8000-000000000000').set(bearer(staff))).status).toBe(404);
    expect((await events('')).total).toBe(before);
  });

  it('a task the reader sees but may not change: 403, recorded as object_denied', async () => {
    const res = await api.http.post(`/api/tasks/${ids['ownUnitTask']}/cancel`).set(bearer(staff)).send({ version: 1, reason: 'Huỷ' });
    expect(res.status).toBe(403);
    const { items } = await events('kind=object_denied&user=staff_u');
    expect(items[0]).toMatchObject({ kind: 'object_denied', ip: isLoopback, detail: { kind: 'task', id: ids['ownUnitTask'], route: 'POST /api/tasks/:id/cancel' } });
    const [{ state }] = await api.db.query(`SELECT state FROM tasks WHERE id = $1`, [ids['ownUnitTask']]);
    expect(state).toBe('open');
  });

  it('a unit head assigning to a unit outside theirs: 403, recorded with the unit', async () => {
    const res = await api.http.post('/api/tasks').set(bearer(head)).send({ title: 'Việc của đơn vị khác', leadUnitCode: 'OTHER' });
    expect(res.status).toBe(403);
    const { items } = await events('kind=object_denied&user=head_u');
    expect(items[0]).toMatchObject({ detail: { kind: 'unit', id: 'OTHER', route: 'POST /api/tasks' } });
  });

  it('a person outside the reader’s units: 404, recorded as object_hidden with the user', async () => {
    const other = api.fixtures.userId('other_staff');
    expect((await api.http.get(`/api/users/${other}`).set(bearer(staff))).status).toBe(404);
    const { items } = await events('kind=object_hidden&user=staff_u');
    expect(items[0]).toMatchObject({ detail: { kind: 'user', id: other, route: 'GET /api/users/:id' } });
  });

  it('an e-mail change: both addresses masked, the admin who made it and the address it came from', async () => {
    const staffId = api.fixtures.userId('staff_u');
    const set = (email: string | null) => api.http.patch(`/api/users/${staffId}`).set(bearer(admin)).send({ email });
    expect((await set('tran.thi.binh@mic.gov.vn')).status).toBe(200);
    expect((await set('binh.tt@gmail.com')).status).toBe(200);
    expect((await set('binh.tt@gmail.com')).status).toBe(200); // unchanged: no event
    const { items, total } = await events('kind=email_changed');
    expect(total).toBe(2);
    expect(items.map((e) => e.detail)).toEqual([
      { userId: staffId, from: 't***@mic.gov.vn', to: 'b***@gmail.com' },
      { userId: staffId, from: null, to: 't***@mic.gov.vn' },
    ]);
    expect(items[0]).toMatchObject({ actor: { username: 'admin_u' }, ip: isLoopback });
    expect(JSON.stringify(await api.db.query(`SELECT detail FROM security_events`))).not.toContain('tran.thi.binh');
    // Filtering by the user concerned finds it too (the admin acted; the event is about staff_u).
    expect((await events('kind=email_changed&user=STAFF_U')).total).toBe(2);
  });

  it('other user changes now carry the client address as well', async () => {
    const res = await api.http.patch(`/api/users/${api.fixtures.userId('other_staff')}`).set(bearer(admin)).send({ role: 'unit_head' });
    expect(res.status).toBe(200);
    const { items } = await events('kind=user_changed');
    expect(items[0]).toMatchObject({ actor: { username: 'admin_u' }, ip: isLoopback, detail: { userId: api.fixtures.userId('other_staff') } });
  });

  it('a sign-out, with the client address', async () => {
    await api.fixtures.user('leaving', 'staff', 'DEPT');
    const signedIn = await api.http.post('/api/auth/login').send({ username: 'leaving', password: TEST_PASSWORD });
    expect(signedIn.status).toBe(200);
    expect((await api.http.post('/api/auth/logout').send({ refreshToken: signedIn.body.refreshToken })).status).toBe(204);
    const { items } = await events('kind=logout&user=leaving');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'logout', actor: { username: 'leaving' }, ip: isLoopback });
  });

  it('newest first, a page at a time, with the total', async () => {
    const all = await events('pageSize=200');
    expect(all.total).toBeGreaterThan(10);
    const ats = all.items.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    const page2 = await events('pageSize=3&page=2');
    expect(page2.total).toBe(all.total);
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));
  });

  it('admins only; 400 for a malformed filter or a reversed range', async () => {
    expect((await api.http.get('/api/admin/security-events')).status).toBe(401);
    for (const token of [staff, head]) expect((await api.http.get('/api/admin/security-events').set(bearer(token))).status).toBe(403);
    for (const q of ['from=2026-02-30', 'to=20-11-2026', 'kind=DROP TABLE', 'pageSize=500', 'page=0', 'user=' + 'x'.repeat(65), 'extra=1']) {
      const res = await api.http.get(`/api/admin/security-events?${q}`).set(bearer(admin));
      expect([q, res.status, res.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
    const reversed = await api.http.get('/api/admin/security-events?from=2026-11-21&to=2026-11-20').set(bearer(admin));
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'to', rule: 'DAY_RANGE_REVERSED' })]);
    // The refusals above are themselves on the record (route-level, by role).
    expect((await events('kind=access_denied&user=head_u')).total).toBeGreaterThan(0);
  });

  // Last: it moves the clock a day on, past every session above.
  it('days are Asia/Ho_Chi_Minh days: 00:30 on the 21st in Hanoi is still the 20th in UTC', async () => {
    const at = (local: string) => api.clock.set(new Date(`${local}+07:00`));
    await api.fixtures.user('night_owl', 'staff', 'DEPT');
    at('2026-11-20T23:30:00');
    expect((await api.http.post('/api/auth/login').send({ username: 'night_owl', password: 'sai-mat-khau' })).status).toBe(401);
    at('2026-11-21T00:30:00');
    expect((await api.http.post('/api/auth/login').send({ username: 'night_owl', password: 'sai-mat-khau' })).status).toBe(401);
    admin = (await api.http.post('/api/auth/login').send({ username: 'admin_u', password: TEST_PASSWORD })).body.accessToken;
    const onThe21st = await events('user=night_owl&kind=login_failed&from=2026-11-21&to=2026-11-21');
    expect(onThe21st.items.map((e) => e.at)).toEqual(['2026-11-20T17:30:00.000Z']);
    const onThe20th = await events('user=night_owl&from=2026-11-20&to=2026-11-20');
    expect(onThe20th.items.map((e) => e.at)).toEqual(['2026-11-20T16:30:00.000Z']);
    expect((await events('user=night_owl&from=2026-11-20')).total).toBe(2);
    expect((await events('user=night_owl&to=2026-11-19')).total).toBe(0);
  });
});
