import type { BriefingReport, KeyTasksOfUnit, OrganisationSettings } from '@tiendo/contracts';
import { formatLocalDate, formatPercent, LocalDate, monthBounds } from '@tiendo/domain';
import { loadExcelJS } from '@tiendo/server-core';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlign,
  WidthType,
} from 'docx';

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

/** 'YYYY-MM' → "tháng 07/2020": a month is named by its number, never "tháng sau" / "tháng tiếp theo". */
export function monthWords(month: string): string {
  return `tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`;
}

/** "tháng 06/2020" when the period is one whole month, "từ ngày 01/06/2020 đến ngày 15/06/2020" otherwise. */
export function periodWords(r: Pick<BriefingReport, 'from' | 'to'>): string {
  const month = r.from.slice(0, 7);
  const bounds = monthBounds(month);
  return bounds.from === r.from && bounds.to === r.to ? monthWords(month) : `từ ngày ${formatLocalDate(r.from)} đến ngày ${formatLocalDate(r.to)}`;
}

/** The sentence read at the flag ceremony, built from the same figures as the tables. */
export function briefingSentence(r: BriefingReport): string {
  const parts = CATEGORIES.map(([key, label]) => `${label.toLowerCase()}: ${r[key].count}/${r.total} (chiếm ${formatPercent(r[key].percent)})`);
  return `Tổng số nhiệm vụ đã thực hiện ${periodWords(r)}: ${r.total} nhiệm vụ. Trong đó, ${parts.join('; ')}.`;
}

/** What both files need beside the figures. */
export interface BriefingExportContext {
  /** The organisation as set by an admin (OrganisationSettingsService). */
  organisation: OrganisationSettings;
  /** The month of the key tasks listed ('YYYY-MM'): the month after the period's end. */
  keyTasksMonth: string;
  /** The day the file is produced, in Asia/Ho_Chi_Minh: the document's date line. */
  issuedOn: LocalDate;
}

/** A calendar day as an Excel date cell's value: midnight UTC, which exceljs writes as that day's serial number. */
const dateCell = (day: LocalDate) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))));
const EXCEL_DATE = 'dd/mm/yyyy';

/**
 * The briefing as a workbook: the organisation, the period (its bounds as date cells), the figures, one line per unit,
 * then the key tasks of `ctx.keyTasksMonth` with their deadlines as date cells. Percentages are stored as numbers with a
 * percent format, so Excel shows them with the reader's decimal separator and they can be summed. `keyTasks` come
 * already cut to what the reader may see (`reportTaskLine`): a task the reader may not open has no code, assignee or
 * link here. `taskLink` turns a task id into the address of its page.
 */
