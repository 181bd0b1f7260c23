import type { TaskView } from '@tiendo/contracts';
import { TASK_STATUS_NAMES_VI, TaskStatus, toLocalDate } from '@tiendo/domain';
import { addExportedAt, addTable, DATE_NUMFMT, excelDay, loadExcelJS, WorkbookColumn } from '@tiendo/server-core';

/** The status rule's names as the ministry writes them (one table, in libs/domain, for the filter's words too). */
export const STATUS_NAMES_VI: Record<TaskStatus, string> = TASK_STATUS_NAMES_VI;

const PRIORITY_NAMES_VI: Record<TaskView['priority'], string> = { low: 'Thấp', normal: 'Bình thường', high: 'Cao', urgent: 'Khẩn' };

/** One line of the filter written above the table: what it is ("Đơn vị chủ trì") and its value in words. */
export interface FilterLine {
  label: string;
  value: string;
}

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
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Tiến Độ';
  wb.created = exportedAt;
  const sheet = wb.addWorksheet('Nhiệm vụ');
  sheet.addRow(['Danh sách nhiệm vụ']).font = { bold: true, size: 14 };
  for (const line of filter) {
    const row = sheet.addRow([line.label, line.value]);
    row.getCell(1).font = { bold: true };
  }
  addExportedAt(sheet, exportedAt);
  sheet.addRow(['Số nhiệm vụ', items.length]).getCell(1).font = { bold: true };
  sheet.addRow([]);

  const columns: WorkbookColumn<TaskView>[] = [
    { header: 'Mã', width: 16, value: (t) => t.code },
    { header: 'Nhiệm vụ', width: 60, value: (t) => t.title },
    { header: 'Văn bản giao', width: 22, value: (t) => t.sourceDocument?.number ?? '' },
    { header: 'Đơn vị chủ trì', width: 30, value: (t) => t.leadUnit.name },
    { header: 'Đơn vị phối hợp', width: 30, value: (t) => t.coordinatingUnits.map((u) => u.name).join('; ') },
    { header: 'Người thực hiện', width: 24, value: (t) => t.assignee?.fullName ?? '' },
    { header: 'Ngày giao', width: 12, value: (t) => excelDay(t.assignedOn), format: DATE_NUMFMT },
    { header: 'Hạn xử lý', width: 12, value: (t) => excelDay(t.deadline), format: DATE_NUMFMT },
    { header: 'Ngày hoàn thành', width: 16, value: (t) => excelDay(t.completedAt ? toLocalDate(new Date(t.completedAt)) : null), format: DATE_NUMFMT },
    { header: 'Tiến độ (%)', width: 11, value: (t) => t.progressPercent },
    { header: 'Ưu tiên', width: 12, value: (t) => PRIORITY_NAMES_VI[t.priority] },
    { header: 'Trọng tâm', width: 10, value: (t) => (t.isKeyTask ? 'Có' : '') },
    ...(withPeriodCategory
      ? [{ header: 'Nhóm cuối kỳ', width: 26, value: (t: TaskView) => (t.periodCategory ? STATUS_NAMES_VI[t.periodCategory] : '') }]
      : []),
    { header: 'Tình trạng hiện nay', width: 26, value: (t) => STATUS_NAMES_VI[t.status] },
  ];
  addTable(sheet, columns, items, 1);
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `danh-sach-nhiem-vu-<yyyy-MM-dd>.xlsx`, the day in Vietnam. */
export const taskListFileName = (exportedAt: Date) => `danh-sach-nhiem-vu-${toLocalDate(exportedAt)}.xlsx`;
