import { HolidaysService } from '@tiendo/server-calendar';
import { VIETNAMESE_LETTER } from '@tiendo/server-core';
import { redisConnection } from '@tiendo/server-reminders';
import { REPORT_TASKS_QUEUE, ReportTaskGenerator, reportTaskJobIds } from '@tiendo/server-report-obligations';
import { TasksService } from '@tiendo/server-tasks';
import { Queue } from 'bullmq';
import { bearer, startTestApi, TestApi } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);

/**
 * Ad hoc reports over HTTP (báo cáo đột xuất, Decree 09/2019/NĐ-CP art. 8(5)(c); issue #11): the receiving office
 * requests a report of an ad hoc obligation (`POST /:id/requests`: label, data window, due date with art. 8(5)(b)'s
 * working day after the cut-off unless waived); the period is listed by `GET /:id/periods`, the API asks the worker for
 * the units' report tasks at once (a job on the report-tasks queue, checked in Redis; the worker's side:
 * apps/worker/test/report-tasks-prompt.int-spec.ts), and the board, submissions, reminders and .xlsx work under the
 * period's 22-character key as for a calendar period. The clock stands on Friday 20/11/2026, 09:00 in Hà Nội.
 *
 * BO ─┬─ VP (the Ministry Office: receives)   ├─ HN, HP, DN (report)   └─ OTHER
 */
