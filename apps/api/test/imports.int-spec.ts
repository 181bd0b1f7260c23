import { RegisterReader } from '@tiendo/server-imports';
import ExcelJS from 'exceljs';
import { bombSheet, commaLinesCsv, commasLineCsv, emptyFieldsCsv, emptyLinesCsv, manyRowsXlsx, REGISTER_KEYS, SHEET_CLOSE, SHEET_OPEN, workbookWith } from '@tiendo/server-testing';
import { PassThrough } from 'node:stream';
import { bearer, startTestApi, TestApi } from './harness';

const HEADER = REGISTER_KEYS;
const TITLES = ['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Đơn vị chủ trì', 'Người thực hiện', 'Ngày giao', 'Hạn xử lý', 'Ngày hoàn thành', 'Số văn bản giao nhiệm vụ', 'Nhiệm vụ trọng tâm'];
/** Vietnamese letters: a message without one is not Vietnamese. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

/** A dry run's answer when no existing task changes its lead unit or deadline. */
const previewOf = (counts: { created: number; updated: number; newDocuments: string[] }) => ({ ...counts, leadUnitChanges: [], deadlineChanges: [], correctsPast: false, notice: null });

// Hostile files (libs/server/testing: hostile-registers.ts, shared with bench:import): 300,000 rows in 1.5 MB.
const manyRowsXlsxFile = () => manyRowsXlsx(300_000);

