import type { BriefingReport, KeyTasksOfUnit } from '@tiendo/contracts';
import { formatLocalDate, formatPercent } from '@tiendo/domain';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';

export const BRIEFING_EXPORT_FORMATS = ['xlsx', 'docx'] as const;
export type BriefingExportFormat = (typeof BRIEFING_EXPORT_FORMATS)[number];

export const BRIEFING_EXPORT_TYPES: Record<BriefingExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The four categories in the order they are read out at the briefing, with their Vietnamese names. */
const CATEGORIES = [
  ['completedOnTime', 'Hoàn thành đúng hạn'],
  ['completedLate', 'Hoàn thành quá hạn'],
  ['inProgressOverdue', 'Đang thực hiện quá hạn'],
  ['inProgressOnTrack', 'Đang thực hiện trong hạn'],
] as const;

const periodText = (r: BriefingReport) => `từ ngày ${formatLocalDate(r.from)} đến ngày ${formatLocalDate(r.to)}`;

/** The sentence read at the flag ceremony, built from the same figures as the tables. */
export function briefingSentence(r: BriefingReport): string {
  const parts = CATEGORIES.map(([key, label]) => `${label.toLowerCase()}: ${r[key].count}/${r.total} (chiếm ${formatPercent(r[key].percent)})`);
  return `Tổng số nhiệm vụ đã thực hiện ${periodText(r)}: ${r.total} nhiệm vụ. Trong đó, ${parts.join('; ')}.`;
}

/**
 * The briefing as a workbook: the figures, one line per unit, then next month's key tasks. Percentages are stored as
 * numbers with a percent format, so Excel shows them with the reader's decimal separator and they can be summed.
 * `keyTasks` come already cut to what the reader may see (`reportTaskLine`): a task the reader may not open has no
 * code, assignee or link here. `taskLink` turns a task id into the address of its page.
 */
export async function briefingWorkbook(r: BriefingReport, keyTasks: KeyTasksOfUnit[], taskLink: (id: string) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tiến Độ';
  const sheet = wb.addWorksheet('Giao ban');
  sheet.addRow([`Kết quả thực hiện nhiệm vụ ${periodText(r)}`]).font = { bold: true, size: 14 };
  sheet.addRow([briefingSentence(r)]);
  sheet.addRow([]);
  const header = sheet.addRow(['Đơn vị', 'Tổng số', ...CATEGORIES.flatMap(([, label]) => [label, `Tỷ lệ ${label.toLowerCase()}`])]);
  header.font = { bold: true };
  const addLine = (name: string, l: BriefingReport | BriefingReport['units'][number]) =>
    sheet.addRow([name, l.total, ...CATEGORIES.flatMap(([key]) => [l[key].count, l[key].percent / 100])]);
  for (const unit of r.units) addLine(unit.name, unit);
  addLine('Tổng cộng', r).font = { bold: true };
  for (let col = 4; col <= 2 + CATEGORIES.length * 2; col += 2) sheet.getColumn(col).numFmt = '0.00%';
  sheet.getColumn(1).width = 40;
  for (let col = 2; col <= 2 + CATEGORIES.length * 2; col++) sheet.getColumn(col).width = 16;

  const next = wb.addWorksheet('Nhiệm vụ trọng tâm tháng sau');
  next.addRow(['Đơn vị', 'Mã', 'Nhiệm vụ', 'Hạn', 'Người thực hiện', 'Liên kết']).font = { bold: true };
  for (const unit of keyTasks) {
    for (const t of unit.tasks) {
      const link = t.id ? { text: 'Mở nhiệm vụ', hyperlink: taskLink(t.id) } : '';
      next.addRow([unit.name, t.code ?? '', t.title, t.deadline ? formatLocalDate(t.deadline) : '', t.assignee ?? '', link]);
    }
  }
  next.getColumn(1).width = 32;
  next.getColumn(3).width = 80;
  next.getColumn(6).width = 16;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })], alignment: bold ? AlignmentType.CENTER : AlignmentType.LEFT })] });

/**
 * The briefing as a Word document for the minutes: the sentence read out, the table per unit, next month's key tasks
 * by title and deadline only (what is read aloud), so the document names no task identifier whoever downloads it.
 */
export async function briefingDocument(r: BriefingReport, keyTasks: KeyTasksOfUnit[]): Promise<Buffer> {
  const figures = (l: BriefingReport | BriefingReport['units'][number]) =>
    CATEGORIES.map(([key]) => `${l[key].count} (${formatPercent(l[key].percent)})`);
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: ['Đơn vị', 'Tổng số', ...CATEGORIES.map(([, label]) => label)].map((t) => cell(t, true)) }),
      ...r.units.map((u) => new TableRow({ children: [u.name, String(u.total), ...figures(u)].map((t) => cell(t)) })),
      new TableRow({ children: ['Tổng cộng', String(r.total), ...figures(r)].map((t) => cell(t, true)) }),
    ],
  });
  const keyTaskParagraphs = keyTasks.flatMap((unit) => [
    new Paragraph({ text: unit.name, heading: HeadingLevel.HEADING_3 }),
    ...unit.tasks.map((t) => new Paragraph({ text: t.deadline ? `${t.title} (hạn ${formatLocalDate(t.deadline)})` : t.title, bullet: { level: 0 } })),
  ]);
  const doc = new Document({
    creator: 'Tiến Độ',
    title: `Kết quả thực hiện nhiệm vụ ${periodText(r)}`,
    sections: [
      {
        children: [
          new Paragraph({ text: `Kết quả thực hiện nhiệm vụ ${periodText(r)}`, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: briefingSentence(r) }),
          table,
          new Paragraph({ text: 'Nhiệm vụ trọng tâm tháng tiếp theo', heading: HeadingLevel.HEADING_2 }),
          ...(keyTaskParagraphs.length ? keyTaskParagraphs : [new Paragraph({ text: 'Không có nhiệm vụ trọng tâm.' })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
