import ExcelJS from 'exceljs';
import { bearer, startTestApi, TestApi } from './harness';

const HEADER = 'code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task';

describe('importing task registers (.csv and .xlsx)', () => {
  let api: TestApi;
  let monitor: string;
  const fingerprint = async () =>
    (await api.db.query(`SELECT (SELECT count(*) FROM tasks) || ':' || (SELECT count(*) FROM source_documents) || ':' || (SELECT count(*) FROM task_history) || ':' || (SELECT coalesce(max(updated_at)::text, '') FROM tasks) AS f`))[0].f;
  const upload = (token: string, body: Buffer | string, filename: string) =>
    api.http.post('/api/tasks/import').set(bearer(token)).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), filename);

  beforeAll(async () => {
    api = await startTestApi();
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VP', 'BO', 'Văn phòng Bộ');
    await api.fixtures.unit('VBC', 'BO', 'Vụ Bưu chính');
    await api.fixtures.user('vanphong', 'monitor', 'VP');
    await api.fixtures.user('cv.vbc', 'staff', 'VBC');
    await api.fixtures.user('truong.vbc', 'unit_head', 'VBC');
    monitor = await api.login('vanphong');
  });
  afterAll(() => api.close());

  const goodCsv = [
    HEADER,
    'SO-01,"Xây dựng Chiến lược phát triển bưu chính, giai đoạn 2021-2030",VBC,cv.vbc,2020-06-01,2020-06-30,30/06/2020,01/CT-BTTTT,1',
    'SO-02,Báo cáo tình hình thị trường bưu chính,VBC,,01/06/2020,15/06/2020,16/06/2020,,0',
    'SO-03,Tổng hợp ý kiến góp ý dự thảo Thông tư,VP,,2020-06-10,2020-06-20,,,',
    'SO-04,Trực ban thông tin hằng ngày,VP,,2020-01-02,,,,',
  ].join('\r\n');

  it('imports a UTF-8 CSV with a BOM, Vietnamese intact; importing it again changes nothing', async () => {
    const res = await upload(monitor, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodCsv, 'utf8')]), 'so-theo-doi.csv');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 4, updated: 0 });
    const [task] = await api.db.query(`SELECT title, assigned_on::text, deadline::text, state, completed_at FROM tasks WHERE code = 'SO-01'`);
    expect(task).toMatchObject({ title: 'Xây dựng Chiến lược phát triển bưu chính, giai đoạn 2021-2030', assigned_on: '2020-06-01', deadline: '2020-06-30', state: 'completed' });
    // Completed "on 30/06/2020" means at the end of that day in Hanoi.
    expect(new Date(task.completed_at).toISOString()).toBe('2020-06-30T16:59:59.999Z');
    const before = await fingerprint();
    const again = await upload(monitor, goodCsv, 'so-theo-doi.csv');
    expect(again.body).toEqual({ created: 0, updated: 0 });
    expect(await fingerprint()).toBe(before);
  });

  it('imported tasks count in reports exactly like tasks entered by hand', async () => {
    const res = await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(monitor));
    expect(res.body).toMatchObject({ total: 3, completedOnTime: { count: 1 }, completedLate: { count: 1 }, inProgressOverdue: { count: 1 }, noDeadline: 1 });
  });

  it('a corrected completion date is the one deliberate change of the past, and the history says so', async () => {
    await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(monitor)); // stored now
    const corrected = goodCsv.replace('01/06/2020,15/06/2020,16/06/2020', '01/06/2020,15/06/2020,15/06/2020');
    const res = await upload(monitor, corrected, 'so-theo-doi.csv');
    expect(res.body).toEqual({ created: 0, updated: 1 });
    const report = await api.http.get('/api/reports/briefing?month=2020-06').set(bearer(monitor));
    expect(report.body).toMatchObject({ stored: false, completedOnTime: { count: 2 }, completedLate: { count: 0 } });
    const [{ id }] = await api.db.query(`SELECT id FROM tasks WHERE code = 'SO-02'`);
    const history = await api.http.get(`/api/tasks/${id}/history`).set(bearer(monitor));
    expect(history.body.at(-1)).toMatchObject({ action: 'import_corrected', changes: [{ field: 'completedAt', from: '2020-06-16T16:59:59.999Z', to: '2020-06-15T16:59:59.999Z' }] });
  });

  it('imports an .xlsx workbook, dates typed as dates or text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(HEADER.split(','));
    ws.addRow(['XL-01', 'Hoàn thiện hồ sơ Cờ thi đua', 'VP', '', new Date(Date.UTC(2026, 10, 2)), '30/11/2026', '', 'QĐ-123/BTTTT', 1]);
    ws.addRow(['XL-02', 'Rà soát quy chế làm việc', 'VBC', 'cv.vbc', '2026-11-03', new Date(Date.UTC(2026, 11, 15)), '', '', 0]);
    const res = await upload(monitor, Buffer.from(await wb.xlsx.writeBuffer()), 'register.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 2, updated: 0 });
    const rows = await api.db.query(`SELECT code, assigned_on::text, deadline::text, is_key_task FROM tasks WHERE code LIKE 'XL-%' ORDER BY code`);
    expect(rows).toEqual([
      { code: 'XL-01', assigned_on: '2026-11-02', deadline: '2026-11-30', is_key_task: true },
      { code: 'XL-02', assigned_on: '2026-11-03', deadline: '2026-12-15', is_key_task: false },
    ]);
    const [doc] = await api.db.query(`SELECT number FROM source_documents WHERE number = 'QĐ-123/BTTTT'`);
    expect(doc).toBeDefined();
  });

  it('lists every bad cell by row and column and writes nothing', async () => {
    const before = await fingerprint();
    const bad = [
      HEADER,
      'B-01,,NOPE,ghost,31/02/2020,2020-06-30,,,2',
      'B-02,Được,VBC,,2020-06-10,2020-06-01,2020-06-05,,',
      'B-01,Trùng mã,VBC,,2020-06-10,,,,',
      'B-04,Ngày tương lai,VBC,,2099-01-01,,,,',
      'B-05,Sai đơn vị của người,VP,cv.vbc,2020-06-10,,,,',
      'B-06,Hợp lệ,VBC,,2020-06-10,,,,',
    ].join('\n');
    const res = await upload(monitor, bad, 'bad.csv');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    const cells = res.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(cells).toEqual(['2:title', '2:lead_unit', '2:assignee', '2:assigned_on', '2:key_task', '3:due_on', '3:completed_on', '4:code', '5:assigned_on', '6:assignee']);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['a wrong header', 'code,title,unit\nX,Y,Z', 'wrong.csv', /header/],
    ['an empty file', '', 'empty.csv', /empty/],
    ['a header without rows', HEADER + '\n\n', 'header-only.csv', /no task rows/],
    ['text that is not UTF-8', Buffer.from('code,title\nX,Ti\xean\n', 'latin1'), 'latin1.csv', /UTF-8/],
    ['a broken workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]), 'broken.xlsx', /xlsx/],
  ])('refuses %s with 422 and writes nothing', async (_name, body, filename, message) => {
    const before = await fingerprint();
    const res = await upload(monitor, body as Buffer | string, filename);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toMatch(message);
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a 10 MB file with 413 before reading it, and writes nothing', async () => {
    const before = await fingerprint();
    const line = 'BIG-000000,Nhiệm vụ trong sổ rất lớn để kiểm tra giới hạn kích thước tệp,VBC,,2020-06-10,2020-06-30,,,\n';
    const big = HEADER + '\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(line)));
    expect(Buffer.byteLength(big)).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    const res = await upload(monitor, big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await fingerprint()).toBe(before);
  });

  it('400 without a file; 403 for unit heads and staff', async () => {
    expect((await api.http.post('/api/tasks/import').set(bearer(monitor)).field('x', 'y')).status).toBe(400);
    for (const user of ['truong.vbc', 'cv.vbc']) {
      expect((await upload(await api.login(user), goodCsv, 'x.csv')).status).toBe(403);
    }
  });

  it('serves the template as .xlsx and .csv, which import as they are', async () => {
    const xlsx = await api.http.get('/api/tasks/import/template').set(bearer(monitor)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
    const csv = await api.http.get('/api/tasks/import/template?format=csv').set(bearer(monitor));
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
    const imported = await upload(monitor, csv.text, 'template.csv');
    expect(imported.status).toBe(201);
    expect((await api.http.get('/api/tasks/import/template?format=pdf').set(bearer(monitor))).status).toBe(400);
  });
});