describe('importing task registers (.csv and .xlsx)', () => {
  let api: TestApi;
  let monitor: string;
  const fingerprint = async () =>
    (await api.db.query(`SELECT (SELECT count(*) FROM tasks) || ':' || (SELECT count(*) FROM source_documents) || ':' || (SELECT count(*) FROM task_history) || ':' || (SELECT count(*) FROM task_events) || ':' || (SELECT coalesce(max(updated_at)::text, '') FROM tasks) AS f`))[0].f;
  const upload = (token: string, body: Buffer | string, filename: string, opts: { dryRun?: boolean; confirm?: string[] } = {}) => {
    const req = api.http.post(`/api/tasks/import${opts.dryRun ? '?dryRun=true' : ''}`).set(bearer(token));
    if (opts.confirm) req.field('confirmedDocuments', JSON.stringify(opts.confirm));
    return req.attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), filename);
  };

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

  it('an unknown source document is created only once confirmed: the dry run lists it, an unconfirmed import is refused naming it', async () => {
    const before = await fingerprint();
    const preview = await upload(monitor, goodCsv, 'so-theo-doi.csv', { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual(previewOf({ created: 4, updated: 0, newDocuments: ['01/CT-BTTTT'] }));
    expect(await fingerprint()).toBe(before);

    const refused = await upload(monitor, goodCsv, 'so-theo-doi.csv');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('IMPORT_NEW_DOCUMENTS');
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'source_document', column: 'Số văn bản giao nhiệm vụ', rule: 'newDocument', value: '01/CT-BTTTT' }),
    ]);
    expect(refused.body.message).toMatch(VIETNAMESE);
    expect(await fingerprint()).toBe(before);

    const otherConfirmed = await upload(monitor, goodCsv, 'so-theo-doi.csv', { confirm: ['99/QĐ-KHAC'] });
    expect(otherConfirmed.status).toBe(422);
    expect(await fingerprint()).toBe(before);
    const notAList = await api.http.post('/api/tasks/import').set(bearer(monitor)).field('confirmedDocuments', '01/CT-BTTTT').attach('file', Buffer.from(goodCsv), 'so-theo-doi.csv');
    expect(notAList.status).toBe(400);
    expect(await fingerprint()).toBe(before);
  });

  it('imports a UTF-8 CSV with a BOM, Vietnamese intact; importing it again changes nothing', async () => {
    const res = await upload(monitor, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodCsv, 'utf8')]), 'so-theo-doi.csv', { confirm: ['01/ct-btttt'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 4, updated: 0 });
    const [task] = await api.db.query(`SELECT title, assigned_on::text, deadline::text, state, completed_at FROM tasks WHERE code = 'SO-01'`);
    expect(task).toMatchObject({ title: 'Xây dựng Chiến lược phát triển bưu chính, giai đoạn 2021-2030', assigned_on: '2020-06-01', deadline: '2020-06-30', state: 'completed' });
    // Completed "on 30/06/2020" means at the end of that day in Hanoi.
    expect(new Date(task.completed_at).toISOString()).toBe('2020-06-30T16:59:59.999Z');
    expect(await api.db.query(`SELECT number FROM source_documents WHERE upper(number) = '01/CT-BTTTT'`)).toEqual([{ number: '01/CT-BTTTT' }]);
    const before = await fingerprint();
    expect((await upload(monitor, goodCsv, 'so-theo-doi.csv', { dryRun: true })).body).toEqual(previewOf({ created: 0, updated: 0, newDocuments: [] }));
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
    expect((await upload(monitor, corrected, 'so-theo-doi.csv', { dryRun: true })).body).toEqual(previewOf({ created: 0, updated: 1, newDocuments: [] }));
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
    const res = await upload(monitor, Buffer.from(await wb.xlsx.writeBuffer()), 'register.xlsx', { confirm: ['QĐ-123/BTTTT'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 2, updated: 0 });
    const rows = await api.db.query(`SELECT code, assigned_on::text, deadline::text, is_key_task FROM tasks WHERE code LIKE 'XL-%' ORDER BY code`);
    expect(rows).toEqual([
      { code: 'XL-01', assigned_on: '2026-11-02', deadline: '2026-11-30', is_key_task: true },
      { code: 'XL-02', assigned_on: '2026-11-03', deadline: '2026-12-15', is_key_task: false },
    ]);
  });

  describe('Vietnamese text in large workbooks comes through whole', () => {
    /** Titles dense in multi-byte letters, different on each row, so that inflated chunks end inside letters. */
    const title = (i: number) => `Xây dựng báo cáo tổng hợp tình hình thực hiện nhiệm vụ số ${i} — rà soát, đánh giá (${'ưỡng'.repeat(i % 7)})`;
    /** A register written by exceljs's streaming writer: titles in shared strings, or inline (plain and rich text). */
    const register = async (prefix: string, rows: number, shared: boolean) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: shared });
      const ws = wb.addWorksheet('Nhiệm vụ');
      ws.addRow(HEADER.split(',')).commit();
      for (let i = 1; i <= rows; i++) {
        const t = title(i);
        const value = !shared && i % 2 === 0 ? { richText: [{ text: t.slice(0, 25) }, { text: t.slice(25), font: { italic: true } }] } : t;
        ws.addRow([`${prefix}-${i}`, value, 'VBC', '', '10/06/2020', '', '', '', '']).commit();
      }
      ws.commit();
      await wb.commit();
      return Buffer.concat(chunks);
    };

    it.each([
      ['3,000 rows, titles in shared strings', 'VNS', 3000, true],
      // About 1 MB of sheet XML: inflated in dozens of chunks, so many a chunk ends inside a letter.
      ['5,000 rows, titles inline (half rich text)', 'VNI', 5000, false],
    ])('%s: every stored title equals the one written', async (_name, prefix, rows, shared) => {
      const res = await upload(monitor, await register(prefix, rows, shared), `${prefix}.xlsx`);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ created: rows, updated: 0 });
      const stored: Array<{ code: string; title: string }> = await api.db.query(`SELECT code, title FROM tasks WHERE code LIKE $1`, [`${prefix}-%`]);
      expect(stored).toHaveLength(rows);
      const wrong = stored.filter((t) => t.title !== title(Number(t.code.slice(prefix.length + 1))).normalize('NFC') || t.title.includes('\uFFFD'));
      expect(wrong).toEqual([]);
    });

    it('a sheet with bytes that are not UTF-8 is refused (422), not read with U+FFFD', async () => {
      const before = await fingerprint();
      const row = (cells: string[]) => `<row>${cells.map((c) => `<c t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
      const sheet = Buffer.concat([
        Buffer.from(SHEET_OPEN + row(HEADER.split(',')) + '<row><c t="inlineStr"><is><t>', 'utf8'),
        Buffer.from('BAD-1</t></is></c><c t="inlineStr"><is><t>Ti\xean', 'latin1'),
        Buffer.from('</t></is></c></row>' + SHEET_CLOSE, 'utf8'),
      ]);
      const res = await upload(monitor, workbookWith(sheet), 'latin1.xlsx');
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'IMPORT_INVALID', errors: [{ rule: 'xlsxNotUtf8' }] });
      expect(res.body.errors[0].message).toMatch(VIETNAMESE);
      expect(await fingerprint()).toBe(before);
    });
  });

  it('imports an .xlsx whose rows and cells leave out their optional r attributes, by position', async () => {
    const row = (cells: string[], r = '') => `<row${r}>${cells.map((c) => (c === '' ? '<c/>' : `<c t="inlineStr"><is><t>${c}</t></is></c>`)).join('')}</row>`;
    const sheet = (unit: string) =>
      Buffer.from(
        SHEET_OPEN +
          row(HEADER.split(',')) +
          row(['NR-1', 'Tổng hợp báo cáo tháng', 'VBC', '', '10/06/2020', '30/06/2020', '', '', '1']) +
          row(['NR-2', 'Rà soát quy chế', unit, 'cv.vbc', '2020-06-11']) +
          SHEET_CLOSE,
        'utf8',
      );
    const wrong = await upload(monitor, workbookWith(sheet('NOPE')), 'khong-r.xlsx', { dryRun: true });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'lead_unit', value: 'NOPE' })]);
    const res = await upload(monitor, workbookWith(sheet('VBC')), 'khong-r.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: 2, updated: 0 });
    const rows = await api.db.query(`SELECT code, title, assigned_on::text, deadline::text, is_key_task FROM tasks WHERE code LIKE 'NR-%' ORDER BY code`);
    expect(rows).toEqual([
      { code: 'NR-1', title: 'Tổng hợp báo cáo tháng', assigned_on: '2020-06-10', deadline: '2020-06-30', is_key_task: true },
      { code: 'NR-2', title: 'Rà soát quy chế', assigned_on: '2020-06-11', deadline: null, is_key_task: false },
    ]);
  });

  it('reads the header by Vietnamese titles or English keys, in any order, and answers in Vietnamese titles', async () => {
    const titles = [TITLES[1], TITLES[0], ...TITLES.slice(2)].map((t) => t.toUpperCase());
    const csv = [titles.join(','), 'Rà soát danh mục,VT-01,VBC,,2026-11-02,,,,', 'Trùng mã,VT-01,VBC,,2026-11-02,,,,'].join('\n');
    const res = await upload(monitor, csv, 'tieu-de-viet.csv');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'code', column: 'Mã nhiệm vụ', rule: 'duplicateInFile' })]);
    const ok = await upload(monitor, csv.split('\n').slice(0, 2).join('\n'), 'tieu-de-viet.csv');
    expect(ok.body).toEqual({ created: 1, updated: 0 });
    const mixed = await upload(monitor, 'code,title,Đơn vị chủ trì,Người thực hiện,Ngày giao,due_on,completed_on,source_document,key_task\nVT-02,Hỗn hợp,VP,,2026-11-02,,,,', 'mixed.csv');
    expect(mixed.body).toEqual({ created: 1, updated: 0 });
  });

  it('lists every bad cell by row and Vietnamese column title, with its rule, in Vietnamese, and writes nothing', async () => {
    const before = await fingerprint();
    const bad = [
      HEADER,
      'B-01,,NOPE,ghost,31/02/2020,2020-06-30,,,2',
      'B-02,Được,VBC,,2020-06-10,2020-06-01,2020-06-05,,',
      'B-01,Trùng mã,VBC,,2020-06-10,,,,',
      'B-04,Ngày tương lai,VBC,,2099-01-01,,,,',
      'B-05,Sai đơn vị của người,VP,cv.vbc,2020-06-10,,,,',
      'B-06,Hợp lệ,VBC,,2020-06-10,,,,',
      'B-07,Có ký tự \u0000 NUL,VBC,,2020-06-10,,,,',
    ].join('\n');
    const res = await upload(monitor, bad, 'bad.csv');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    const cells = res.body.errors.map((e: { row: number; column: string; rule: string }) => `${e.row}:${e.column}:${e.rule}`);
    expect(cells).toEqual([
      '2:Tên nhiệm vụ:isNotEmpty',
      '2:Đơn vị chủ trì:UNKNOWN_UNIT',
      '2:Người thực hiện:UNKNOWN_USER',
      '2:Ngày giao:isLocalDate',
      '2:Nhiệm vụ trọng tâm:isIn',
      '3:Hạn xử lý:DEADLINE_BEFORE_ASSIGNMENT',
      '3:Ngày hoàn thành:completedBeforeAssignment',
      '4:Mã nhiệm vụ:duplicateInFile',
      '5:Ngày giao:ASSIGNED_ON_IN_FUTURE',
      '6:Người thực hiện:ASSIGNEE_OUTSIDE_UNIT',
      '8:Tên nhiệm vụ:noNulCharacter',
    ]);
    expect(res.body.errors[1]).toMatchObject({ field: 'lead_unit', value: 'NOPE' });
    for (const e of [res.body, ...res.body.errors]) {
      expect(e.message).toMatch(VIETNAMESE);
      // No English in brackets, no raw column keys.
      expect(e.message).not.toMatch(/\((unknown|use|duplicate|in the future|deadline|before|code|title|date)\b|lead_unit|assigned_on|due_on|completed_on|key_task/);
    }
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['a header naming an unknown column', 'code,title,unit\nX,Y,Z', 'wrong.csv', 422, 'headerUnknown'],
    ['an empty file', '', 'empty.csv', 422, 'emptyFile'],
    ['a header without rows', HEADER + '\n\n', 'header-only.csv', 422, 'noRows'],
    ['text that is not UTF-8', Buffer.from('code,title\nX,Ti\xean\n', 'latin1'), 'latin1.csv', 422, 'notUtf8'],
    ['a broken workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]), 'broken.xlsx', 422, 'notXlsx'],
    ['a text file named .xlsx', HEADER, 'fake.xlsx', 422, 'notXlsx'],
  ])('refuses %s and writes nothing', async (_name, body, filename, status, rule) => {
    const before = await fingerprint();
    const res = await upload(monitor, body as Buffer | string, filename);
    expect(res.status).toBe(status);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.errors[0].rule).toBe(rule);
    expect(res.body.errors[0].message).toMatch(VIETNAMESE);
    expect(await fingerprint()).toBe(before);
  });

  it('says in Vietnamese why a CSV or an .xlsx cannot be read, naming the line and column, with no English from the parsers', async () => {
    const english = /\b(invalid|quote|closing|opening|line|record|delimiter|parsing|finished|expect|got|max|size|field|column|length|instead|error|end of|unexpected|zip|inflate|header|signature)\b/i;
    const cases: Array<[string, Buffer | string, string, { rule: string; row: number }, RegExp?]> = [
      ['a quote inside a quoted cell', `${HEADER}\nQ-1,"Việc "có" ngoặc",VBC,,2020-06-10,,,,`, 'ngoac.csv', { rule: 'csvClosingQuote', row: 2 }, /dòng 2, cột 2/],
      ['a quote in the middle of a cell', `${HEADER}\nQ-1,Việc "có" ngoặc,VBC,,2020-06-10,,,,`, 'ngoac-giua.csv', { rule: 'csvOpeningQuote', row: 2 }, /dòng 2, cột 2/],
      ['a quote never closed', `${HEADER}\nQ-1,Đúng,VBC,,2020-06-10,,,,\nQ-2,"Mở mà không đóng,VBC,,2020-06-10,,,,\n${'Q-3,x,VBC,,2020-06-10,,,,\n'.repeat(5000)}`, 'mo-ngoac.csv', { rule: 'csvQuoteNotClosed', row: 3 }, /dòng 3\b/],
      ['a sheet that is not XML', workbookWith(Buffer.from(`${SHEET_OPEN}<row r="1"><c r="A1" t="inlineStr"><is><t>code</t></row>`, 'utf8')), 'hong.xlsx', { rule: 'notXlsx', row: 0 }],
      ['an .xlsx whose sheet is cut short', workbookWith(Buffer.from(`${SHEET_OPEN}<row r="1">`, 'utf8')).subarray(0, 900), 'cut.xlsx', { rule: 'notXlsx', row: 0 }],
    ];
    for (const [name, body, filename, expected, where] of cases) {
      const before = await fingerprint();
      const res = await upload(monitor, body, filename, { dryRun: true });
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 422, code: 'IMPORT_INVALID' });
      expect(res.body.errors).toEqual([expect.objectContaining(expected)]);
      for (const message of [res.body.message, res.body.errors[0].message]) {
        expect(message).toMatch(VIETNAMESE);
        expect(message).not.toMatch(english);
        if (where) expect(message).toMatch(where);
      }
      expect(await fingerprint()).toBe(before);
    }
  });

  it('refuses a 10 MB upload with 413 while it arrives, in Vietnamese, and writes nothing', async () => {
    const before = await fingerprint();
    const line = 'BIG-000000,Nhiệm vụ trong sổ rất lớn để kiểm tra giới hạn kích thước tệp,VBC,,2020-06-10,2020-06-30,,,\n';
    const big = HEADER + '\n' + line.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(line)));
    const res = await upload(monitor, big, 'big.csv');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.body.message).toMatch(/5 MB/);
    expect(res.body.message).toMatch(VIETNAMESE);
    expect(await fingerprint()).toBe(before);
  });

  describe('hostile files: refused early, nothing written', () => {
    it('a CSV over the row limit (50,000 task rows) gets 413', async () => {
      const before = await fingerprint();
      const rows = Array.from({ length: 50_001 }, (_, i) => `R-${i},Nhiệm vụ ${i},VBC,,2020-06-10,,,,`);
      const res = await upload(monitor, [HEADER, ...rows].join('\n'), 'rows.csv');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', errors: [{ rule: 'tooManyRows', row: 50_002 }] });
      expect(res.body.message).toMatch(/50\.000/);
      expect(await fingerprint()).toBe(before);
    });

    it('an .xlsx of 1.5 MB that unpacks to 300,000 rows gets 413 at the first row past the limit', async () => {
      const file = manyRowsXlsxFile();
      expect(file.length).toBeLessThan(2 * 1024 * 1024);
      const before = await fingerprint();
      const res = await upload(monitor, file, 'trieu-dong.xlsx');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', errors: [{ rule: 'tooManyRows', row: 50_002 }] });
      expect(await fingerprint()).toBe(before);
    });

    it('a zip bomb that declares its size honestly (100 MB from 0.5 MB) is refused before anything is inflated', async () => {
      const bomb = workbookWith(bombSheet(100));
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const before = await fingerprint();
      const res = await upload(monitor, bomb, 'bom.xlsx');
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', errors: [{ rule: 'unpackedTooLarge' }] });
      expect(await fingerprint()).toBe(before);
    });

    it('a zip bomb within the declared total but compressed a thousand times is refused by its ratio', async () => {
      const res = await upload(monitor, workbookWith(bombSheet(48)), 'bom-ti-le.xlsx'); // 48 MB from 0.25 MB
      expect(res.status).toBe(413);
      expect(res.body.errors[0].rule).toBe('compressionRatio');
    });

    it('a zip bomb that lies about its size (declares 1 MB, inflates to 100 MB) is stopped when it passes what it declared', async () => {
      const before = await fingerprint();
      const res = await upload(monitor, workbookWith(bombSheet(100), 1024 * 1024), 'bom-noi-doi.xlsx');
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'IMPORT_INVALID', errors: [{ rule: 'sizeMismatch' }] });
      expect(await fingerprint()).toBe(before);
    });

    it('a CSV of the header and one line of 5,000,000 commas is refused at its first chunk, 413 naming the line; lines of thousands of empty fields are read', async () => {
      const before = await fingerprint();
      const file = commasLineCsv();
      expect(file.length).toBeLessThan(5 * 1024 * 1024);
      const res = await upload(monitor, file, 'dau-phay.csv', { dryRun: true });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', errors: [{ rule: 'csvTooManyFields', row: 2 }] });
      expect(res.body.message).toMatch(/dòng 2\b.*16\.384/i);
      expect(res.body.message).toMatch(VIETNAMESE);
      // Short lines of 4,000 empty fields each (Excel may save a sheet that wide): read, nothing in them.
      const empty = await upload(monitor, emptyFieldsCsv(), 'o-trong.csv', { dryRun: true });
      expect(empty.status).toBe(422);
      expect(empty.body.errors[0].rule).toBe('noRows');
      expect(await fingerprint()).toBe(before);
    });

    // How long each takes is measured by `npm run bench:import` (hostile files), not by a timed test.
    it('a CSV of 5,000,000 empty lines is read (422 noRows); one of 2,500,000 lines of a comma is 413 at its 100,001st line', async () => {
      const before = await fingerprint();
      const empty = await upload(monitor, emptyLinesCsv(), 'dong-trong.csv', { dryRun: true });
      expect(empty.status).toBe(422);
      expect(empty.body.errors[0].rule).toBe('noRows');
      const commas = await upload(monitor, commaLinesCsv(), 'dong-dau-phay.csv', { dryRun: true });
      expect(commas.status).toBe(413);
      expect(commas.body).toMatchObject({ code: 'IMPORT_TOO_LARGE', errors: [{ rule: 'csvTooManyLines', row: 100_001 }] });
      expect(commas.body.message).toMatch(VIETNAMESE);
      expect(await fingerprint()).toBe(before);
    });

    it('the API answers other requests while a register is being read: /api/health comes back before the reading ends', async () => {
      const reader = api.app.get(RegisterReader);
      const file = manyRowsXlsxFile();
      const order: string[] = [];
      reader.events.once('read', () => order.push('read'));
      const reading = new Promise<void>((resolve) => reader.events.once('reading', resolve));
      const importing = upload(monitor, file, 'trieu-dong.xlsx').then((res) => {
        order.push('import');
        return res;
      });
      await reading;
      const health = await api.http.get('/api/health');
      order.push('health');
      expect(health.status).toBe(200);
      expect((await importing).status).toBe(413);
      // Reading the file holds a worker thread, not the event loop: health was answered in the middle of it.
      expect(order).toEqual(['health', 'read', 'import']);
    });
  });

  it('a register row keeps the sub-task rules: a sub-task within its parent’s unit and deadline, a parent not before its open sub-tasks', async () => {
    const head = await api.login('truong.vbc');
    const parent = await api.http.post('/api/tasks').set(bearer(monitor)).send({ code: 'CHA-NK', title: 'Nhiệm vụ cha', leadUnitCode: 'VBC', deadline: '2026-12-20' });
    const child = await api.http.post('/api/tasks').set(bearer(head)).send({ code: 'CON-NK', title: 'Nhiệm vụ con', leadUnitCode: 'VBC', deadline: '2026-12-10', parentTaskId: parent.body.id });
    expect([parent.status, child.status]).toEqual([201, 201]);
    const register = (rows: string[]) => [HEADER, ...rows].join('\r\n');
    const before = await fingerprint();
    const bad = register([
      'CHA-NK,Nhiệm vụ cha,VBC,,2026-11-20,2026-12-05,,,', // before its open sub-task's 10/12/2026
      'CON-NK,Nhiệm vụ con,VP,,2026-11-20,2026-12-25,,,', // outside VBC, after the parent's 20/12/2026
    ]);
    for (const dryRun of [true, false]) {
      const res = await upload(monitor, bad, 'so-nhiem-vu-con.csv', { dryRun });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IMPORT_INVALID');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ row: 2, field: 'due_on', column: 'Hạn xử lý', rule: 'SUBTASK_DEADLINE_AFTER_PARENT', message: expect.stringContaining('CON-NK') }),
        expect.objectContaining({ row: 3, field: 'lead_unit', column: 'Đơn vị chủ trì', rule: 'SUBTASK_UNIT_OUTSIDE_PARENT', message: expect.stringMatching(VIETNAMESE) }),
        expect.objectContaining({ row: 3, field: 'due_on', rule: 'SUBTASK_DEADLINE_AFTER_PARENT', message: expect.stringContaining('05/12/2026') }),
      ]);
    }
    expect(await fingerprint()).toBe(before);
    // Moved together, parent and sub-task are checked as they will be: the sub-task's later day fits the parent's new one.
    const good = await upload(monitor, register(['CHA-NK,Nhiệm vụ cha,VBC,,2026-11-20,2026-12-31,,,', 'CON-NK,Nhiệm vụ con,VBC,,2026-11-20,2026-12-25,,,']), 'so-nhiem-vu-con.csv');
    expect(good.status).toBe(201);
    expect(await api.db.query(`SELECT code, deadline::text AS deadline FROM tasks WHERE code IN ('CHA-NK', 'CON-NK') ORDER BY code`)).toEqual([
      { code: 'CHA-NK', deadline: '2026-12-31' },
      { code: 'CON-NK', deadline: '2026-12-25' },
    ]);
  });

  it('400 without a file; 403 for unit heads and staff', async () => {
    expect((await api.http.post('/api/tasks/import').set(bearer(monitor)).field('x', 'y')).status).toBe(400);
    for (const user of ['truong.vbc', 'cv.vbc']) {
      expect((await upload(await api.login(user), goodCsv, 'x.csv')).status).toBe(403);
    }
  });

  it('serves the template as .xlsx and .csv with Vietnamese column titles, which import as they are', async () => {
    const xlsx = await api.http.get('/api/tasks/import/template').set(bearer(monitor)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(TITLES);
    const csv = await api.http.get('/api/tasks/import/template?format=csv').set(bearer(monitor));
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(TITLES.join(','));
    expect((await upload(monitor, csv.text, 'template.csv', { confirm: ['01/CT-BTTTT'] })).status).toBe(201);
    expect((await upload(monitor, xlsx.body, 'template.xlsx')).body).toEqual({ created: 0, updated: 0 });
    expect((await api.http.get('/api/tasks/import/template?format=pdf').set(bearer(monitor))).status).toBe(400);
  });
});