describe('ad hoc report requests', () => {
  let api: TestApi;
  let queue: Queue;
  const token = (username: string) => api.login(username);
  const post = async (username: string, path: string, body: object) => api.http.post(`/api/report-obligations${path}`).set(bearer(await token(username))).send(body);
  const get = async (username: string, path: string) => api.http.get(`/api/report-obligations${path}`).set(bearer(await token(username)));
  const fieldRules = (res: { status: number; body: { errors?: Array<{ field: string; rule: string; message: string }> } }) => {
    expect(res.status).toBe(400);
    const errors = res.body.errors ?? [];
    expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
    return errors.map((e) => `${e.field} ${e.rule}`).sort();
  };
  /** The worker's generator for one obligation, as its job runs it (ReportTaskGenerator.runFor). */
  const generate = async (obligationId: string) => {
    const generator = new ReportTaskGenerator(api.db, api.app.get(TasksService, { strict: false }), api.app.get(HolidaysService, { strict: false }), api.clock);
    return generator.runFor(obligationId);
  };
  const requests = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM report_obligation_requests`)) as Array<{ n: number }>)[0].n;

  let adHoc: string;
  let monthly: string;

  beforeAll(async () => {
    api = await startTestApi();
    queue = new Queue(REPORT_TASKS_QUEUE, { prefix: api.config.QUEUE_PREFIX, connection: redisConnection(api.config) });
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    for (const [code, name] of [
      ['HN', 'Sở TT&TT Hà Nội'],
      ['HP', 'Sở TT&TT Hải Phòng'],
      ['DN', 'Sở TT&TT Đà Nẵng'],
    ]) {
      await f.unit(code, 'BO', name);
    }
    await f.unit('OTHER', 'BO');
    await f.user('vp_monitor', 'monitor', 'VP');
    await f.user('vp_staff', 'staff', 'VP');
    await f.user('hn_head', 'unit_head', 'HN');
    await f.user('hn_staff', 'staff', 'HN');
    await f.user('hp_head', 'unit_head', 'HP');
    await f.user('dn_head', 'unit_head', 'DN');
    await f.user('other_head', 'unit_head', 'OTHER');
    const base = { receivingUnitCode: 'VP', reportingUnits: ['HN', 'HP', 'DN'].map((unitCode) => ({ unitCode })), startsOn: '2026-11-01' };
    const a = await post('vp_monitor', '', { ...base, code: 'BC-DOTXUAT', name: 'Báo cáo đột xuất về an toàn thông tin', periodicity: 'ad_hoc' });
    expect(a.status).toBe(201);
    adHoc = a.body.id;
    const m = await post('vp_monitor', '', { ...base, code: 'BC-THANG', name: 'Báo cáo tháng', periodicity: 'monthly' });
    expect(m.status).toBe(201);
    monthly = m.body.id;
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await api.close();
  });

  it('each bad field named in Vietnamese, nothing written: label, a reversed window, a due date without its working day, one before this month', async () => {
    // The body's shape first (the validation pipe), then the request's rules, every one named at once.
    expect(fieldRules(await post('vp_monitor', `/${adHoc}/requests`, { label: ' ', end: '2026-11-18' }))).toEqual(['label isNotEmpty']);
    expect(fieldRules(await post('vp_monitor', `/${adHoc}/requests`, { label: 'Ngược', start: '2026-11-19', end: '2026-11-18', deadline: '2026-11-18' }))).toEqual([
      'deadline reportDueAfterCutOff',
      'end DAY_RANGE_REVERSED',
    ]);
    // Cut-off Thursday 19/11: the earliest due date is Friday 20/11 (one working day after, art. 8(5)(b)).
    const tooSoon = await post('vp_monitor', `/${adHoc}/requests`, { label: 'Số liệu nhanh', end: '2026-11-19', deadline: '2026-11-19' });
    expect(fieldRules(tooSoon)).toEqual(['deadline reportDueAfterCutOff']);
    expect(tooSoon.body.errors[0].message).toContain('20/11/2026');
    expect(fieldRules(await post('vp_monitor', `/${adHoc}/requests`, { label: 'Tháng trước', end: '2026-10-10', deadline: '2026-10-20' }))).toEqual(['deadline deadlineBeforeMonth']);
    expect(fieldRules(await post('vp_monitor', `/${adHoc}/requests`, { label: 'x', end: '2026-02-30' }))).toEqual(['end isLocalDate']);
    expect(await requests()).toBe(0);
  });

  it('who may request: whoever manages the obligation; a reader 403, others 404; a calendar obligation 422', async () => {
    const body = { label: 'Thử quyền', end: '2026-11-20' };
    expect((await post('vp_staff', `/${adHoc}/requests`, body)).status).toBe(403);
    expect((await post('hn_head', `/${adHoc}/requests`, body)).status).toBe(403);
    expect((await post('other_head', `/${adHoc}/requests`, body)).status).toBe(404);
    const calendar = await post('vp_monitor', `/${monthly}/requests`, body);
    expect(calendar.status).toBe(422);
    expect(calendar.body.code).toBe('INVALID_STATE');
    expect(await requests()).toBe(0);
  });

  it('creating an obligation asks the worker for its report tasks at once: one job of the report-tasks queue per obligation', async () => {
    for (const obligationId of [adHoc, monthly]) {
      const job = await queue.getJob(reportTaskJobIds.obligation(obligationId));
      expect(job?.data).toEqual({ obligationId });
    }
  });

  it('a request makes the period (listed by /periods, in the history), asks the worker for its report tasks at once, and a second of the same window is 409', async () => {
    // The creation's job, as if the worker had run it: the request's own is what is checked below.
    await queue.remove(reportTaskJobIds.obligation(adHoc));
    expect(await queue.getJob(reportTaskJobIds.obligation(adHoc))).toBeUndefined();
    const res = await post('vp_monitor', `/${adHoc}/requests`, { label: 'Báo cáo nhanh sự cố mã độc', start: '2026-11-01', end: '2026-11-20', note: 'Công văn 123/BTTTT-VP' });
    expect(res.status).toBe(201);
    // Cut-off Friday 20/11: due the first working day after it by default, Monday 23/11.
    expect(res.body).toMatchObject({
      key: '2026-11-01..2026-11-20',
      label: 'Báo cáo nhanh sự cố mã độc',
      start: '2026-11-01',
      end: '2026-11-20',
      deadline: '2026-11-23',
      deadlineWeekday: 1,
      deadlineWeekdayName: 'Thứ Hai',
      createOn: '2026-11-20',
      shortDeadline: false,
      note: 'Công văn 123/BTTTT-VP',
      requestedBy: { fullName: 'Cán bộ vp_monitor' },
      reportTasksQueued: true,
    });
    // The worker's job, one per obligation, waiting in Redis.
    const job = await queue.getJob(reportTaskJobIds.obligation(adHoc));
    expect(job?.data).toEqual({ obligationId: adHoc });

    const periods = await get('hn_head', `/${adHoc}/periods`);
    expect(periods.status).toBe(200);
    // Each request as asked: who and when, its shortened time and its note, for the obligation's page.
    expect(periods.body.items).toEqual([
      {
        key: '2026-11-01..2026-11-20',
        label: 'Báo cáo nhanh sự cố mã độc',
        start: '2026-11-01',
        end: '2026-11-20',
        deadline: '2026-11-23',
        deadlineWeekday: 1,
        deadlineWeekdayName: 'Thứ Hai',
        createOn: '2026-11-20',
        shortDeadline: false,
        note: 'Công văn 123/BTTTT-VP',
        requestedBy: { id: expect.any(String), fullName: 'Cán bộ vp_monitor' },
        requestedAt: res.body.requestedAt,
      },
    ]);
    const history = await get('vp_monitor', `/${adHoc}/history`);
    expect(history.body.at(-1)).toMatchObject({
      action: 'updated',
      note: 'Công văn 123/BTTTT-VP',
      changes: [{ field: 'requests.2026-11-01..2026-11-20', from: null, to: { label: 'Báo cáo nhanh sự cố mã độc', start: '2026-11-01', end: '2026-11-20', deadline: '2026-11-23', shortDeadline: false } }],
    });

    const again = await post('vp_monitor', `/${adHoc}/requests`, { label: 'Lần hai', start: '2026-11-01', end: '2026-11-20' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'end' })]);
    expect(await requests()).toBe(1);
  });

  it('the period works as a calendar one: each unit’s report task, the board, a submission, reminders of the missing, the .xlsx, the task’s report', async () => {
    expect(await generate(adHoc)).toMatchObject({ created: 3, failed: 0 });
    expect(await generate(adHoc)).toMatchObject({ created: 0, failed: 0 });
    const key = encodeURIComponent('2026-11-01..2026-11-20');
    const board = await get('vp_monitor', `/${adHoc}/periods/${key}/board`);
    expect(board.status).toBe(200);
    expect(board.body.period).toEqual({ key: '2026-11-01..2026-11-20', label: 'Báo cáo nhanh sự cố mã độc', start: '2026-11-01', end: '2026-11-20', deadline: '2026-11-23' });
    expect(board.body.units.map((l: { unit: { code: string }; status: string; deadline: string }) => `${l.unit.code} ${l.status} ${l.deadline}`)).toEqual([
      'DN in_progress_on_track 2026-11-23',
      'HN in_progress_on_track 2026-11-23',
      'HP in_progress_on_track 2026-11-23',
    ]);
    const hnTask = board.body.units.find((l: { unit: { code: string } }) => l.unit.code === 'HN').taskId;

    const report = await get('hn_staff', `/report-tasks/${hnTask}`);
    expect(report.status).toBe(200);
    expect(report.body.period).toEqual(board.body.period);
    expect(report.body.submission).toBeNull();

    const file = await api.http
      .post(`/api/tasks/${hnTask}/attachments`)
      .set(bearer(await token('hn_head')))
      .attach('file', pdf('HN'), { filename: 'Báo cáo HN.pdf', contentType: 'application/pdf' });
    expect(file.status).toBe(201);
    const submitted = await post('hn_head', `/${adHoc}/periods/${key}/submissions`, { attachmentIds: [file.body.id] });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({ unit: { code: 'HN' }, status: 'completed_on_time', submission: { result: 'Đã gửi báo cáo báo cáo nhanh sự cố mã độc: Báo cáo đột xuất về an toàn thông tin' } });
    expect((await get('hn_staff', `/report-tasks/${hnTask}`)).body.submission).toMatchObject({ files: [{ id: file.body.id }], confirmed: null });

    const reminded = await post('vp_monitor', `/${adHoc}/periods/${key}/reminders`, {});
    expect(reminded.status).toBe(200);
    expect(reminded.body).toMatchObject({ units: 2, unitCodes: ['DN', 'HP'], notReached: [] });
    const [{ body }] = await api.db.query(
      `SELECT n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'hp_head' AND n.kind = 'report_reminder'`,
    );
    expect(body).toContain('Sở TT&TT Hải Phòng chưa gửi báo cáo báo cáo nhanh sự cố mã độc (hạn 23/11/2026)');

    const xlsx = await api.http.get(`/api/report-obligations/${adHoc}/periods/${key}/board.xlsx`).set(bearer(await token('vp_monitor')));
    expect(xlsx.status).toBe(200);
    // A key that is no request of this obligation: 404 as for a calendar key that is not its periodicity's.
    expect((await get('vp_monitor', `/${adHoc}/periods/${encodeURIComponent('2026-11-02..2026-11-20')}/board`)).status).toBe(404);
  });

  it('a due date already past (a request made on paper, entered now; the working day waived): the reports are overdue at once, and a submission now is late', async () => {
    // Cut-off Wednesday 18/11, due that day as the letter said: two days ago. Requested a minute after the first.
    api.clock.set('2026-11-20T09:01:00+07:00');
    const res = await post('vp_monitor', `/${adHoc}/requests`, { label: 'Báo cáo theo Công văn 99', end: '2026-11-18', deadline: '2026-11-18', shortDeadline: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ key: '2026-11-18..2026-11-18', deadline: '2026-11-18', shortDeadline: true, createOn: '2026-11-20' });
    expect(await generate(adHoc)).toMatchObject({ created: 3, failed: 0 });
    const key = encodeURIComponent('2026-11-18..2026-11-18');
    const board = await get('vp_monitor', `/${adHoc}/periods/${key}/board`);
    expect(board.body.counts).toMatchObject({ in_progress_overdue: 3, total: 3 });
    const dnTask = board.body.units.find((l: { unit: { code: string } }) => l.unit.code === 'DN').taskId;
    const [task] = await api.db.query(`SELECT assigned_on::text AS assigned_on, deadline::text AS deadline FROM tasks WHERE id = $1`, [dnTask]);
    // Assigned on its due day (a task is not due before it is assigned), within this month.
    expect(task).toEqual({ assigned_on: '2026-11-18', deadline: '2026-11-18' });
    const file = await api.http
      .post(`/api/tasks/${dnTask}/attachments`)
      .set(bearer(await token('dn_head')))
      .attach('file', pdf('DN'), { filename: 'DN.pdf', contentType: 'application/pdf' });
    const late = await post('dn_head', `/${adHoc}/periods/${key}/submissions`, { attachmentIds: [file.body.id] });
    expect(late.status).toBe(201);
    expect(late.body.status).toBe('completed_late');
    const periods = await get('vp_monitor', `/${adHoc}/periods`);
    expect(periods.body.items.map((p: { key: string }) => p.key)).toEqual(['2026-11-01..2026-11-20', '2026-11-18..2026-11-18']);
  });

  it('a due date on a day off moves to the next working day (Civil Code art. 148(5))', async () => {
    const res = await post('vp_monitor', `/${adHoc}/requests`, { label: 'Cuối tuần', end: '2026-11-20', start: '2026-11-16', deadline: '2026-11-21' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ deadline: '2026-11-23', deadlineWeekdayName: 'Thứ Hai' });
  });
});
