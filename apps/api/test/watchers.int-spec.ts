import { WatchersService } from '@tiendo/server-watchers';
import { randomUUID } from 'node:crypto';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * Followers of a task over HTTP (GET /api/tasks/:id/watchers, PUT|DELETE /api/tasks/:id/watchers/me) and as the
 * notification dispatcher reads them (WatchersService.followersOf).
 *
 * BO ─┬─ KHOI ── DEPT      (the tasks are led by DEPT)
 *     └─ OTHER
 */
describe('watchers', () => {
  let api: TestApi;
  let watchers: WatchersService;
  const token = (username: string) => api.login(username);
  const usernames = async (ids: string[]) =>
    ((await api.db.query(`SELECT username FROM users WHERE id = ANY($1)`, [ids])) as Array<{ username: string }>).map((r) => r.username).sort();
  const view = async (username: string, id: string) => {
    const res = await api.http.get(`/api/tasks/${id}/watchers`).set(bearer(await token(username)));
    expect(res.status).toBe(200);
    return { following: res.body.following as boolean, watchers: (res.body.watchers as Array<{ username: string }>).map((w) => w.username).sort() };
  };
  const follow = async (username: string, id: string) => api.http.put(`/api/tasks/${id}/watchers/me`).set(bearer(await token(username)));
  const unfollow = async (username: string, id: string) => api.http.delete(`/api/tasks/${id}/watchers/me`).set(bearer(await token(username)));
  const newTask = (over: { coordinating?: string[] } = {}) =>
    api.fixtures.task({ leadUnit: 'DEPT', assignee: 'staff_a', assignedBy: 'assigner', ...over });

  beforeAll(async () => {
    api = await startTestApi();
    watchers = api.app.get(WatchersService);
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('KHOI', 'BO');
    await f.unit('DEPT', 'KHOI');
    await f.unit('OTHER', 'BO');
    await f.user('admin1', 'admin', 'BO');
    await f.user('assigner', 'monitor', 'BO');
    await f.user('khoi_head', 'unit_head', 'KHOI');
    await f.user('head', 'unit_head', 'DEPT');
    await f.user('staff_a', 'staff', 'DEPT');
    await f.user('staff_b', 'staff', 'DEPT');
    await f.user('other_staff', 'staff', 'OTHER');
    await f.user('other_head', 'unit_head', 'OTHER');
  });
  afterAll(() => api.close());

  it('the assigner and the lead unit’s heads follow by default; nobody else (not the assignee, not a head above)', async () => {
    const id = await newTask();
    expect(await view('head', id)).toEqual({ following: true, watchers: ['assigner', 'head'] });
    expect(await view('assigner', id)).toEqual({ following: true, watchers: ['assigner', 'head'] });
    expect(await view('staff_a', id)).toEqual({ following: false, watchers: ['assigner', 'head'] });
    expect(await view('khoi_head', id)).toEqual({ following: false, watchers: ['assigner', 'head'] });
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head']);
    // Computed, not stored.
    expect(await api.db.query(`SELECT * FROM task_watchers WHERE task_id = $1`, [id])).toEqual([]);
  });

  it('anyone who may read the task follows it, once however often asked; a coordinating unit’s staff too', async () => {
    const id = await newTask({ coordinating: ['OTHER'] });
    for (let i = 0; i < 2; i++) {
      const res = await follow('staff_b', id);
      expect(res.status).toBe(200);
      expect(res.body.following).toBe(true);
    }
    expect((await follow('other_staff', id)).status).toBe(200);
    expect(await view('staff_a', id)).toEqual({ following: false, watchers: ['assigner', 'head', 'other_staff', 'staff_b'] });
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head', 'other_staff', 'staff_b']);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM task_watchers WHERE task_id = $1`, [id])).toEqual([{ n: 2 }]);
  });

  it('a default follower unfollows (kept as an opt-out, idempotent) and may follow again', async () => {
    const id = await newTask();
    for (let i = 0; i < 2; i++) {
      const res = await unfollow('head', id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ following: false, watchers: [expect.objectContaining({ username: 'assigner' })] });
    }
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner']);
    expect((await unfollow('staff_b', id)).body.following).toBe(false);
    expect((await follow('head', id)).body.following).toBe(true);
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head']);
  });

  it('a new head of the lead unit follows its tasks at once; a deactivated follower or one moved out of scope stops', async () => {
    const id = await newTask();
    await follow('staff_b', id);
    const admin = bearer(await token('admin1'));
    await api.fixtures.user('new_head', 'unit_head', 'OTHER');
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head', 'staff_b']);
    // Made head of DEPT through the API: a follower by default from then on.
    expect((await api.http.patch(`/api/users/${api.fixtures.userId('new_head')}`).set(admin).send({ unitCode: 'DEPT' })).status).toBe(200);
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head', 'new_head', 'staff_b']);
    // staff_b leaves for OTHER: may no longer read the task, so no longer follows it, although the row stays.
    expect((await api.http.patch(`/api/users/${api.fixtures.userId('staff_b')}`).set(admin).send({ unitCode: 'OTHER' })).status).toBe(200);
    expect((await api.http.patch(`/api/users/${api.fixtures.userId('new_head')}`).set(admin).send({ active: false })).status).toBe(200);
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head']);
    expect(await view('head', id)).toEqual({ following: true, watchers: ['assigner', 'head'] });
    // Back in DEPT: the earlier choice applies again.
    expect((await api.http.patch(`/api/users/${api.fixtures.userId('staff_b')}`).set(admin).send({ unitCode: 'DEPT' })).status).toBe(200);
    expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head', 'staff_b']);
  });

  it('404 for a task outside the caller’s scope or missing, nothing written (a malformed id too, as everywhere); 401 without a token', async () => {
    const id = await newTask();
    for (const res of [
      await api.http.get(`/api/tasks/${id}/watchers`).set(bearer(await token('other_staff'))),
      await follow('other_staff', id),
      await unfollow('other_head', id),
      await follow('staff_a', randomUUID()),
      await follow('staff_a', 'not-a-uuid'),
      await api.http.get(`/api/tasks/${randomUUID()}/watchers`).set(bearer(await token('admin1'))),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect(await api.db.query(`SELECT * FROM task_watchers WHERE task_id = $1`, [id])).toEqual([]);
    // The three refusals of an existing task are recorded as hidden objects (a missing task hides nothing).
    const hidden = await api.http.get(`/api/admin/security-events?kind=object_hidden`).set(bearer(await token('admin1')));
    expect(hidden.body.items.map((e: { detail: Record<string, unknown> }) => [e.detail['id'], e.detail['route']]).sort()).toEqual(
      [
        [id, 'DELETE /api/tasks/:id/watchers/me'],
        [id, 'GET /api/tasks/:id/watchers'],
        [id, 'PUT /api/tasks/:id/watchers/me'],
      ].sort(),
    );
    expect((await api.http.get(`/api/tasks/${id}/watchers`)).status).toBe(401);
    expect((await api.http.put(`/api/tasks/${id}/watchers/me`)).status).toBe(401);
  });

  it('following is the follower’s own setting: no history entry, no task event, the task’s version unchanged', async () => {
    const id = await newTask();
    const before = await api.http.get(`/api/tasks/${id}`).set(bearer(await token('head')));
    await follow('staff_b', id);
    await unfollow('head', id);
    const after = await api.http.get(`/api/tasks/${id}`).set(bearer(await token('head')));
    expect(after.body.version).toBe(before.body.version);
    expect((await api.http.get(`/api/tasks/${id}/history`).set(bearer(await token('head')))).body).toEqual([]);
    expect(await api.db.query(`SELECT * FROM task_events WHERE task_id = $1`, [id])).toEqual([]);
  });

  it('followersOf reads inside the dispatcher’s transaction, and gives nobody for a task that does not exist', async () => {
    const id = await newTask();
    await api.db.transaction(async (manager) => {
      await manager.query(`INSERT INTO task_watchers (task_id, user_id, following, changed_at) VALUES ($1, $2, true, now())`, [id, api.fixtures.userId('staff_b')]);
      expect(await usernames(await watchers.followersOf(id, manager))).toEqual(['assigner', 'head', 'staff_b']);
      expect(await usernames(await watchers.followersOf(id))).toEqual(['assigner', 'head']);
    });
    expect(await watchers.followersOf(randomUUID())).toEqual([]);
  });
});
