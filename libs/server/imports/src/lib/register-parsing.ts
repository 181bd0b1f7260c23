import { parse as csvParse } from 'csv-parse';
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
 * temporary file. We keep its XML parsing (shared strings, styles for dates, the sheet's rows) and hand it entry
 * streams opened by yauzl instead: yauzl reads the central directory, lets us refuse by declared sizes before
 * inflating anything, and errors a stream that inflates past its declared size. These members are exceljs 4.4.0's
 * (pinned in package.json); register-parsing.spec.ts fails if an upgrade renames them.
 */
interface WorkbookReaderInternals {
  sharedStrings?: unknown[];
  model?: { sheets?: Array<{ id: number; name: string; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

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
    const metered = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        budget -= chunk.length;
        if (budget < 0) done(new FileRefused(refusals.unpackedTooLarge()));
        else done(null, chunk);
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
      for await (const { text } of reader._parseSharedStrings(shared)) {
        if (strings.length >= REGISTER_LIMITS.sharedStrings) throw new FileRefused(refusals.tooManySharedStrings());
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
    const sheetNo = /sheet(\d+)\.xml$/i.exec(path)?.[1] ?? '1';
    const [event] = [...reader._parseWorksheet(sheet, sheetNo)];
    for await (const row of event.value) {
      const cells: string[] = [];
      const width = Math.min(row.cellCount, MAX_COLUMNS);
      for (let c = 1; c <= width; c++) {
        const text = cellText(row.getCell(c).value);
        if (text.length > REGISTER_LIMITS.cellChars) throw new FileRefused(refusals.cellTooLong(row.number));
        cells.push(text);
      }
      yield { row: row.number, cells };
    }
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

/** Records of a UTF-8 .csv (a byte-order mark is skipped), numbered from 1. Stops when the caller stops. */
export async function* csvRows(buffer: Buffer): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = csvParse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false });
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
      if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
    }
    parser.end();
  })().catch((err) => {
    if (!stop.signal.aborted) parser.destroy(err);
  });
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n++;
      yield { row: n, cells: record.slice(0, MAX_COLUMNS) };
    }
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    const line = (err as { lines?: number }).lines ?? n + 1;
    throw new FileRefused(refusals.csvMalformed(line, (err as Error).message));
  } finally {
    stop.abort();
    parser.destroy();
    await feeding;
  }
}

/** .xlsx by its content (a zip), whatever its name; a name ending .xlsx that is not a zip is refused. */
export function registerKind(buffer: Buffer, filename: string): 'xlsx' | 'csv' {
  const zip = buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
  if (zip) return 'xlsx';
  if (/\.xlsx$/i.test(filename)) throw new FileRefused(refusals.notXlsx());
  return 'csv';
}
