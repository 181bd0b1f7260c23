import type { ErrorBody, FieldError } from '@tiendo/contracts';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { bearer, startTestApi, TestApi } from './harness';

describe('tasks over HTTP: every endpoint’s success, 400, 404, 409 and 422', () => {
  let api: TestApi;
  let monitor: string;
  let head: string;
  let staff: string;
  const count = async (table: string) => Number((await api.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VBC-P1', 'VBC', 'Phòng Chính sách');
    await f.unit('VCNTT', 'BO', 'Vụ Công nghệ thông tin');
    await f.user('monitor1', 'monitor', 'VP');
    await f.user('head_vbc', 'unit_head', 'VBC');
    await f.user('staff_vbc', 'staff', 'VBC');
    await f.user('staff_p1', 'staff', 'VBC-P1');
    await f.user('staff_it', 'staff', 'VCNTT');
    [monitor, head, staff] = await Promise.all(['monitor1', 'head_vbc', 'staff_vbc'].map((u) => api.login(u)));
  });
  afterAll(() => api.close());

  const assign = (token: string, body: Record<string, unknown>) => api.http.post('/api/tasks').set(bearer(token)).send(body);
  const newTask = async (extra: Record<string, unknown> = {}) => {
    const res = await assign(monitor, {
      title: 'Hoàn thiện Chiến lược phát triển bưu chính 2021-2030',
      leadUnitCode: 'VBC',
      assigneeId: api.fixtures.userId('staff_vbc'),
      deadline: '2026-12-15',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  describe('POST /api/tasks', () => {
    it('assigns a task with a generated code, its status and its history', async () => {
      const task = await newTask({ coordinatingUnitCodes: ['VCNTT'], isKeyTask: true, description: 'Trình Bộ trưởng trước 15/12' });
      expect(task).toMatchObject({
        code: expect.stringMatching(/^NV-2026-\d{5}$/),
        leadUnit: { code: 'VBC', name: 'Vụ Bưu chính' },
        coordinatingUnits: [{ code: 'VCNTT', name: 'Vụ Công nghệ thông tin' }],
        assignee: { username: 'staff_vbc' },
        assignedBy: { username: 'monitor1' },
        assignedOn: '2026-11-20',
        originalDeadline: '2026-12-15',
        deadline: '2026-12-15',
        status: 'in_progress_on_track',
        dueSoon: false,
        isKeyTask: true,
        version: 1,
      });
      const history = await api.http.get(`/api/tasks/${task.id}/history`).set(bearer(monitor));
      expect(history.body[0]).toMatchObject({ action: 'created', actor: { username: 'monitor1' } });
      expect(history.body[0].changes).toEqual(expect.arrayContaining([{ field: 'deadline', from: null, to: '2026-12-15' }]));
    });

    it('a standing task without deadline has status no_deadline', async () => {
      const task = await newTask({ deadline: null });
      expect(task.status).toBe('no_deadline');
    });

    it('400 with field messages for missing, malformed and unknown fields; nothing written', async () => {
      const before = await count('tasks');
      const res = await assign(monitor, { leadUnitCode: 'VBC', deadline: '2026-02-30', priority: 'asap', bogus: 1 });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['bogus', 'deadline', 'priority', 'title']);
      const unknownUnit = await assign(monitor, { title: 'x', leadUnitCode: 'NOPE' });
      expect(unknownUnit.status).toBe(400);
      expect(unknownUnit.body.errors).toEqual([{ field: 'leadUnitCode', rule: 'UNKNOWN_UNIT', message: 'Không có đơn vị mã NOPE' }]);
      expect(await count('tasks')).toBe(before);
    });

    it('422 for impossible dates and an assignee outside the lead unit', async () => {
      const before = await count('tasks');
      const early = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assignedOn: '2026-11-10', deadline: '2026-11-09' });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'DEADLINE_BEFORE_ASSIGNMENT', errors: [{ field: 'deadline', rule: 'DEADLINE_BEFORE_ASSIGNMENT' }] });
      const future = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assignedOn: '2026-12-01' });
      expect(future.status).toBe(422);
      const outsider = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assigneeId: api.fixtures.userId('staff_it') });
      expect(outsider.status).toBe(422);
      expect(outsider.body.errors[0].field).toBe('assigneeId');
      expect(await count('tasks')).toBe(before);
    });

    it('409 for a code already used (case-insensitive)', async () => {
      await newTask({ code: 'VBC-2026-01' });
      const res = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', code: 'vbc-2026-01' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('DUPLICATE');
    });

    it('a unit head assigns inside the subtree only; staff never assign', async () => {
      expect((await assign(head, { title: 'Rà soát', leadUnitCode: 'VBC-P1', assigneeId: api.fixtures.userId('staff_p1') })).status).toBe(201);
      expect((await assign(head, { title: 'Rà soát', leadUnitCode: 'VCNTT' })).status).toBe(403);
      expect((await assign(staff, { title: 'Rà soát', leadUnitCode: 'VBC' })).status).toBe(403);
    });
  });

  describe('GET /api/tasks/:id', () => {
    it('answers the task with its progress notes; 404 for unknown and malformed ids', async () => {
      const task = await newTask();
      const res = await api.http.get(`/api/tasks/${task.id}`).set(bearer(staff));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: task.id, progressNotes: [], pendingExtension: null });
      expect((await api.http.get('/api/tasks/00000000-0000-4000-8000-000000000000').set(bearer(monitor))).status).toBe(404);
      expect((await api.http.get('/api/tasks/not-a-uuid').set(bearer(monitor))).status).toBe(404);
    });
  });

  describe('PATCH /api/tasks/:id', () => {
    it('updates with the right version, records what changed, and keeps the original deadline', async () => {
      const task = await newTask();
      const res = await api.http
        .patch(`/api/tasks/${task.id}`)
        .set(bearer(head))
        .send({ version: 1, title: 'Tiêu đề mới', deadline: '2026-12-20', deadlineReason: 'Điều chỉnh theo kế hoạch', priority: 'high' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Tiêu đề mới', deadline: '2026-12-20', originalDeadline: '2026-12-15', priority: 'high', version: 2 });
      const history = (await api.http.get(`/api/tasks/${task.id}/history`).set(bearer(head))).body;
      expect(history[1]).toMatchObject({ action: 'updated', actor: { username: 'head_vbc' } });
      expect(history[1].changes).toEqual(
        expect.arrayContaining([
          { field: 'title', from: task.title, to: 'Tiêu đề mới' },
          { field: 'deadline', from: '2026-12-15', to: '2026-12-20' },
        ]),
      );
      const extensions = (await api.http.get(`/api/tasks/${task.id}/extensions`).set(bearer(head))).body;
      expect(extensions[0]).toMatchObject({ kind: 'correction', state: 'approved', previousDeadline: '2026-12-15', requestedDeadline: '2026-12-20' });
    });

    it('409 on a stale version, and nothing is lost or written', async () => {
      const task = await newTask();
      await api.http.patch(`/api/tasks/${task.id}`).set(bearer(monitor)).send({ version: 1, title: 'Bản của người thứ nhất' });
      const stale = await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 1, title: 'Bản của người thứ hai' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      const now = (await api.http.get(`/api/tasks/${task.id}`).set(bearer(head))).body;
      expect(now).toMatchObject({ title: 'Bản của người thứ nhất', version: 2 });
      const history = (await api.http.get(`/api/tasks/${task.id}/history`).set(bearer(head))).body;
      expect(history).toHaveLength(2);
    });

    it('400 without version or with wrong types; 404 unknown; 422 deadline before assignment', async () => {
      const task = await newTask();
      expect((await api.http.patch(`/api/tasks/${task.id}`).set(bearer(monitor)).send({ title: 'x' })).status).toBe(400);
      expect((await api.http.patch(`/api/tasks/${task.id}`).set(bearer(monitor)).send({ version: '1', isKeyTask: 'yes' })).status).toBe(400);
      expect((await api.http.patch('/api/tasks/00000000-0000-4000-8000-000000000000').set(bearer(monitor)).send({ version: 1 })).status).toBe(404);
      const early = await api.http.patch(`/api/tasks/${task.id}`).set(bearer(monitor)).send({ version: 1, deadline: '2026-01-01' });
      expect(early.status).toBe(422);
    });

    it('reassigns to another member of the lead unit, but not outside it', async () => {
      const task = await newTask();
      const ok = await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 1, assigneeId: api.fixtures.userId('staff_p1') });
      expect(ok.status).toBe(200);
      expect(ok.body.assignee.username).toBe('staff_p1');
      const out = await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 2, assigneeId: api.fixtures.userId('staff_it') });
      expect(out.status).toBe(422);
    });
  });

  describe('progress, completion, return, reopen, cancel', () => {
    it('the assignee reports progress with a note, then completes on time', async () => {
      const task = await newTask();
      const progress = await api.http.post(`/api/tasks/${task.id}/progress`).set(bearer(staff)).send({ version: 1, percent: 40, note: 'Đã xong dự thảo lần 1' });
      expect(progress.status).toBe(201);
      expect(progress.body).toMatchObject({ progressPercent: 40, version: 2 });
      const detail = (await api.http.get(`/api/tasks/${task.id}`).set(bearer(staff))).body;
      expect(detail.progressNotes[0]).toMatchObject({ percent: 40, note: 'Đã xong dự thảo lần 1', author: { username: 'staff_vbc' } });
      const done = await api.http.post(`/api/tasks/${task.id}/complete`).set(bearer(staff)).send({ version: 2, result: 'Đã trình ký' });
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ state: 'completed', status: 'completed_on_time', progressPercent: 100, completionResult: 'Đã trình ký' });
    });

    it('completing after the deadline day (local time) is late', async () => {
      const task = await newTask({ deadline: '2026-11-20' });
      api.clock.set('2026-11-21T00:00:00+07:00');
      const token = (await api.http.post('/api/auth/login').send({ username: 'staff_vbc', password: TEST_PASSWORD })).body.accessToken;
      const done = await api.http.post(`/api/tasks/${task.id}/complete`).set(bearer(token)).send({ version: 1, result: 'Xong' });
      api.clock.set('2026-11-20T09:00:00+07:00');
      expect(done.body.status).toBe('completed_late');
    });

    it('422 for impossible state changes, 400 for missing reasons, 409 for stale versions', async () => {
      const task = await newTask();
      expect((await api.http.post(`/api/tasks/${task.id}/return`).set(bearer(head)).send({ version: 1, reason: 'Chưa đạt' })).status).toBe(422);
      expect((await api.http.post(`/api/tasks/${task.id}/reopen`).set(bearer(head)).send({ version: 1, reason: 'x' })).status).toBe(422);
      expect((await api.http.post(`/api/tasks/${task.id}/cancel`).set(bearer(head)).send({ version: 1 })).status).toBe(400);
      expect((await api.http.post(`/api/tasks/${task.id}/progress`).set(bearer(staff)).send({ version: 1, percent: 101, note: 'x' })).status).toBe(400);
      const cancelled = await api.http.post(`/api/tasks/${task.id}/cancel`).set(bearer(head)).send({ version: 1, reason: 'Không còn phù hợp' });
      expect(cancelled.body).toMatchObject({ state: 'cancelled', status: 'cancelled' });
      const completeCancelled = await api.http.post(`/api/tasks/${task.id}/complete`).set(bearer(staff)).send({ version: 2, result: 'x' });
      expect(completeCancelled.status).toBe(422);
      expect(completeCancelled.body.code).toBe('TASK_CANCELLED');
      expect((await api.http.post(`/api/tasks/${task.id}/progress`).set(bearer(staff)).send({ version: 2, percent: 10, note: 'x' })).status).toBe(422);
      expect((await api.http.post(`/api/tasks/${task.id}/cancel`).set(bearer(head)).send({ version: 2, reason: 'again' })).status).toBe(422);
      expect((await api.http.post(`/api/tasks/${task.id}/reopen`).set(bearer(head)).send({ version: 1, reason: 'x' })).status).toBe(409);
      const reopened = await api.http.post(`/api/tasks/${task.id}/reopen`).set(bearer(head)).send({ version: 2, reason: 'Cần làm tiếp' });
      expect(reopened.status).toBe(201);
      expect(reopened.body).toMatchObject({ state: 'open', status: 'in_progress_on_track', version: 3 });
    });

    it('return for redo reopens a completion and keeps it on record; 404 for unknown tasks', async () => {
      const task = await newTask();
      await api.http.post(`/api/tasks/${task.id}/complete`).set(bearer(staff)).send({ version: 1, result: 'Xong' });
      const returned = await api.http.post(`/api/tasks/${task.id}/return`).set(bearer(head)).send({ version: 2, reason: 'Thiếu số liệu' });
      expect(returned.status).toBe(201);
      expect(returned.body).toMatchObject({ state: 'open', completedAt: null, version: 3 });
      const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM task_completions WHERE task_id = $1 AND returned_at IS NOT NULL`, [task.id]);
      expect(n).toBe(1);
      const history = (await api.http.get(`/api/tasks/${task.id}/history`).set(bearer(head))).body;
      expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'completed', 'returned']);
      expect(history[2].note).toBe('Thiếu số liệu');
      const bodies: Record<string, object> = {
        progress: { version: 1, percent: 1, note: 'x' },
        complete: { version: 1, result: 'x' },
        return: { version: 1, reason: 'x' },
        reopen: { version: 1, reason: 'x' },
        cancel: { version: 1, reason: 'x' },
      };
      for (const [action, body] of Object.entries(bodies)) {
        const res = await api.http.post(`/api/tasks/00000000-0000-4000-8000-000000000000/${action}`).set(bearer(monitor)).send(body);
        expect(res.status).toBe(404);
      }
    });
  });

  describe('deadline extensions', () => {
    it('requested by the assignee, approved by the unit head: the deadline in force changes, the original stays', async () => {
      const task = await newTask();
      const request = await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2027-01-15', reason: 'Chờ ý kiến các Bộ' });
      expect(request.status).toBe(201);
      expect(request.body).toMatchObject({ state: 'pending', kind: 'request', previousDeadline: '2026-12-15', requestedDeadline: '2027-01-15' });
      const second = await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2027-02-15', reason: 'Lần 2' });
      expect(second.status).toBe(422);
      const selfDecision = await api.http.post(`/api/tasks/${task.id}/extensions/${request.body.id}/decision`).set(bearer(staff)).send({ approve: true });
      expect(selfDecision.status).toBe(403);
      const decision = await api.http.post(`/api/tasks/${task.id}/extensions/${request.body.id}/decision`).set(bearer(head)).send({ approve: true, note: 'Đồng ý' });
      expect(decision.status).toBe(201);
      expect(decision.body).toMatchObject({ state: 'approved', decidedBy: { username: 'head_vbc' } });
      const after = (await api.http.get(`/api/tasks/${task.id}`).set(bearer(staff))).body;
      expect(after).toMatchObject({ deadline: '2027-01-15', originalDeadline: '2026-12-15', version: 2, pendingExtension: null });
      const again = await api.http.post(`/api/tasks/${task.id}/extensions/${request.body.id}/decision`).set(bearer(head)).send({ approve: false });
      expect(again.status).toBe(422);
    });

    it('pendingExtension=true lists exactly the tasks waiting for a decision, and a decided one leaves it', async () => {
      const waiting = await newTask();
      const other = await newTask();
      const request = await api.http.post(`/api/tasks/${waiting.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2027-01-20', reason: 'Chờ số liệu' });
      const pending = async (flag: boolean) =>
        (await api.http.get(`/api/tasks?pendingExtension=${flag}&pageSize=100`).set(bearer(head))).body.items.map((t: { id: string }) => t.id);
      expect(await pending(true)).toContain(waiting.id);
      expect(await pending(true)).not.toContain(other.id);
      expect(await pending(false)).toContain(other.id);
      expect(await pending(false)).not.toContain(waiting.id);
      await api.http.post(`/api/tasks/${waiting.id}/extensions/${request.body.id}/decision`).set(bearer(head)).send({ approve: false });
      expect(await pending(true)).not.toContain(waiting.id);
      expect((await api.http.get('/api/tasks?pendingExtension=maybe').set(bearer(head))).status).toBe(400);
    });

    it('400 for a bad body, 404 for an unknown request, 422 for an earlier date or a standing task', async () => {
      const task = await newTask();
      expect((await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(staff)).send({ newDeadline: 'soon', reason: '' })).status).toBe(400);
      expect((await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2026-12-01', reason: 'x' })).status).toBe(422);
      const standing = await newTask({ deadline: null });
      expect((await api.http.post(`/api/tasks/${standing.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2027-01-01', reason: 'x' })).status).toBe(422);
      const unknown = await api.http.post(`/api/tasks/${task.id}/extensions/00000000-0000-4000-8000-000000000000/decision`).set(bearer(head)).send({ approve: true });
      expect(unknown.status).toBe(404);
      expect((await api.http.post(`/api/tasks/${task.id}/extensions/x/decision`).set(bearer(head)).send({ approve: 'yes' })).status).toBe(404);
      const rejected = await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(staff)).send({ newDeadline: '2027-01-01', reason: 'x' });
      const no = await api.http.post(`/api/tasks/${task.id}/extensions/${rejected.body.id}/decision`).set(bearer(monitor)).send({ approve: false, note: 'Không đủ căn cứ' });
      expect(no.body.state).toBe('rejected');
      expect((await api.http.get(`/api/tasks/${task.id}`).set(bearer(staff))).body.deadline).toBe('2026-12-15');
    });
  });

  describe('every refusal names its rule by code, with its message in Vietnamese', () => {
    /** The body a user's screen translates: the rule's code, the Vietnamese message, the field when it is one. */
    const expectRefusal = (res: { status: number; body: ErrorBody }, status: number, code: string, field?: string) => {
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body.message).toMatch(VIETNAMESE_LETTER);
      if (field) expect(res.body.errors).toEqual([{ field, rule: code, message: res.body.message }]);
    };
    const act = (token: string, task: { id: string }, action: string, body: object) => api.http.post(`/api/tasks/${task.id}/${action}`).set(bearer(token)).send(body);

    it('assigning: a deadline before the assignment date, a date in the future or before this month, a unit or assignee out of reach', async () => {
      const before = await count('tasks');
      const past = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', deadline: '2026-11-19' });
      expectRefusal(past, 422, 'DEADLINE_BEFORE_ASSIGNMENT', 'deadline');
      expect(past.body.message).toBe('Hạn xử lý không được trước ngày giao');
      expectRefusal(await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assignedOn: '2026-11-21' }), 422, 'ASSIGNED_ON_IN_FUTURE', 'assignedOn');
      expectRefusal(await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assignedOn: '2026-10-31' }), 422, 'ASSIGNED_ON_BEFORE_MONTH', 'assignedOn');
      expectRefusal(await assign(head, { title: 'x', leadUnitCode: 'VCNTT' }), 403, 'LEAD_UNIT_OUT_OF_SCOPE', 'leadUnitCode');
      const outsider = { title: 'x', leadUnitCode: 'VBC', assigneeId: api.fixtures.userId('staff_it') };
      expectRefusal(await assign(monitor, outsider), 422, 'ASSIGNEE_OUTSIDE_UNIT', 'assigneeId');
      const nobody = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', assigneeId: '00000000-0000-4000-8000-000000000000' });
      expect(nobody.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'assigneeId', rule: 'UNKNOWN_USER', message: 'Không có người dùng này' }] });
      const both = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', coordinatingUnitCodes: ['VBC'] });
      expect(both.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'coordinatingUnitCodes', rule: 'LEAD_UNIT_COORDINATING' }] });
      await newTask({ code: 'MA-TRUNG' });
      const taken = await assign(monitor, { title: 'x', leadUnitCode: 'VBC', code: 'ma-trung' });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'DUPLICATE', message: 'Mã nhiệm vụ ma-trung đã được dùng', errors: [{ field: 'code', rule: 'TASK_CODE_TAKEN' }] });
      expect(await count('tasks')).toBe(before + 1);
    });

    it('editing: a deadline before the assignment date, a stale version, a task that does not exist', async () => {
      const task = await newTask();
      expectRefusal(await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 1, deadline: '2026-11-01' }), 422, 'DEADLINE_BEFORE_ASSIGNMENT', 'deadline');
      await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 1, title: 'Bản mới' });
      expectRefusal(await api.http.patch(`/api/tasks/${task.id}`).set(bearer(head)).send({ version: 1, title: 'Bản cũ' }), 409, 'VERSION_CONFLICT');
      const missing = await api.http.get('/api/tasks/00000000-0000-4000-8000-000000000000').set(bearer(head));
      expectRefusal(missing, 404, 'NOT_FOUND');
      expect(missing.body.message).toBe('Không tìm thấy nhiệm vụ, hoặc bạn không có quyền xem');
      expectRefusal(await act(staff, task, 'cancel', { version: 2, reason: 'Không phải việc của tôi' }), 403, 'FORBIDDEN');
    });

    it('completing twice, working on a cancelled task, returning or reopening what cannot be', async () => {
      const task = await newTask();
      expectRefusal(await act(head, task, 'return', { version: 1, reason: 'x' }), 422, 'TASK_NOT_COMPLETED');
      expectRefusal(await act(head, task, 'reopen', { version: 1, reason: 'x' }), 422, 'TASK_ALREADY_OPEN');
      expect((await act(staff, task, 'complete', { version: 1, result: 'Đã trình ký' })).status).toBe(201);
      const twice = await act(staff, task, 'complete', { version: 2, result: 'Đã trình ký' });
      expectRefusal(twice, 422, 'TASK_ALREADY_COMPLETED');
      expect(twice.body.message).toMatch(/^Nhiệm vụ đã hoàn thành/);
      expectRefusal(await act(staff, task, 'progress', { version: 2, percent: 50, note: 'x' }), 422, 'TASK_ALREADY_COMPLETED');
      expectRefusal(await act(staff, task, 'extensions', { newDeadline: '2027-01-15', reason: 'x' }), 422, 'TASK_ALREADY_COMPLETED');
      const other = await newTask();
      expect((await act(head, other, 'cancel', { version: 1, reason: 'Không còn phù hợp' })).status).toBe(201);
      for (const [action, body] of [
        ['complete', { version: 2, result: 'x' }],
        ['progress', { version: 2, percent: 10, note: 'x' }],
        ['cancel', { version: 2, reason: 'x' }],
        ['return', { version: 2, reason: 'x' }],
      ] as const) {
        expectRefusal(await act(action === 'complete' || action === 'progress' ? staff : head, other, action, body), 422, 'TASK_CANCELLED');
      }
    });

    it('asking an extension: not later than the deadline, a standing task, one already waiting; deciding: twice, or one’s own', async () => {
      const task = await newTask();
      const earlier = await act(staff, task, 'extensions', { newDeadline: '2026-12-15', reason: 'x' });
      expectRefusal(earlier, 422, 'EXTENSION_NOT_LATER', 'newDeadline');
      expect(earlier.body.message).toBe('Hạn đề nghị phải sau hạn xử lý hiện tại');
      expectRefusal(await act(staff, await newTask({ deadline: null }), 'extensions', { newDeadline: '2027-01-01', reason: 'x' }), 422, 'TASK_HAS_NO_DEADLINE');
      // The unit head asks (they may work on their unit's tasks), so only the rule, not a missing right, stops them deciding.
      const request = await act(head, task, 'extensions', { newDeadline: '2027-01-15', reason: 'Chờ ý kiến các Bộ' });
      expectRefusal(await act(staff, task, 'extensions', { newDeadline: '2027-02-15', reason: 'x' }), 422, 'EXTENSION_ALREADY_PENDING');
      const decide = (token: string, approve: boolean) => act(token, task, `extensions/${request.body.id}/decision`, { approve });
      expectRefusal(await decide(head, true), 403, 'OWN_EXTENSION_DECISION');
      expect((await decide(monitor, false)).status).toBe(201);
      expectRefusal(await decide(monitor, true), 422, 'EXTENSION_ALREADY_DECIDED');
    });

    it('field rules of class-validator answer Vietnamese, with the rule kept for the web app', async () => {
      const res = await assign(monitor, { title: '', leadUnitCode: 'VBC', deadline: '2026-02-30', priority: 'asap', code: 'x'.repeat(41), bogus: 1 });
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(VIETNAMESE_LETTER);
      const byRule = Object.fromEntries(res.body.errors.map((e: FieldError) => [`${e.field}.${e.rule}`, e.message]));
      expect(byRule).toMatchObject({
        'title.isNotEmpty': 'Không được để trống',
        'deadline.isLocalDate': 'Phải là một ngày có thật trong khoảng 01/01/1900 – 31/12/2999, viết theo dạng YYYY-MM-DD',
        'priority.isIn': expect.stringMatching(/^Phải là một trong các giá trị: low, normal, high, urgent$/),
        'bogus.whitelistValidation': 'Trường này không được phép gửi',
      });
      for (const e of res.body.errors as FieldError[]) expect(e.message).toMatch(VIETNAMESE_LETTER);
      const long = await act(staff, await newTask(), 'progress', { version: 1, percent: 101, note: 'x'.repeat(10_001) });
      const messages = Object.fromEntries(long.body.errors.map((e: FieldError) => [e.rule, e.message]));
      expect(messages).toMatchObject({ max: 'Không được lớn hơn 100', maxLength: 'Không được dài quá 10000 ký tự' });
    });

    it('list filters that do not go together name their rule', async () => {
      const list = (query: string) => api.http.get(`/api/tasks?${query}`).set(bearer(monitor));
      expect((await list('category=completedOnTime')).body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'category', rule: 'CATEGORY_NEEDS_PERIOD' }] });
      expect((await list('periodFrom=2026-01-01')).body).toMatchObject({ errors: [{ field: 'periodTo', rule: 'PERIOD_RANGE_INCOMPLETE' }] });
      expect((await list('period=2026-01&periodFrom=2026-01-01&periodTo=2026-01-31')).body).toMatchObject({ errors: [{ field: 'period', rule: 'PERIOD_AMBIGUOUS' }] });
      expect((await list('unit=NOPE')).body).toMatchObject({ errors: [{ field: 'unit', rule: 'UNKNOWN_UNIT', message: 'Không có đơn vị mã NOPE' }] });
    });
  });

  describe('GET /api/tasks: filters, sorting, paging', () => {
    let fresh: TestApi;
    let token: string;
    beforeAll(async () => {
      fresh = await startTestApi();
      const f = fresh.fixtures;
      await f.unit('BO');
      await f.unit('A', 'BO');
      await f.unit('A1', 'A');
      await f.unit('B', 'BO');
      await f.user('mon', 'monitor', 'BO');
      await f.user('sa', 'staff', 'A');
      await f.task({ code: 'T-1', title: 'Báo cáo Sách Trắng', leadUnit: 'A', assignee: 'sa', assignedBy: 'mon', deadline: '2026-11-19', isKeyTask: true });
      await f.task({ code: 'T-2', title: 'Chỉ số ICT Index', leadUnit: 'A1', assignedBy: 'mon', deadline: '2026-11-24' });
      await f.task({ code: 'T-3', leadUnit: 'B', assignedBy: 'mon', deadline: '2026-12-31' });
      await f.task({ code: 'T-4', leadUnit: 'A', assignedBy: 'mon', deadline: '2026-11-10', state: 'completed', closedAt: new Date('2026-11-09T10:00:00+07:00') });
      await f.task({ code: 'T-5', leadUnit: 'A', assignedBy: 'mon', deadline: null });
      token = await fresh.login('mon');
    });
    afterAll(() => fresh.close());
    const codes = async (query: string) => {
      const res = await fresh.http.get(`/api/tasks?${query}`).set(bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return res.body.items.map((t: { code: string }) => t.code);
    };

    it('filters by unit with and without sub-units, assignee, status, key tasks, text and deadline range', async () => {
      expect(await codes('unit=A&sort=code')).toEqual(['T-1', 'T-2', 'T-4', 'T-5']);
      expect(await codes('unit=A&includeSubunits=false&sort=code')).toEqual(['T-1', 'T-4', 'T-5']);
      expect(await codes(`assignee=${fresh.fixtures.userId('sa')}`)).toEqual(['T-1']);
      expect(await codes('status=in_progress_overdue')).toEqual(['T-1']);
      expect(await codes('status=completed_on_time,no_deadline&sort=code')).toEqual(['T-4', 'T-5']);
      expect(await codes('keyTask=true')).toEqual(['T-1']);
      expect(await codes('q=ict%20index')).toEqual(['T-2']);
      expect(await codes('deadlineFrom=2026-11-15&deadlineTo=2026-11-30&sort=-deadline')).toEqual(['T-2', 'T-1']);
    });

    it('flags tasks due within three working days', async () => {
      const res = await fresh.http.get('/api/tasks?sort=code').set(bearer(token));
      const dueSoon = res.body.items.filter((t: { dueSoon: boolean }) => t.dueSoon).map((t: { code: string }) => t.code);
      expect(dueSoon).toEqual(['T-2']); // Tue 24/11 from Fri 20/11: Mon, Tue = 2 working days
    });

    it('pages with a total, sorted stably', async () => {
      const page1 = await fresh.http.get('/api/tasks?sort=code&pageSize=2&page=1').set(bearer(token));
      const page3 = await fresh.http.get('/api/tasks?sort=code&pageSize=2&page=3').set(bearer(token));
      expect(page1.body.total).toBe(5);
      expect(page1.body.items.map((t: { code: string }) => t.code)).toEqual(['T-1', 'T-2']);
      expect(page3.body.items.map((t: { code: string }) => t.code)).toEqual(['T-5']);
    });

    it('400 for bad filters, with the field named', async () => {
      for (const [query, field] of [
        ['status=late', 'status'],
        ['sort=password', 'sort'],
        ['pageSize=1000', 'pageSize'],
        ['keyTask=maybe', 'keyTask'],
        ['deadlineFrom=2026-13-01', 'deadlineFrom'],
        ['assignee=bob', 'assignee'],
        ['unit=NOPE', 'unit'],
        ['foo=bar', 'foo'],
      ]) {
        const res = await fresh.http.get(`/api/tasks?${query}`).set(bearer(token));
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });
});
