import JSZip from 'jszip';
import { bearer, startTestApi, TestApi } from './harness';

/**
 * Units that merge and split (README, "Units that merge and split"), on a real PostgreSQL through the HTTP API.
 * Two provincial departments merge mid-month (as Hà Giang and Tuyên Quang did under Resolution 202/2025/QH15): the
 * briefings of the months before read byte for byte as before (JSON, .xlsx, .docx), the open work and the people move
 * to the successor, completed tasks stay, the trend crosses the moment. Runs under TZ=UTC and TZ=Asia/Ho_Chi_Minh:
 * the clock is 20/11/2026 09:00 in Hanoi and every day here is Vietnam's.
 */

type Body = Record<string, unknown>;

describe('units that merge and split', () => {
  let api: TestApi;
  let admin: string;
  const ids: Record<string, string> = {};

  /** Rows of every table a merge writes: none may change on a refused or previewed change. */
  async function footprint(): Promise<string> {
    const [row] = await api.db.query(`
      SELECT (SELECT count(*) FROM units)::int AS units, (SELECT count(*) FROM units WHERE active)::int AS active_units,
             (SELECT count(*) FROM unit_changes)::int AS changes, (SELECT count(*) FROM task_lead_unit_changes)::int AS lead_changes,
             (SELECT count(*) FROM task_history)::int AS history, (SELECT count(*) FROM task_events)::int AS events,
             (SELECT string_agg(concat_ws(':', id, lead_unit_id, assignee_id, version), ',' ORDER BY id) FROM tasks) AS tasks,
             (SELECT string_agg(concat_ws(':', task_id, unit_id), ',' ORDER BY task_id, unit_id) FROM task_coordinating_units) AS coordinating,
             (SELECT string_agg(concat_ws(':', id, unit_id), ',' ORDER BY id) FROM users) AS users`);
    return JSON.stringify(row);
  }

  /** The briefing's files, unpacked: each part's text (the package's own timestamps left out). */
  async function exported(month: string, format: 'xlsx' | 'docx'): Promise<Record<string, string>> {
    const res = await api.http
      .get(`/api/reports/briefing/export?month=${month}&format=${format}&part=all`)
      .set(bearer(admin))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const parts: Record<string, string> = {};
    for (const name of Object.keys(zip.files).sort()) {
      parts[name] = ((await zip.file(name)?.async('string')) ?? '').replace(/<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g, '');
    }
    return parts;
  }

  const briefing = async (query: string) => {
    // Every unit's figures: the provincial departments are a part of their own (REPORT_PARTS), read here with the rest.
    const res = await api.http.get(`/api/reports/briefing?${query}${query.includes('unit=') ? '' : '&part=all'}`).set(bearer(admin));
    expect(res.status).toBe(200);
    return res;
  };
  const task = async (id: string) => (await api.http.get(`/api/tasks/${id}`).set(bearer(admin))).body as Body & { leadUnit: { code: string }; coordinatingUnits: Array<{ code: string }>; assignee: { id: string } | null };

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    for (const code of ['STTTT-HG', 'STTTT-TQ', 'VBC', 'VCNTT', 'VCNTT-B']) await f.unit(code, 'BO', `Đơn vị ${code}`);
    await api.db.query(`UPDATE units SET kind = 'provincial_department' WHERE code IN ('STTTT-HG', 'STTTT-TQ')`);
    await f.user('quantri', 'admin', 'BO');
    await f.user('vanphong', 'monitor', 'BO');
    await f.user('lanhdao', 'leader', 'BO');
    await f.user('giamdoc.hg', 'unit_head', 'STTTT-HG');
    await f.user('chuyenvien.hg', 'staff', 'STTTT-HG');
    await f.user('giamdoc.tq', 'unit_head', 'STTTT-TQ');
    await f.user('vutruong.vbc', 'unit_head', 'VBC');
    await f.user('cntt.1', 'staff', 'VCNTT');
    await f.user('cntt.2', 'staff', 'VCNTT');
    await api.db.query(`INSERT INTO leader_units (user_id, unit_id) VALUES ($1, $2)`, [f.userId('lanhdao'), f.unitId('STTTT-HG')]);
    const vn = (local: string) => new Date(`${local}+07:00`);
    const by = 'quantri';
    // September and October: the months whose briefings must not move.
    ids['hgSeptDone'] = await f.task({ leadUnit: 'STTTT-HG', assignedBy: by, assignedOn: '2026-09-02', deadline: '2026-09-30', state: 'completed', closedAt: vn('2026-09-25T10:00:00') });
    ids['hgOctDone'] = await f.task({ leadUnit: 'STTTT-HG', assignedBy: by, assignedOn: '2026-10-01', deadline: '2026-10-15', state: 'completed', closedAt: vn('2026-10-20T10:00:00') });
    ids['hgOpenOverdue'] = await f.task({ leadUnit: 'STTTT-HG', assignedBy: by, assignedOn: '2026-09-15', deadline: '2026-10-20' });
    ids['hgOpen'] = await f.task({ leadUnit: 'STTTT-HG', assignee: 'chuyenvien.hg', assignedBy: by, assignedOn: '2026-10-05', deadline: '2026-12-31', isKeyTask: true });
    ids['tqOpen'] = await f.task({ leadUnit: 'STTTT-TQ', assignedBy: by, assignedOn: '2026-10-10', deadline: '2026-11-30', coordinating: ['VBC'] });
    ids['vbcOpen'] = await f.task({ leadUnit: 'VBC', assignedBy: by, assignedOn: '2026-10-12', deadline: '2026-12-15', coordinating: ['STTTT-HG'] });
    ids['vbcDoneCoordinated'] = await f.task({ leadUnit: 'VBC', assignedBy: by, assignedOn: '2026-10-12', deadline: '2026-10-30', coordinating: ['STTTT-TQ'], state: 'completed', closedAt: vn('2026-10-28T10:00:00') });
    // November: one completed before the moment (16/11), one after it; both stay with their units.
    ids['hgNovDone'] = await f.task({ leadUnit: 'STTTT-HG', assignedBy: by, assignedOn: '2026-11-02', deadline: '2026-11-12', state: 'completed', closedAt: vn('2026-11-10T10:00:00') });
    ids['tqNovDoneAfter'] = await f.task({ leadUnit: 'STTTT-TQ', assignedBy: by, assignedOn: '2026-11-02', deadline: '2026-11-30', state: 'completed', closedAt: vn('2026-11-18T10:00:00') });
    // The split's unit.
    ids['cntt1'] = await f.task({ leadUnit: 'VCNTT', assignee: 'cntt.2', assignedBy: by, assignedOn: '2026-11-02', deadline: '2026-12-20' });
    ids['cntt2'] = await f.task({ leadUnit: 'VCNTT', assignee: 'cntt.2', assignedBy: by, assignedOn: '2026-11-02', deadline: '2026-12-20' });
    ids['cnttSub'] = await f.task({ leadUnit: 'VCNTT', assignee: 'cntt.2', assignedBy: by, assignedOn: '2026-11-03', deadline: '2026-12-10' });
    await api.db.query(`UPDATE tasks SET parent_task_id = $1 WHERE id = $2`, [ids['cntt1'], ids['cnttSub']]);
    ids['cnttDone'] = await f.task({ leadUnit: 'VCNTT', assignedBy: by, assignedOn: '2026-11-02', deadline: '2026-11-12', state: 'completed', closedAt: vn('2026-11-11T10:00:00') });
    admin = await api.login('quantri');
  });
  afterAll(() => api.close());

  const merge = {
    sourceUnitCodes: ['STTTT-HG', 'STTTT-TQ'],
    newSuccessorUnit: { code: 'STTTT-TQ2', name: 'Sở Khoa học và Công nghệ tỉnh Tuyên Quang', kind: 'provincial_department', parentCode: 'BO' },
    effectiveAt: '2026-11-16',
    reason: 'Nghị quyết số 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh',
  };

  it('the endpoints and their requests are in the OpenAPI document', async () => {
    const docs = await api.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    const paths = Object.keys(docs.body.paths).filter((p) => /^\/api\/units\/(merges|splits|\{code\}\/changes)/.test(p));
    expect(paths.sort()).toEqual(['/api/units/merges', '/api/units/merges/preview', '/api/units/splits', '/api/units/splits/preview', '/api/units/{code}/changes']);
    const schemas = docs.body.components.schemas;
    expect(Object.keys(schemas.UnitMergeDto.properties).sort()).toEqual(['effectiveAt', 'newSuccessorUnit', 'reason', 'sourceUnitCodes', 'successorUnitCode']);
    expect(schemas.UnitMergeDto.required.sort()).toEqual(['effectiveAt', 'reason', 'sourceUnitCodes']);
    expect(schemas.UnitMergeDto.properties.effectiveAt.description).toContain('Asia/Ho_Chi_Minh');
    expect(Object.keys(schemas.UnitSplitDto.properties).sort()).toEqual(['defaultSuccessorCode', 'effectiveAt', 'newSuccessorUnits', 'reason', 'sourceUnitCode', 'successorUnitCodes', 'tasks', 'users']);
  });

  it('only an administrator merges, splits or previews (403 for the Ministry Office, a leader, a unit head); nothing written', async () => {
    const before = await footprint();
    for (const username of ['vanphong', 'lanhdao', 'giamdoc.hg']) {
      const token = await api.login(username);
      for (const path of ['merges', 'merges/preview']) {
        const res = await api.http.post(`/api/units/${path}`).set(bearer(token)).send(merge);
        expect([username, path, res.status, res.body.code]).toEqual([username, path, 403, 'FORBIDDEN']);
      }
      const split = await api.http.post('/api/units/splits').set(bearer(token)).send({ sourceUnitCode: 'VCNTT', defaultSuccessorCode: 'VCNTT-B', successorUnitCodes: ['VCNTT-B'], effectiveAt: '2026-11-20', reason: 'x' });
      expect(split.status).toBe(403);
    }
    const token = await api.login('vanphong');
    expect((await api.http.get('/api/units/STTTT-HG/changes').set(bearer(token))).status).toBe(403);
    expect((await api.http.post('/api/units/merges').send(merge)).status).toBe(401);
    expect(await footprint()).toBe(before);
  });

  it('refuses bad input field by field, in Vietnamese, in the one error format, and writes nothing', async () => {
    const before = await footprint();
    const cases: Array<[string, Body, number, string, string, string]> = [
      ['future day', { ...merge, effectiveAt: '2026-11-21' }, 422, 'UNIT_CHANGE_IN_FUTURE', 'effectiveAt', 'UNIT_CHANGE_IN_FUTURE'],
      ['ended month', { ...merge, effectiveAt: '2026-10-31' }, 422, 'UNIT_CHANGE_BEFORE_MONTH', 'effectiveAt', 'UNIT_CHANGE_BEFORE_MONTH'],
      ['not a day', { ...merge, effectiveAt: '2026-02-30' }, 400, 'VALIDATION_FAILED', 'effectiveAt', 'isLocalDate'],
      ['a moment, not a day', { ...merge, effectiveAt: '2026-11-16T00:00:00Z' }, 400, 'VALIDATION_FAILED', 'effectiveAt', 'isLocalDate'],
      ['no reason', { ...merge, reason: '   ' }, 400, 'VALIDATION_FAILED', 'reason', 'isNotEmpty'],
      ['no source', { ...merge, sourceUnitCodes: [] }, 400, 'VALIDATION_FAILED', 'sourceUnitCodes', 'arrayMinSize'],
      ['unknown source', { ...merge, sourceUnitCodes: ['STTTT-HG', 'KHONG-CO'] }, 400, 'VALIDATION_FAILED', 'sourceUnitCodes', 'UNKNOWN_UNIT'],
      ['both successors', { ...merge, successorUnitCode: 'VBC' }, 400, 'VALIDATION_FAILED', 'successorUnitCode', 'UNIT_CHANGE_SUCCESSOR_CHOICE'],
      ['no successor', { ...merge, newSuccessorUnit: undefined }, 400, 'VALIDATION_FAILED', 'successorUnitCode', 'UNIT_CHANGE_SUCCESSOR_CHOICE'],
      ['successor is a source', { ...merge, newSuccessorUnit: undefined, successorUnitCode: 'STTTT-TQ' }, 400, 'VALIDATION_FAILED', 'successorUnitCode', 'UNIT_CHANGE_SUCCESSOR_INVALID'],
      ['new successor code taken', { ...merge, newSuccessorUnit: { code: 'VBC', name: 'Trùng mã' } }, 409, 'DUPLICATE', 'newSuccessorUnit.code', 'UNIT_CODE_TAKEN'],
      ['new successor under a source', { ...merge, newSuccessorUnit: { code: 'MOI', name: 'Mới', parentCode: 'STTTT-HG' } }, 400, 'VALIDATION_FAILED', 'newSuccessorUnit.parentCode', 'UNIT_CHANGE_SUCCESSOR_INVALID'],
      ['new successor without a name', { ...merge, newSuccessorUnit: { code: 'MOI' } }, 400, 'VALIDATION_FAILED', 'newSuccessorUnit.name', 'isNotEmpty'],
      ['a source with an active sub-unit', { ...merge, sourceUnitCodes: ['BO'] }, 422, 'UNIT_HAS_SUBUNITS', 'sourceUnitCodes', 'UNIT_HAS_SUBUNITS'],
    ];
    for (const [what, body, status, code, field, rule] of cases) {
      for (const path of ['merges', 'merges/preview']) {
        const res = await api.http.post(`/api/units/${path}`).set(bearer(admin)).send(body);
        expect([what, path, res.status, res.body.code]).toEqual([what, path, status, code]);
        const error = (res.body.errors as Array<{ field: string; rule?: string; message: string }>).find((e) => e.field === field);
        expect([what, error?.rule]).toEqual([what, rule]);
        // Vietnamese: every message has a letter with a Vietnamese mark or a word only Vietnamese writes.
        expect(`${res.body.message} ${error?.message}`).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
      }
    }
    const split = { sourceUnitCode: 'VCNTT', newSuccessorUnits: [{ code: 'VCNTT-A', name: 'Vụ CNTT A' }], successorUnitCodes: ['VCNTT-B'], defaultSuccessorCode: 'VCNTT-B', effectiveAt: '2026-11-20', reason: 'Quyết định tổ chức lại' };
    const splitCases: Array<[string, Body, string, string]> = [
      ['default not a successor', { ...split, defaultSuccessorCode: 'VBC' }, 'defaultSuccessorCode', 'UNIT_CHANGE_UNKNOWN_SUCCESSOR'],
      ['task of another unit', { ...split, tasks: [{ taskId: ids['vbcOpen'], successorCode: 'VCNTT-A' }] }, 'tasks.0.taskId', 'UNIT_CHANGE_TASK_NOT_IN_SOURCE'],
      ['completed task', { ...split, tasks: [{ taskId: ids['cnttDone'], successorCode: 'VCNTT-A' }] }, 'tasks.0.taskId', 'UNIT_CHANGE_TASK_NOT_IN_SOURCE'],
      ['task to a unit not a successor', { ...split, tasks: [{ taskId: ids['cntt1'], successorCode: 'VBC' }] }, 'tasks.0.successorCode', 'UNIT_CHANGE_UNKNOWN_SUCCESSOR'],
      ['user of another unit', { ...split, users: [{ userId: api.fixtures.userId('vutruong.vbc'), successorCode: 'VCNTT-A' }] }, 'users.0.userId', 'UNIT_CHANGE_USER_NOT_IN_SOURCE'],
      ['not a task id', { ...split, tasks: [{ taskId: 'abc', successorCode: 'VCNTT-A' }] }, 'tasks.0.taskId', 'isUuid'],
    ];
    for (const [what, body, field, rule] of splitCases) {
      const res = await api.http.post('/api/units/splits').set(bearer(admin)).send(body);
      expect([what, res.status, res.body.code]).toEqual([what, 400, 'VALIDATION_FAILED']);
      expect([what, (res.body.errors as Array<{ field: string; rule?: string }>).map((e) => `${e.field}:${e.rule}`)]).toEqual([what, [`${field}:${rule}`]]);
    }
    expect(await footprint()).toBe(before);
  });

  it('a failure part-way leaves nothing half done (one transaction)', async () => {
    const before = await footprint();
    // The last statement of a merge fails: the tasks, users and units written before it must be rolled back.
    await api.db.query(`CREATE FUNCTION fail_unit_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test failure'; END $$`);
    await api.db.query(`CREATE TRIGGER fail_unit_change BEFORE INSERT ON unit_change_units FOR EACH ROW EXECUTE FUNCTION fail_unit_change()`);
    try {
      const res = await api.http.post('/api/units/merges').set(bearer(admin)).send(merge);
      expect(res.status).toBe(500);
    } finally {
      await api.db.query(`DROP TRIGGER fail_unit_change ON unit_change_units`);
      await api.db.query(`DROP FUNCTION fail_unit_change()`);
    }
    expect(await footprint()).toBe(before);
  });

  it('the preview says what would move and writes nothing', async () => {
    const before = await footprint();
    const res = await api.http.post('/api/units/merges/preview').set(bearer(admin)).send(merge);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'merge',
      effectiveOn: '2026-11-16',
      effectiveAt: '2026-11-15T17:00:00.000Z',
      sources: [{ code: 'STTTT-HG' }, { code: 'STTTT-TQ' }],
      successors: [{ code: 'STTTT-TQ2', isNew: true }],
      // Completed ones stay: hgSeptDone, hgOctDone, hgNovDone, tqNovDoneAfter.
      closedTasksStaying: 4,
    });
    const moved = (res.body.tasks as Array<{ id: string; fromUnitCode: string; toUnitCode: string; assigneeCleared: boolean }>).map((t) => [t.id, t.fromUnitCode, t.toUnitCode, t.assigneeCleared]);
    expect(moved.sort()).toEqual(
      [
        [ids['hgOpenOverdue'], 'STTTT-HG', 'STTTT-TQ2', false],
        [ids['hgOpen'], 'STTTT-HG', 'STTTT-TQ2', false],
        [ids['tqOpen'], 'STTTT-TQ', 'STTTT-TQ2', false],
      ].sort(),
    );
    expect(res.body.coordinating).toEqual([expect.objectContaining({ id: ids['vbcOpen'], fromUnitCode: 'STTTT-HG', toUnitCode: 'STTTT-TQ2' })]);
    expect((res.body.users as Array<{ username: string }>).map((u) => u.username).sort()).toEqual(['chuyenvien.hg', 'giamdoc.hg', 'giamdoc.tq']);
    expect(await footprint()).toBe(before);
  });

  it('merging mid-month: the months before read byte for byte as before (JSON, .xlsx, .docx); the open work, the people and the trend move', async () => {
    const months = ['2026-09', '2026-10'];
    // Read before: each month's first read computes it (stored: false) and stores it.
    const jsonBefore = new Map<string, string>();
    const filesBefore = new Map<string, Record<string, string>>();
    for (const m of months) {
      jsonBefore.set(m, (await briefing(`month=${m}`)).text);
      jsonBefore.set(`${m}:HG`, (await briefing(`month=${m}&unit=STTTT-HG`)).text);
      filesBefore.set(`${m}:xlsx`, await exported(m, 'xlsx'));
      filesBefore.set(`${m}:docx`, await exported(m, 'docx'));
    }
    const trendBefore = (await api.http.get('/api/reports/trend?from=2026-09&to=2026-11&part=all').set(bearer(admin))).body;
    const novemberBefore = (await briefing('month=2026-11')).body;
    // A monthly reporting obligation listing one of the merged departments and a unit that stays.
    const obligation = await api.http
      .post('/api/report-obligations')
      .set(bearer(admin))
      .send({ code: 'BC-SAPNHAP', name: 'Báo cáo tháng của các Sở', periodicity: 'monthly', receivingUnitCode: 'BO', reportingUnits: [{ unitCode: 'STTTT-HG' }, { unitCode: 'VBC' }], startsOn: '2026-11-01' });
    expect(obligation.status).toBe(201);

    const res = await api.http.post('/api/units/merges').set(bearer(admin)).send(merge);
    expect(res.status).toBe(201);
    // The obligation: Hà Giang's place ends the day before the moment, the successor reports from the moment on, VBC
    // is untouched; the history says why.
    const after = (await api.http.get(`/api/report-obligations/${obligation.body.id}`).set(bearer(admin))).body;
    expect(after.reportingUnits.map((u: { code: string; fromDate: string }) => [u.code, u.fromDate]).sort()).toEqual([
      ['STTTT-TQ2', '2026-11-16'],
      ['VBC', '2026-11-01'],
    ]);
    expect(after.endedReportingUnits).toMatchObject([{ code: 'STTTT-HG', fromDate: '2026-11-01', toDate: '2026-11-15' }]);
    const obligationHistory = (await api.http.get(`/api/report-obligations/${obligation.body.id}/history`).set(bearer(admin))).body;
    expect(obligationHistory.at(-1)).toMatchObject({ action: 'updated', note: expect.stringContaining('Sáp nhập đơn vị STTTT-HG, STTTT-TQ → STTTT-TQ2') });
    expect(res.body).toMatchObject({ kind: 'merge', effectiveOn: '2026-11-16', reason: merge.reason, successors: [{ code: 'STTTT-TQ2', isNew: true }] });
    expect(res.body.id).toEqual(expect.any(String));

    // The moment is before today, so the stored figures were cleared and each month is computed again from the
    // dated lead-unit changes (stored: false, as on the first read): the same bytes.
    for (const m of months) {
      expect([m, (await briefing(`month=${m}`)).text]).toEqual([m, jsonBefore.get(m)]);
      expect([m, (await briefing(`month=${m}&unit=STTTT-HG`)).text]).toEqual([m, jsonBefore.get(`${m}:HG`)]);
      expect(await exported(m, 'xlsx')).toEqual(filesBefore.get(`${m}:xlsx`));
      expect(await exported(m, 'docx')).toEqual(filesBefore.get(`${m}:docx`));
    }
    // And read from the store, still the same figures.
    const stored = (await briefing('month=2026-10')).body;
    expect(stored.stored).toBe(true);
    expect({ ...stored, stored: false }).toEqual(JSON.parse(jsonBefore.get('2026-10') as string));

    // November, the month of the moment, reads as it stands at its end: the open work under the successor, the
    // tasks completed stay with the unit that completed them (before the moment for HG, after it for TQ).
    const november = (await briefing('month=2026-11')).body;
    expect(november.total).toBe(novemberBefore.total);
    const lines = Object.fromEntries((november.units as Array<{ code: string; total: number }>).map((u) => [u.code, u.total]));
    expect(lines).toEqual({ 'STTTT-HG': 1, 'STTTT-TQ': 1, 'STTTT-TQ2': 3, VBC: 1, VCNTT: 3 });

    // The trend across the moment: the ministry's totals unchanged month by month; the successor from November on.
    const trendAfter = (await api.http.get('/api/reports/trend?from=2026-09&to=2026-11&part=all').set(bearer(admin))).body;
    expect(trendAfter).toEqual(trendBefore);
    const successorTrend = (await api.http.get('/api/reports/trend?from=2026-09&to=2026-11&unit=STTTT-TQ2').set(bearer(admin))).body as Array<{ month: string; total: number; inProgressOverdue: { count: number } }>;
    expect(successorTrend.map((p) => [p.month, p.total])).toEqual([['2026-09', 0], ['2026-10', 0], ['2026-11', 3]]);
    const hgTrend = (await api.http.get('/api/reports/trend?from=2026-09&to=2026-11&unit=STTTT-HG').set(bearer(admin))).body as Array<{ month: string; total: number }>;
    expect(hgTrend.map((p) => [p.month, p.total])).toEqual([['2026-09', 2], ['2026-10', 3], ['2026-11', 1]]);

    // The open work moved, with the change in each task's history; the assignee, who moved too, keeps the task.
    const moved = await task(ids['hgOpen']);
    expect(moved.leadUnit.code).toBe('STTTT-TQ2');
    expect(moved.assignee?.id).toBe(api.fixtures.userId('chuyenvien.hg'));
    const history = (await api.http.get(`/api/tasks/${ids['hgOpen']}/history`).set(bearer(admin))).body as Array<{ action: string; note: string; changes: Array<{ field: string; from: unknown; to: unknown }> }>;
    const entry = history.find((h) => h.action === 'unit_merged');
    expect(entry?.note).toContain('Nghị quyết số 202/2025/QH15');
    expect(entry?.note).toContain('16/11/2026');
    expect(entry?.changes.map((c) => c.field)).toContain('leadUnitId');
    expect((await task(ids['tqOpen'])).leadUnit.code).toBe('STTTT-TQ2');
    const [event] = await api.db.query(`SELECT payload FROM task_events WHERE task_id = $1 AND kind = 'reassigned'`, [ids['tqOpen']]);
    expect(event.payload).toMatchObject({ fromLeadUnitId: api.fixtures.unitId('STTTT-TQ'), unitChangeId: res.body.id });
    // Coordinating references move where the task is open; a completed task keeps its units.
    expect((await task(ids['vbcOpen'])).coordinatingUnits.map((u) => u.code)).toEqual(['STTTT-TQ2']);
    expect((await task(ids['vbcDoneCoordinated'])).coordinatingUnits.map((u) => u.code)).toEqual(['STTTT-TQ']);
    for (const done of ['hgSeptDone', 'hgOctDone', 'hgNovDone']) expect((await task(ids[done])).leadUnit.code).toBe('STTTT-HG');
    expect((await task(ids['tqNovDoneAfter'])).leadUnit.code).toBe('STTTT-TQ');

    // People moved; the old units are inactive; the leader who oversaw one oversees the successor too.
    for (const username of ['giamdoc.hg', 'chuyenvien.hg', 'giamdoc.tq']) {
      const user = await api.http.get(`/api/users/${api.fixtures.userId(username)}`).set(bearer(admin));
      expect([username, user.body.unitCode]).toEqual([username, 'STTTT-TQ2']);
    }
    for (const code of ['STTTT-HG', 'STTTT-TQ']) expect((await api.http.get(`/api/units/${code}`).set(bearer(admin))).body.active).toBe(false);
    expect((await api.http.get('/api/units/STTTT-TQ2').set(bearer(admin))).body).toMatchObject({ active: true, kind: 'provincial_department', parentCode: 'BO' });
    const oversight = await api.http.get(`/api/users/${api.fixtures.userId('lanhdao')}/oversight`).set(bearer(admin));
    expect(oversight.body.units.map((u: { code: string }) => u.code).sort()).toEqual(['STTTT-HG', 'STTTT-TQ2']);
    // The head of the merged unit (signed in again: a unit change ends sessions) manages the moved work.
    const head = (await api.http.post('/api/auth/login').send({ username: 'giamdoc.hg', password: 'Mat-khau-thu-nghiem-2026' })).body.accessToken as string;
    const list = await api.http.get('/api/tasks?unit=STTTT-TQ2&state=open').set(bearer(head));
    expect(list.status).toBe(200);
    expect((list.body.items as Array<{ id: string }>).map((t) => t.id).sort()).toEqual([ids['hgOpenOverdue'], ids['hgOpen'], ids['tqOpen']].sort());

    // The record: reason, moment, units; a merged unit cannot merge again.
    const [record] = await api.db.query(`SELECT kind, effective_at, reason, summary FROM unit_changes WHERE id = $1`, [res.body.id]);
    expect(record).toMatchObject({ kind: 'merge', reason: merge.reason, summary: { tasks: 3, coordinating: 1, users: 3, closedTasksStaying: 4 } });
    expect(new Date(record.effective_at).toISOString()).toBe('2026-11-15T17:00:00.000Z');
    const recorded = await api.http.get('/api/units/stttt-hg/changes').set(bearer(admin));
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual([
      {
        id: res.body.id,
        kind: 'merge',
        effectiveAt: '2026-11-15T17:00:00.000Z',
        reason: merge.reason,
        recordedAt: '2026-11-20T02:00:00.000Z',
        recordedBy: { username: 'quantri', fullName: 'Cán bộ quantri' },
        sources: ['STTTT-HG', 'STTTT-TQ'],
        successors: ['STTTT-TQ2'],
        summary: { tasks: 3, coordinating: 1, users: 3, closedTasksStaying: 4, obligationsReceived: 0 },
      },
    ]);
    expect((await api.http.get('/api/units/STTTT-TQ2/changes').set(bearer(admin))).body).toEqual(recorded.body);
    expect((await api.http.get('/api/units/VBC/changes').set(bearer(admin))).body).toEqual([]);
    expect((await api.http.get('/api/units/KHONG-CO/changes').set(bearer(admin))).status).toBe(404);
    const again = await api.http.post('/api/units/merges').set(bearer(admin)).send({ ...merge, newSuccessorUnit: { code: 'KHAC', name: 'Khác' } });
    expect([again.status, again.body.errors?.[0]?.rule]).toEqual([422, 'UNIT_INACTIVE']);
  });

  it('a split sends the named tasks and users to their successor and the rest to the default one', async () => {
    // A task that came to the unit this morning, after the split's moment (00:00 today): it moves just after its
    // own dated change, so that it is counted for the successor, not for the inactive unit.
    const lateComer = await api.fixtures.task({ leadUnit: 'VBC', assignedBy: 'quantri', assignedOn: '2026-11-19', deadline: '2026-12-20' });
    const patched = await api.http.patch(`/api/tasks/${lateComer}`).set(bearer(admin)).send({ leadUnitCode: 'VCNTT', version: 1 });
    expect(patched.status).toBe(200);
    const body = {
      sourceUnitCode: 'VCNTT',
      newSuccessorUnits: [{ code: 'VCNTT-A', name: 'Vụ Chuyển đổi số', parentCode: 'BO' }],
      successorUnitCodes: ['VCNTT-B'],
      defaultSuccessorCode: 'VCNTT-B',
      tasks: [{ taskId: ids['cntt1'], successorCode: 'VCNTT-A' }],
      users: [{ userId: api.fixtures.userId('cntt.1'), successorCode: 'vcntt-a' }],
      effectiveAt: '2026-11-20',
      reason: 'Quyết định tổ chức lại Vụ Công nghệ thông tin',
    };
    const preview = await api.http.post('/api/units/splits/preview').set(bearer(admin)).send(body);
    expect(preview.status).toBe(200);
    const res = await api.http.post('/api/units/splits').set(bearer(admin)).send(body);
    expect(res.status).toBe(201);
    const { id: _id, recordedAt: _at, ...plan } = res.body;
    expect(plan).toEqual(preview.body);
    // cntt1 goes to A, but its assignee (cntt.2) goes to B by default: the new unit's head assigns it again. Its
    // sub-task, not named, goes with it (a sub-task stays within its parent's unit).
    expect((res.body.tasks as Array<{ id: string; toUnitCode: string; assigneeCleared: boolean }>).map((t) => [t.id, t.toUnitCode, t.assigneeCleared]).sort()).toEqual(
      [
        [ids['cntt1'], 'VCNTT-A', true],
        [ids['cnttSub'], 'VCNTT-A', true],
        [ids['cntt2'], 'VCNTT-B', false],
        [lateComer, 'VCNTT-B', false],
      ].sort(),
    );
    const one = await task(ids['cntt1']);
    expect([one.leadUnit.code, one.assignee]).toEqual(['VCNTT-A', null]);
    const two = await task(ids['cntt2']);
    expect([two.leadUnit.code, two.assignee?.id]).toEqual(['VCNTT-B', api.fixtures.userId('cntt.2')]);
    expect((await task(ids['cnttDone'])).leadUnit.code).toBe('VCNTT');
    const history = (await api.http.get(`/api/tasks/${ids['cntt1']}/history`).set(bearer(admin))).body as Array<{ action: string }>;
    expect(history.map((h) => h.action)).toContain('unit_split');
    expect((await api.http.get(`/api/users/${api.fixtures.userId('cntt.1')}`).set(bearer(admin))).body.unitCode).toBe('VCNTT-A');
    expect((await api.http.get(`/api/users/${api.fixtures.userId('cntt.2')}`).set(bearer(admin))).body.unitCode).toBe('VCNTT-B');
    // Effective today: November counts the moved tasks for the successors, the completed one for the old unit.
    const lines = Object.fromEntries(((await briefing('month=2026-11')).body.units as Array<{ code: string; total: number }>).map((u) => [u.code, u.total]));
    expect([lines['VCNTT'], lines['VCNTT-A'], lines['VCNTT-B']]).toEqual([1, 1, 2]);
    const changes = await api.db.query(`SELECT changed_at FROM task_lead_unit_changes WHERE task_id = $1 ORDER BY id`, [lateComer]);
    expect(changes.map((c: { changed_at: Date }) => new Date(c.changed_at).toISOString())).toEqual(['2026-11-20T02:00:00.000Z', '2026-11-20T02:00:00.001Z']);
    // October, before the moment, does not know the successors.
    expect((await briefing('month=2026-10&unit=VCNTT-A')).body.total).toBe(0);
  });

  it("merging a unit that receives reports: its obligations not ended are received by the successor (board, reminders), each with a history entry; the preview lists them", async () => {
    await api.fixtures.user('truong.b', 'unit_head', 'VCNTT-B');
    const obligation = async (code: string, endsOn?: string) => {
      const res = await api.http
        .post('/api/report-obligations')
        .set(bearer(admin))
        .send({ code, name: `Báo cáo tháng ${code}`, periodicity: 'monthly', receivingUnitCode: 'VBC', reportingUnits: [{ unitCode: 'STTTT-TQ2' }, { unitCode: 'VCNTT-A' }], startsOn: '2026-10-01' });
      expect(res.status).toBe(201);
      if (endsOn) expect((await api.http.post(`/api/report-obligations/${res.body.id}/end`).set(bearer(admin)).send({ endsOn })).status).toBe(200);
      return res.body.id as string;
    };
    const open = await obligation('BC-VBC');
    const ended = await obligation('BC-VBC-CU', '2026-11-19');
    const board = (id: string) => `/api/report-obligations/${id}/periods/2026-11/board`;
    const headB = await api.login('truong.b');
    expect((await api.http.get(board(open)).set(bearer(headB))).status).toBe(404);

    const body = { sourceUnitCodes: ['VBC'], successorUnitCode: 'VCNTT-B', effectiveAt: '2026-11-20', reason: 'Quyết định hợp nhất Vụ Bưu chính' };
    const preview = await api.http.post('/api/units/merges/preview').set(bearer(admin)).send(body);
    expect(preview.status).toBe(200);
    expect(preview.body.obligationsReceived).toEqual([{ id: open, code: 'BC-VBC', name: 'Báo cáo tháng BC-VBC', fromUnitCode: 'VBC', toUnitCode: 'VCNTT-B' }]);
    expect((await api.http.get(`/api/report-obligations/${open}`).set(bearer(admin))).body.receivingUnit.code).toBe('VBC');
    const res = await api.http.post('/api/units/merges').set(bearer(admin)).send(body);
    expect(res.status).toBe(201);
    const { id: changeId, recordedAt: _at, ...plan } = res.body;
    expect(plan).toEqual(preview.body);

    // The obligation not ended is received by the successor, with an entry in its history naming the change; the
    // one ended before the moment stays as it was.
    const after = (await api.http.get(`/api/report-obligations/${open}`).set(bearer(admin))).body;
    expect(after.receivingUnit.code).toBe('VCNTT-B');
    const history = (await api.http.get(`/api/report-obligations/${open}/history`).set(bearer(admin))).body as Array<{ action: string; note: string; changes: Array<{ field: string; from: unknown; to: unknown }> }>;
    expect(history.at(-1)).toMatchObject({ action: 'updated', note: expect.stringContaining('Sáp nhập đơn vị VBC → VCNTT-B'), changes: [{ field: 'receivingUnitCode', from: 'VBC', to: 'VCNTT-B' }] });
    expect((await api.http.get(`/api/report-obligations/${ended}`).set(bearer(admin))).body.receivingUnit.code).toBe('VBC');
    const [record] = await api.db.query(`SELECT summary FROM unit_changes WHERE id = $1`, [changeId]);
    expect(record.summary).toMatchObject({ obligationsReceived: 1 });

    // The successor's head, and the head who moved with VBC, read the board and remind.
    const movedHead = await api.login('vutruong.vbc');
    for (const token of [headB, movedHead]) {
      expect((await api.http.get(board(open)).set(bearer(token))).status).toBe(200);
      expect((await api.http.post(`/api/report-obligations/${open}/periods/2026-11/reminders`).set(bearer(token))).status).toBe(200);
    }
  });
});
