import { parse as csvParse, type Info as CsvInfo, type Parser as CsvParser } from 'csv-parse';
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { Readable, Transform } from 'node:stream';
import yauzl from 'yauzl';
import { FileRefusal, REGISTER_LIMITS, refusals } from './register-columns';

/**
 * Streaming readers of register files: rows come out one at a time and the caller stops whenever it likes, so a
 * file with a million rows costs no more than the rows read before the limit. Runs in the reader's worker thread.
 */

/** One row of a sheet: its 1-based number and its cells as text. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** A whole-file refusal raised while reading. */
export class FileRefused extends Error {
  constructor(readonly refusal: FileRefusal) {
    super(refusal.message);
  }
}

/** Columns read from each row; a register has 9 and room is left for notes beside them. */
const MAX_COLUMNS = 64;

// ---------------------------------------------------------------------------------------------------------------
// .xlsx

/**
 * exceljs's streaming WorkbookReader reads entries in the zip's order through unzipper, which trusts local headers,
 * inflates whatever it finds and spools a sheet that comes before the shared strings (as Excel writes them) to a
 * temporary file. We keep its XML parsing of the workbook's parts (relationships, workbook, styles for dates, shared
 * strings) and hand it entry streams opened by yauzl instead: yauzl reads the central directory, lets us refuse by
 * declared sizes before inflating anything, and errors a stream that inflates past its declared size. The sheet's
 * rows we read ourselves from exceljs's SAX events (sheetRows). These members are exceljs 4.4.0's (pinned in
 * package.json); register-parsing.spec.ts fails if an upgrade renames them.
 */
interface WorkbookReaderInternals {
  sharedStrings?: unknown[];
  model?: { sheets?: Array<{ id: number; name: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  /** The workbook's styles (a number format tells a date from a number). */
  styles?: { getStyleModel(id: number): { numFmt?: string } | null };
  /** workbookPr: `date1904` for workbooks that count days from 1904. */
  properties?: { model?: { date1904?: boolean } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
}

/** One SAX event of exceljs's parser (saxes underneath): tag names as written, attributes as text. */
type SaxEvent =
  | { eventType: 'opentag'; value: { name: string; attributes: Record<string, string> } }
  | { eventType: 'closetag'; value: { name: string } }
  | { eventType: 'text'; value: string };
// exceljs 4.4.0's own modules, which have no type declarations.
const parseSax = require('exceljs/lib/utils/parse-sax') as (chunks: Readable) => AsyncGenerator<SaxEvent[]>;
const excelUtils = require('exceljs/lib/utils/utils') as { isDateFmt(fmt: string | undefined): boolean; excelToDate(serial: number, date1904?: boolean): Date };

/** Checks an .xlsx's central directory against the limits before anything is inflated; returns its files by name. */
export async function inspectXlsx(buffer: Buffer): Promise<{ zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
  } catch {
    throw new FileRefused(refusals.notXlsx());
  }
  const entries = new Map<string, yauzl.Entry>();
  let declared = 0;
  let count = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (++count > REGISTER_LIMITS.entries) throw new FileRefused(refusals.tooManyEntries());
      if (entry.fileName.endsWith('/')) continue;
      declared += entry.uncompressedSize;
      if (declared > REGISTER_LIMITS.unpackedBytes) throw new FileRefused(refusals.unpackedTooLarge());
      if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > REGISTER_LIMITS.compressionRatio * entry.compressedSize) {
        throw new FileRefused(refusals.compressionRatio(entry.fileName.slice(0, 100)));
      }
      entries.set(entry.fileName.toLowerCase(), entry);
    }
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused(refusals.notXlsx());
  }
  return { zip, entries };
}

