import type { ErrorBody } from '@tiendo/contracts';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import ExcelJS from 'exceljs';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { bearer, startDemoApi, startTestApi, TestApi } from './harness';

const expectRefusal = (res: { status: number; body: ErrorBody }, status: number, code: string, field?: string) => {
  const family = status === 400 ? 'VALIDATION_FAILED' : code;
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code: family });
  expect(res.body.message).toMatch(VIETNAMESE_LETTER);
  if (field) expect(res.body.errors).toEqual([expect.objectContaining({ field, rule: code })]);
};

describe('sub-tasks over HTTP: splitting a task, its roll-up, completing the parent', () => {
  let api: TestApi;
  let tokens: Record<string, string>;
  const ids: Record<string, string> = {};
  const count = async (sql: string, params: unknown[] = []) => (await api.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n as number;
  const create = (who: string, body: object) => api.http.post('/api/tasks').set(bearer(tokens[who])).send(body);
  const get = (who: string, path: string) => api.http.get(path).set(bearer(tokens[who]));

  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VBC', 'BO');
    await api.fixtures.unit('P1', 'VBC');
    await api.fixtures.unit('KHCN', 'BO');
    for (const [name, role, unit] of [
      ['mon', 'monitor', 'BO'],
      ['head', 'unit_head', 'VBC'],
      ['p1head', 'unit_head', 'P1'],
      ['staff', 'staff', 'VBC'],
      ['p1staff', 'staff', 'P1'],
      ['khcnhead', 'unit_head', 'KHCN'],
      ['khcnstaff', 'staff', 'KHCN'],
      ['admin', 'admin', 'BO'],
    ] as const) {
      ids[name] = await api.fixtures.user(name, role, unit);
    }
    tokens = {};
    for (const name of Object.keys(ids)) tokens[name] = await api.login(name);
    const parent = await create('mon', { code: 'CHA-1', title: 'Nhiệm vụ Bộ giao', leadUnitCode: 'VBC', assigneeId: ids['staff'], deadline: '2026-11-30', coordinatingUnitCodes: ['KHCN'] });
    expect(parent.status).toBe(201);
    ids['parent'] = parent.body.id;
  });
  afterAll(() => api.close());

  it('a unit head splits the task for a sub-unit; the sub-task names its parent', async () => {
    const res = await create('head', { code: 'CON-1', title: 'Phần việc của phòng 1', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-11-27', parentTaskId: ids['parent'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'CON-1', parentTaskId: ids['parent'], leadUnit: { code: 'P1' }, deadline: '2026-11-27' });
    ids['sub1'] = res.body.id;
    // The deadline may equal the parent's; the lead unit may be the parent's own.
    const same = await create('head', { code: 'CON-2', title: 'Phần việc của vụ', leadUnitCode: 'VBC', assigneeId: ids['staff'], deadline: '2026-11-30', parentTaskId: ids['parent'] });
    expect(same.status).toBe(201);
    ids['sub2'] = same.body.id;
    // The unit head a ministry task is assigned to splits it within their own unit, though they do not manage it.
    const toP1Head = await create('mon', { code: 'CHA-2', title: 'Giao cho trưởng phòng', leadUnitCode: 'VBC', assigneeId: ids['p1head'], deadline: '2026-12-15' });
    ids['parent2'] = toP1Head.body.id;
    const byAssignee = await create('p1head', { code: 'CON-3', title: 'Chuyên viên phòng 1 làm', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-12-10', parentTaskId: ids['parent2'] });
    expect(byAssignee.status).toBe(201);
    const history = await get('head', `/api/tasks/${ids['sub1']}/history`);
    // The creation names the parent, in the history and in the event the notifications are made from.
    expect(history.body[0]).toMatchObject({ action: 'created', note: 'Nhiệm vụ con của CHA-1' });
    expect(history.body[0].changes).toContainEqual({ field: 'parentTaskId', from: null, to: ids['parent'] });
    const [assigned] = await api.db.query(`SELECT payload FROM task_events WHERE task_id = $1 AND kind = 'assigned'`, [ids['sub1']]);
    expect(assigned.payload).toMatchObject({ parentTaskId: ids['parent'] });
    expect(await count(`task_events WHERE task_id = $1 AND kind = 'assigned'`, [ids['sub1']])).toBe(1);
  });

  it('400 for a malformed, unknown or unreadable parent (the same answer), nothing written', async () => {
    const before = await count('tasks');
    const base = { title: 'Không được tạo', leadUnitCode: 'VBC', deadline: '2026-11-25' };
    const malformed = await create('head', { ...base, parentTaskId: 'not-a-uuid' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['parentTaskId']);
    expectRefusal(await create('head', { ...base, parentTaskId: '00000000-0000-4000-8000-000000000000' }), 400, 'UNKNOWN_PARENT_TASK', 'parentTaskId');
    // The parent is checked before any rule of the dates: an unknown parent with a past deadline is still "unknown".
    expectRefusal(await create('head', { ...base, deadline: '2026-11-01', parentTaskId: '00000000-0000-4000-8000-000000000000' }), 400, 'UNKNOWN_PARENT_TASK', 'parentTaskId');
    // KHCN's head cannot read a task led by VBC unless KHCN coordinates it: CHA-2 has no coordinating unit.
    const hidden = await create('khcnhead', { ...base, leadUnitCode: 'KHCN', parentTaskId: ids['parent2'] });
    expectRefusal(hidden, 400, 'UNKNOWN_PARENT_TASK', 'parentTaskId');
    expect(await count('tasks')).toBe(before);
  });

  it('403 for whoever may read the parent but neither manages it nor is the unit head it is assigned to', async () => {
    const before = await count('tasks');
    // KHCN coordinates CHA-1: its head reads it but does not lead it.
    expectRefusal(await create('khcnhead', { title: 'Chia hộ', leadUnitCode: 'KHCN', deadline: '2026-11-25', parentTaskId: ids['parent'] }), 403, 'SUBTASK_NOT_ALLOWED', 'parentTaskId');
    // Staff do not assign tasks at all.
    expect((await create('staff', { title: 'Tự chia', leadUnitCode: 'VBC', deadline: '2026-11-25', parentTaskId: ids['parent'] })).status).toBe(403);
    // A sub-unit's head may not put the sub-task above their own unit.
    expectRefusal(await create('p1head', { title: 'Lên vụ', leadUnitCode: 'VBC', deadline: '2026-12-10', parentTaskId: ids['parent2'] }), 403, 'LEAD_UNIT_OUT_OF_SCOPE');
    expect(await count('tasks')).toBe(before);
  });

  it('422: the deadline after the parent’s (or none under a dated parent), a unit outside the parent’s, a sub-task of a sub-task, a closed parent', async () => {
    const before = await count('tasks');
    const after = await create('head', { title: 'Trễ hơn cha', leadUnitCode: 'P1', deadline: '2026-12-01', parentTaskId: ids['parent'] });
    expectRefusal(after, 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'deadline');
    expect(after.body.message).toContain('30/11/2026');
    expectRefusal(await create('head', { title: 'Không hạn', leadUnitCode: 'P1', deadline: null, parentTaskId: ids['parent'] }), 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'deadline');
    expectRefusal(await create('mon', { title: 'Sang KHCN', leadUnitCode: 'KHCN', deadline: '2026-11-25', parentTaskId: ids['parent'] }), 422, 'SUBTASK_UNIT_OUTSIDE_PARENT', 'leadUnitCode');
    expectRefusal(await create('head', { title: 'Cháu', leadUnitCode: 'P1', deadline: '2026-11-25', parentTaskId: ids['sub1'] }), 422, 'SUBTASK_OF_SUBTASK', 'parentTaskId');
    const closed = await create('mon', { code: 'CHA-HUY', title: 'Sẽ huỷ', leadUnitCode: 'VBC', deadline: '2026-11-30' });
    await api.http.post(`/api/tasks/${closed.body.id}/cancel`).set(bearer(tokens['mon'])).send({ version: closed.body.version, reason: 'Không còn phù hợp' });
    const beforeClosed = await count('tasks');
    expectRefusal(await create('head', { title: 'Dưới nhiệm vụ đã huỷ', leadUnitCode: 'P1', deadline: '2026-11-25', parentTaskId: closed.body.id }), 422, 'PARENT_TASK_CLOSED', 'parentTaskId');
    expect(await count('tasks')).toBe(beforeClosed);
    expect(beforeClosed).toBe(before + 1);
  });

  it('422 PARENT_TASK_OVERDUE: an overdue task is not split until its deadline is extended or corrected', async () => {
    const parent = await create('mon', { code: 'CHA-TRE', title: 'Sẽ quá hạn', leadUnitCode: 'VBC', deadline: '2026-11-23' });
    api.clock.set('2026-11-25T09:00:00+07:00');
    const earlier = { ...tokens }; // sessions of the 20th have expired by the 25th
    try {
      // A fresh sign-in (api.login keeps the first token of each user).
      for (const who of ['head', 'mon']) tokens[who] = (await api.http.post('/api/auth/login').send({ username: who, password: TEST_PASSWORD })).body.accessToken;
      const before = await count('tasks');
      // Whatever the sub-task's deadline: none could be both from today on and no later than the parent's.
      for (const deadline of ['2026-11-23', '2026-11-26', null]) {
        const res = await create('head', { title: 'Chia nhiệm vụ quá hạn', leadUnitCode: 'P1', deadline, parentTaskId: parent.body.id });
        expectRefusal(res, 422, 'PARENT_TASK_OVERDUE', 'parentTaskId');
        expect(res.body.message).toContain('23/11/2026');
      }
      expect(await count('tasks')).toBe(before);
      // Once the parent's deadline is corrected, it is split as usual.
      const moved = await api.http.patch(`/api/tasks/${parent.body.id}`).set(bearer(tokens['mon'])).send({ version: parent.body.version, deadline: '2026-12-04' });
      expect(moved.status).toBe(200);
      expect((await create('head', { code: 'CON-TRE', title: 'Chia sau khi gia hạn', leadUnitCode: 'P1', deadline: '2026-12-01', parentTaskId: parent.body.id })).status).toBe(201);
    } finally {
      api.clock.set('2026-11-20T09:00:00+07:00');
      Object.assign(tokens, earlier);
    }
  });

  it('later changes keep the rule: a sub-task’s deadline, lead unit or extension past its parent’s, a parent’s deadline before an open sub-task’s', async () => {
    const parent = await create('mon', { code: 'CHA-SUA', title: 'Cha để sửa', leadUnitCode: 'VBC', deadline: '2026-12-20' });
    const sub = await create('head', { code: 'CON-SUA', title: 'Con để sửa', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-12-10', parentTaskId: parent.body.id });
    const patch = (who: string, id: string, body: object) => api.http.patch(`/api/tasks/${id}`).set(bearer(tokens[who])).send(body);
    expectRefusal(await patch('head', sub.body.id, { version: sub.body.version, deadline: '2026-12-21' }), 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'deadline');
    expectRefusal(await patch('mon', sub.body.id, { version: sub.body.version, leadUnitCode: 'KHCN', assigneeId: null }), 422, 'SUBTASK_UNIT_OUTSIDE_PARENT', 'leadUnitCode');
    expectRefusal(await patch('mon', parent.body.id, { version: parent.body.version, deadline: '2026-12-09' }), 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'deadline');
    const ask = (newDeadline: string) => api.http.post(`/api/tasks/${sub.body.id}/extensions`).set(bearer(tokens['p1staff'])).send({ newDeadline, reason: 'Cần thêm thời gian' });
    expectRefusal(await ask('2026-12-21'), 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'newDeadline');
    // Within the parent's deadline, every change goes through.
    expect((await ask('2026-12-20')).status).toBe(201);
    const moved = await patch('mon', parent.body.id, { version: parent.body.version, deadline: '2026-12-15' });
    expect(moved.status).toBe(200);
    const [{ id: extensionId }] = await api.db.query(`SELECT id FROM task_extensions WHERE task_id = $1 AND state = 'pending'`, [sub.body.id]);
    const decide = await api.http.post(`/api/tasks/${sub.body.id}/extensions/${extensionId}/decision`).set(bearer(tokens['head'])).send({ approve: true });
    expectRefusal(decide, 422, 'SUBTASK_DEADLINE_AFTER_PARENT', 'approve');
    expect((await patch('head', sub.body.id, { version: sub.body.version, deadline: '2026-12-15' })).status).toBe(200);
  });

  it('the parent lists its sub-tasks with a rolled-up progress beside the progress its assignee reports by hand', async () => {
    const sub1 = await get('p1staff', `/api/tasks/${ids['sub1']}`);
    expect(sub1.body.parentTask).toBeNull(); // P1's staff may not read the VBC task it belongs to
    expect((await api.http.post(`/api/tasks/${ids['sub1']}/progress`).set(bearer(tokens['p1staff'])).send({ version: sub1.body.version, percent: 40, note: 'Đang làm' })).status).toBe(201);
    const sub2 = await get('staff', `/api/tasks/${ids['sub2']}`);
    expect(sub2.body.parentTask).toEqual({ id: ids['parent'], code: 'CHA-1', title: 'Nhiệm vụ Bộ giao' });
    expect((await api.http.post(`/api/tasks/${ids['sub2']}/complete`).set(bearer(tokens['staff'])).send({ version: sub2.body.version, result: 'Xong' })).status).toBe(201);
    const cancelled = await create('head', { code: 'CON-HUY', title: 'Bỏ', leadUnitCode: 'P1', deadline: '2026-11-26', parentTaskId: ids['parent'] });
    await api.http.post(`/api/tasks/${cancelled.body.id}/cancel`).set(bearer(tokens['head'])).send({ version: cancelled.body.version, reason: 'Gộp vào phần khác' });

    let parent = await get('head', `/api/tasks/${ids['parent']}`);
    expect(parent.body.subTaskProgress).toBe(70); // (40 + 100) / 2; the cancelled one is left out
    expect(parent.body.subTasks.map((s: { code: string; state: string }) => [s.code, s.state])).toEqual([
      ['CON-1', 'open'],
      ['CON-2', 'completed'],
      ['CON-HUY', 'cancelled'],
    ]);
    expect(parent.body.subTasks[0]).toMatchObject({ assignee: { id: ids['p1staff'] }, leadUnit: { code: 'P1' }, deadline: '2026-11-27', progressPercent: 40, status: 'in_progress_on_track' });
    expect(parent.body.parentTask).toBeNull();
    // The assignee still sets the parent's own progress by hand; the roll-up stays beside it.
    await api.http.post(`/api/tasks/${ids['parent']}/progress`).set(bearer(tokens['staff'])).send({ version: parent.body.version, percent: 20, note: 'Tổng hợp' });
    parent = await get('head', `/api/tasks/${ids['parent']}`);
    expect([parent.body.progressPercent, parent.body.subTaskProgress]).toEqual([20, 70]);

    const list = await get('head', `/api/tasks/${ids['parent']}/sub-tasks`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual(parent.body.subTasks);
    // VBC's staff reads the parent but only the sub-tasks it may read (not those led by P1).
    expect((await get('staff', `/api/tasks/${ids['parent']}/sub-tasks`)).body.map((s: { code: string }) => s.code)).toEqual(['CON-2']);
    // ...and the roll-up over those alone: a figure over sub-tasks one may not open would tell of them.
    const staffView = (await get('staff', `/api/tasks/${ids['parent']}`)).body;
    expect([staffView.subTasks.map((s: { code: string }) => s.code), staffView.subTaskProgress]).toEqual([['CON-2'], 100]);
    expect((await get('khcnstaff', `/api/tasks/${ids['parent2']}/sub-tasks`)).status).toBe(404);
    expect((await get('head', `/api/tasks/00000000-0000-4000-8000-000000000000/sub-tasks`)).status).toBe(404);
    expect((await get('head', `/api/tasks/${ids['sub1']}/sub-tasks`)).body).toEqual([]);
    expect((await get('head', `/api/tasks/${ids['sub1']}`)).body.subTaskProgress).toBeNull();
  });

  it('the list shows sub-tasks by default; subTasks=only|exclude a unit’s pieces or the ministry’s tasks', async () => {
    const codes = async (q: string) => (await get('head', `/api/tasks?pageSize=100&sort=code${q}`)).body.items.map((t: { code: string }) => t.code);
    const all = await codes('');
    expect(all).toEqual(expect.arrayContaining(['CHA-1', 'CON-1', 'CON-2']));
    expect(await codes('&subTasks=only')).toEqual(['CON-1', 'CON-2', 'CON-3', 'CON-HUY', 'CON-SUA', 'CON-TRE']);
    expect(await codes('&subTasks=exclude')).toEqual(all.filter((c: string) => !c.startsWith('CON-')));
    expect((await get('head', '/api/tasks?subTasks=all')).status).toBe(400);
  });

  it('completing a parent with open sub-tasks asks what to do; each choice writes every sub-task’s change, history and event', async () => {
    let parent = await get('staff', `/api/tasks/${ids['parent']}`);
    const refused = await api.http.post(`/api/tasks/${ids['parent']}/complete`).set(bearer(tokens['staff'])).send({ version: parent.body.version, result: 'Đã xong' });
    expectRefusal(refused, 422, 'SUBTASKS_OPEN', 'openSubTasks');
    expect(refused.body.message).toContain('CON-1');
    parent = await get('staff', `/api/tasks/${ids['parent']}`);
    expect(parent.body.state).toBe('open');
    expect((await api.http.post(`/api/tasks/${ids['parent']}/complete`).set(bearer(tokens['staff'])).send({ version: parent.body.version, result: 'Đã xong', openSubTasks: 'archive' })).status).toBe(400);

    const eventsBefore = await count(`task_events WHERE task_id = $1`, [ids['sub1']]);
    // The parent's assignee (VBC staff) may neither cancel nor complete P1's sub-task by itself, so not with the
    // parent either: 403 naming it, nothing written.
    const historyBefore = await count('task_history');
    for (const openSubTasks of ['cancel', 'complete']) {
      const notYours = await api.http.post(`/api/tasks/${ids['parent']}/complete`).set(bearer(tokens['staff'])).send({ version: parent.body.version, result: 'Đã xong', openSubTasks });
      expectRefusal(notYours, 403, 'SUBTASKS_NOT_YOURS', 'openSubTasks');
      expect(notYours.body.message).toContain('CON-1');
    }
    expect((await get('head', `/api/tasks/${ids['sub1']}`)).body.state).toBe('open');
    expect((await get('head', `/api/tasks/${ids['parent']}`)).body.state).toBe('open');
    expect(await count('task_history')).toBe(historyBefore);
    // Its head may: the head completes the parent and cancels the open piece.
    const done = await api.http.post(`/api/tasks/${ids['parent']}/complete`).set(bearer(tokens['head'])).send({ version: parent.body.version, result: 'Đã xong', openSubTasks: 'cancel' });
    expect(done.status).toBe(201);
    expect(done.body.state).toBe('completed');
    const sub1 = await get('head', `/api/tasks/${ids['sub1']}`);
    expect(sub1.body).toMatchObject({ state: 'cancelled', cancelReason: 'Huỷ khi hoàn thành nhiệm vụ cha CHA-1' });
    expect((await get('head', `/api/tasks/${ids['sub2']}`)).body.state).toBe('completed'); // already done: left alone
    const history = (await get('head', `/api/tasks/${ids['sub1']}/history`)).body;
    expect(history[history.length - 1]).toMatchObject({ action: 'cancelled', actor: expect.objectContaining({ id: ids['head'] }), note: 'Theo báo cáo hoàn thành nhiệm vụ cha CHA-1' });
    expect(await count(`task_events WHERE task_id = $1`, [ids['sub1']])).toBe(eventsBefore + 1);
    expect(await count(`task_events WHERE task_id = $1 AND kind = 'cancelled'`, [ids['sub1']])).toBe(1);

    // The other choice: the open sub-tasks are completed with the parent.
    const p2 = await get('p1head', `/api/tasks/${ids['parent2']}`);
    const completed = await api.http.post(`/api/tasks/${ids['parent2']}/complete`).set(bearer(tokens['p1head'])).send({ version: p2.body.version, result: 'Đã xong', openSubTasks: 'complete' });
    expect(completed.status).toBe(201);
    const [sub3] = await api.db.query(`SELECT id, state, progress_percent, completion_result FROM tasks WHERE code = 'CON-3'`);
    expect(sub3).toMatchObject({ state: 'completed', progress_percent: 100, completion_result: 'Hoàn thành cùng nhiệm vụ cha CHA-2' });
    expect(await count(`task_completions WHERE task_id = $1`, [sub3.id])).toBe(1);
    expect(await count(`task_events WHERE task_id = $1 AND kind = 'completion_reported'`, [sub3.id])).toBe(1);
    expect(await count(`task_history WHERE task_id = $1 AND action = 'completed'`, [sub3.id])).toBe(1);
    expect((await get('p1head', `/api/tasks/${ids['parent2']}`)).body.subTaskProgress).toBe(100);
  });

  it('cancelling a parent cancels its open sub-tasks with it, each with its history and event; a done one stays done', async () => {
    const parent = await create('mon', { code: 'CHA-BO', title: 'Sẽ bỏ', leadUnitCode: 'VBC', deadline: '2026-12-20' });
    const open = await create('head', { code: 'CON-BO-1', title: 'Đang làm', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-12-10', parentTaskId: parent.body.id });
    const done = await create('head', { code: 'CON-BO-2', title: 'Đã xong', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-12-10', parentTaskId: parent.body.id });
    await api.http.post(`/api/tasks/${done.body.id}/complete`).set(bearer(tokens['p1staff'])).send({ version: done.body.version, result: 'Xong' }).expect(201);
    const cancelled = await api.http.post(`/api/tasks/${parent.body.id}/cancel`).set(bearer(tokens['head'])).send({ version: parent.body.version, reason: 'Không còn phù hợp' });
    expect(cancelled.status).toBe(201);
    expect((await get('head', `/api/tasks/${open.body.id}`)).body).toMatchObject({ state: 'cancelled', cancelReason: 'Huỷ cùng nhiệm vụ cha CHA-BO' });
    expect((await get('head', `/api/tasks/${done.body.id}`)).body.state).toBe('completed');
    expect(await count(`task_events WHERE task_id = $1 AND kind = 'cancelled'`, [open.body.id])).toBe(1);
    expect(await count(`task_history WHERE task_id = $1 AND action = 'cancelled' AND note = 'Theo việc huỷ nhiệm vụ cha CHA-BO'`, [open.body.id])).toBe(1);
  });

  it('completing a parent as its assignee: 403 naming the open sub-tasks the actor may not complete by itself, nothing written', async () => {
    // P1's head is assigned the VBC task (may work on it, not manage it) and splits it; VBC's head then moves one piece up to VBC.
    const parent = await create('mon', { code: 'CHA-P1', title: 'Giao trưởng phòng 1', leadUnitCode: 'VBC', assigneeId: ids['p1head'], deadline: '2026-12-20' });
    const piece = await create('head', { code: 'CON-VBC', title: 'Phần của vụ', leadUnitCode: 'VBC', deadline: '2026-12-10', parentTaskId: parent.body.id });
    expect(piece.status).toBe(201);
    const p = await get('p1head', `/api/tasks/${parent.body.id}`);
    const res = await api.http.post(`/api/tasks/${parent.body.id}/complete`).set(bearer(tokens['p1head'])).send({ version: p.body.version, result: 'Xong', openSubTasks: 'complete' });
    expectRefusal(res, 403, 'SUBTASKS_NOT_YOURS', 'openSubTasks');
    expect(res.body.message).toContain('CON-VBC');
    expect((await get('head', `/api/tasks/${piece.body.id}`)).body.state).toBe('open');
    expect(await count(`task_completions WHERE task_id = ANY($1)`, [[parent.body.id, piece.body.id]])).toBe(0);
  });

  it('completing a parent with a sub-task whose unit requires an evidence file: 422 naming it, nothing written; cancel goes through', async () => {
    const setRule = (requireFile: boolean) => api.http.put('/api/admin/completion-evidence').set(bearer(tokens['admin'])).send({ unitCode: 'P1', requireFile });
    const parent = await create('mon', { code: 'CHA-TEP', title: 'Cần minh chứng', leadUnitCode: 'VBC', deadline: '2026-12-20' });
    const needs = await create('head', { code: 'CON-TEP-1', title: 'Phòng 1 cần tệp', leadUnitCode: 'P1', assigneeId: ids['p1staff'], deadline: '2026-12-10', parentTaskId: parent.body.id });
    const free = await create('head', { code: 'CON-TEP-2', title: 'Vụ không cần tệp', leadUnitCode: 'VBC', deadline: '2026-12-10', parentTaskId: parent.body.id });
    expect([needs.status, free.status]).toEqual([201, 201]);
    expect((await setRule(true)).status).toBeLessThan(300);
    try {
      const before = { completions: await count('task_completions'), history: await count('task_history'), events: await count('task_events') };
      const res = await api.http.post(`/api/tasks/${parent.body.id}/complete`).set(bearer(tokens['head'])).send({ version: parent.body.version, result: 'Xong', openSubTasks: 'complete' });
      expectRefusal(res, 422, 'SUBTASKS_NEED_FILE', 'openSubTasks');
      expect(res.body.message).toContain('CON-TEP-1');
      expect(res.body.message).not.toContain('CON-TEP-2');
      expect({ completions: await count('task_completions'), history: await count('task_history'), events: await count('task_events') }).toEqual(before);
      // The sub-task completed by itself without a file is refused the same way (the rule the parent now follows).
      expect((await api.http.post(`/api/tasks/${needs.body.id}/complete`).set(bearer(tokens['p1staff'])).send({ version: needs.body.version, result: 'Xong' })).status).toBe(422);
      const cancelled = await api.http.post(`/api/tasks/${parent.body.id}/complete`).set(bearer(tokens['head'])).send({ version: parent.body.version, result: 'Xong', openSubTasks: 'cancel' });
      expect(cancelled.status).toBe(201);
    } finally {
      await setRule(false);
    }
  });

  it('a pending extension request is withdrawn when its task is completed or cancelled; it is neither counted nor decided', async () => {
    const pendingCount = async () => (await get('head', '/api/tasks/pending-extensions/count')).body.count as number;
    const listed = async () => (await get('head', '/api/tasks?pendingExtension=true&pageSize=100')).body.items.map((t: { code: string }) => t.code);
    const baseline = await pendingCount();
    const closeWith = async (code: string, close: (task: { id: string; version: number }) => Promise<{ status: number }>, state: string, note: string) => {
      const task = await create('head', { code, title: 'Xin gia hạn rồi đóng', leadUnitCode: 'VBC', assigneeId: ids['staff'], deadline: '2026-12-05' });
      const asked = await api.http.post(`/api/tasks/${task.body.id}/extensions`).set(bearer(tokens['staff'])).send({ newDeadline: '2026-12-20', reason: 'Cần thêm thời gian' });
      expect(asked.status).toBe(201);
      expect(await pendingCount()).toBe(baseline + 1);
      expect(await listed()).toContain(code);
      expect((await close(task.body)).status).toBe(201);
      expect(await pendingCount()).toBe(baseline);
      expect(await listed()).not.toContain(code);
      const [extension] = (await get('head', `/api/tasks/${task.body.id}/extensions`)).body;
      expect(extension).toMatchObject({ id: asked.body.id, state: 'withdrawn', decidedBy: null, decisionNote: note });
      expect(extension.decidedAt).not.toBeNull();
      const history = (await get('head', `/api/tasks/${task.body.id}/history`)).body;
      expect(history.map((h: { action: string }) => h.action)).toContain('extension_withdrawn');
      // Deciding it now is refused for the closed task, and nothing moves.
      const before = await count('task_history WHERE task_id = $1', [task.body.id]);
      const decided = await api.http.post(`/api/tasks/${task.body.id}/extensions/${asked.body.id}/decision`).set(bearer(tokens['head'])).send({ approve: true });
      expectRefusal(decided, 422, state);
      // Even a request left pending on a closed task (written before this rule) is neither counted, listed nor decided.
      await api.db.query(`UPDATE task_extensions SET state = 'pending', decided_at = NULL, decision_note = NULL WHERE id = $1`, [asked.body.id]);
      expect(await pendingCount()).toBe(baseline);
      expect(await listed()).not.toContain(code);
      expectRefusal(await api.http.post(`/api/tasks/${task.body.id}/extensions/${asked.body.id}/decision`).set(bearer(tokens['head'])).send({ approve: true }), 422, state);
      await api.db.query(`UPDATE task_extensions SET state = 'withdrawn', decided_at = now() WHERE id = $1`, [asked.body.id]);
      expect(await count('task_history WHERE task_id = $1', [task.body.id])).toBe(before);
      expect((await get('head', `/api/tasks/${task.body.id}`)).body.deadline).toBe('2026-12-05');
    };
    await closeWith('GH-XONG', (t) => api.http.post(`/api/tasks/${t.id}/complete`).set(bearer(tokens['staff'])).send({ version: t.version, result: 'Xong' }), 'TASK_ALREADY_COMPLETED', 'Nhiệm vụ đã hoàn thành');
    await closeWith('GH-HUY', (t) => api.http.post(`/api/tasks/${t.id}/cancel`).set(bearer(tokens['head'])).send({ version: t.version, reason: 'Không cần nữa' }), 'TASK_CANCELLED', 'Nhiệm vụ đã huỷ');
  });
});

describe('sub-tasks are not counted again: the June 2020 figures stay 96 / 59 / 5 / 2 / 30', () => {
  let api: TestApi;
  let monitor: string;
  const realNow = '2026-11-20T09:00:00+07:00';

  beforeAll(async () => {
    // A copy of the demo as `npm run seed:demo` loads it (seedDemo at DEMO_LOADED_AT), loaded once per run.
    api = await startDemoApi();
    api.clock.set(realNow);
    monitor = (await api.http.post('/api/auth/login').send({ username: 'vanphong', password: 'Pho-co-mua-thu-2026' })).body.accessToken;
    // The demo with the 63 provincial departments and their year of reports takes about a minute here.
  }, 300_000);
  afterAll(() => api.close());

  it('sub-tasks entered in June under June’s tasks, on time, late, overdue and on track, change no report', async () => {
    const read = async (path: string) => {
      const res = await api.http.get(path).set(bearer(monitor));
      expect([path, res.status]).toEqual([path, 200]);
      return res.body;
    };
    // The demo's own sub-tasks, made through TasksService.create: the head of CNTT split the White Book task.
    const [{ id: whiteBook }] = await api.db.query(`SELECT id FROM tasks WHERE code = 'DEMO-CNTT-01'`);
    const demoParent = await read(`/api/tasks/${whiteBook}`);
    expect(demoParent.subTasks.map((t: { code: string }) => t.code)).toEqual(['DEMO-CNTT-01.1', 'DEMO-CNTT-01.2']);
    expect(demoParent.subTaskProgress).toBe(30);
    // Before (none of these is stored: only the briefing of an ended period is, and it is read only after).
    const rankingBefore = await read('/api/reports/ranking?month=2020-06');
    const documentsBefore = await read('/api/reports/documents');
    const keyTasksBefore = await read('/api/reports/key-tasks?month=2020-06');

    // Three June tasks still open today, due in July: split in June, as a unit would have.
    const parents: Array<{ id: string; code: string; deadline: string; lead: string; doc: string | null }> = await api.db.query(
      `SELECT t.id, t.code, t.deadline::text AS deadline, u.code AS lead, t.source_document_id AS doc FROM tasks t JOIN units u ON u.id = t.lead_unit_id
        WHERE t.code LIKE '2020-%' AND t.state = 'open' AND t.deadline >= '2020-07-06' AND t.assigned_on <= '2020-06-20' ORDER BY t.deadline DESC, t.code LIMIT 3`,
    );
    expect(parents).toHaveLength(3);
    const [{ id: docId }] = await api.db.query(`SELECT id FROM source_documents WHERE number = '01/CT-BTTTT'`);
    const at = (local: string) => api.clock.set(`${local}+07:00`);
    const sub = async (i: number, code: string, deadline: string, extra: object = {}) => {
      const res = await api.http
        .post('/api/tasks')
        .set(bearer(monitor))
        .send({ code, title: `Nhiệm vụ con ${code}`, leadUnitCode: parents[i].lead, deadline, parentTaskId: parents[i].id, ...extra });
      expect([code, res.status]).toEqual([code, 201]);
      return res.body as { id: string; version: number };
    };
    at('2020-06-22T09:00:00');
    await sub(0, 'CON-QUAHAN', '2020-06-24'); // open on 30/06, past its deadline
    const onTime = await sub(1, 'CON-DUNGHAN', '2020-06-26');
    const late = await sub(2, 'CON-TRE', '2020-06-23');
    await sub(0, 'CON-TRONGHAN', '2020-07-05', { isKeyTask: true, sourceDocumentId: docId });
    at('2020-06-25T10:00:00');
    await api.http.post(`/api/tasks/${onTime.id}/complete`).set(bearer(monitor)).send({ version: onTime.version, result: 'Xong' }).expect(201);
    at('2020-06-29T10:00:00');
    await api.http.post(`/api/tasks/${late.id}/complete`).set(bearer(monitor)).send({ version: late.version, result: 'Xong' }).expect(201);
    api.clock.set(realNow);

    const briefing = await read('/api/reports/briefing?month=2020-06');
    expect(briefing).toMatchObject({
      total: 96,
      completedOnTime: { count: 59, percent: 61.46 },
      completedLate: { count: 5, percent: 5.21 },
      inProgressOverdue: { count: 2, percent: 2.08 },
      inProgressOnTrack: { count: 30, percent: 31.25 },
      noDeadline: 1,
    });
    expect(briefing.units.map((u: { total: number }) => u.total)).toEqual(Array(12).fill(8));
    expect(await read('/api/reports/ranking?month=2020-06')).toEqual(rankingBefore);
    expect(await read('/api/reports/documents')).toEqual(documentsBefore);
    expect(await read('/api/reports/key-tasks?month=2020-06')).toEqual(keyTasksBefore);
    const trend = await read('/api/reports/trend?from=2020-06&to=2020-07');
    expect(trend[0]).toMatchObject({ month: '2020-06', total: 96, completedOnTime: { count: 59 }, inProgressOverdue: { count: 2 } });

    // Each count still opens exactly its tasks; the unit's own view counts its pieces by the same rule.
    const expected = { completedOnTime: [59, 1], completedLate: [5, 1], inProgressOverdue: [2, 1], inProgressOnTrack: [30, 1], noDeadline: [1, 0] };
    for (const [category, [tasks, pieces]] of Object.entries(expected)) {
      const ministry = await read(`/api/tasks?period=2020-06&category=${category}&pageSize=1`);
      const own = await read(`/api/tasks?period=2020-06&category=${category}&subTasks=only&pageSize=10`);
      expect([category, ministry.total, own.total]).toEqual([category, tasks, pieces]);
    }

    const xlsx = await api.http
      .get('/api/reports/briefing/export?month=2020-06&format=xlsx')
      .set(bearer(monitor))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const rows = (wb.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows.find((r) => r[0] === 'Tổng cộng')).toEqual(['Tổng cộng', 96, 59, 0.6146, 5, 0.0521, 2, 0.0208, 30, 0.3125]);
  });
});
