import type { AttachmentView, TaskView } from '@tiendo/contracts';
import { HolidaysService } from '@tiendo/server-calendar';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { ReportTaskGenerator } from '@tiendo/server-report-obligations';
import { TasksService } from '@tiendo/server-tasks';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import ExcelJS from 'exceljs';
import { bearer, startTestApi, TestApi } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);

/** Reads a download's body as bytes whatever its content type. */
function bytesParser(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

interface BoardLine {
  unit: { code: string };
  taskId: string;
  taskVersion: number;
  status: string;
  submission: null | {
    at: string;
    by: { fullName: string };
    files: AttachmentView[];
    figures: Record<string, unknown> | null;
    confirmed: null | { by: { fullName: string } };
  };
}

/**
 * Periodic reports as tasks over HTTP (issue #11; Decree 09/2019/NĐ-CP): a unit submits its monthly report (files and
 * figures), the receiving office (the Ministry Office, VP) reads the period's board, confirms or returns a report,
 * reminds the units that have not submitted, exports the board, and reads the year's statistics.
 *
 * BO ─┬─ VP (receives)   ├─ VBC   ├─ HN, HP, DN, QN (provincial departments, report monthly)   └─ OTHER
 *
 * The period is November 2026: data 15/10–14/11, due Monday 16/11 (the first working day after the Saturday
 * cut-off, art. 8(5)(b)). Its report tasks are made by the worker's generator on Monday 09/11 (five working days
 * before the cut-off), assigned by the obligation's creator, with no assignee: the unit head submits.
 */
describe('report submissions, the board, reminders', () => {
  let api: TestApi;
  const tokens = new Map<string, string>();
  /** A session at the clock's current moment (a jump of days expires older tokens). */
  const token = async (username: string): Promise<string> => {
    const key = `${username}@${api.clock.now().toISOString()}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const res = await api.http.post('/api/auth/login').send({ username, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    tokens.set(key, res.body.accessToken);
    return res.body.accessToken;
  };
  const get = async (username: string, path: string) => api.http.get(path).set(bearer(await token(username)));
  const post = async (username: string, path: string, body: object = {}) => api.http.post(path).set(bearer(await token(username))).send(body);
  const at = (iso: string) => api.clock.set(iso);

  let obligationId: string;
  const KEY = '2026-11';
  const base = () => `/api/report-obligations/${obligationId}/periods/${KEY}`;
  const taskOf = new Map<string, string>();

  const upload = async (username: string, taskId: string, name: string): Promise<AttachmentView> => {
    const res = await api.http
      .post(`/api/tasks/${taskId}/attachments`)
      .set(bearer(await token(username)))
      .attach('file', pdf(name), { filename: name, contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    return res.body;
  };
  const submit = async (username: string, body: Record<string, unknown>) => post(username, `${base()}/submissions`, body);
  const board = async (username = 'vp_monitor') => {
    const res = await get(username, `${base()}/board`);
    expect(res.status).toBe(200);
    return res.body as { counts: Record<string, number>; units: BoardLine[]; period: { label: string; deadline: string } };
  };
  const lineOf = async (code: string) => (await board()).units.find((l) => l.unit.code === code) as BoardLine;
  type BoardPage = { counts: Record<string, number>; total: number; page: number; pageSize: number; units: BoardLine[] };
  const boardPage = async (query: string): Promise<BoardPage> => {
    const res = await get('vp_monitor', `${base()}/board?${query}`);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    return res.body;
  };
  /** Every line of the board, page after page of `pageSize` (the pages must add up to `total`). */
  const allPages = async (pageSize: number, filter = ''): Promise<BoardPage> => {
    const first = await boardPage(`pageSize=${pageSize}${filter}`);
    const units = [...first.units];
    for (let page = 2; page <= Math.ceil(first.total / pageSize); page++) {
      const next = await boardPage(`pageSize=${pageSize}&page=${page}${filter}`);
      expect(next.counts).toEqual(first.counts);
      units.push(...next.units);
    }
    expect(units.length).toBe(first.total);
    return { ...first, units };
  };
  const dbCount = async (sql: string, params: unknown[] = []) => ((await api.db.query(sql, params)) as Array<{ n: number }>)[0].n;

  /**
   * The worker's generator, run for the clock's day as its daily job runs it: it creates each reporting unit's report
   * task of every period whose creation day has come (apps/worker/test/report-tasks.int-spec.ts tests it). Then the
   * report tasks of `obligation`'s period by unit code.
   */
  const generate = async (obligation: string): Promise<Map<string, string>> => {
    const generator = new ReportTaskGenerator(api.db, api.app.get(TasksService, { strict: false }), api.app.get(HolidaysService, { strict: false }), api.clock);
    const run = await generator.run();
    expect(run.failed).toBe(0);
    const rows: Array<{ code: string; task_id: string }> = await api.db.query(
      `SELECT u.code, rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id WHERE rt.obligation_id = $1 AND rt.period_key = $2`,
      [obligation, KEY],
    );
    return new Map(rows.map((r) => [r.code, r.task_id]));
  };

  beforeAll(async () => {
    api = await startTestApi({ SMTP_URL: 'smtp://127.0.0.1:2525', PUBLIC_URL: 'https://tiendo.example.vn' });
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    for (const [code, name] of [
      ['HN', 'Sở TT&TT Hà Nội'],
      ['HP', 'Sở TT&TT Hải Phòng'],
      ['DN', 'Sở TT&TT Đà Nẵng'],
      ['QN', 'Sở TT&TT Quảng Ninh'],
    ]) {
      await f.unit(code, 'BO', name);
    }
    await f.unit('OTHER', 'BO');
    await api.db.query(`UPDATE units SET kind = 'provincial_department' WHERE code IN ('HN', 'HP', 'DN', 'QN')`);
    await f.user('admin1', 'admin', 'BO');
    await f.user('leader1', 'leader', 'BO');
    await f.user('vp_monitor', 'monitor', 'VP');
    await f.user('vp_staff', 'staff', 'VP');
    await f.user('vbc_head', 'unit_head', 'VBC');
    for (const code of ['hn', 'hp', 'dn', 'qn']) {
      await f.user(`${code}_head`, 'unit_head', code.toUpperCase());
      await f.user(`${code}_staff`, 'staff', code.toUpperCase());
    }
    await f.user('dn_head2', 'unit_head', 'DN');
    await f.user('other_staff', 'staff', 'OTHER');
    await api.db.query(`UPDATE users SET email = username || '@mic.gov.vn' WHERE username IN ('dn_head', 'qn_head', 'hp_head')`);

    at('2026-11-02T09:00:00+07:00');
    const created = await post('vp_monitor', '/api/report-obligations', {
      code: 'BC-THUEBAO',
      name: 'Báo cáo tình hình phát triển thuê bao viễn thông',
      periodicity: 'monthly',
      receivingUnitCode: 'VP',
      reportingUnits: ['HN', 'HP', 'DN', 'QN'].map((unitCode) => ({ unitCode })),
      fields: [
        { key: 'mobile_subscribers', label: 'Số thuê bao di động', type: 'number', required: true },
        { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
      ],
      startsOn: '2026-11-01',
    });
    expect(created.status).toBe(201);
    obligationId = created.body.id;
    const periods = await get('vp_monitor', `/api/report-obligations/${obligationId}/periods?from=2026-11-01&count=1`);
    expect(periods.body.items[0]).toMatchObject({ key: KEY, end: '2026-11-14', deadline: '2026-11-16', createOn: '2026-11-09' });

    // Monday 09/11, the period's creation day: the generator makes the four report tasks, due 16/11.
    at('2026-11-09T08:00:00+07:00');
    for (const [code, id] of await generate(obligationId)) taskOf.set(code, id);
    expect([...taskOf.keys()].sort()).toEqual(['DN', 'HN', 'HP', 'QN']);
    const [hn] = (await api.db.query(`SELECT title, deadline::text AS deadline FROM tasks WHERE id = $1`, [taskOf.get('HN')])) as Array<{ title: string; deadline: string }>;
    expect(hn).toEqual({ title: 'Báo cáo tình hình phát triển thuê bao viễn thông – Tháng 11/2026', deadline: '2026-11-16' });
  });
  afterAll(() => api.close());

  it('bad figures or no file: 400 naming each field in Vietnamese, and nothing written', async () => {
    at('2026-11-12T10:00:00+07:00');
    const file = await upload('hn_head', taskOf.get('HN') as string, 'bao-cao-thang-11.pdf');
    const writes = async () => ({
      completions: await dbCount(`SELECT count(*)::int AS n FROM task_completions WHERE task_id = $1`, [taskOf.get('HN')]),
      history: await dbCount(`SELECT count(*)::int AS n FROM task_history WHERE task_id = $1`, [taskOf.get('HN')]),
      events: await dbCount(`SELECT count(*)::int AS n FROM task_events WHERE task_id = $1`, [taskOf.get('HN')]),
      figures: await dbCount(`SELECT count(*)::int AS n FROM report_tasks WHERE task_id = $1 AND figures IS NOT NULL`, [taskOf.get('HN')]),
      linked: await dbCount(`SELECT count(*)::int AS n FROM task_attachments WHERE task_id = $1 AND attached_to_kind <> 'task'`, [taskOf.get('HN')]),
    });
    const before = await writes();
    const rules = async (body: Record<string, unknown>) => {
      const res = await submit('hn_head', { attachmentIds: [file.id], ...body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const errors = res.body.errors as Array<{ field: string; rule: string; message: string }>;
      expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
      return errors.map((e) => `${e.field} ${e.rule}`).sort();
    };
    expect(await rules({ figures: {} })).toEqual(['figures.mobile_subscribers figureRequired']);
    expect(await rules({ figures: { mobile_subscribers: '1234567' } })).toEqual(['figures.mobile_subscribers isNumber']);
    expect(await rules({ figures: { mobile_subscribers: 1e16 } })).toEqual(['figures.mobile_subscribers max']);
    expect(await rules({ figures: { mobile_subscribers: 5, notes: 7, landlines: 3 } })).toEqual(['figures.landlines figureUnknown', 'figures.notes isString']);
    expect(await rules({ figures: { mobile_subscribers: 5, notes: 'x'.repeat(2001) } })).toEqual(['figures.notes maxLength']);
    expect(await rules({ figures: { mobile_subscribers: null, notes: '   ' } })).toEqual(['figures.mobile_subscribers figureRequired']);
    expect(await rules({ figures: 'many' })).toEqual(['figures isObject']);
    expect(await rules({ attachmentIds: [], figures: { mobile_subscribers: 5 } })).toEqual(['attachmentIds arrayMinSize']);
    // Shapes that are not what a field holds, text PostgreSQL cannot store: a 400, never a 500.
    for (const body of [
      { attachmentIds: 'x' },
      { attachmentIds: [file.id, file.id] },
      { attachmentIds: [file.id], figures: [1, 2] },
      { attachmentIds: [file.id], figures: { mobile_subscribers: 5, notes: 'a\u0000b' } },
      { attachmentIds: [file.id], figures: { mobile_subscribers: { n: 5 } } },
      { attachmentIds: [file.id], figures: { mobile_subscribers: 5 }, version: 0 },
      { attachmentIds: [file.id], figures: { mobile_subscribers: 5 }, unitCode: 5 },
      { attachmentIds: [file.id], figures: { mobile_subscribers: 5 }, result: '' },
      { attachmentIds: [file.id], figures: { mobile_subscribers: 5 }, unexpected: true },
    ]) {
      const res = await submit('hn_head', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const message = (await submit('hn_head', { attachmentIds: [file.id], figures: {} })).body.errors[0].message;
    expect(message).toBe('Nhập "Số thuê bao di động"');
    // A file that is not on this report task: the tasks' own rule, and the figures written with it roll back.
    const elsewhere = await upload('hp_head', taskOf.get('HP') as string, 'nham-don-vi.pdf');
    const foreign = await submit('hn_head', { attachmentIds: [elsewhere.id], figures: { mobile_subscribers: 5 } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'attachmentIds', rule: 'ATTACHMENT_NOT_ON_TASK' });
    expect(await writes()).toEqual(before);
  });

  it('submitting = completing the report task with its file and figures, in one transaction; on time before the deadline', async () => {
    at('2026-11-13T15:30:00+07:00');
    const [file] = (await get('hn_head', `/api/tasks/${taskOf.get('HN')}/attachments`)).body as AttachmentView[];
    const res = await submit('hn_head', { attachmentIds: [file.id], figures: { mobile_subscribers: 1234567, notes: '  Số liệu chốt ngày 14/11  ' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      unit: { code: 'HN' },
      taskId: taskOf.get('HN'),
      status: 'completed_on_time',
      submission: {
        at: new Date('2026-11-13T15:30:00+07:00').toISOString(),
        by: { fullName: 'Cán bộ hn_head' },
        files: [{ id: file.id, name: 'bao-cao-thang-11.pdf' }],
        figures: { mobile_subscribers: 1234567, notes: 'Số liệu chốt ngày 14/11' },
        confirmed: null,
      },
    });
    const [row] = await api.db.query(`SELECT figures FROM report_tasks WHERE task_id = $1`, [taskOf.get('HN')]);
    expect(row.figures).toEqual({ mobile_subscribers: 1234567, notes: 'Số liệu chốt ngày 14/11' });
    // The task itself: completed through the one write path (history, event), the file linked to the completion.
    const task = (await get('hn_head', `/api/tasks/${taskOf.get('HN')}`)).body as TaskView;
    expect(task).toMatchObject({ state: 'completed', status: 'completed_on_time' });
    expect(await dbCount(`SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND kind = 'completion_reported'`, [taskOf.get('HN')])).toBe(1);
    // Twice: the tasks' rule.
    const again = await submit('hn_head', { attachmentIds: [file.id], figures: { mobile_subscribers: 1 } });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('TASK_ALREADY_COMPLETED');
  });

  it('the report a task is, for the screens where its unit submits it: obligation, fields, period, unit and the figures in force; 404 for another unit and for a task that is no report', async () => {
    const read = async (who: string, taskId: string) => get(who, `/api/report-obligations/report-tasks/${taskId}`);
    const hn = await read('hn_staff', taskOf.get('HN') as string);
    expect(hn.status).toBe(200);
    expect(hn.body).toEqual({
      obligation: {
        id: obligationId,
        code: 'BC-THUEBAO',
        name: 'Báo cáo tình hình phát triển thuê bao viễn thông',
        receivingUnit: { id: api.fixtures.unitId('VP'), code: 'VP', name: 'Văn phòng Bộ' },
        fields: [
          { key: 'mobile_subscribers', label: 'Số thuê bao di động', type: 'number', required: true },
          { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
        ],
        template: null,
      },
      period: { key: KEY, label: 'Tháng 11/2026', start: '2026-10-15', end: '2026-11-14', deadline: '2026-11-16' },
      unit: { id: api.fixtures.unitId('HN'), code: 'HN', name: 'Sở TT&TT Hà Nội' },
      figures: { mobile_subscribers: 1234567, notes: 'Số liệu chốt ngày 14/11' },
      // The submission in force as the board shows it (report-templates.int-spec.ts: the template).
      submission: (await lineOf('HN')).submission,
    });
    expect(hn.body.submission).toMatchObject({ by: { fullName: expect.any(String) }, figures: { mobile_subscribers: 1234567 } });
    // Not submitted yet: no figures, no submission.
    expect((await read('hp_staff', taskOf.get('HP') as string)).body).toMatchObject({ figures: null, submission: null });
    // Another unit's report task, as any task out of scope: 404.
    expect((await read('other_staff', taskOf.get('HN') as string)).status).toBe(404);
    expect((await read('hp_staff', taskOf.get('HN') as string)).status).toBe(404);
    // A task that is not a report: 404 with the one error format.
    const plain = await api.fixtures.task({ leadUnit: 'HN', assignedBy: 'vp_monitor', assignedOn: '2026-11-02', deadline: '2026-11-30' });
    const none = await read('hn_head', plain);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/báo cáo định kỳ/);
    // A malformed id names nothing (UuidParamPipe): 404, as an unknown one.
    expect((await read('hn_head', 'not-a-uuid')).status).toBe(404);
  });

  it('nobody submits for another unit: 404 for a report task they may not read, 403 for one they read but may not complete', async () => {
    at('2026-11-13T16:00:00+07:00');
    const file = await upload('hp_head', taskOf.get('HP') as string, 'bao-cao-hp.pdf');
    const body = { unitCode: 'HP', attachmentIds: [file.id], figures: { mobile_subscribers: 10 } };
    for (const who of ['dn_head', 'dn_staff', 'hn_head']) {
      const res = await submit(who, body);
      expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 404, code: 'NOT_FOUND' });
    }
    // An obligation the caller may not read at all: 404 too.
    expect((await submit('other_staff', body)).status).toBe(404);
    // Staff of the unit read its report task but complete only what is assigned to them.
    const staff = await submit('hp_staff', body);
    expect(staff.status).toBe(403);
    // A unit without a report task this period, and a period with none.
    expect((await submit('vbc_head', { ...body, unitCode: 'VBC' })).status).toBe(404);
    expect((await post('hp_head', `/api/report-obligations/${obligationId}/periods/2026-10/submissions`, body)).status).toBe(404);
    expect(await dbCount(`SELECT count(*)::int AS n FROM task_completions WHERE task_id = $1`, [taskOf.get('HP')])).toBe(0);
  });

  it('the board is the receiving office’s: 404 for the reporting units and anyone else', async () => {
    at('2026-11-13T16:00:00+07:00');
    for (const who of ['vp_monitor', 'vp_staff', 'admin1', 'leader1']) expect({ who, status: (await get(who, `${base()}/board`)).status }).toEqual({ who, status: 200 });
    for (const who of ['hn_head', 'hn_staff', 'dn_staff', 'vbc_head', 'other_staff']) {
      const res = await get(who, `${base()}/board`);
      expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 404, code: 'NOT_FOUND' });
      expect((await get(who, `${base()}/board.xlsx`)).status).toBe(404);
    }
    // A reader of the obligation kept from its board is recorded as object_hidden, as any object out of scope.
    const hidden = (await get('admin1', '/api/admin/security-events?kind=object_hidden&user=hn_staff')).body as { items: Array<{ detail: Record<string, unknown> }> };
    expect(hidden.items.map((e) => e.detail['route']).sort()).toEqual(['GET /api/report-obligations/:id/periods/:periodKey/board', 'GET /api/report-obligations/:id/periods/:periodKey/board.xlsx']);
    expect(hidden.items[0].detail).toMatchObject({ kind: 'report_obligation', id: obligationId });
    expect((await get('vp_monitor', `/api/report-obligations/${obligationId}/periods/2031-13/board`)).status).toBe(404);
    const b = await board();
    expect(b.period).toMatchObject({ label: 'Tháng 11/2026', deadline: '2026-11-16' });
    expect(b.counts).toMatchObject({ completed_on_time: 1, completed_late: 0, in_progress_overdue: 0, in_progress_on_track: 3, total: 4 });
  });

  it('confirm and return for redo: the receiving office only, through the tasks’ return path', async () => {
    at('2026-11-17T09:00:00+07:00');
    // HP submits the day after the deadline: late.
    const [file] = (await get('hp_head', `/api/tasks/${taskOf.get('HP')}/attachments`)).body as AttachmentView[];
    const late = await submit('hp_head', { attachmentIds: [file.id], figures: { mobile_subscribers: 42 } });
    expect(late.status).toBe(201);
    expect(late.body.status).toBe('completed_late');

    const confirmHn = `${base()}/submissions/HN/confirmation`;
    expect((await post('vp_staff', confirmHn)).status).toBe(403);
    expect((await post('leader1', confirmHn)).status).toBe(403);
    expect((await post('hn_head', confirmHn)).status).toBe(404);
    expect((await post('vbc_head', confirmHn)).status).toBe(404);
    const notSubmitted = await post('vp_monitor', `${base()}/submissions/DN/confirmation`);
    expect(notSubmitted.status).toBe(422);
    expect(notSubmitted.body.code).toBe('TASK_NOT_COMPLETED');
    // Its own words, not the return's ("Chỉ trả lại được…").
    expect(notSubmitted.body.message).toBe('Chỉ xác nhận được báo cáo đã gửi; đơn vị này chưa gửi báo cáo kỳ này');
    const confirmed = await post('vp_monitor', confirmHn);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.submission.confirmed).toMatchObject({ by: { fullName: 'Cán bộ vp_monitor' } });
    expect((await post('vp_monitor', confirmHn)).body.submission.confirmed).toEqual(confirmed.body.submission.confirmed);
    // The submitter is told once, in the product.
    const told = await api.db.query(`SELECT u.username, n.title, n.body, n.task_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'report_confirmed'`);
    expect(told).toEqual([
      {
        username: 'hn_head',
        title: 'Báo cáo đã được xác nhận: Báo cáo tình hình phát triển thuê bao viễn thông',
        body: 'Văn phòng Bộ đã xác nhận báo cáo tháng 11/2026 của Sở TT&TT Hà Nội.',
        task_id: taskOf.get('HN'),
      },
    ]);

    // Return HP's report: a reason is required; the task is open again and counts as not submitted, past its deadline.
    const returnHp = `${base()}/submissions/HP/return`;
    const noReason = await post('vp_monitor', returnHp, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    expect((await post('hp_head', returnHp, { reason: 'x' })).status).toBe(404);
    const stale = await post('vp_monitor', returnHp, { reason: 'Thiếu số liệu', version: 1 });
    expect(stale.status).toBe(409);
    const returned = await post('vp_monitor', returnHp, { reason: 'Thiếu số liệu thuê bao cố định; đề nghị bổ sung' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ unit: { code: 'HP' }, status: 'in_progress_overdue', submission: null });
    const history = (await get('hp_head', `/api/tasks/${taskOf.get('HP')}/history`)).body as Array<{ action: string; note: string | null }>;
    expect(history.some((h) => h.action === 'returned' && h.note === 'Thiếu số liệu thuê bao cố định; đề nghị bổ sung')).toBe(true);
    expect(await dbCount(`SELECT count(*)::int AS n FROM task_events WHERE task_id = $1 AND kind = 'completion_returned'`, [taskOf.get('HP')])).toBe(1);
    const again = await post('vp_monitor', returnHp, { reason: 'Lần nữa' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('TASK_NOT_COMPLETED');
    // Confirming HN stands; a returned report is not confirmed.
    expect((await lineOf('HN')).submission?.confirmed).not.toBeNull();
  });

  it('the board equals the tasks behind it: each cell is exactly the task list filtered to those tasks under that status', async () => {
    at('2026-11-17T10:00:00+07:00');
    // QN asked for more time and the Ministry Office granted it: not yet due, by the same rule as every task.
    const qn = taskOf.get('QN') as string;
    const ext = await post('qn_head', `/api/tasks/${qn}/extensions`, { newDeadline: '2026-11-30', reason: 'Chờ số liệu của doanh nghiệp' });
    expect(ext.status).toBe(201);
    expect((await post('vp_monitor', `/api/tasks/${qn}/extensions/${ext.body.id}/decision`, { approve: true })).status).toBe(201);

    // Read page after page (one line each), as the screen pages through 10,000 units.
    const b = await allPages(1);
    expect(b.units).toEqual((await board()).units);
    const cells: Record<string, string[]> = {};
    for (const l of b.units) (cells[l.status] ??= []).push(l.unit.code);
    expect(cells).toEqual({ completed_on_time: ['HN'], in_progress_overdue: ['DN', 'HP'], in_progress_on_track: ['QN'] });
    expect(b.counts).toMatchObject({ completed_on_time: 1, completed_late: 0, in_progress_overdue: 2, in_progress_on_track: 1, total: 4 });
    const ours = new Set(taskOf.values());
    for (const status of ['completed_on_time', 'completed_late', 'in_progress_overdue', 'in_progress_on_track']) {
      const list = await get('vp_monitor', `/api/tasks?status=${status}&pageSize=200`);
      expect(list.status).toBe(200);
      const listed = (list.body.items as TaskView[]).filter((t) => ours.has(t.id)).map((t) => t.id).sort();
      const onBoard = b.units.filter((l) => l.status === status).map((l) => l.taskId).sort();
      expect({ status, ids: onBoard }).toEqual({ status, ids: listed });
      // The board filtered to that cell is that cell, over its pages too.
      const cell = await allPages(1, `&status=${status}`);
      expect({ status, ids: cell.units.map((l) => l.taskId).sort(), total: cell.total }).toEqual({ status, ids: listed, total: b.counts[status] });
    }
  });

  it('the board by pages, by cell and by search: the lines as the whole board has them, the counts always the whole period’s; a bad query is a 400 naming each field', async () => {
    at('2026-11-17T10:30:00+07:00');
    const whole = await board();
    const counts = { completed_on_time: 1, completed_late: 0, in_progress_overdue: 2, in_progress_on_track: 1, other: 0, total: 4 };
    expect(whole).toMatchObject({ counts, total: 4, page: 1, pageSize: 100 });
    const codes = (p: BoardPage) => p.units.map((l) => l.unit.code);
    expect(codes(whole as unknown as BoardPage)).toEqual(['DN', 'HN', 'HP', 'QN']);

    // Pages of three, by unit code; past the last page, no line and the same total.
    const pages = [await boardPage('pageSize=3'), await boardPage('pageSize=3&page=2'), await boardPage('page=3&pageSize=3')];
    expect(pages.map(codes)).toEqual([['DN', 'HN', 'HP'], ['QN'], []]);
    expect(pages.map((p) => [p.total, p.page, p.pageSize])).toEqual([[4, 1, 3], [4, 2, 3], [4, 3, 3]]);
    for (const p of pages) expect(p.counts).toEqual(counts);
    expect(pages.flatMap((p) => p.units)).toEqual(whole.units);

    // One cell: its lines only, `total` its size, the counts unchanged.
    const overdue = await boardPage('status=in_progress_overdue');
    expect([codes(overdue), overdue.total, overdue.counts]).toEqual([['DN', 'HP'], 2, counts]);
    expect(overdue.units).toEqual(whole.units.filter((l) => l.status === 'in_progress_overdue'));
    expect(codes(await boardPage('status=in_progress_overdue&pageSize=1&page=2'))).toEqual(['HP']);
    const late = await boardPage('status=completed_late');
    expect([late.units, late.total, late.counts]).toEqual([[], 0, counts]);

    // The unit's code or name, tone marks and case optional (the search rule of every list).
    for (const [q, found] of [
      ['ha noi', ['HN']],
      ['HÀ NỘI', ['HN']],
      ['hai phong', ['HP']],
      ['DA NANG', ['DN']],
      ['Đà', ['DN']],
      ['qn', ['QN']],
      ['sở tt&tt', ['DN', 'HN', 'HP', 'QN']],
      ['  ', ['DN', 'HN', 'HP', 'QN']],
      ['50%', []],
      ['không có', []],
    ] as const) {
      const p = await boardPage(`q=${encodeURIComponent(q)}`);
      expect({ q, found: codes(p), total: p.total, counts: p.counts }).toEqual({ q, found, total: found.length, counts });
    }
    const both = await boardPage(`status=in_progress_overdue&q=${encodeURIComponent('hải')}`);
    expect([codes(both), both.total]).toEqual([['HP'], 1]);

    // Bad values: 400 VALIDATION_FAILED naming each field, in Vietnamese.
    for (const [query, fields] of [
      ['page=0', ['page']],
      ['page=abc', ['page']],
      ['pageSize=0', ['pageSize']],
      ['pageSize=501', ['pageSize']],
      ['page=-1&pageSize=1.5', ['page', 'pageSize']],
      ['status=cancelled', ['status']],
      ['status=overdue', ['status']],
      [`q=${'x'.repeat(201)}`, ['q']],
    ] as const) {
      const res = await get('vp_monitor', `${base()}/board?${query}`);
      const errors = (res.body.errors ?? []) as Array<{ field: string; message: string }>;
      expect({ query, status: res.status, code: res.body.code, fields: [...new Set(errors.map((e) => e.field))].sort() }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED', fields });
      expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
    }
    // 500 lines a page at most, and the board is still the receiving office's.
    expect((await boardPage('pageSize=500')).units).toEqual(whole.units);
    expect((await get('hn_head', `${base()}/board?page=2`)).status).toBe(404);
  });

  it('remind the missing: exactly the units that have not submitted, their assignee or else their heads, in the product and by e-mail, once per click', async () => {
    at('2026-11-17T11:00:00+07:00');
    // DN's report task is assigned to one of its staff: the reminder goes to them, not to the heads.
    const dn = taskOf.get('DN') as string;
    const task = (await get('dn_head', `/api/tasks/${dn}`)).body as TaskView;
    expect((await api.http.patch(`/api/tasks/${dn}`).set(bearer(await token('dn_head'))).send({ version: task.version, assigneeId: api.fixtures.userId('dn_staff') })).status).toBe(200);

    expect((await post('vp_staff', `${base()}/reminders`)).status).toBe(403);
    expect((await post('hn_head', `${base()}/reminders`)).status).toBe(404);
    const notified = async () =>
      (await api.db.query(
        `SELECT u.username, n.task_id FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'report_reminder' ORDER BY u.username`,
      )) as Array<{ username: string; task_id: string }>;
    expect(await notified()).toEqual([]);

    const res = await post('vp_monitor', `${base()}/reminders`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ units: 3, people: 3, unitCodes: ['DN', 'HP', 'QN'], notReached: [] });
    expect(await notified()).toEqual([
      { username: 'dn_staff', task_id: dn },
      { username: 'hp_head', task_id: taskOf.get('HP') },
      { username: 'qn_head', task_id: taskOf.get('QN') },
    ]);
    const emails = await api.db.query(
      `SELECT u.username, d.status, d.title, d.body, d.link FROM reminder_deliveries d JOIN users u ON u.id = d.recipient_id
        WHERE d.channel = 'email' AND d.subject_key LIKE 'report-reminder:%' ORDER BY u.username`,
    );
    // Only those with an address (dn_staff has none).
    expect(emails.map((e: { username: string }) => e.username)).toEqual(['hp_head', 'qn_head']);
    expect(emails[0]).toMatchObject({
      status: 'pending',
      title: 'Nhắc gửi báo cáo: Báo cáo tình hình phát triển thuê bao viễn thông',
      body: 'Sở TT&TT Hải Phòng chưa gửi báo cáo tháng 11/2026 (hạn 16/11/2026). Văn phòng Bộ đề nghị gửi báo cáo kèm tệp trên Tiến Độ.',
      link: `https://tiendo.example.vn/nhiem-vu/${taskOf.get('HP')}`,
    });
    // Each person can open the task the reminder links to.
    for (const n of await notified()) expect((await get(n.username, `/api/tasks/${n.task_id}`)).status).toBe(200);
    // A second click reminds again, once.
    expect((await post('vp_monitor', `${base()}/reminders`)).body.units).toBe(3);
    expect((await notified()).length).toBe(6);
    // A unit with nobody active to remind is named, not counted as reminded.
    await api.db.query(`UPDATE users SET active = false WHERE username = 'qn_head'`);
    expect((await post('vp_monitor', `${base()}/reminders`)).body).toEqual({ units: 2, people: 2, unitCodes: ['DN', 'HP'], notReached: ['QN'] });
    await api.db.query(`UPDATE users SET active = true WHERE username = 'qn_head'`);
  });

  it('the .xlsx of the board and of the figures: the organisation’s heading, one row per unit, one column per field', async () => {
    at('2026-11-18T09:00:00+07:00');
    const res = await api.http
      .get(`${base()}/board.xlsx`)
      .set(bearer(await token('vp_monitor')))
      .buffer(true)
      .parse(bytesParser as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-BC-THUEBAO-2026-11.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Tình hình gửi báo cáo', 'Số liệu']);
    const organisation = (await get('vp_monitor', '/api/settings/organisation')).body as { name: string };
    const rows = (sheet: ExcelJS.Worksheet) => {
      const out: unknown[][] = [];
      sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
      return out;
    };
    const status = rows(wb.getWorksheet('Tình hình gửi báo cáo') as ExcelJS.Worksheet);
    expect(status.flat()).toContain(organisation.name.toUpperCase());
    const header = status.findIndex((r) => r[0] === 'Mã đơn vị');
    expect(status.slice(header + 1, header + 5).map((r) => [r[0], r[2]])).toEqual([
      ['DN', 'Chưa gửi (quá hạn)'],
      ['HN', 'Đã gửi đúng hạn'],
      ['HP', 'Chưa gửi (quá hạn)'],
      ['QN', 'Chưa đến hạn'],
    ]);
    const hn = status[header + 2];
    expect(hn[3]).toEqual(new Date(Date.UTC(2026, 10, 16)));
    expect(hn[6]).toBe('bao-cao-thang-11.pdf');
    const figures = rows(wb.getWorksheet('Số liệu') as ExcelJS.Worksheet);
    const fh = figures.findIndex((r) => r[0] === 'Mã đơn vị');
    expect(figures[fh]).toEqual(['Mã đơn vị', 'Đơn vị', 'Số thuê bao di động', 'Ghi chú']);
    expect(figures.slice(fh + 1)).toEqual([['HN', 'Sở TT&TT Hà Nội', 1234567, 'Số liệu chốt ngày 14/11']]);
  });

  it('a department that receives reports (not the Ministry Office) confirms and returns them too: its head, by the obligation’s rule', async () => {
    at('2026-11-09T10:00:00+07:00');
    const created = await post('vbc_head', '/api/report-obligations', {
      code: 'BC-BUUCHINH',
      name: 'Báo cáo tình hình bưu chính',
      periodicity: 'monthly',
      receivingUnitCode: 'VBC',
      reportingUnits: [{ unitCode: 'HN' }],
      startsOn: '2026-11-01',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const task = { body: { id: (await generate(id)).get('HN') as string } };
    const path = `/api/report-obligations/${id}/periods/${KEY}`;
    const file = await upload('hn_head', task.body.id, 'buu-chinh.pdf');
    // No fields: figures are refused, none needed.
    const unknown = await post('hn_head', `${path}/submissions`, { attachmentIds: [file.id], figures: { x: 1 } });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'figures.x', rule: 'figureUnknown' })]);
    const sent = await post('hn_head', `${path}/submissions`, { attachmentIds: [file.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.submission.figures).toBeNull();

    // The head of the receiving department does not lead HN's task (the tasks' rule alone would refuse him) …
    expect((await post('vbc_head', `/api/tasks/${task.body.id}/return`, { version: 3, reason: 'x' })).status).toBe(404);
    // … but the obligation's rule makes his the board, the confirmation and the return.
    expect((await get('vbc_head', `${path}/board`)).status).toBe(200);
    expect((await get('vp_staff', `${path}/board`)).status).toBe(404);
    expect((await get('vp_monitor', `${path}/board`)).status).toBe(200);
    expect((await post('vbc_head', `${path}/submissions/HN/confirmation`)).status).toBe(200);
    // The report's file: not through the task (not his to read), but from the board.
    const download = async (who: string, url: string) =>
      api.http
        .get(url)
        .set(bearer(await token(who)))
        .buffer(true)
        .parse(bytesParser as never);
    expect((await download('vbc_head', `/api/tasks/${task.body.id}/attachments/${file.id}`)).status).toBe(404);
    const fromBoard = await download('vbc_head', `${path}/submissions/HN/files/${file.id}`);
    expect(fromBoard.status).toBe(200);
    expect(fromBoard.body).toEqual(pdf('buu-chinh.pdf'));
    expect(fromBoard.headers['content-disposition']).toContain('attachment');
    expect(fromBoard.headers['x-content-type-options']).toBe('nosniff');
    for (const who of ['dn_head', 'hn_staff', 'vp_staff']) expect((await download(who, `${path}/submissions/HN/files/${file.id}`)).status).toBe(404);
    const draft = await upload('hn_head', task.body.id, 'ban-nhap.pdf');
    expect((await download('vbc_head', `${path}/submissions/HN/files/${draft.id}`)).status).toBe(404);
    const returned = await post('vbc_head', `${path}/submissions/HN/return`, { reason: 'Đề nghị gửi bản có chữ ký' });
    expect(returned.status).toBe(200);
    expect(returned.body.submission).toBeNull();
    const history = (await get('hn_head', `/api/tasks/${task.body.id}/history`)).body as Array<{ action: string; actor: { username: string } | null; note: string | null }>;
    expect(history.find((h) => h.action === 'returned')).toMatchObject({ note: 'Đề nghị gửi bản có chữ ký' });
    // Another unit head who neither receives nor reports: 404.
    expect((await post('dn_head', `${path}/submissions/HN/return`, { reason: 'x' })).status).toBe(404);
  });

  it('statistics of a year: per unit the share of reports on time, and the provincial departments ranked by it', async () => {
    at('2026-11-18T09:00:00+07:00');
    const bad = await get('hn_staff', '/api/report-obligations/statistics?year=abc');
    expect(bad.status).toBe(400);
    const shares = (body: { units: Array<{ unit: { code: string }; onTimeShare: number | null; reports: number }> }) =>
      Object.fromEntries(body.units.map((l) => [l.unit.code, [l.reports, l.onTimeShare]]));
    // Every obligation: HN's postal report (the other obligation) was returned and is overdue now.
    const all = await get('hn_staff', '/api/report-obligations/statistics?year=2026');
    expect(all.status).toBe(200);
    expect(shares(all.body)).toEqual({ DN: [1, 0], HN: [2, 50], HP: [1, 0], QN: [1, null] });
    const res = await get('hn_staff', `/api/report-obligations/statistics?year=2026&obligationId=${obligationId}`);
    expect(res.status).toBe(200);
    expect(shares(res.body)).toEqual({ DN: [1, 0], HN: [1, 100], HP: [1, 0], QN: [1, null] });
    expect((res.body.provincialRanking as Array<{ rank: number; unit: { code: string } }>).map((l) => [l.rank, l.unit.code])).toEqual([
      [1, 'HN'],
      [2, 'DN'],
      [2, 'HP'],
    ]);
    expect(VIETNAMESE_LETTER.test(res.body.formula)).toBe(true);
    const other = await get('hn_staff', '/api/report-obligations/statistics?year=2025');
    expect(other.body.units).toEqual([]);
    // HP submits again (a new file: the first one stays with the returned submission), late.
    const file = await upload('hp_head', taskOf.get('HP') as string, 'bao-cao-hp-bo-sung.pdf');
    const again = await submit('hp_head', { attachmentIds: [file.id], figures: { mobile_subscribers: 43, notes: 'Bổ sung' } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'completed_late', submission: { figures: { mobile_subscribers: 43, notes: 'Bổ sung' }, confirmed: null } });
  });

  it("ending before the cut-off of the last period with report tasks: 422 on endsOn naming that period, nothing changed", async () => {
    at('2026-11-20T09:00:00+07:00');
    const path = `/api/report-obligations/${obligationId}`;
    const periodsBefore = (await get('vp_monitor', `${path}/periods?from=2026-11-01&count=2`)).body;
    expect(periodsBefore.items[0].key).toBe(KEY);
    // After the last report tasks' cut-off (14/11): accepted; then earlier than it: refused, the end stays.
    expect((await post('vp_monitor', `${path}/end`, { endsOn: '2026-11-30' })).status).toBe(200);
    const early = await post('vp_monitor', `${path}/end`, { endsOn: '2026-11-13' });
    expect([early.status, early.body.code]).toEqual([422, 'OBLIGATION_END_BEFORE_REPORTS']);
    expect(early.body.errors).toEqual([{ field: 'endsOn', rule: 'OBLIGATION_END_BEFORE_REPORTS', message: expect.stringMatching(/Kỳ 2026-11 .*14\/11\/2026/) }]);
    const after = (await get('vp_monitor', path)).body;
    expect(after.endsOn).toBe('2026-11-30');
    expect((await get('vp_monitor', `${path}/periods?from=2026-11-01&count=2`)).body.items[0].key).toBe(KEY);
    // The cut-off itself: accepted (the period is whole).
    const onCutOff = await post('vp_monitor', `${path}/end`, { endsOn: '2026-11-14' });
    expect([onCutOff.status, onCutOff.body.endsOn]).toEqual([200, '2026-11-14']);
  });
});
