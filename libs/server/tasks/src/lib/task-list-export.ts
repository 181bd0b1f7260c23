import type { TaskView } from '@tiendo/contracts';
import { formatLocalDate, LocalDate, TASK_STATUS_NAMES_VI, TaskStatus, toLocalDate } from '@tiendo/domain';
import ExcelJS from 'exceljs';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The status rule's names as the ministry writes them (one table, in libs/domain, for the filter's words too). */
export const STATUS_NAMES_VI: Record<TaskStatus, string> = TASK_STATUS_NAMES_VI;

const PRIORITY_NAMES_VI: Record<TaskView['priority'], string> = { low: 'Thấp', normal: 'Bình thường', high: 'Cao', urgent: 'Khẩn' };

/** One line of the filter written above the table: what it is ("Đơn vị chủ trì") and its value in words. */
export interface FilterLine {
  label: string;
  value: string;
}

/** The date format of every date cell: the ministry's dd/MM/yyyy whatever the reader's Excel locale. */
export const DATE_NUMFMT = 'dd/mm/yyyy';

/**
 * A calendar day as an Excel date cell: midnight UTC of that day, which exceljs writes as the day's serial number
 * with no time part (it converts with UTC), so the cell reads the same day in every time zone.
 */
const dayCell = (day: LocalDate | null): Date | null => {
  if (!day) return null;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

/**
 * The filtered task list as a workbook (one sheet "Nhiệm vụ"): a title, the filter in rows ("Bộ lọc" lines, then the
 * export moment and the count), a header row, one row per task in the list's order. Dates (assigned, deadline,
 * completed on, Vietnam's day) are real date cells formatted dd/MM/yyyy; statuses are in Vietnamese; with a period,
 * a column gives each task's category at the period's end beside today's status. Frozen below the header; widths
 * fit the content's usual length.
 *
 * `exportedAt` is the moment of the export (a real instant; written as Vietnam's local date and time).
 */
export async function taskListWorkbook(items: TaskView[], filter: FilterLine[], exportedAt: Date, withPeriodCategory: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiến Độ';
  wb.created = exportedAt;
  const sheet = wb.addWorksheet('Nhiệm vụ');
  sheet.addRow(['Danh sách nhiệm vụ']).font = { bold: true, size: 14 };
  for (const line of filter) {
    const row = sheet.addRow([line.label, line.value]);
    row.getCell(1).font = { bold: true };
  }
  const time = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(exportedAt);
  sheet.addRow(['Xuất lúc', `${time} ngày ${formatLocalDate(toLocalDate(exportedAt))}`]).getCell(1).font = { bold: true };
  sheet.addRow(['Số nhiệm vụ', items.length]).getCell(1).font = { bold: true };
  sheet.addRow([]);

  const columns: Array<{ header: string; width: number; value: (t: TaskView) => unknown; date?: boolean }> = [
    { header: 'Mã', width: 16, value: (t) => t.code },
    { header: 'Nhiệm vụ', width: 60, value: (t) => t.title },
    { header: 'Văn bản giao', width: 22, value: (t) => t.sourceDocument?.number ?? '' },
    { header: 'Đơn vị chủ trì', width: 30, value: (t) => t.leadUnit.name },
    { header: 'Đơn vị phối hợp', width: 30, value: (t) => t.coordinatingUnits.map((u) => u.name).join('; ') },
    { header: 'Người thực hiện', width: 24, value: (t) => t.assignee?.fullName ?? '' },
    { header: 'Ngày giao', width: 12, value: (t) => dayCell(t.assignedOn), date: true },
    { header: 'Hạn xử lý', width: 12, value: (t) => dayCell(t.deadline), date: true },
    { header: 'Ngày hoàn thành', width: 16, value: (t) => dayCell(t.completedAt ? toLocalDate(new Date(t.completedAt)) : null), date: true },
    { header: 'Tiến độ (%)', width: 11, value: (t) => t.progressPercent },
    { header: 'Ưu tiên', width: 12, value: (t) => PRIORITY_NAMES_VI[t.priority] },
    { header: 'Trọng tâm', width: 10, value: (t) => (t.isKeyTask ? 'Có' : '') },
    ...(withPeriodCategory
      ? [{ header: 'Nhóm cuối kỳ', width: 26, value: (t: TaskView) => (t.periodCategory ? STATUS_NAMES_VI[t.periodCategory] : '') }]
      : []),
    { header: 'Tình trạng hiện nay', width: 26, value: (t) => STATUS_NAMES_VI[t.status] },
  ];
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const headerRow = header.number;
  for (const task of items) sheet.addRow(columns.map((c) => c.value(task)));
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width;
    if (c.date) {
      // The format on the data cells only: a column format would also land on the filter rows above.
      for (let r = headerRow + 1; r <= headerRow + items.length; r++) sheet.getCell(r, i + 1).numFmt = DATE_NUMFMT;
    }
  });
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 1 }];
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `danh-sach-nhiem-vu-<yyyy-MM-dd>.xlsx`, the day in Vietnam. */
export const taskListFileName = (exportedAt: Date) => `danh-sach-nhiem-vu-${toLocalDate(exportedAt)}.xlsx`;
