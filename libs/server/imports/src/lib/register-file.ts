import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The columns of a task register, in order (the template's header row). */
export const REGISTER_COLUMNS = ['code', 'title', 'lead_unit', 'assignee', 'assigned_on', 'due_on', 'completed_on', 'source_document', 'key_task'] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];
export type RegisterRow = { row: number } & Record<RegisterColumn, string>;

export interface CellError {
  row: number;
  column: string;
  message: string;
}

export class RegisterFileError extends Error {
  constructor(readonly errors: CellError[]) {
    super(errors[0]?.message ?? 'Bad register file');
  }
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads a .xlsx or UTF-8 .csv register (with or without a byte-order mark) into rows of text cells. */
export async function readRegister(buffer: Buffer, filename: string): Promise<RegisterRow[]> {
  const isXlsx = XLSX_MAGIC.every((b, i) => buffer[i] === b);
  if (!isXlsx && /\.xlsx$/i.test(filename)) throw new RegisterFileError([{ row: 0, column: '', message: 'tệp không phải sổ Excel .xlsx hợp lệ (not a valid .xlsx workbook)' }]);
  const table = isXlsx ? await readXlsx(buffer) : readCsv(buffer);
  const nonEmpty = table.filter((r) => r.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw new RegisterFileError([{ row: 1, column: '', message: 'tệp trống (the file is empty)' }]);
  const header = table[0].map((h) => h.trim().toLowerCase());
  const expected = REGISTER_COLUMNS.join(',');
  if (header.join(',') !== expected) {
    throw new RegisterFileError([{ row: 1, column: '', message: `dòng tiêu đề phải đúng là (the header row must be exactly): ${expected}` }]);
  }
  const rows: RegisterRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = { row: i + 2 } as RegisterRow;
    REGISTER_COLUMNS.forEach((col, j) => (row[col] = (cells[j] ?? '').trim()));
    rows.push(row);
  });
  if (rows.length === 0) throw new RegisterFileError([{ row: 2, column: '', message: 'tệp có dòng tiêu đề nhưng không có nhiệm vụ nào (no task rows)' }]);
  return rows;
}

function readCsv(buffer: Buffer): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new RegisterFileError([{ row: 0, column: '', message: 'tệp CSV phải lưu dạng UTF-8 (save the CSV as UTF-8)' }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 0;
    throw new RegisterFileError([{ row: line, column: '', message: `không đọc được tệp CSV (the CSV cannot be read): ${(err as Error).message}` }]);
  }
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new RegisterFileError([{ row: 0, column: '', message: 'tệp không phải sổ Excel .xlsx hợp lệ (not a valid .xlsx workbook)' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= REGISTER_COLUMNS.length; c++) cells.push(cellText(row.getCell(c).value));
    table[n - 1] = cells;
  });
  return Array.from(table, (r) => r ?? []);
}

/** Excel keeps dates as dates and numbers as numbers: back to the text a person typed. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The downloadable template: the header and one example line. */
export async function registerTemplate(format: 'xlsx' | 'csv'): Promise<Buffer> {
  const example = ['VP-2026-001', 'Tổng hợp báo cáo giao ban tháng', 'VP', '', '01/11/2026', '30/11/2026', '', '01/CT-BTTTT', '1'];
  if (format === 'csv') {
    const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
    return Buffer.from('\uFEFF' + [line([...REGISTER_COLUMNS]), line(example)].join('\r\n') + '\r\n', 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  sheet.addRow([...REGISTER_COLUMNS]);
  sheet.addRow(example);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 22));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