export async function briefingWorkbook(r: BriefingReport, keyTasks: KeyTasksOfUnit[], taskLink: (id: string) => string, ctx: BriefingExportContext): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'Tiến Độ';
  const sheet = wb.addWorksheet('Giao ban');
  sheet.addRow([ctx.organisation.name.toUpperCase()]).font = { bold: true };
  sheet.addRow([`Kết quả thực hiện nhiệm vụ ${periodWords(r)}`]).font = { bold: true, size: 14 };
  const bounds = sheet.addRow(['Từ ngày', dateCell(r.from), 'Đến ngày', dateCell(r.to)]);
  bounds.getCell(2).numFmt = EXCEL_DATE;
  bounds.getCell(4).numFmt = EXCEL_DATE;
  sheet.addRow([briefingSentence(r)]);
  sheet.addRow([]);
  const header = sheet.addRow(['Đơn vị', 'Tổng số', ...CATEGORIES.flatMap(([, label]) => [label, `Tỷ lệ ${label.toLowerCase()}`])]);
  header.font = { bold: true };
  const firstLine = header.number + 1;
  const addLine = (name: string, l: BriefingReport | BriefingReport['units'][number]) =>
    sheet.addRow([name, l.total, ...CATEGORIES.flatMap(([key]) => [l[key].count, l[key].percent / 100])]);
  for (const unit of r.units) addLine(unit.name, unit);
  const total = addLine('Tổng cộng', r);
  total.font = { bold: true };
  for (let row = firstLine; row <= total.number; row++) {
    for (let col = 4; col <= 2 + CATEGORIES.length * 2; col += 2) sheet.getRow(row).getCell(col).numFmt = '0.00%';
  }
  sheet.getColumn(1).width = 40;
  for (let col = 2; col <= 2 + CATEGORIES.length * 2; col++) sheet.getColumn(col).width = 16;

  // A sheet's name may not hold '/': "07-2020" there, "tháng 07/2020" in its title row.
  const next = wb.addWorksheet(`Trọng tâm tháng ${ctx.keyTasksMonth.slice(5, 7)}-${ctx.keyTasksMonth.slice(0, 4)}`);
  next.addRow([`Nhiệm vụ trọng tâm ${monthWords(ctx.keyTasksMonth)}`]).font = { bold: true, size: 14 };
  next.addRow(['Đơn vị', 'Mã', 'Nhiệm vụ', 'Hạn', 'Người thực hiện', 'Liên kết']).font = { bold: true };
  for (const unit of keyTasks) {
    for (const t of unit.tasks) {
      const link = t.id ? { text: 'Mở nhiệm vụ', hyperlink: taskLink(t.id) } : '';
      const row = next.addRow([unit.name, t.code ?? '', t.title, t.deadline ? dateCell(t.deadline) : '', t.assignee ?? '', link]);
      if (t.deadline) row.getCell(4).numFmt = EXCEL_DATE;
    }
  }
  next.getColumn(1).width = 32;
  next.getColumn(3).width = 80;
  next.getColumn(4).width = 12;
  next.getColumn(6).width = 16;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/*
 * The Word document follows the administrative format of Decree 30/2020/NĐ-CP of 5 March 2020 on clerical work
 * (Nghị định 30/2020/NĐ-CP về công tác văn thư), Phụ lục I "Thể thức, kỹ thuật trình bày văn bản hành chính và bản sao
 * văn bản". Phần II (kỹ thuật trình bày văn bản):
 * - khổ giấy A4 (210 × 297 mm); định lề trang: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm;
 * - phông chữ Times New Roman (Unicode, TCVN 6909:2001), black;
 * - số trang: Arabic numerals, 13-14 pt, upright, centred in the top margin, not shown on the first page.
 * Phần III (kỹ thuật trình bày các thành phần thể thức):
 * - Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": capitals, 12-13 pt, upright, bold; Tiêu ngữ "Độc lập - Tự do -
 *   Hạnh phúc": 13-14 pt, upright, bold, centred under it, a solid line beneath as long as the words (here: underlined);
 * - tên cơ quan chủ quản (the governing body): capitals, 12-13 pt, upright; tên cơ quan ban hành (the issuing body)
 *   under it: capitals, 12-13 pt, bold, a solid line beneath of 1/3 to 1/2 of its length;
 * - số, ký hiệu: "Số:" then number and symbol, 13 pt, upright ("Số: …/BC-BTTTT"; the number is given when the clerk
 *   registers the document, so it is left blank);
 * - địa danh và thời gian: 13-14 pt, italic, "Hà Nội, ngày 05 tháng 7 năm 2020": days below 10 and the months 1 and 2
 *   take a leading zero;
 * - tên loại và trích yếu: the type ("BÁO CÁO") in capitals and the summary under it, 13-14 pt, bold, centred, a short
 *   solid line beneath;
 * - nội dung: 13-14 pt, justified, first line indented 1-1.27 cm, at least 6 pt between paragraphs, single to 1.5 lines;
 * - chức vụ, họ tên người ký: authority and title in capitals, 13-14 pt, bold; the name bold;
 * - nơi nhận: "Nơi nhận:" 12 pt italic bold; the recipients 11 pt, one per line starting with "-", ending with ";",
 *   the last "- Lưu: VT, …".
 */
