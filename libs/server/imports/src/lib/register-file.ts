import { loadExcelJS } from '@tiendo/server-core';
import { REGISTER_COLUMNS, REGISTER_LIMITS } from './register-columns';

const EXAMPLE = ['VP-2026-001', 'Tổng hợp báo cáo giao ban tháng', 'VP', '', '01/11/2026', '30/11/2026', '', '01/CT-BTTTT', '1'];

/** What each column holds, for the template's second sheet. */
const GUIDE: Record<(typeof REGISTER_COLUMNS)[number]['key'], string> = {
  code: 'Bắt buộc. Chữ cái không dấu, chữ số và . _ / - (tối đa 40 ký tự). Nhập lại cùng mã thì cập nhật nhiệm vụ đó.',
  title: 'Bắt buộc, tối đa 500 ký tự.',
  lead_unit: 'Bắt buộc: mã đơn vị (ví dụ VP, VBC).',
  assignee: 'Tên đăng nhập của người thực hiện, thuộc đơn vị chủ trì; để trống nếu chưa giao cho ai.',
  assigned_on: 'Bắt buộc: ngày/tháng/năm (01/11/2026) hoặc năm-tháng-ngày (2026-11-01), không sau hôm nay.',
  due_on: 'Để trống với nhiệm vụ thường xuyên; không trước ngày giao.',
  completed_on: 'Để trống nếu chưa hoàn thành; tính là hoàn thành vào cuối ngày đó (giờ Việt Nam).',
  source_document: 'Số văn bản giao nhiệm vụ; văn bản chưa có trong hệ thống chỉ được tạo khi bạn xác nhận.',
  key_task: '1 nếu là nhiệm vụ trọng tâm; 0 hoặc để trống nếu không.',
};

const LIMITS_NOTE =
  `Giới hạn: tệp tối đa ${REGISTER_LIMITS.fileBytes / 1024 / 1024} MB, tối đa ${REGISTER_LIMITS.rows.toLocaleString('vi-VN')} dòng nhiệm vụ; ` +
  `tệp Excel khi giải nén tối đa ${REGISTER_LIMITS.unpackedBytes / 1024 / 1024} MB; mỗi ô tối đa ${REGISTER_LIMITS.cellChars.toLocaleString('vi-VN')} ký tự; ` +
  `tệp CSV tối đa ${REGISTER_LIMITS.csvRecords.toLocaleString('vi-VN')} dòng (không kể dòng trống), mỗi dòng tối đa ${REGISTER_LIMITS.csvFields.toLocaleString('vi-VN')} cột và ${REGISTER_LIMITS.csvLineBytes / 1024 / 1024} MB. Chỉ trang tính đầu tiên được đọc. ` +
  'Dòng tiêu đề ghi tên cột tiếng Việt như trên (tên tiếng Anh cũ như code, title, lead_unit… vẫn được chấp nhận).';

/**
 * The downloadable template: the header (each column's Vietnamese title) and one example line; the .xlsx adds a
 * second sheet saying what each column holds and the file's limits.
 */
export async function registerTemplate(format: 'xlsx' | 'csv'): Promise<Buffer> {
  const header = REGISTER_COLUMNS.map((c) => c.title);
  if (format === 'csv') {
    const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
    return Buffer.from('\uFEFF' + [line(header), line(EXAMPLE)].join('\r\n') + '\r\n', 'utf8');
  }
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Nhiệm vụ');
  sheet.addRow(header);
  sheet.addRow(EXAMPLE);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 24));
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.addRow(['Cột', 'Ghi gì']).font = { bold: true };
  for (const c of REGISTER_COLUMNS) guide.addRow([c.title, GUIDE[c.key]]);
  guide.addRow([]);
  guide.addRow([LIMITS_NOTE]);
  guide.getColumn(1).width = 26;
  guide.getColumn(2).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
