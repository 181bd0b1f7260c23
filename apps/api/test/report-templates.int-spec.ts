import { AttachmentsService } from '@tiendo/server-attachments';
import { HolidaysService } from '@tiendo/server-calendar';
import { ReportTaskGenerator } from '@tiendo/server-report-obligations';
import { TasksService } from '@tiendo/server-tasks';
import { readdirSync } from 'node:fs';
import { bearer, startTestApi, TestApi } from './harness';

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n%%EOF\n`);

/** Reads a download's body as bytes whatever its content type. */
function bytesParser(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * An obligation's report template over HTTP (mẫu báo cáo, issue #11: "an obligation has … a template file"): set
 * (`PUT /:id/template`, multipart `file`, the attachments' limits and checks), downloaded by whoever reads the
 * obligation (the reporting units' people, from their report task's view), replaced without losing the old file (the
 * history names both, the store keeps both, the purge of unreferenced bytes leaves them), removed. The clock stands
 * on Friday 20/11/2026.
 *
 * BO ─┬─ VP (the Ministry Office: receives)   ├─ HN, HP (report monthly)   └─ OTHER
 */
describe('report templates', () => {
  let api: TestApi;
  let id: string;
  const token = (username: string) => api.login(username);
  const put = async (username: string, file: Buffer | null, name = 'Mẫu báo cáo tháng.pdf') => {
    const req = api.http.put(`/api/report-obligations/${id}/template`).set(bearer(await token(username)));
    return file ? req.attach('file', file, { filename: name, contentType: 'application/pdf' }) : req.field('note', 'no file');
  };
  const download = async (username: string) =>
    api.http
      .get(`/api/report-obligations/${id}/template`)
      .set(bearer(await token(username)))
      .buffer(true)
      .parse(bytesParser as never);
  const read = async (username = 'vp_monitor') => (await api.http.get(`/api/report-obligations/${id}`).set(bearer(await token(username)))).body;
  const stored = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM stored_files`)) as Array<{ n: number }>)[0].n;

  beforeAll(async () => {
    api = await startTestApi();
    const f = api.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO', 'Văn phòng Bộ');
    await f.unit('HN', 'BO', 'Sở TT&TT Hà Nội');
    await f.unit('HP', 'BO', 'Sở TT&TT Hải Phòng');
    await f.unit('OTHER', 'BO');
    await f.user('admin1', 'admin', 'BO');
    await f.user('leader1', 'leader', 'BO');
    await f.user('vp_monitor', 'monitor', 'VP');
    await f.user('vp_staff', 'staff', 'VP');
    await f.user('hn_head', 'unit_head', 'HN');
    await f.user('hn_staff', 'staff', 'HN');
    await f.user('other_staff', 'staff', 'OTHER');
    const res = await api.http
      .post('/api/report-obligations')
      .set(bearer(await token('vp_monitor')))
      .send({
        code: 'BC-MAU',
        name: 'Báo cáo tình hình ứng dụng công nghệ thông tin',
        periodicity: 'monthly',
        receivingUnitCode: 'VP',
        reportingUnits: [{ unitCode: 'HN' }, { unitCode: 'HP' }],
        startsOn: '2026-11-01',
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ templateFileId: null, template: null });
    id = res.body.id;
  });
  afterAll(() => api.close());

  it('the Ministry Office sets the template: checked and stored as a task’s file, its name and size on the obligation, the version unchanged, in the history', async () => {
    const before = await read();
    const res = await put('vp_monitor', pdf('mẫu 1'));
    expect(res.status).toBe(200);
    expect(res.body.template).toEqual({ id: res.body.templateFileId, name: 'Mẫu báo cáo tháng.pdf', size: pdf('mẫu 1').length, contentType: 'application/pdf', uploadedAt: '2026-11-20T02:00:00.000Z' });
    expect(res.body.version).toBe(before.version);
    expect(await read('hn_staff')).toMatchObject({ templateFileId: res.body.templateFileId, template: { name: 'Mẫu báo cáo tháng.pdf' } });
    const history = (await api.http.get(`/api/report-obligations/${id}/history`).set(bearer(await token('vp_monitor')))).body;
    expect(history.at(-1)).toMatchObject({ action: 'updated', actor: { fullName: 'Cán bộ vp_monitor' }, changes: [{ field: 'template', from: null, to: { id: res.body.templateFileId, name: 'Mẫu báo cáo tháng.pdf' } }] });
    expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
  });

  it('whoever reads the obligation downloads it (the reporting units too), as a task’s file is served; others 404', async () => {
    for (const username of ['hn_staff', 'hn_head', 'vp_staff', 'leader1', 'admin1']) {
      const res = await download(username);
      expect({ username, status: res.status }).toEqual({ username, status: 200 });
      expect((res.body as Buffer).equals(pdf('mẫu 1'))).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Mẫu báo cáo tháng.pdf')}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await download('other_staff')).status).toBe(404);
  });

  it('only who manages the obligation sets or removes it: a reporting unit’s head, staff and leaders are refused, nothing written', async () => {
    const files = await stored();
    for (const username of ['hn_head', 'hn_staff', 'vp_staff', 'leader1']) {
      expect({ username, status: (await put(username, pdf('x'))).status }).toEqual({ username, status: 403 });
      const del = await api.http.delete(`/api/report-obligations/${id}/template`).set(bearer(await token(username)));
      expect({ username, status: del.status }).toEqual({ username, status: 403 });
    }
    expect((await put('other_staff', pdf('x'))).status).toBe(403);
    expect(await stored()).toBe(files);
    expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
  });

  it('a bad upload is refused by the attachments’ rules, the template unchanged', async () => {
    const template = (await read()).template;
    const empty = await put('vp_monitor', Buffer.alloc(0), 'rỗng.pdf');
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'ATTACHMENT_EMPTY' })]);
    const fake = await put('vp_monitor', Buffer.from('MZ this is no PDF'), 'giả.pdf');
    expect(fake.status).toBe(422);
    expect(fake.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const none = await put('vp_monitor', null);
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    expect((await read()).template).toEqual(template);
    expect(readdirSync(api.config.UPLOAD_TMP_DIR)).toEqual([]);
  });

  it('replacing keeps the old file: the history names both, both rows and both stored files stay, through the purge of unreferenced bytes', async () => {
    const first = (await read()).template;
    const res = await put('admin1', pdf('mẫu 2'), 'Mẫu báo cáo tháng (sửa đổi).pdf');
    expect(res.status).toBe(200);
    expect(res.body.template.name).toBe('Mẫu báo cáo tháng (sửa đổi).pdf');
    const history = (await api.http.get(`/api/report-obligations/${id}/history`).set(bearer(await token('vp_monitor')))).body;
    expect(history.at(-1).changes).toEqual([
      { field: 'template', from: expect.objectContaining({ id: first.id, name: 'Mẫu báo cáo tháng.pdf' }), to: expect.objectContaining({ id: res.body.template.id, name: 'Mẫu báo cáo tháng (sửa đổi).pdf' }) },
    ]);
    expect(await api.app.get(AttachmentsService).purgeExpired()).toEqual({ rows: 0, blobs: 0 });
    const old = await api.app.get(AttachmentsService).openStored(first.id);
    const chunks: Buffer[] = [];
    for await (const c of old.bytes) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(pdf('mẫu 1'))).toBe(true);
    // The rows are append-only: the database refuses to rewrite one.
    await expect(api.db.query(`DELETE FROM stored_files WHERE id = $1`, [first.id])).rejects.toThrow(/append-only/);
    expect((await download('hn_staff')).body.equals(pdf('mẫu 2'))).toBe(true);
  });

  it('the report task’s view tells the template, so the submit screen offers it to the unit', async () => {
    const generator = new ReportTaskGenerator(api.db, api.app.get(TasksService, { strict: false }), api.app.get(HolidaysService, { strict: false }), api.clock);
    // November's period (due 16/11) was due to exist on 09/11: the obligation's own run creates it now.
    expect(await generator.runFor(id)).toMatchObject({ created: 2, failed: 0 });
    const [{ task_id }] = await api.db.query(`SELECT rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id WHERE rt.obligation_id = $1 AND u.code = 'HN'`, [id]);
    const report = await api.http.get(`/api/report-obligations/report-tasks/${task_id}`).set(bearer(await token('hn_staff')));
    expect(report.status).toBe(200);
    expect(report.body.obligation.template).toMatchObject({ name: 'Mẫu báo cáo tháng (sửa đổi).pdf', contentType: 'application/pdf', size: pdf('mẫu 2').length });
    expect(report.body.period).toMatchObject({ key: '2026-11', deadline: '2026-11-16' });
  });

  it('removing it: the obligation without one, the download 404, the file kept and named by the history; removing again 404', async () => {
    const current = (await read()).template;
    const files = await stored();
    const res = await api.http.delete(`/api/report-obligations/${id}/template`).set(bearer(await token('vp_monitor')));
    expect(res.status).toBe(204);
    expect(await read()).toMatchObject({ templateFileId: null, template: null });
    expect((await download('hn_staff')).status).toBe(404);
    expect(await stored()).toBe(files);
    const history = (await api.http.get(`/api/report-obligations/${id}/history`).set(bearer(await token('vp_monitor')))).body;
    expect(history.at(-1).changes).toEqual([{ field: 'template', from: expect.objectContaining({ id: current.id }), to: null }]);
    expect((await api.http.delete(`/api/report-obligations/${id}/template`).set(bearer(await token('vp_monitor')))).status).toBe(404);
  });

  it('a unit that leads one of its report tasks reads the obligation and its template, though neither listed nor of the kind (the successor of a merge)', async () => {
    expect((await put('admin1', pdf('mẫu 3'), 'Mẫu 3.pdf')).status).toBe(200);
    expect((await download('other_staff')).status).toBe(404);
    // A merge moves the reporting unit's tasks to its successor (UnitsService's change, with its dated record); here
    // the move alone.
    const [{ task_id }] = await api.db.query(`SELECT rt.task_id FROM report_tasks rt JOIN units u ON u.id = rt.unit_id WHERE rt.obligation_id = $1 AND u.code = 'HP'`, [id]);
    await api.db.query(`UPDATE tasks SET lead_unit_id = $2 WHERE id = $1`, [task_id, api.fixtures.unitId('OTHER')]);
    const res = await download('other_staff');
    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(pdf('mẫu 3'))).toBe(true);
    const report = await api.http.get(`/api/report-obligations/report-tasks/${task_id}`).set(bearer(await token('other_staff')));
    expect(report.status).toBe(200);
    expect(report.body.obligation.template).toMatchObject({ name: 'Mẫu 3.pdf' });
  });
});
