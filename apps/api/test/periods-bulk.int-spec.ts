import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * Issue #12, "Periods that leaders ask for" and the unit head's bulk actions, over HTTP:
 * - POST /api/tasks/bulk/reassign and /api/tasks/bulk/extension-decisions (per-task results, each task in its own
 *   transaction through TasksService, refusals per task, at most 200 tasks);
 * - GET /api/reports/briefing?preset=…&month=…&compare=previous-year (the preset's bounds, last year's same period);
 * - GET|PUT /api/users/:id/oversight and `scope=oversight` on the briefing and the trend.
 *
 * BO ─┬─ KHOI ─┬─ DEPT
 *     │        └─ DEPT2
 *     └─ OTHER
 */
describe('periods, oversight and bulk actions', () => {
  let api: TestApi;
  const as = async (username: string) => bearer(await api.login(username));
  const task = (over: Partial<Parameters<TestApi['fixtures']['task']>[0]> = {}) =>
    api.fixtures.task({ leadUnit: 'DEPT', assignee: 'staff_a', assignedBy: 'assigner', ...over });
  const assigneeOf = async (id: string) =>
    ((await api.db.query(`SELECT u.username FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id WHERE t.id = $1`, [id])) as Array<{ username: string }>)[0].username;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('KHOI', 'BO');
    await f.unit('DEPT', 'KHOI');
    await f.unit('DEPT2', 'KHOI');
    await f.unit('OTHER', 'BO');
    await f.user('admin1', 'admin', 'BO');
    await f.user('assigner', 'monitor', 'BO');
    await f.user('deputy', 'leader', 'BO');
    await f.user('deputy2', 'leader', 'BO');
    await f.user('head', 'unit_head', 'DEPT');
    await f.user('staff_a', 'staff', 'DEPT');
    await f.user('staff_b', 'staff', 'DEPT');
    await f.user('other_staff', 'staff', 'OTHER');
  });
  afterAll(() => api.close());

  describe('bulk reassign', () => {
    it('hands the tasks the head manages to one person; a task outside scope is 404, one only coordinated is 403, the others done', async () => {
      const mine1 = await task();
      const mine2 = await task();
      const hidden = await task({ leadUnit: 'OTHER', assignee: 'other_staff' });
      const coordinated = await task({ leadUnit: 'OTHER', assignee: 'other_staff', coordinating: ['DEPT'] });
      const res = await api.http
        .post('/api/tasks/bulk/reassign')
        .set(await as('head'))
        .send({ taskIds: [mine1, hidden, mine2, coordinated], assigneeId: api.fixtures.userId('staff_b') });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: 2,
        failed: 2,
        results: [
          { taskId: mine1, ok: true, status: 200 },
          expect.objectContaining({ taskId: hidden, ok: false, status: 404, code: 'NOT_FOUND' }),
          { taskId: mine2, ok: true, status: 200 },
          expect.objectContaining({ taskId: coordinated, ok: false, status: 403, code: 'FORBIDDEN' }),
        ],
      });
      expect([await assigneeOf(mine1), await assigneeOf(mine2), await assigneeOf(hidden), await assigneeOf(coordinated)]).toEqual(['staff_b', 'staff_b', 'other_staff', 'other_staff']);
      // The one write path: history and a 'reassigned' event per changed task.
      const events = await api.db.query(`SELECT task_id FROM task_events WHERE kind = 'reassigned' AND task_id = ANY($1)`, [[mine1, mine2, hidden, coordinated]]);
      expect(events.map((e: { task_id: string }) => e.task_id).sort()).toEqual([mine1, mine2].sort());
      const history = await api.db.query(`SELECT count(*)::int AS n FROM task_history WHERE task_id = ANY($1) AND action = 'updated'`, [[mine1, mine2]]);
      expect(history).toEqual([{ n: 2 }]);
      // The refusals are security events, as a single request's would be.
      const refused = await api.db.query(`SELECT event FROM security_events WHERE detail->>'id' = ANY($1) ORDER BY event`, [[hidden, coordinated]]);
      expect(refused.map((r: { event: string }) => r.event)).toEqual(['object_denied', 'object_hidden']);
    });

    it('a stale version refuses that task only (409); a person outside the lead unit is refused per task (422)', async () => {
      const a = await task();
      const b = await task();
      const stale = await api.http.post('/api/tasks/bulk/reassign').set(await as('head')).send({ taskIds: [a, b], assigneeId: api.fixtures.userId('staff_b'), versions: [2, 1] });
      expect(stale.status).toBe(200);
      expect(stale.body.results.map((r: { status: number }) => r.status)).toEqual([409, 200]);
      expect(await assigneeOf(a)).toBe('staff_a');
      const outsider = await api.http.post('/api/tasks/bulk/reassign').set(await as('head')).send({ taskIds: [a], assigneeId: api.fixtures.userId('other_staff') });
      expect(outsider.body.results[0]).toEqual(expect.objectContaining({ ok: false, status: 422, code: 'ASSIGNEE_OUTSIDE_UNIT' }));
      expect(await assigneeOf(a)).toBe('staff_a');
    });

    it('400 for no tasks, more than 200, ids that are not uuids or versions not matching; 403 for staff; nothing written', async () => {
      const head = await as('head');
      const id = await task();
      const send = (body: object, who = head) => api.http.post('/api/tasks/bulk/reassign').set(who).send(body);
      const assigneeId = api.fixtures.userId('staff_b');
      expect((await send({ taskIds: [], assigneeId })).status).toBe(400);
      const tooMany = await send({ taskIds: Array.from({ length: 201 }, () => randomUUID()), assigneeId });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0].field).toBe('taskIds');
      expect((await send({ taskIds: ['abc'], assigneeId })).status).toBe(400);
      expect((await send({ taskIds: [id], assigneeId, versions: [1, 1] })).status).toBe(400);
      expect((await send({ taskIds: [id], assigneeId }, await as('staff_a'))).status).toBe(403);
      expect(await assigneeOf(id)).toBe('staff_a');
      // 200 exactly is accepted (all unknown: 404 each).
      const max = await send({ taskIds: Array.from({ length: 200 }, () => randomUUID()), assigneeId });
      expect(max.status).toBe(200);
      expect(max.body.failed).toBe(200);
    });
  });

  describe('bulk extension decisions', () => {
    const pending = async (taskId: string) =>
      ((await api.db.query(`SELECT id FROM task_extensions WHERE task_id = $1 AND state = 'pending'`, [taskId])) as Array<{ id: string }>)[0].id;

    it('approves several requests with one note; an already decided one is refused (422) and a hidden one 404', async () => {
      const t1 = await task({ pendingExtensionBy: 'staff_a' });
      const t2 = await task({ pendingExtensionBy: 'staff_a' });
      const t3 = await task({ pendingExtensionBy: 'staff_a' });
      const hidden = await task({ leadUnit: 'OTHER', assignee: 'other_staff', pendingExtensionBy: 'other_staff' });
      const [e1, e2, e3, eh] = [await pending(t1), await pending(t2), await pending(t3), await pending(hidden)];
      const head = await as('head');
      expect((await api.http.post(`/api/tasks/${t3}/extensions/${e3}/decision`).set(head).send({ approve: false })).status).toBe(201);
      const res = await api.http
        .post('/api/tasks/bulk/extension-decisions')
        .set(head)
        .send({ approve: true, note: 'Đồng ý gia hạn', decisions: [ { taskId: t1, extensionId: e1 }, { taskId: t2, extensionId: e2 }, { taskId: t3, extensionId: e3 }, { taskId: hidden, extensionId: eh } ] });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: number; code?: string }) => [r.status, r.code ?? null])).toEqual([
        [200, null],
        [200, null],
        [422, 'EXTENSION_ALREADY_DECIDED'],
        [404, 'NOT_FOUND'],
      ]);
      const rows = await api.db.query(`SELECT t.deadline::text AS deadline, e.state, e.decision_note AS note FROM tasks t JOIN task_extensions e ON e.task_id = t.id WHERE t.id = ANY($1) AND e.kind = 'request' ORDER BY t.id`, [[t1, t2]]);
      expect(rows).toEqual([
        { deadline: '2027-01-31', state: 'approved', note: 'Đồng ý gia hạn' },
        { deadline: '2027-01-31', state: 'approved', note: 'Đồng ý gia hạn' },
      ]);
      expect(await api.db.query(`SELECT state FROM task_extensions WHERE id = $1`, [eh])).toEqual([{ state: 'pending' }]);
    });

    it('400 without a decision or with a bad id', async () => {
      const head = await as('head');
      expect((await api.http.post('/api/tasks/bulk/extension-decisions').set(head).send({ approve: true, decisions: [] })).status).toBe(400);
      expect((await api.http.post('/api/tasks/bulk/extension-decisions').set(head).send({ approve: true, decisions: [{ taskId: 'x', extensionId: randomUUID() }] })).status).toBe(400);
      expect((await api.http.post('/api/tasks/bulk/extension-decisions').set(head).send({ decisions: [{ taskId: randomUUID(), extensionId: randomUUID() }] })).status).toBe(400);
    });
  });

  describe('period presets and the same period last year', () => {
    beforeAll(async () => {
      // Q2 2020: one completed on time, one still open past its deadline. Q2 2019: one completed late.
      await task({ leadUnit: 'DEPT2', assignedOn: '2020-04-02', deadline: '2020-05-15', state: 'completed', closedAt: new Date('2020-05-10T03:00:00Z') });
      await task({ leadUnit: 'DEPT2', assignedOn: '2020-04-02', deadline: '2020-05-15' });
      await task({ leadUnit: 'DEPT2', assignedOn: '2019-04-02', deadline: '2019-05-15', state: 'completed', closedAt: new Date('2019-06-20T03:00:00Z') });
      // Outside both quarters.
      await task({ leadUnit: 'DEPT2', assignedOn: '2020-07-02', deadline: '2020-08-15' });
    });

    it.each([
      ['month', '2020-05', '2020-05-01', '2020-05-31', '2019-05-01', '2019-05-31'],
      ['quarter', '2020-05', '2020-04-01', '2020-06-30', '2019-04-01', '2019-06-30'],
      ['half', '2020-05', '2020-01-01', '2020-06-30', '2019-01-01', '2019-06-30'],
      ['nine-months', '2020-05', '2020-01-01', '2020-09-30', '2019-01-01', '2019-09-30'],
      ['year', '2020-05', '2020-01-01', '2020-12-31', '2019-01-01', '2019-12-31'],
    ])('%s around %s: %s … %s beside %s … %s', async (preset, month, from, to, lastFrom, lastTo) => {
      const res = await api.http.get('/api/reports/briefing').query({ preset, month, compare: 'previous-year', unit: 'DEPT2' }).set(await as('deputy'));
      expect(res.status).toBe(200);
      expect([res.body.from, res.body.to, res.body.previousYear.from, res.body.previousYear.to]).toEqual([from, to, lastFrom, lastTo]);
    });

    it('the quarter counts this year’s tasks and last year’s beside them', async () => {
      const res = await api.http.get('/api/reports/briefing').query({ preset: 'quarter', month: '2020-06', compare: 'previous-year', unit: 'DEPT2' }).set(await as('deputy'));
      expect(res.status).toBe(200);
      expect([res.body.total, res.body.completedOnTime.count, res.body.inProgressOverdue.count]).toEqual([2, 1, 1]);
      expect([res.body.previousYear.total, res.body.previousYear.completedLate.count]).toEqual([1, 1]);
      // Without `compare` the answer has no previous year.
      const plain = await api.http.get('/api/reports/briefing').query({ preset: 'quarter', month: '2020-06', unit: 'DEPT2' }).set(await as('deputy'));
      expect(plain.body.previousYear).toBeUndefined();
    });

    it('400 for a preset without its month, with a range, or unknown; a bad compare', async () => {
      const who = await as('deputy');
      for (const query of [{ preset: 'quarter' }, { preset: 'quarter', month: '2020-05', from: '2020-01-01', to: '2020-02-01' }, { preset: 'week', month: '2020-05' }, { month: '2020-05', compare: 'last-decade' }]) {
        const res = await api.http.get('/api/reports/briefing').query(query).set(who);
        expect(res.status).toBe(400);
      }
    });
  });

  describe('leaders oversee a set of units', () => {
    it('an administrator sets a leader’s units; the leader reads them; others are refused', async () => {
      const deputyId = api.fixtures.userId('deputy');
      const put = (who: Awaited<ReturnType<typeof as>>, id: string, unitCodes: string[]) => api.http.put(`/api/users/${id}/oversight`).set(who).send({ unitCodes });
      const admin = await as('admin1');
      const res = await put(admin, deputyId, ['KHOI', 'OTHER']);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ userId: deputyId, units: expect.arrayContaining([{ code: 'KHOI', name: 'Đơn vị KHOI' }, { code: 'OTHER', name: 'Đơn vị OTHER' }]) });
      expect((await put(admin, deputyId, ['KHOI'])).body.units).toEqual([{ code: 'KHOI', name: 'Đơn vị KHOI' }]);
      expect((await api.http.get(`/api/users/${deputyId}/oversight`).set(await as('deputy'))).body.units).toEqual([{ code: 'KHOI', name: 'Đơn vị KHOI' }]);
      // Not a leader: 422; an unknown unit: 400; nothing changed.
      const notLeader = await put(admin, api.fixtures.userId('head'), ['KHOI']);
      expect([notLeader.status, notLeader.body.code]).toEqual([422, 'OVERSIGHT_LEADERS_ONLY']);
      const unknown = await put(admin, deputyId, ['KHOI', 'NOPE']);
      expect([unknown.status, unknown.body.errors[0].rule]).toEqual([400, 'UNKNOWN_UNIT']);
      expect((await put(admin, randomUUID(), ['KHOI'])).status).toBe(404);
      // Only administrators set them; only the leader and administrators read them.
      expect((await put(await as('deputy'), deputyId, ['BO'])).status).toBe(403);
      expect((await api.http.get(`/api/users/${deputyId}/oversight`).set(await as('deputy2'))).status).toBe(403);
      expect((await api.http.get(`/api/users/${deputyId}/oversight`).set(admin)).body.units).toEqual([{ code: 'KHOI', name: 'Đơn vị KHOI' }]);
    });

    it('scope=oversight limits the briefing and the trend to the leader’s units; a leader with none sees the ministry', async () => {
      await api.http.put(`/api/users/${api.fixtures.userId('deputy')}/oversight`).set(await as('admin1')).send({ unitCodes: ['DEPT2'] });
      // A period of its own (an ended period's figures are stored when first read): two DEPT2 tasks, one OTHER.
      await task({ leadUnit: 'DEPT2', assignedOn: '2021-01-04', deadline: '2021-02-20' });
      await task({ leadUnit: 'DEPT2', assignedOn: '2021-01-04', deadline: '2021-05-20' });
      await task({ leadUnit: 'OTHER', assignee: 'other_staff', assignedOn: '2021-02-03', deadline: '2021-05-20' });
      const briefing = async (who: string, scope?: string) =>
        (await api.http.get('/api/reports/briefing').query({ preset: 'quarter', month: '2021-02', ...(scope ? { scope } : {}) }).set(await as(who))).body;
      const mine = await briefing('deputy', 'oversight');
      expect(mine.oversight).toEqual(['DEPT2']);
      expect(mine.units.map((u: { code: string }) => u.code)).toEqual(['DEPT2']);
      const whole = await briefing('deputy');
      const lineOf = (code: string) => whole.units.find((u: { code: string }) => u.code === code)?.total;
      expect(whole.units.map((u: { code: string }) => u.code).sort()).toEqual(['DEPT2', 'OTHER']);
      expect(lineOf('OTHER')).toBe(1);
      // DEPT2's two new tasks plus the earlier ones still open.
      expect(mine.total).toBe(lineOf('DEPT2'));
      expect(mine.total).toBe(whole.total - 1);
      const none = await briefing('deputy2', 'oversight');
      expect([none.oversight, none.total]).toEqual([[], whole.total]);
      const trend = async (scope?: string) =>
        (await api.http.get('/api/reports/trend').query({ from: '2021-02', to: '2021-02', ...(scope ? { scope } : {}) }).set(await as('deputy'))).body.map((p: { total: number }) => p.total);
      expect(await trend('oversight')).toEqual([(await trend())[0] - 1]);
    });

    it('scope=oversight on the task list (and its export) lists exactly what the scoped figure counts, category by category', async () => {
      // A leader overseeing two units (DEPT, OTHER); DEPT2 is outside. A month of its own: June 2022.
      await api.http.put(`/api/users/${api.fixtures.userId('deputy')}/oversight`).set(await as('admin1')).send({ unitCodes: ['DEPT', 'OTHER'] });
      for (const leadUnit of ['DEPT', 'OTHER', 'DEPT2']) {
        const assignee = leadUnit === 'OTHER' ? 'other_staff' : 'staff_a';
        await task({ leadUnit, assignee, assignedOn: '2022-06-01', deadline: '2022-06-10', state: 'completed', closedAt: new Date('2022-06-08T03:00:00Z') });
        await task({ leadUnit, assignee, assignedOn: '2022-06-01', deadline: '2022-06-10', state: 'completed', closedAt: new Date('2022-06-20T03:00:00Z') });
        await task({ leadUnit, assignee, assignedOn: '2022-06-01', deadline: '2022-06-10' });
        await task({ leadUnit, assignee, assignedOn: '2022-06-01', deadline: '2022-07-20' });
      }
      const deputy = await as('deputy');
      const figure = (await api.http.get('/api/reports/briefing').query({ month: '2022-06', scope: 'oversight' }).set(deputy)).body;
      for (const category of ['completedOnTime', 'completedLate', 'inProgressOverdue', 'inProgressOnTrack']) {
        const list = await api.http.get('/api/tasks').query({ period: '2022-06', category, scope: 'oversight', pageSize: 100 }).set(deputy);
        expect([category, list.status, list.body.total]).toEqual([category, 200, figure[category].count]);
        // The scope did cut something: the unscoped list has DEPT2's tasks too.
        const unscoped = await api.http.get('/api/tasks').query({ period: '2022-06', category, pageSize: 100 }).set(deputy);
        expect(unscoped.body.items.some((t: { leadUnit: { code: string } }) => t.leadUnit.code === 'DEPT2')).toBe(true);
        expect(list.body.total).toBeLessThan(unscoped.body.total);
        expect(list.body.items.every((t: { leadUnit: { code: string } }) => ['DEPT', 'OTHER'].includes(t.leadUnit.code))).toBe(true);
      }
      // The four together, and without a period (the lead unit today), and the export: the same scope.
      const all = await api.http.get('/api/tasks').query({ period: '2022-06', scope: 'oversight' }).set(deputy);
      expect(all.body.total).toBe(figure.total);
      const open = await api.http.get('/api/tasks').query({ scope: 'oversight', pageSize: 100 }).set(deputy);
      expect(open.body.items.some((t: { leadUnit: { code: string } }) => t.leadUnit.code === 'DEPT2')).toBe(false);
      const xlsx = await api.http.get('/api/tasks/export.xlsx').query({ period: '2022-06', category: 'completedOnTime', scope: 'oversight' }).set(deputy)
        .buffer(true).parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(xlsx.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body);
      const rows: string[][] = [];
      wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).map((v) => String(v ?? ''))));
      const scopeRow = rows.find((r) => r[1] === 'Phạm vi');
      expect(scopeRow?.[2]).toMatch(/^Khối phụ trách: (Đơn vị DEPT, Đơn vị OTHER|Đơn vị OTHER, Đơn vị DEPT)$/);
      // The file's tasks: the figure's, none of DEPT2's.
      expect(rows.filter((r) => r.includes('Đơn vị DEPT') || r.includes('Đơn vị OTHER')).length).toBe(figure.completedOnTime.count);
      expect(rows.some((r) => r.includes('Đơn vị DEPT2'))).toBe(false);
      expect((await api.http.get('/api/tasks').query({ scope: 'everything' }).set(deputy)).status).toBe(400);
    });
  });
});