/** Rows of the workbook's first sheet, in order. Stops reading when the caller stops iterating. */
export async function* xlsxRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const { zip, entries } = await inspectXlsx(buffer);
  // What is actually inflated, across entries: yauzl holds each entry to its declared size, this holds the total.
  let budget: number = REGISTER_LIMITS.unpackedBytes;
  const open: Array<[Readable, Transform]> = [];
  const stream = async (name: string): Promise<Readable | null> => {
    const entry = entries.get(name.toLowerCase());
    if (!entry) return null;
    let raw: Readable;
    try {
      raw = await zip.openReadStreamPromise(entry);
    } catch {
      throw new FileRefused(refusals.notXlsx());
    }
    // Inflated bytes are counted, then decoded as one UTF-8 stream: a letter split across two inflated chunks is
    // joined, not turned into U+FFFD as decoding each chunk alone would (exceljs's parser does that with bytes).
    // Bytes that are not UTF-8 refuse the file: a register's text is never silently replaced.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decode = (chunk?: Buffer): string | Error => {
      try {
        return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      } catch {
        return new FileRefused(refusals.xlsxNotUtf8());
      }
    };
    const metered = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        budget -= chunk.length;
        if (budget < 0) return done(new FileRefused(refusals.unpackedTooLarge()));
        const text = decode(chunk);
        if (text instanceof Error) done(text);
        else done(null, text.length > 0 ? text : undefined);
      },
      flush(done) {
        const text = decode();
        if (text instanceof Error) done(text);
        else done(null, text.length > 0 ? text : undefined);
      },
    });
    raw.on('error', (err) => metered.destroy(/too many bytes|too few bytes/.test(err.message) ? new FileRefused(refusals.sizeMismatch()) : err));
    open.push([raw, metered]);
    return raw.pipe(metered);
  };

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as WorkbookReaderInternals;
  try {
    const rels = await stream('xl/_rels/workbook.xml.rels');
    const book = await stream('xl/workbook.xml');
    if (!rels || !book) throw new FileRefused(refusals.notXlsx());
    await reader._parseRels(rels);
    await reader._parseWorkbook(book);
    const styles = await stream('xl/styles.xml');
    if (styles) await reader._parseStyles(styles);
    const strings: unknown[] = [];
    const shared = await stream('xl/sharedStrings.xml');
    if (shared) {
      for await (const { text: raw } of reader._parseSharedStrings(shared)) {
        if (strings.length >= REGISTER_LIMITS.sharedStrings) throw new FileRefused(refusals.tooManySharedStrings());
        // exceljs's streaming reader leaves the escapes in; each run (<t>) is decoded on its own, as Excel does.
        const text = typeof raw === 'string' ? decodeXstring(raw) : isRichText(raw) ? { richText: raw.richText.map((r) => ({ ...r, text: decodeXstring(r.text ?? '') })) } : raw;
        if (cellText(text as ExcelJS.CellValue).length > REGISTER_LIMITS.cellChars) throw new FileRefused(refusals.cellTooLong(0));
        strings.push(text);
      }
    }
    reader.sharedStrings = strings;
    // The first sheet in the workbook's order, found through the workbook's relationships.
    const first = reader.model?.sheets?.[0];
    const target = reader.workbookRels?.find((r) => r.Id === first?.rId)?.Target;
    if (!target) throw new FileRefused(refusals.notXlsx());
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const sheet = await stream(path);
    if (!sheet) throw new FileRefused(refusals.notXlsx());
    yield* sheetRows(sheet, strings, reader);
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused(refusals.notXlsx());
  } finally {
    for (const [raw, metered] of open) {
      raw.unpipe(); // yauzl: unpipe before destroying a stream that has not finished
      raw.destroy();
      metered.destroy();
    }
    zip.close();
  }
}

const isRichText = (v: unknown): v is { richText: Array<{ text?: string }> } =>
  typeof v === 'object' && v !== null && Array.isArray((v as { richText?: unknown }).richText);

/** A cell being read: its column (1-based), type (`t`), style (`s`) and the text of its value. */
interface OpenCell {
  col: number;
  type: string;
  style: string | undefined;
  value: string | null;
  inline: string | null;
}

/** "BC12" → column 55 (A = 1); null when the reference is not a cell's. */
function columnOf(ref: string): number | null {
  const m = /^\$?([A-Z]{1,3})\$?\d+$/i.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col;
}

/**
 * The rows of a sheet's XML (a stream of decoded text), from exceljs's SAX events. ECMA-376 Part 1 makes a row's `r`
 * (§18.3.1.73) and a cell's `r` (§18.3.1.4) optional, and some generators leave them out: a row without `r` is the
 * one after the previous row, a cell without `r` the column after the previous cell. Cell types (§18.18.11): shared
 * string `s`, inline rich text `inlineStr` (its runs joined, phonetic runs left out), formula text `str`, boolean
 * `b`, error `e` (read as empty), ISO 8601 date `d`, and numbers, which are dates when their style's number format
 * is one. Tag prefixes (`x:row`) are ignored. Refuses a cell longer than Excel allows (cellTooLong) and a row or cell
 * reference that is not one (notXlsx).
 */
