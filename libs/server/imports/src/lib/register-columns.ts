/**
 * The columns of a task register and the limits a register file must keep. Pure: used by the worker thread that
 * reads files and by the service that checks rows, so both name a column the same way.
 */

/** The columns in template order: the English key (kept for files made before the Vietnamese titles) and the title. */
export const REGISTER_COLUMNS = [
  { key: 'code', title: 'Mã nhiệm vụ' },
  { key: 'title', title: 'Tên nhiệm vụ' },
  { key: 'lead_unit', title: 'Đơn vị chủ trì' },
  { key: 'assignee', title: 'Người thực hiện' },
  { key: 'assigned_on', title: 'Ngày giao' },
  { key: 'due_on', title: 'Hạn xử lý' },
  { key: 'completed_on', title: 'Ngày hoàn thành' },
  { key: 'source_document', title: 'Số văn bản giao nhiệm vụ' },
  { key: 'key_task', title: 'Nhiệm vụ trọng tâm' },
] as const;

export type RegisterColumn = (typeof REGISTER_COLUMNS)[number]['key'];
export const REGISTER_KEYS: readonly RegisterColumn[] = REGISTER_COLUMNS.map((c) => c.key);

/** The Vietnamese title of a column, as the template's header and every error message name it. */
export const columnTitle = (key: RegisterColumn): string => REGISTER_COLUMNS.find((c) => c.key === key)?.title ?? key;

/**
 * Limits of a register file. The upload limit bounds what arrives; the others bound what it may unpack to, since a
 * 1.7 MB .xlsx can hold a million rows and a 1 MB zip can inflate to gigabytes.
 */
export const REGISTER_LIMITS = {
  /** Upload size (bytes), refused with 413 while it arrives. */
  fileBytes: 5 * 1024 * 1024,
  /** Task rows (non-empty rows under the header). A 50,000-row register is about 2.3 MB as .xlsx, 25 MB unpacked. */
  rows: 50_000,
  /**
   * Everything inside an .xlsx, unpacked, as declared and as actually inflated (bytes): room for 50,000 rows with
   * 500-character Vietnamese titles.
   */
  unpackedBytes: 64 * 1024 * 1024,
  /** Files inside an .xlsx (Excel writes about a dozen). */
  entries: 1_000,
  /**
   * Unpacked ÷ packed size of one file inside the .xlsx, checked for files over 1 MB unpacked: registers compress
   * 9-25 times; zip bombs about 1,000 times. Apache POI refuses beyond 100 by default (ZipSecureFile).
   */
  compressionRatio: 100,
  /** Text in one cell (characters): Excel's own limit. */
  cellChars: 32_767,
  /**
   * Fields in one line of a .csv: Excel's 16,384 columns, so any sheet Excel saves as CSV is read. A line is held
   * whole while it is parsed: a 5 MB line of commas would otherwise be five million strings (about 250 MB).
   */
  csvFields: 16_384,
  /**
   * Text in one line (record) of a .csv, in characters (csv-parse's max_record_size): room for nine cells of
   * Vietnamese text at Excel's limit; a longer line is most often a quote left open.
   */
  csvLineBytes: 1024 * 1024,
  /**
   * Lines of a .csv that are not empty, the header and blank ones (only commas or spaces) included: twice the task
   * rows. csv-parse spends about 30 µs on a line whose number of fields differs from the header's, so 5 MB of
   * such lines would hold the reader for over a minute; this many take it about 3 s.
   */
  csvRecords: 100_000,
  /** Distinct texts in a workbook's shared-string table: 9 cells × 50,000 rows with room for other sheets. */
  sharedStrings: 1_000_000,
  /** Memory of the thread that reads a file (MB of V8 heap); past it the thread is stopped and the file refused. */
  readerHeapMb: 160,
} as const;

/** A refusal of the whole file: its HTTP status (413 too large, 422 unreadable), rule code and Vietnamese message. */
export interface FileRefusal {
  status: 413 | 422;
  rule: string;
  message: string;
  /** The row (1-based) concerned, 0 for the file as a whole. */
  row: number;
  /** The column concerned, when there is one. */
  field?: RegisterColumn;
  value?: string;
}

const fmt = (n: number) => n.toLocaleString('vi-VN');
const mb = (bytes: number) => `${fmt(Math.round(bytes / 1024 / 1024))} MB`;
/** "dòng 2, cột 3" (the column when known). */
const at = (row: number, column?: number) => (column ? `dòng ${fmt(row)}, cột ${fmt(column)}` : `dòng ${fmt(row)}`);

