import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { REGISTER_KEYS, resolveHeader } from './register-columns';
import { csvRefusal, csvRows, FileRefused, SheetRow, xlsxRows } from './register-parsing';

const all = async (rows: AsyncIterable<SheetRow>) => {
  const out: SheetRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
};
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (err) => (err instanceof FileRefused ? err.refusal.rule : String(err)));
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (err) => (err instanceof FileRefused ? err.refusal : { rule: String(err), status: 0, row: 0, message: String(err) }));
/** Vietnamese letters: a message without one is not Vietnamese. */
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
/** Words of csv-parse's (English) messages. */
const CSV_PARSE_ENGLISH = /\b(invalid|quote|closing|opening|line|record|delimiter|parsing|finished|expect|got|max|size|field|column|length|instead|tolerated|bytes)\b/i;

/** A Vietnamese title dense in multi-byte letters, different on each row. */
const title = (i: number) => `Xây dựng báo cáo tổng hợp tình hình thực hiện nhiệm vụ số ${i} của Bộ — rà soát, đánh giá, kiến nghị (${'ưỡng'.repeat(i % 7)})`;

/** A workbook written by exceljs's streaming writer: `shared` puts titles in shared strings, else inline in the sheet. */
async function vietnameseWorkbook(rows: number, shared: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: shared });
  const ws = wb.addWorksheet('Nhiệm vụ');
  ws.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ']).commit();
  for (let i = 1; i <= rows; i++) {
    // Inline: plain strings are written t="str", rich text t="inlineStr" with runs; both must come back whole.
    const value = !shared && i % 2 === 0 ? { richText: [{ text: title(i).slice(0, 20) }, { text: title(i).slice(20), font: { bold: true } }] } : title(i);
    ws.addRow([`XL-${i}`, value]).commit();
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('reading register files as streams', () => {
  it.each([
    ['3,000 rows in shared strings', true, 3000],
    ['20,000 rows inline, half of them rich text', false, 20000],
  ])('reads Vietnamese text whole across the inflater’s chunk boundaries (%s)', async (_kind, shared, count) => {
    const rows = await all(xlsxRows(await vietnameseWorkbook(count, shared)));
    expect(rows).toHaveLength(count + 1);
    const wrong = rows.slice(1).filter((r, i) => r.cells[0] !== `XL-${i + 1}` || r.cells[1] !== title(i + 1).normalize('NFC'));
    expect(wrong.map((r) => `${r.cells[0]} ${r.cells[1]}`)).toEqual([]);
  });

  it('reads an Excel workbook through exceljs’s parser on entries opened by yauzl: shared strings, rich text, dates, numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Nhiệm vụ');
    wb.addWorksheet('Ghi chú').addRow(['not read']);
    ws.addRow(['Mã nhiệm vụ', 'Tên nhiệm vụ']);
    ws.addRow(['A-1', { richText: [{ text: 'Báo cáo ' }, { text: 'tháng', font: { bold: true } }] }, new Date(Date.UTC(2026, 10, 2)), 1]);
    ws.addRow([]);
    ws.addRow(['A-2', 'Rà soát', '30/11/2026', 0]);
    const rows = await all(xlsxRows(Buffer.from(await wb.xlsx.writeBuffer())));
    expect(rows).toEqual([
      { row: 1, cells: ['Mã nhiệm vụ', 'Tên nhiệm vụ'] },
      { row: 2, cells: ['A-1', 'Báo cáo tháng', '2026-11-02', '1'] },
      { row: 4, cells: ['A-2', 'Rà soát', '30/11/2026', '0'] },
    ]);
  });

  it.each([
    ['shared strings', true],
    ['inline strings', false],
  ])('decodes Excel’s _xHHHH_ escapes in %s, _x005F_ as a literal underscore', async (_kind, shared) => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: shared });
    const ws = wb.addWorksheet('S');
    // exceljs writes these characters as they are, so the part holds the escapes just as Excel would write them.
    ws.addRow(['B_x00E1_o c_x00E1_o', '_x005F_x0041_', 'dòng 1_x000D_', { richText: [{ text: 'r_x00E1_' }, { text: '_x005F_x0041_', font: { bold: true } }] }]).commit();
    ws.commit();
    await wb.commit();
    const rows = await all(xlsxRows(Buffer.concat(chunks)));
    expect(rows).toEqual([{ row: 1, cells: ['Báo cáo', '_x0041_', 'dòng 1\r', 'rá_x0041_'] }]);
  });

  it('stops reading when the caller stops', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    for (let i = 0; i < 5000; i++) ws.addRow([`R-${i}`]);
    let seen = 0;
    for await (const _row of xlsxRows(Buffer.from(await wb.xlsx.writeBuffer()))) if (++seen === 10) break;
    expect(seen).toBe(10);
  });

  it('refuses a zip that is not a workbook, and one whose declared sizes pass the limits', async () => {
    expect(await refusal(all(xlsxRows(Buffer.from('PK\u0003\u0004 not really a zip'))))).toBe('notXlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['x']);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    // Rewrite the first central-directory entry's declared size to 65 MB: refused before anything is inflated.
    const at = good.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const lying = Buffer.from(good);
    lying.writeUInt32LE(65 * 1024 * 1024, at + 24);
    expect(await refusal(all(xlsxRows(lying)))).toBe('unpackedTooLarge');
  });

  it('reads UTF-8 CSV with a byte-order mark and quoted fields; refuses other encodings', async () => {
    const rows = await all(csvRows(Buffer.from('\uFEFFcode,title\r\nA,"Xây dựng, hoàn thiện"\r\n', 'utf8')));
    expect(rows).toEqual([
      { row: 1, cells: ['code', 'title'] },
      { row: 2, cells: ['A', 'Xây dựng, hoàn thiện'] },
    ]);
    expect(await refusal(all(csvRows(Buffer.from('code,title\nX,Ti\xean\n', 'latin1'))))).toBe('notUtf8');
    expect(await refusal(all(csvRows(Buffer.from('a,"b\nc', 'utf8'))))).toBe('csvQuoteNotClosed');
  });

  it('says what is wrong with a CSV in Vietnamese by csv-parse’s error code, naming the line and column, never csv-parse’s English', async () => {
    const header = 'code,title,lead_unit';
    const cases: Array<[string, string, { rule: string; row: number; status: number }, RegExp?]> = [
      ['a quote inside a quoted cell', `${header}\nQ-1,"Việc "có" ngoặc",VBC\n`, { rule: 'csvClosingQuote', row: 2, status: 422 }, /dòng 2, cột 2/],
      ['a quote in the middle of a cell', `${header}\nQ-1,Việc "có" ngoặc,VBC\n`, { rule: 'csvOpeningQuote', row: 2, status: 422 }, /dòng 2, cột 2/],
      ['a quote never closed', `${header}\nQ-1,Đúng,VBC\nQ-2,"Mở mà không đóng,VBC\n${'Q-3,x,VBC\n'.repeat(1000)}`, { rule: 'csvQuoteNotClosed', row: 3, status: 422 }, /dòng 3\b/i],
      ['a quote never closed on a long tail', `${header}\nQ-2,"Mở,VBC\n${'Q-3,x,VBC\n'.repeat(200_000)}`, { rule: 'csvLineTooLong', row: 2, status: 413 }, /dòng 2\b/i],
      ['a cell over Excel’s 32,767 characters', `${header}\nQ-1,${'ư'.repeat(40_000)},VBC\n`, { rule: 'cellTooLong', row: 2, status: 422 }],
    ];
    for (const [name, text, expected, where] of cases) {
      const found = await refusalOf(all(csvRows(Buffer.from(text, 'utf8'))));
      expect({ name, ...found }).toMatchObject({ name, ...expected });
      expect(found?.message).toMatch(VIETNAMESE);
      expect(found?.message).not.toMatch(CSV_PARSE_ENGLISH);
      if (where) expect(found?.message).toMatch(where);
    }
  });

  it('maps every csv-parse error code to a rule with a Vietnamese message; an unknown code gets a general one with its line', () => {
    const codes: Array<[string, string]> = [
      ['CSV_INVALID_CLOSING_QUOTE', 'csvClosingQuote'],
      ['CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'csvClosingQuote'],
      ['INVALID_OPENING_QUOTE', 'csvOpeningQuote'],
      ['CSV_QUOTE_NOT_CLOSED', 'csvQuoteNotClosed'],
      ['CSV_MAX_RECORD_SIZE', 'csvLineTooLong'],
      ['CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', 'csvFieldCount'],
      ['CSV_RECORD_INCONSISTENT_COLUMNS', 'csvFieldCount'],
      ['CSV_SOMETHING_NEW', 'csvMalformed'],
      ['', 'csvMalformed'],
    ];
    for (const [code, rule] of codes) {
      const err = Object.assign(new Error('Invalid Record Length: expect 9, got 3 on line 7'), { code, lines: 7, column: 2 });
      const found = csvRefusal(err, 7);
      expect({ code, rule: found.rule, row: found.row }).toEqual({ code, rule, row: 7 });
      expect(found.message).toMatch(VIETNAMESE);
      expect(found.message).toMatch(/dòng 7\b/i);
      expect(found.message).not.toMatch(CSV_PARSE_ENGLISH);
    }
  });

  it('refuses a CSV line of millions of fields after its first chunk, and reads lines of thousands of empty fields', async () => {
    const commas = Buffer.from(`code,title\n${','.repeat(5_000_000)}`, 'utf8');
    const found = await refusalOf(all(csvRows(commas)));
    expect(found).toMatchObject({ rule: 'csvTooManyFields', row: 2, status: 413 });
    expect(found?.message).toMatch(/16\.384/);
    // 16,384 fields (Excel's columns) are a line Excel may write; each keeps its first 64.
    const wide = await all(csvRows(Buffer.from(`code,title\n${`A,${','.repeat(16_382)}\n`.repeat(30)}`, 'utf8')));
    expect(wide).toHaveLength(31);
    expect(wide[1].cells).toHaveLength(64);
    expect(await refusal(all(csvRows(Buffer.from(`code,title\nA,B\n${','.repeat(16_384)}\n`, 'utf8'))))).toBe('csvTooManyFields');
  });

  it('skips millions of empty lines cheaply, counting them in row numbers, and bounds the lines of blank records', async () => {
    expect(await all(csvRows(Buffer.from('code,title\n\nA,B\n\n\nC,D', 'utf8')))).toEqual([
      { row: 1, cells: ['code', 'title'] },
      { row: 3, cells: ['A', 'B'] },
      { row: 6, cells: ['C', 'D'] },
    ]);
    // How long these take is measured by `npm run bench:import` (hostile files), not here.
    expect(await all(csvRows(Buffer.from(`code,title\n${'\n'.repeat(5_000_000)}`, 'utf8')))).toEqual([{ row: 1, cells: ['code', 'title'] }]);
    const found = await refusalOf(all(csvRows(Buffer.from(`code,title\n\n${',\n'.repeat(2_500_000)}`, 'utf8'))));
    expect(found).toMatchObject({ rule: 'csvTooManyLines', status: 413, row: 100_002 });
    expect(found?.message).toMatch(VIETNAMESE);
  });

  it('takes the header by Vietnamese title or English key, in any order, and names what is wrong', () => {
    const header = resolveHeader(['Tên nhiệm vụ', 'code', ' đơn vị  CHỦ TRÌ ', 'assignee', 'Ngày giao', 'Hạn xử lý', 'completed_on', 'Số văn bản giao nhiệm vụ', 'key_task']);
    expect(header).toEqual({ positions: [1, 0, 2, 3, 4, 5, 6, 7, 8] });
    expect(REGISTER_KEYS).toHaveLength(9);
    const wrong = resolveHeader(['Mã nhiệm vụ', 'code', 'Ghi chú']);
    expect('refusals' in wrong && wrong.refusals.map((r) => r.rule)).toEqual(['headerDuplicate', 'headerUnknown', ...Array(8).fill('headerMissing')]);
  });
});