async function* sheetRows(sheet: Readable, strings: unknown[], reader: WorkbookReaderInternals): AsyncGenerator<SheetRow> {
  const date1904 = reader.properties?.model?.date1904 ?? false;
  let inData = false;
  let rowNo = 0;
  let cells: string[] | null = null;
  let col = 0;
  let cell: OpenCell | null = null;
  let capture: 'value' | 'inline' | null = null;
  let phonetic = 0;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const text = (c: OpenCell): string => {
    const v = c.value;
    switch (c.type) {
      case 's': {
        const index = v === null || v.trim() === '' ? NaN : Number(v);
        return Number.isInteger(index) ? cellText(strings[index] as ExcelJS.CellValue) : '';
      }
      case 'inlineStr':
        return decodeXstring(c.inline ?? v ?? '');
      case 'str':
        return decodeXstring(v ?? '');
      case 'b':
        return v === null || v.trim() === '' ? '' : String(Number(v) !== 0);
      case 'e':
        return '';
      case 'd':
        return (v ?? '').trim().slice(0, 10);
      default: {
        if (v === null || v.trim() === '') return '';
        const n = Number(v);
        if (!Number.isFinite(n)) return v.trim();
        const numFmt = c.style === undefined ? undefined : reader.styles?.getStyleModel(Number(c.style))?.numFmt;
        return excelUtils.isDateFmt(numFmt) ? cellText(excelUtils.excelToDate(n, date1904)) : String(n);
      }
    }
  };
  for await (const events of parseSax(sheet)) {
    const done: SheetRow[] = [];
    for (const event of events) {
      if (event.eventType === 'text') {
        if (!cell || capture === null) continue;
        const sofar = capture === 'value' ? (cell.value = (cell.value ?? '') + event.value) : (cell.inline = (cell.inline ?? '') + event.value);
        if (sofar.length > REGISTER_LIMITS.cellChars) throw new FileRefused(refusals.cellTooLong(rowNo));
        continue;
      }
      const name = local(event.value.name);
      if (event.eventType === 'opentag') {
        const attributes = event.value.attributes;
        if (name === 'sheetData') inData = true;
        else if (!inData) continue;
        else if (name === 'row') {
          const r = attributes['r'];
          if (r === undefined) rowNo++;
          else if (/^\s*\d{1,7}\s*$/.test(r) && Number(r) > 0) rowNo = Number(r);
          else throw new FileRefused(refusals.notXlsx());
          cells = [];
          col = 0;
        } else if (name === 'c' && cells) {
          const r = attributes['r'];
          const at = r === undefined ? col + 1 : columnOf(r.trim());
          if (at === null) throw new FileRefused(refusals.notXlsx());
          col = at;
          cell = { col, type: attributes['t'] ?? 'n', style: attributes['s'], value: null, inline: null };
        } else if (cell && name === 'v') {
          cell.value = '';
          capture = 'value';
        } else if (cell && name === 'is') cell.inline = '';
        else if (cell && name === 'rPh') phonetic++;
        else if (cell && name === 't' && cell.inline !== null && phonetic === 0) capture = 'inline';
      } else if (name === 'sheetData') inData = false;
      else if (name === 'v' || name === 't') capture = null;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 'c' && cell && cells) {
        if (cell.col <= MAX_COLUMNS) {
          const value = text(cell);
          if (value.length > REGISTER_LIMITS.cellChars) throw new FileRefused(refusals.cellTooLong(rowNo));
          if (value !== '') {
            while (cells.length < cell.col - 1) cells.push('');
            cells[cell.col - 1] = value;
          }
        }
        cell = null;
        capture = null;
        phonetic = 0;
      } else if (name === 'row' && cells) {
        done.push({ row: rowNo, cells });
        cells = null;
      }
    }
    yield* done;
  }
}

/**
 * Excel's escapes in cell text (ECMA-376 Part 1 §22.9.2.19 ST_Xstring): `_xHHHH_` is the UTF-16 code unit HHHH
 * (`_x000D_` a carriage return, `_x00E1_` á; a pair of them is one astral character), and `_x005F_` a literal `_`,
 * so `_x005F_x0041_` reads as the text `_x0041_`: one left-to-right pass, never decoding its own output. Hex digits
 * in either case (Excel writes upper case and reads both). Applied to shared strings (each run on its own), inline
 * strings and formula text alike. A decoded `_x0000_` is a NUL that decideText then refuses with its row and column.
 */
export function decodeXstring(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** Excel keeps dates as dates and numbers as numbers: back to the text a person typed. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text ?? '').join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------------
// .csv

/**
 * Records of a UTF-8 .csv (a byte-order mark is skipped), numbered from 1. Stops when the caller stops.
 *
 * A record is held whole while it is parsed, so its size is bounded as it streams: its text at most
 * REGISTER_LIMITS.csvLineBytes (csv-parse's max_record_size) and its fields at most REGISTER_LIMITS.csvFields, checked
 * after each chunk of text the parser takes (a chunk adds at most CHUNK fields), so a line of five million commas is
 * refused after its first 64 KB instead of becoming an array of five million strings. Each record keeps its first
 * MAX_COLUMNS fields as soon as it is parsed. csv-parse's errors (English, from its own text) become refusals with a
 * Vietnamese message and a rule the web app translates, by their code (csvRefusal).
 */
