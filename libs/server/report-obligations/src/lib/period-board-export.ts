import type { OrganisationSettings } from '@tiendo/contracts';
import { formatLocalDate, TASK_STATUS_NAMES_VI } from '@tiendo/domain';
import { addExportedAt, addTable, DATE_NUMFMT, DATE_TIME_NUMFMT, excelDay, excelVietnamTime, loadExcelJS } from '@tiendo/server-core';
import type ExcelJS from 'exceljs';
import type { BoardLine, PeriodBoardView } from './report-submission.view';

/** The board's words for the tasks' statuses (a report is "submitted", not "completed"). */
export const BOARD_STATUS_NAMES_VI: Record<string, string> = {
  completed_on_time: 'Đã gửi đúng hạn',
  completed_late: 'Đã gửi muộn',
  in_progress_overdue: 'Chưa gửi (quá hạn)',
  in_progress_on_track: 'Chưa đến hạn',
};

/**
 * The organisation's heading (settings: the governing body, then the organisation in capitals, bold), the title and
 * the period, as the rows above a sheet's table.
 */
function heading(sheet: ExcelJS.Worksheet, organisation: OrganisationSettings, title: string, board: PeriodBoardView, exportedAt: Date): void {
  if (organisation.parent) sheet.addRow([organisation.parent.toUpperCase()]);
  sheet.addRow([organisation.name.toUpperCase()]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow(['Chế độ báo cáo', `${board.obligation.code} – ${board.obligation.name}`]).getCell(1).font = { bold: true };
  sheet.addRow(['Kỳ báo cáo', board.period.label]).getCell(1).font = { bold: true };
  if (board.period.start && board.period.end) {
    sheet.addRow(['Số liệu', `từ ${formatLocalDate(board.period.start)} đến ${formatLocalDate(board.period.end)}`]).getCell(1).font = { bold: true };
  }
  if (board.period.deadline) sheet.addRow(['Hạn gửi', formatLocalDate(board.period.deadline)]).getCell(1).font = { bold: true };
  sheet.addRow(['Đơn vị nhận báo cáo', board.obligation.receivingUnit.name]).getCell(1).font = { bold: true };
  addExportedAt(sheet, exportedAt);
  sheet.addRow([]);
}

/**
 * The board of a period as a workbook of two sheets, each under the organisation's heading:
 * - "Tình hình gửi báo cáo": one row per unit (by code): code, unit, status in the board's words, deadline (date
 *   cell), submitted at (date and time in Vietnam), by whom, the files' names, confirmed by and at, the task's code;
 *   then the counts per status;
 * - "Số liệu": one row per unit that has a submission in force, one column per field of the obligation (its label;
 *   numbers as number cells, texts as text), empty where a field was left empty.
 */
export async function periodBoardWorkbook(board: PeriodBoardView, organisation: OrganisationSettings, exportedAt: Date): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Tiến Độ';
  wb.created = exportedAt;

  const status = wb.addWorksheet('Tình hình gửi báo cáo');
  heading(status, organisation, 'TÌNH HÌNH GỬI BÁO CÁO', board, exportedAt);
  addTable<BoardLine>(
    status,
    [
      { header: 'Mã đơn vị', width: 14, value: (l) => l.unit.code },
      { header: 'Đơn vị', width: 36, value: (l) => l.unit.name },
      { header: 'Tình trạng', width: 20, value: (l) => BOARD_STATUS_NAMES_VI[l.status] ?? TASK_STATUS_NAMES_VI[l.status] },
      { header: 'Hạn gửi', width: 12, value: (l) => excelDay(l.deadline), format: DATE_NUMFMT },
      { header: 'Gửi lúc', width: 17, value: (l) => excelVietnamTime(l.submission?.at ?? null), format: DATE_TIME_NUMFMT },
      { header: 'Người gửi', width: 24, value: (l) => l.submission?.by.fullName ?? '' },
      { header: 'Tệp báo cáo', width: 40, value: (l) => (l.submission?.files ?? []).map((f) => f.name).join('; ') },
      { header: 'Xác nhận', width: 24, value: (l) => l.submission?.confirmed?.by.fullName ?? '' },
      { header: 'Xác nhận lúc', width: 17, value: (l) => excelVietnamTime(l.submission?.confirmed?.at ?? null), format: DATE_TIME_NUMFMT },
      { header: 'Mã nhiệm vụ', width: 16, value: (l) => l.taskCode },
    ],
    board.units,
    2,
  );
  status.addRow([]);
  for (const [key, words] of Object.entries(BOARD_STATUS_NAMES_VI)) {
    status.addRow([words, board.counts[key as keyof PeriodBoardView['counts']]]).getCell(1).font = { bold: true };
  }
  status.addRow(['Tổng số đơn vị', board.counts.total]).font = { bold: true };

  const figures = wb.addWorksheet('Số liệu');
  heading(figures, organisation, 'SỐ LIỆU BÁO CÁO', board, exportedAt);
  addTable<BoardLine>(
    figures,
    [
      { header: 'Mã đơn vị', width: 14, value: (l) => l.unit.code },
      { header: 'Đơn vị', width: 36, value: (l) => l.unit.name },
      ...board.obligation.fields.map((f) => ({
        header: f.label,
        width: f.type === 'number' ? 16 : 40,
        value: (l: BoardLine) => l.submission?.figures?.[f.key] ?? null,
        ...(f.type === 'number' ? { format: '#,##0.##' } : {}),
      })),
    ],
    board.units.filter((l) => l.submission !== null),
    2,
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `bao-cao-<obligation code>-<period key>.xlsx`, ASCII-safe. */
export const periodBoardFileName = (board: PeriodBoardView) =>
  `bao-cao-${board.obligation.code}-${board.period.key}.xlsx`.replace(/[^A-Za-z0-9._-]/g, '-');
