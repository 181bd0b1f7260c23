import { formatLocalDate, LocalDate, toLocalDate } from '@tiendo/domain';
import type ExcelJS from 'exceljs';

/**
 * What every .xlsx the API writes shares (the task list, a reporting period's board): the content type, date cells
 * that read the same day in every time zone, the export moment in Vietnam's time, and the table's look (a shaded bold
 * header, frozen panes, a filter, landscape A4 fitted to the page width with the header repeated).
 */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The date format of every date cell: the ministry's dd/MM/yyyy whatever the reader's Excel locale. */
export const DATE_NUMFMT = 'dd/mm/yyyy';
/** A moment's cell: the day and Vietnam's wall-clock time. */
export const DATE_TIME_NUMFMT = 'dd/mm/yyyy hh:mm';

/**
 * A calendar day as an Excel date cell: midnight UTC of that day, which exceljs writes as the day's serial number
 * with no time part (it converts with UTC), so the cell reads the same day in every time zone. null stays empty.
 */
export function excelDay(day: LocalDate | null): Date | null {
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * A moment (an ISO 8601 instant) as an Excel date-time cell showing Vietnam's wall clock (UTC+7, no daylight saving):
 * exceljs writes a Date's UTC fields. null stays empty.
 */
export function excelVietnamTime(iso: string | null): Date | null {
  if (!iso) return null;
  return new Date(new Date(iso).getTime() + 7 * 60 * 60 * 1000);
}

let excel: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded on the first workbook a process writes or reads (an export, an import, the import's template), not
 * when the process starts: it is the heaviest module the API holds (about 0.3 s to load), and most processes, the
 * worker's and every test file's among them, never need it. Every use of exceljs in the API's own thread goes through
 * here, its types imported with `import type`; the register reader's worker thread (register-parsing.ts) imports it
 * itself, since reading workbooks is all that thread is for.
 */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? (m as typeof ExcelJS));
  return excel;
}

/** The line "Xuất lúc | 09:05 ngày 20/11/2026": when the file was made, in Vietnam's time, first cell bold. */
export function addExportedAt(sheet: ExcelJS.Worksheet, exportedAt: Date): void {
  const time = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(exportedAt);
  sheet.addRow(['Xuất lúc', `${time} ngày ${formatLocalDate(toLocalDate(exportedAt))}`]).getCell(1).font = { bold: true };
}

/** One column of a table: its header, width (Excel's character units), the cell of a row, and a number format. */
export interface WorkbookColumn<T> {
  header: string;
  width: number;
  value: (row: T) => unknown;
  /** A number format for the data cells only (a column format would also land on the rows above the table). */
  format?: string;
}

/**
 * Writes a table below what the sheet holds: the header row (bold, shaded, wrapped), one row per item, the widths and
 * formats, the panes frozen below the header and right of `frozenColumns`, a filter on the header, and a landscape A4
 * page setup that repeats the header on every printed page. Returns the header's row number.
 */
export function addTable<T>(sheet: ExcelJS.Worksheet, columns: WorkbookColumn<T>[], rows: readonly T[], frozenColumns = 0): number {
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const headerRow = header.number;
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
    if (c.format) for (let r = headerRow + 1; r <= headerRow + rows.length; r++) sheet.getCell(r, i + 1).numFmt = c.format;
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow, ...(frozenColumns ? { xSplit: frozenColumns } : {}) }];
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` };
  return headerRow;
}
