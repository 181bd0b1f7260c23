import { REGISTER_KEYS } from '@tiendo/server-testing';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * The one write path of a task (TasksService + TaskWritesRepository): every change, from the app or from a register,
 * writes its row, its history and one event in the task_events outbox in one transaction; the register import takes
 * the same path, so its change of lead unit or deadline is dated like the app's unless it says it corrects the past.
 * Today is 20/11/2026 (harness clock); October 2026 is an ended period.
 */
describe('one write path: every change appends its history and its event; the register takes the same path', () => {
  let api: TestApi;
  let monitor: string;
  let head: string;
  let staff: string;
  let staff2: string;
  let headIt: string;
  let staffIt: string;
  const id = (username: string) => api.fixtures.userId(username);
  const unitId = async (code: string) => (await api.db.query(`SELECT id FROM units WHERE code = $1`, [code]))[0].id as string;
  const taskId = async (code: string) => (await api.db.query(`SELECT id FROM tasks WHERE code = $1`, [code]))[0].id as string;
  const events = async (task: string): Promise<Array<{ kind: string; actor_id: string | null; payload: Record<string, unknown> }>> =>
    api.db.query(`SELECT kind, actor_id, payload FROM task_events WHERE task_id = $1 ORDER BY id`, [task]);
  const counts = async (task: string) =>
    (
      await api.db.query(
        `SELECT (SELECT count(*) FROM task_events WHERE task_id = $1)::int AS events, (SELECT count(*) FROM task_history WHERE task_id = $1)::int AS history,
                (SELECT count(*) FROM task_lead_unit_changes WHERE task_id = $1)::int AS lead_changes, (SELECT version FROM tasks WHERE id = $1) AS version`,
        [task],
      )
    )[0];

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VCNTT', 'BO', 'Vụ Công nghệ thông tin');
    await f.user('monitor1', 'monitor', 'VP');
    await f.user('head_vbc', 'unit_head', 'VBC');
    await f.user('staff_vbc', 'staff', 'VBC');
    await f.user('staff2_vbc', 'staff', 'VBC');
    await f.user('head_it', 'unit_head', 'VCNTT');
    await f.user('staff_it', 'staff', 'VCNTT');
    [monitor, head, staff, staff2, headIt, staffIt] = await Promise.all(['monitor1', 'head_vbc', 'staff_vbc', 'staff2_vbc', 'head_it', 'staff_it'].map((u) => api.login(u)));
  });
  afterAll(() => api.close());

  const assign = async (token: string, body: Record<string, unknown>) => {
    const res = await api.http.post('/api/tasks').set(bearer(token)).send({ title: 'Rà soát quy hoạch mạng bưu chính công cộng', deadline: '2026-12-15', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number };
  };

  describe('events of the app’s actions', () => {
    it('each action appends exactly one event of its kind, carrying what a notification needs; a refused action appends none', async () => {
      const vbc = await unitId('VBC');
      const task = await assign(monitor, { leadUnitCode: 'VBC', assigneeId: id('staff_vbc') });
      expect(await events(task.id)).toEqual([{ kind: 'assigned', actor_id: id('monitor1'), payload: { assigneeId: id('staff_vbc'), leadUnitId: vbc } }]);
      let version = task.version;
      let seen = 1;
      /** Runs an action and expects its status and exactly the new events `kinds` (and one history entry each time). */
      const act = async (status: number, kinds: string[], call: () => Promise<{ status: number; body: { version?: number } }>) => {
        const before = await counts(task.id);
        const res = await call();
        expect(res.status).toBe(status);
        const after = await counts(task.id);
        const fresh = (await events(task.id)).slice(seen);
        expect(fresh.map((e) => e.kind)).toEqual(kinds);
        expect(after.history - before.history).toBe(kinds.length ? 1 : 0);
        seen += fresh.length;
        if (res.body.version) version = res.body.version;
        return fresh[0];
      };
      const post = (token: string, path: string, body: Record<string, unknown>) => api.http.post(`/api/tasks/${task.id}${path}`).set(bearer(token)).send(body);
      const patch = (token: string, body: Record<string, unknown>) => api.http.patch(`/api/tasks/${task.id}`).set(bearer(token)).send(body);

      expect((await act(201, ['progress_reported'], () => post(staff, '/progress', { version, percent: 40, note: 'Đã có dự thảo lần 1' }))).payload).toMatchObject({ percent: 40 });
      const requested = await act(201, ['extension_requested'], () => post(staff, '/extensions', { newDeadline: '2026-12-31', reason: 'Chờ ý kiến các Vụ' }));
      expect(requested).toMatchObject({ actor_id: id('staff_vbc'), payload: { extensionId: expect.any(String), requestedDeadline: '2026-12-31' } });
      await act(422, [], () => post(staff, '/extensions', { newDeadline: '2027-01-15', reason: 'Lần nữa' }));
      const extensionId = requested.payload['extensionId'];
      const decided = await act(201, ['extension_decided'], () => post(head, `/extensions/${extensionId}/decision`, { approve: true }));
      expect(decided.payload).toMatchObject({ extensionId, approved: true });
      version = (await api.http.get(`/api/tasks/${task.id}`).set(bearer(head))).body.version;
      expect((await act(200, ['deadline_changed'], () => patch(head, { version, deadline: '2027-01-10' }))).payload).toMatchObject({ fromDeadline: '2026-12-31', toDeadline: '2027-01-10' });
      await act(409, [], () => patch(head, { version: version - 1, deadline: '2027-01-20' }));
      expect((await act(200, ['reassigned'], () => patch(head, { version, assigneeId: id('staff2_vbc') }))).payload).toEqual({
        fromAssigneeId: id('staff_vbc'),
        toAssigneeId: id('staff2_vbc'),
        fromLeadUnitId: vbc,
        toLeadUnitId: vbc,
      });
      expect((await act(201, ['completion_reported'], () => post(staff2, '/complete', { version, result: 'Đã trình Bộ trưởng' }))).payload).toMatchObject({ completionId: expect.any(String) });
      await act(422, [], () => post(staff2, '/complete', { version, result: 'Lần nữa' }));
      await act(201, ['completion_returned'], () => post(head, '/return', { version, reason: 'Thiếu phụ lục' }));
      await act(201, ['cancelled'], () => post(head, '/cancel', { version, reason: 'Không còn cần thiết' }));
      await act(403, [], () => post(staff2, '/reopen', { version, reason: 'Xin mở lại' }));
      await act(201, ['reopened'], () => post(head, '/reopen', { version, reason: 'Bộ trưởng yêu cầu tiếp tục' }));
      // Nobody outside the task's scope leaves a trace either.
      await act(404, [], () => post(staffIt, '/progress', { version, percent: 10, note: 'x' }));
    });

    it('the event is written in the change’s transaction: a change refused halfway leaves no row, history, dated change or event', async () => {
      const task = await assign(monitor, { leadUnitCode: 'VBC', assigneeId: id('staff_vbc') });
      const before = await counts(task.id);
      // The lead-unit change is written before the assignee is checked against the new unit, then all of it is undone.
      const res = await api.http.patch(`/api/tasks/${task.id}`).set(bearer(monitor)).send({ version: task.version, leadUnitCode: 'VCNTT' });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId', rule: 'ASSIGNEE_OUTSIDE_UNIT' })]);
      expect(await counts(task.id)).toEqual(before);
      expect((await events(task.id)).map((e) => e.kind)).toEqual(['assigned']);
    });
  });

  describe('GET /api/tasks/pending-extensions/count', () => {
    it('counts the requests waiting on tasks the caller manages: the unit head’s subtree, everything for ministry-wide roles, nothing for staff', async () => {
      const count = async (token: string) => {
        const res = await api.http.get('/api/tasks/pending-extensions/count').set(bearer(token));
        expect(res.status).toBe(200);
        return res.body.count as number;
      };
      const [vbcBefore, itBefore, allBefore] = [await count(head), await count(headIt), await count(monitor)];
      const ask = async (token: string, task: { id: string }) =>
        expect((await api.http.post(`/api/tasks/${task.id}/extensions`).set(bearer(token)).send({ newDeadline: '2027-02-01', reason: 'Chờ số liệu' })).status).toBe(201);
      const a = await assign(monitor, { leadUnitCode: 'VBC', assigneeId: id('staff_vbc') });
      const b = await assign(monitor, { leadUnitCode: 'VBC', assigneeId: id('staff2_vbc') });
      const c = await assign(monitor, { leadUnitCode: 'VCNTT', assigneeId: id('staff_it') });
      await ask(staff, a);
      await ask(staff2, b);
      await ask(staffIt, c);
      expect([await count(head), await count(headIt), await count(monitor), await count(staff)]).toEqual([vbcBefore + 2, itBefore + 1, allBefore + 3, 0]);
      // The same tasks the list's pendingExtension filter gives the unit head.
      const listed = await api.http.get('/api/tasks?pendingExtension=true&unit=VBC&pageSize=100').set(bearer(head));
      expect(listed.body.total).toBe(await count(head));
      const [pending] = (await api.http.get(`/api/tasks/${a.id}/extensions`).set(bearer(head))).body;
      expect((await api.http.post(`/api/tasks/${a.id}/extensions/${pending.id}/decision`).set(bearer(head)).send({ approve: false })).status).toBe(201);
      expect([await count(head), await count(monitor)]).toEqual([vbcBefore + 1, allBefore + 2]);
      expect((await api.http.get('/api/tasks/pending-extensions/count')).status).toBe(401);
    });
  });

  describe('the register import takes the same path', () => {
    const HEADER = REGISTER_KEYS;
    const row = (code: string, unit: string, due: string) => `${code},Nhiệm vụ theo sổ ${code},${unit},,05/10/2026,${due},,,0`;
    const upload = (csv: string, opts: { dryRun?: boolean; correctsPast?: boolean } = {}) => {
      const req = api.http.post(`/api/tasks/import${opts.dryRun ? '?dryRun=true' : ''}`).set(bearer(monitor));
      if (opts.correctsPast !== undefined) req.field('correctsPast', String(opts.correctsPast));
      return req.attach('file', Buffer.from([HEADER, csv].join('\r\n'), 'utf8'), 'so-theo-doi.csv');
    };
    /** October 2026's briefing lines of VBC and VP, and whether they were computed afresh. */
    const october = async () => {
      const res = await api.http.get('/api/reports/briefing?month=2026-10').set(bearer(monitor));
      expect(res.status).toBe(200);
      const line = (code: string) => res.body.units.find((u: { code: string }) => u.code === code) ?? null;
      return { stored: res.body.stored as boolean, VBC: line('VBC'), VP: line('VP') };
    };

    beforeAll(async () => {
      const res = await upload([row('WP-A', 'VBC', '20/10/2026'), row('WP-B', 'VBC', '20/10/2026'), row('WP-C', 'VBC', '20/10/2026'), row('WP-D', 'VBC', '10/10/2026')].join('\r\n'));
      expect(res.status).toBe(201);
    });

    it('an import of 300 tasks for one unit records 300 "assigned" events that share one batchId', async () => {
      const rows = Array.from({ length: 300 }, (_, i) => row(`BURST-${String(i + 1).padStart(3, '0')}`, 'VCNTT', '30/11/2026'));
      expect((await upload(rows.join('\r\n'))).body).toEqual({ created: 300, updated: 0 });
      const [burst] = await api.db.query(
        `SELECT count(*)::int AS n, count(DISTINCT e.payload->>'batchId')::int AS batches, count(*) FILTER (WHERE e.kind = 'assigned' AND e.payload->>'leadUnitId' = $1)::int AS assigned
           FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.code LIKE 'BURST-%'`,
        [await unitId('VCNTT')],
      );
      expect(burst).toEqual({ n: 300, batches: 1, assigned: 300 });
      // The first import's four tasks had a batch of their own.
      const [first] = await api.db.query(`SELECT count(DISTINCT e.payload->>'batchId')::int AS batches FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.code LIKE 'WP-%'`);
      expect(first.batches).toBe(1);
    });

    it('an imported change of lead unit is dated like the app’s: October’s report stays as it was, the task is led by the new unit from now', async () => {
      const before = await october();
      expect(before.VBC).toMatchObject({ total: 4 });
      // In the app…
      const a = (await api.http.get(`/api/tasks/${await taskId('WP-A')}`).set(bearer(monitor))).body;
      expect((await api.http.patch(`/api/tasks/${a.id}`).set(bearer(monitor)).send({ version: a.version, leadUnitCode: 'VP' })).status).toBe(200);
      // …and from the register: the preview names the task and says the change holds from now.
      const preview = await upload(row('WP-B', 'VP', '20/10/2026'), { dryRun: true });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ created: 0, updated: 1, leadUnitChanges: [{ row: 2, code: 'WP-B', from: 'VBC', to: 'VP' }], deadlineChanges: [], correctsPast: false });
      expect(preview.body.notice).toMatch(/từ hôm nay/);
      const res = await upload(row('WP-B', 'VP', '20/10/2026'));
      expect(res.body).toEqual({ created: 0, updated: 1 });

      const after = await october();
      expect(after.stored).toBe(false); // the import cleared stored results: this is computed afresh
      expect({ VBC: after.VBC, VP: after.VP }).toEqual({ VBC: before.VBC, VP: before.VP });
      const wpB = await taskId('WP-B');
      expect(await api.db.query(`SELECT count(*)::int AS n FROM task_lead_unit_changes WHERE task_id = ANY($1)`, [[a.id, wpB]])).toEqual([{ n: 2 }]);
      const led = await api.http.get('/api/tasks?unit=VP&q=WP-').set(bearer(monitor));
      expect(led.body.items.map((t: { code: string }) => t.code).sort()).toEqual(['WP-A', 'WP-B']);
      const [reassigned] = (await events(wpB)).filter((e) => e.kind === 'reassigned');
      expect(reassigned.payload).toEqual({
        fromAssigneeId: null,
        toAssigneeId: null,
        fromLeadUnitId: await unitId('VBC'),
        toLeadUnitId: await unitId('VP'),
        correctsPast: false,
        batchId: expect.any(String),
      });
      // The same file again changes nothing.
      expect((await upload(row('WP-B', 'VP', '20/10/2026'))).body).toEqual({ created: 0, updated: 0 });
    });

    it('correcting the past is a choice the preview states, and only then do October’s figures move', async () => {
      const before = await october();
      const preview = await upload(row('WP-C', 'VP', '20/10/2026'), { dryRun: true, correctsPast: true });
      expect(preview.body).toMatchObject({ leadUnitChanges: [{ code: 'WP-C', from: 'VBC', to: 'VP' }], correctsPast: true });
      expect(preview.body.notice).toMatch(/QUÁ KHỨ/);
      expect(await october()).toEqual({ ...before, stored: true }); // a dry run writes nothing
      expect((await upload(row('WP-C', 'VP', '20/10/2026'), { correctsPast: true })).body).toEqual({ created: 0, updated: 1 });
      const after = await october();
      expect(after.VBC.total).toBe(before.VBC.total - 1);
      expect(after.VP.total).toBe((before.VP?.total ?? 0) + 1);
      const wpC = await taskId('WP-C');
      expect(await api.db.query(`SELECT count(*)::int AS n FROM task_lead_unit_changes WHERE task_id = $1`, [wpC])).toEqual([{ n: 0 }]);
      const history = await api.http.get(`/api/tasks/${wpC}/history`).set(bearer(monitor));
      expect(history.body.at(-1)).toMatchObject({ action: 'import_corrected', note: expect.stringMatching(/sửa cả các kỳ đã qua/) });
    });

    it('a deadline from the register is a correction in force from now unless it corrects the past', async () => {
      const before = await october();
      const preview = await upload(row('WP-D', 'VBC', '31/12/2026'), { dryRun: true });
      expect(preview.body).toMatchObject({ deadlineChanges: [{ code: 'WP-D', from: '2026-10-10', to: '2026-12-31' }], correctsPast: false });
      expect((await upload(row('WP-D', 'VBC', '31/12/2026'))).body).toEqual({ created: 0, updated: 1 });
      const after = await october();
      expect(after.stored).toBe(false);
      expect(after.VBC).toEqual(before.VBC); // overdue in October, as it was
      const wpD = (await api.http.get(`/api/tasks/${await taskId('WP-D')}`).set(bearer(monitor))).body;
      expect(wpD).toMatchObject({ originalDeadline: '2026-10-10', deadline: '2026-12-31', status: 'in_progress_on_track' });
      expect((await events(wpD.id)).map((e) => e.kind)).toEqual(['assigned', 'deadline_changed']);
      expect((await api.http.get(`/api/tasks/${wpD.id}/extensions`).set(bearer(monitor))).body).toEqual([
        expect.objectContaining({ kind: 'correction', state: 'approved', previousDeadline: '2026-10-10', requestedDeadline: '2026-12-31' }),
      ]);
      expect((await upload(row('WP-D', 'VBC', '31/12/2026'))).body).toEqual({ created: 0, updated: 0 });
    });
  });
});