const FONT = 'Times New Roman';
/** Half-points, as Word counts font sizes: 26 = 13 pt, 28 = 14 pt, 24 = 12 pt, 22 = 11 pt. */
const PT = (points: number) => points * 2;
/** Millimetres in twentieths of a point (the unit of w:pgMar): 20 mm = 1134. */
const MM = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);
const A4 = { width: MM(210), height: MM(297) };
const MARGINS = { top: MM(20), bottom: MM(20), left: MM(30), right: MM(15) };
const TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right;

interface RunStyle {
  size?: number;
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
}

const run = (text: string, style: RunStyle = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: PT(style.size ?? 14),
    bold: style.bold,
    italics: style.italics,
    underline: style.underline ? { type: UnderlineType.SINGLE } : undefined,
  });

const centred = (text: string, style: RunStyle = {}, after = 0) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after }, children: [run(text, style)] });

/** A solid line under a heading, `share` of `width` long, centred (a bottom border on an empty, indented paragraph). */
const rule = (width: number, share: number) => {
  const side = Math.round((width * (1 - share)) / 2);
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 120 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run('', { size: 6 })],
  });
};

/** A body paragraph: 14 pt, justified, first line indented 1 cm, 6 pt after, 1.15 line spacing. */
const body = (children: TextRun[] | string, indent = true) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: indent ? { firstLine: MM(10) } : undefined,
    spacing: { before: 0, after: 120, line: 276, lineRule: LineRuleType.AUTO },
    children: typeof children === 'string' ? [run(children)] : children,
  });

/** "Hà Nội, ngày 05 tháng 7 năm 2020" (Phụ lục I, II.4: leading zero for days below 10 and the months 1 and 2). */
export function placeAndDate(place: string, day: LocalDate): string {
  const month = Number(day.slice(5, 7));
  return `${place}, ngày ${day.slice(8, 10)} tháng ${month <= 2 ? `0${month}` : month} năm ${day.slice(0, 4)}`;
}

const noBorders = TableBorders.NONE;
const cellOf = (width: number, children: Paragraph[]) => new TableCell({ width: { size: width, type: WidthType.DXA }, borders: noBorders, children });

/** The heading of the first page: issuing body and number on the left, national heading, motto and date on the right. */
function officialHeading(org: OrganisationSettings, issuedOn: LocalDate): Table {
  const left = Math.round(TEXT_WIDTH * 0.42);
  const right = TEXT_WIDTH - left;
  const issuing = [
    ...(org.parent.trim() ? [centred(org.parent.toUpperCase(), { size: 13 })] : []),
    centred(org.name.toUpperCase(), { size: 13, bold: true }),
    rule(left, 0.4),
    centred(`Số:        /BC-${org.shortName}`, { size: 13 }),
  ];
  const national = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 13, bold: true }),
    centred('Độc lập - Tự do - Hạnh phúc', { size: 14, bold: true, underline: true }, 240),
    centred(placeAndDate(org.place, issuedOn), { size: 14, italics: true }),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [left, right],
    layout: TableLayoutType.FIXED,
    borders: noBorders,
    rows: [new TableRow({ children: [cellOf(left, issuing), cellOf(right, national)] })],
  });
}

/** "Nơi nhận" on the left, the signer on the right; the signature itself and the name are written by hand. */
function signatureBlock(org: OrganisationSettings): Table {
  const half = Math.round(TEXT_WIDTH / 2);
  const recipient = (text: string) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(text, { size: 11 })] });
  const recipients = [
    new Paragraph({ spacing: { before: 0, after: 0 }, children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })] }),
    recipient(`- Lãnh đạo ${org.name};`),
    recipient('- Các đơn vị thuộc và trực thuộc;'),
    recipient('- Lưu: VT, VP.'),
  ];
  const signer = [
    centred('QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ', { size: 14, bold: true }),
    centred('(Chữ ký của người có thẩm quyền, dấu/chữ ký số của cơ quan)', { size: 13, italics: true }, 1200),
    centred('Họ và tên', { size: 14, bold: true }),
  ];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [half, TEXT_WIDTH - half],
    layout: TableLayoutType.FIXED,
    borders: noBorders,
    rows: [new TableRow({ cantSplit: true, children: [cellOf(half, recipients), cellOf(TEXT_WIDTH - half, signer)] })],
  });
}