export async function* csvRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The line (as an editor counts them) where the last record ended, and the empty lines skipped until then: the
  // record being parsed starts after it and the empty lines skipped since.
  let lastEnd = 0;
  let emptyAtLastEnd = 0;
  const info = () => parser.info;
  const recordStart = () => lastEnd + 1 + (info().empty_lines - emptyAtLastEnd);
  const parser: CsvParser = csvParse({
    bom: true,
    relax_column_count: true,
    // Empty lines cost little skipped (3 s for five million); parsed, each was a record of another length than the
    // header's, for which csv-parse builds an error object (about 30 µs: 5 MB of line breaks took four minutes). Rows
    // still count them.
    skip_empty_lines: true,
    trim: false,
    max_record_size: REGISTER_LIMITS.csvLineBytes,
    // Typed as csv-parse's Options allow (records stay string[] there); the stream yields SheetRow.
    on_record: ((record: string[], context: CsvInfo): SheetRow => {
      const start = recordStart();
      lastEnd = context.lines;
      emptyAtLastEnd = context.empty_lines;
      // Records of another length than the header's cost csv-parse that error object each: their number is bounded.
      if (context.records > REGISTER_LIMITS.csvRecords) throw new FileRefused(refusals.csvTooManyLines(start));
      if (record.length > REGISTER_LIMITS.csvFields) throw new FileRefused(refusals.csvTooManyFields(start));
      const cells = record.length > MAX_COLUMNS ? record.slice(0, MAX_COLUMNS) : record;
      if (cells.some((c) => c.length > REGISTER_LIMITS.cellChars)) throw new FileRefused(refusals.cellTooLong(start));
      // Numbered as before: records and empty lines (a record over several lines is one row, as in Excel).
      return { row: context.records + context.empty_lines, cells };
    }) as unknown as (record: string[], context: CsvInfo) => string[],
  });
  // csv-parse's record being parsed (exposed on the stream as `state`; pinned by register-parsing.spec.ts).
  const fieldsSoFar = () => (parser as unknown as { state?: { record?: unknown[] } }).state?.record?.length ?? 0;
  const stop = new AbortController();
  const feeding = (async () => {
    const CHUNK = 64 * 1024;
    for (let i = 0; i < buffer.length; i += CHUNK) {
      let text: string;
      try {
        text = decoder.decode(buffer.subarray(i, i + CHUNK), { stream: i + CHUNK < buffer.length });
      } catch {
        throw new FileRefused(refusals.notUtf8());
      }
      // Once write returns true or drain comes, everything written has been parsed.
      if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
      if (fieldsSoFar() > REGISTER_LIMITS.csvFields) throw new FileRefused(refusals.csvTooManyFields(recordStart()));
    }
    parser.end();
  })().catch((err) => {
    if (!stop.signal.aborted) parser.destroy(err);
  });
  try {
    yield* parser as AsyncIterable<SheetRow>;
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused(csvRefusal(err, recordStart()));
  } finally {
    stop.abort();
    parser.destroy();
    await feeding;
  }
}

/**
 * A csv-parse error as a refusal, by its code (csv-parse 5-7; never its English message): the line it names (the
 * line of the record being read, for a quote left open, where that record began) and, where known, the column.
 */
export function csvRefusal(err: unknown, recordStart: number): FileRefusal {
  const e = (err ?? {}) as { code?: unknown; lines?: unknown; column?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : recordStart;
  // csv-parse names the field by its 0-based index in the record.
  const column = typeof e.column === 'number' && e.column >= 0 ? e.column + 1 : undefined;
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return refusals.csvClosingQuote(line, column);
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return refusals.csvOpeningQuote(line, column);
    case 'CSV_QUOTE_NOT_CLOSED':
      return refusals.csvQuoteNotClosed(Math.min(recordStart, line));
    case 'CSV_MAX_RECORD_SIZE':
      return refusals.csvLineTooLong(recordStart);
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_INCONSISTENT_RECORD_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH':
      return refusals.csvFieldCount(line);
    default:
      return refusals.csvMalformed(line);
  }
}

/** .xlsx by its content (a zip), whatever its name; a name ending .xlsx that is not a zip is refused. */
export function registerKind(buffer: Buffer, filename: string): 'xlsx' | 'csv' {
  const zip = buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (zip) return 'xlsx';
  if (/\.xlsx$/i.test(filename)) throw new FileRefused(refusals.notXlsx());
  return 'csv';
}