/** The whole-file refusals, one place for their words. */
export const refusals = {
  tooManyRows: (): FileRefusal => ({
    status: 413,
    rule: 'tooManyRows',
    row: REGISTER_LIMITS.rows + 2,
    message: `Tệp có hơn ${fmt(REGISTER_LIMITS.rows)} dòng nhiệm vụ; hãy chia thành nhiều tệp, mỗi tệp tối đa ${fmt(REGISTER_LIMITS.rows)} dòng`,
  }),
  unpackedTooLarge: (): FileRefusal => ({
    status: 413,
    rule: 'unpackedTooLarge',
    row: 0,
    message: `Tệp Excel khi giải nén lớn hơn ${mb(REGISTER_LIMITS.unpackedBytes)}; hãy chia thành nhiều tệp hoặc xoá các trang tính, hình ảnh không cần thiết`,
  }),
  compressionRatio: (name: string): FileRefusal => ({
    status: 413,
    rule: 'compressionRatio',
    row: 0,
    value: name,
    message: `Tệp Excel có phần "${name}" bị nén bất thường (hơn ${REGISTER_LIMITS.compressionRatio} lần); tệp không được đọc`,
  }),
  tooManyEntries: (): FileRefusal => ({
    status: 413,
    rule: 'tooManyEntries',
    row: 0,
    message: `Tệp Excel chứa hơn ${fmt(REGISTER_LIMITS.entries)} tệp con; đây không phải sổ theo dõi thông thường`,
  }),
  tooManySharedStrings: (): FileRefusal => ({
    status: 413,
    rule: 'tooManySharedStrings',
    row: 0,
    message: `Tệp Excel chứa hơn ${fmt(REGISTER_LIMITS.sharedStrings)} đoạn văn bản khác nhau; hãy chia thành nhiều tệp`,
  }),
  readerOutOfMemory: (): FileRefusal => ({
    status: 413,
    rule: 'readerOutOfMemory',
    row: 0,
    message: `Đọc tệp cần quá ${fmt(REGISTER_LIMITS.readerHeapMb)} MB bộ nhớ; hãy chia thành nhiều tệp nhỏ hơn`,
  }),
  cellTooLong: (row: number, field?: RegisterColumn): FileRefusal => ({
    status: 422,
    rule: 'cellTooLong',
    row,
    field,
    message: `Ô dài hơn ${fmt(REGISTER_LIMITS.cellChars)} ký tự (giới hạn của Excel)`,
  }),
  sizeMismatch: (): FileRefusal => ({
    status: 422,
    rule: 'sizeMismatch',
    row: 0,
    message: 'Tệp Excel bị hỏng hoặc bị làm giả: nội dung giải nén lớn hơn kích thước tệp tự khai báo',
  }),
  notXlsx: (): FileRefusal => ({ status: 422, rule: 'notXlsx', row: 0, message: 'Tệp không phải sổ Excel .xlsx hợp lệ' }),
  xlsxNotUtf8: (): FileRefusal => ({ status: 422, rule: 'xlsxNotUtf8', row: 0, message: 'Tệp Excel bị hỏng: có văn bản không phải UTF-8, tệp không được đọc' }),
  notUtf8: (): FileRefusal => ({ status: 422, rule: 'notUtf8', row: 0, message: 'Tệp CSV phải được lưu dạng UTF-8 (trong Excel: "CSV UTF-8")' }),
  // A .csv that csv-parse cannot read, by its error's code (register-parsing.ts csvRefusal): never its English text.
  csvClosingQuote: (row: number, column?: number): FileRefusal => ({
    status: 422,
    rule: 'csvClosingQuote',
    row,
    message: `Không đọc được tệp CSV ở ${at(row, column)}: sau dấu ngoặc kép đóng ô phải là dấu phẩy hoặc xuống dòng; dấu ngoặc kép nằm trong ô phải viết đôi ("")`,
  }),
  csvOpeningQuote: (row: number, column?: number): FileRefusal => ({
    status: 422,
    rule: 'csvOpeningQuote',
    row,
    message: `Không đọc được tệp CSV ở ${at(row, column)}: có dấu ngoặc kép giữa ô; ô chứa dấu ngoặc kép phải đặt trong ngoặc kép và viết đôi dấu ngoặc kép bên trong ("")`,
  }),
  csvQuoteNotClosed: (row: number): FileRefusal => ({
    status: 422,
    rule: 'csvQuoteNotClosed',
    row,
    message: `Không đọc được tệp CSV: dấu ngoặc kép mở ô ở dòng ${fmt(row)} không được đóng cho đến hết tệp`,
  }),
  csvFieldCount: (row: number): FileRefusal => ({ status: 422, rule: 'csvFieldCount', row, message: `Không đọc được tệp CSV ở dòng ${fmt(row)}: số cột khác với dòng tiêu đề` }),
  csvMalformed: (row: number): FileRefusal => ({
    status: 422,
    rule: 'csvMalformed',
    row,
    message: `Không đọc được tệp CSV ở dòng ${fmt(row)}; hãy mở tệp bằng Excel và lưu lại dạng "CSV UTF-8"`,
  }),
  csvTooManyFields: (row: number): FileRefusal => ({
    status: 413,
    rule: 'csvTooManyFields',
    row,
    message: `Dòng ${fmt(row)} của tệp CSV có hơn ${fmt(REGISTER_LIMITS.csvFields)} cột (giới hạn của Excel); tệp không được đọc`,
  }),
  csvTooManyLines: (row: number): FileRefusal => ({
    status: 413,
    rule: 'csvTooManyLines',
    row,
    message: `Tệp CSV có hơn ${fmt(REGISTER_LIMITS.csvRecords)} dòng (kể cả dòng chỉ có dấu phẩy); hãy xoá các dòng thừa hoặc chia thành nhiều tệp, mỗi tệp tối đa ${fmt(REGISTER_LIMITS.rows)} dòng nhiệm vụ`,
  }),
  csvLineTooLong: (row: number): FileRefusal => ({
    status: 413,
    rule: 'csvLineTooLong',
    row,
    message: `Dòng ${fmt(row)} của tệp CSV dài hơn ${mb(REGISTER_LIMITS.csvLineBytes)} (thường do một dấu ngoặc kép mở ô không được đóng); tệp không được đọc`,
  }),
  emptyFile: (): FileRefusal => ({ status: 422, rule: 'emptyFile', row: 1, message: 'Tệp trống' }),
  noRows: (): FileRefusal => ({ status: 422, rule: 'noRows', row: 2, message: 'Tệp có dòng tiêu đề nhưng không có nhiệm vụ nào' }),
  headerUnknown: (text: string): FileRefusal => ({
    status: 422,
    rule: 'headerUnknown',
    row: 1,
    value: text,
    message: `Cột "${text}" không có trong mẫu; dòng tiêu đề gồm: ${REGISTER_COLUMNS.map((c) => c.title).join(', ')}`,
  }),
  headerMissing: (key: RegisterColumn): FileRefusal => ({
    status: 422,
    rule: 'headerMissing',
    row: 1,
    field: key,
    message: `Thiếu cột "${columnTitle(key)}" ở dòng tiêu đề`,
  }),
  headerDuplicate: (key: RegisterColumn): FileRefusal => ({
    status: 422,
    rule: 'headerDuplicate',
    row: 1,
    field: key,
    message: `Cột "${columnTitle(key)}" xuất hiện hai lần ở dòng tiêu đề`,
  }),
};

const headerKey = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const BY_HEADER = new Map<string, RegisterColumn>(REGISTER_COLUMNS.flatMap((c) => [[headerKey(c.key), c.key] as const, [headerKey(c.title), c.key] as const]));

/**
 * Reads the header row: each column by its Vietnamese title or its English key (either, case and spacing aside, in
 * any order). Returns, for each register column, the index of its cell; or the header's refusals.
 */
export function resolveHeader(cells: readonly string[]): { positions: number[] } | { refusals: FileRefusal[] } {
  const found = new Map<RegisterColumn, number>();
  const problems: FileRefusal[] = [];
  cells.forEach((text, index) => {
    if (text.trim() === '') return;
    const key = BY_HEADER.get(headerKey(text));
    if (!key) problems.push(refusals.headerUnknown(text.trim().slice(0, 100)));
    else if (found.has(key)) problems.push(refusals.headerDuplicate(key));
    else found.set(key, index);
  });
  for (const c of REGISTER_COLUMNS) if (!found.has(c.key)) problems.push(refusals.headerMissing(c.key));
  if (problems.length > 0) return { refusals: problems };
  return { positions: REGISTER_COLUMNS.map((c) => found.get(c.key) as number) };
}