/** One cell of the figures table: 13 pt, the header and the total row bold. */
const figureCell = (text: string, width: number, { bold = false, alignLeft = false } = {}) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60 },
    children: [new Paragraph({ alignment: alignLeft ? AlignmentType.LEFT : AlignmentType.CENTER, spacing: { before: 40, after: 40 }, children: [run(text, { size: 13, bold })] })],
  });

/**
 * The briefing as a report in the administrative format (see the Decree 30 notes above), for the minutes: the heading
 * with the organisation from settings, "BÁO CÁO" and its summary naming the months by number, the sentence read out,
 * the table per unit, the key tasks of the next month by title and deadline only (what is read aloud, so the document
 * names no task identifier whoever downloads it), then "Nơi nhận" and the signature block. Page numbers are centred
 * in the header from page 2.
 */
export async function briefingDocument(r: BriefingReport, keyTasks: KeyTasksOfUnit[], ctx: BriefingExportContext): Promise<Buffer> {
  const period = periodWords(r);
  const next = monthWords(ctx.keyTasksMonth);
  const summary = `Kết quả thực hiện nhiệm vụ ${period} và nhiệm vụ trọng tâm ${next}`;

  const unitWidth = Math.round(TEXT_WIDTH * 0.28);
  const totalWidth = Math.round(TEXT_WIDTH * 0.1);
  const figureWidth = Math.floor((TEXT_WIDTH - unitWidth - totalWidth) / CATEGORIES.length);
  const widths = [unitWidth, totalWidth, ...CATEGORIES.map(() => figureWidth)];
  const figures = (l: BriefingReport | BriefingReport['units'][number]) => CATEGORIES.map(([key]) => `${l[key].count} (${formatPercent(l[key].percent)})`);
  const line = (texts: string[], bold = false) => texts.map((t, i) => figureCell(t, widths[i], { bold, alignLeft: i === 0 && !bold }));
  const table = new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: line(['Đơn vị', 'Tổng số', ...CATEGORIES.map(([, label]) => label)], true) }),
      ...r.units.map((u) => new TableRow({ cantSplit: true, children: line([u.name, String(u.total), ...figures(u)]) })),
      new TableRow({ cantSplit: true, children: line(['Tổng cộng', String(r.total), ...figures(r)], true) }),
    ],
  });

  const keyTaskParagraphs = keyTasks.flatMap((unit, i) => [
    body([run(`${i + 1}. ${unit.name}`, { bold: true })]),
    ...unit.tasks.map((t) => body(t.deadline ? `- ${t.title} (hạn ${formatLocalDate(t.deadline)}).` : `- ${t.title}.`)),
  ]);

  const pageNumber = new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: PT(14) })] })],
  });

  const doc = new Document({
    creator: 'Tiến Độ',
    title: summary,
    styles: { default: { document: { run: { font: FONT, size: PT(14) }, paragraph: { spacing: { after: 120 } } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: A4, margin: { ...MARGINS, header: MM(10), footer: MM(10) } },
        },
        headers: { default: pageNumber, first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: [
          officialHeading(ctx.organisation, ctx.issuedOn),
          new Paragraph({ spacing: { before: 0, after: 240 }, children: [] }),
          centred('BÁO CÁO', { size: 14, bold: true }),
          centred(summary, { size: 14, bold: true }),
          rule(TEXT_WIDTH, 0.25),
          body([run(`I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ ${period.toUpperCase()}`, { bold: true })], false),
          body(briefingSentence(r)),
          table,
          new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
          body([run(`II. NHIỆM VỤ TRỌNG TÂM ${next.toUpperCase()}`, { bold: true })], false),
          ...(keyTaskParagraphs.length ? keyTaskParagraphs : [body('Không có nhiệm vụ trọng tâm.')]),
          new Paragraph({ spacing: { before: 0, after: 240 }, children: [] }),
          signatureBlock(ctx.organisation),
          // Word expects the body to end with a paragraph, not a table.
          new Paragraph({ children: [] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
