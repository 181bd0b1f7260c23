import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Hostile task registers, made byte by byte for the import's tests and `bench:import`: an .xlsx that holds far more
 * rows than allowed in a small file, zip bombs whose entries declare their true size or lie about it. Nothing here
 * uses a zip library, so an entry can declare a size that is not its own.
 */

/** The register's header row by its (older, still accepted) English column keys. */
export const REGISTER_KEYS = 'code,title,lead_unit,assignee,assigned_on,due_on,completed_on,source_document,key_task';

/** The parts of an .xlsx around one sheet: content types, relationships and a workbook naming sheet1. */
export function workbookParts(): Record<string, string> {
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  };
}

export const SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_CLOSE = '</sheetData></worksheet>';
/** One cell holding `text` inline (no shared strings). */
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
/** Row 1 of a sheet: the register's header. */
export const headerRowXml = () => `<row r="1">${REGISTER_KEYS.split(',').map((h, i) => inlineCell(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>`;

/**
 * A zip written byte by byte. `declare` replaces an entry's uncompressed size in both its local header and the
 * central directory (a lying archive); `level` is deflate's level (1 fast, 9 smallest).
 */
export function handMadeZip(entries: Array<{ name: string; data: Buffer; declare?: number }>, level = 1): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const packed = deflateRawSync(e.data, { level });
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declare ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An .xlsx around one sheet's XML; `declare` makes the sheet's entry lie about its size. */
export const workbookWith = (sheet: Buffer, declare?: number, level = 1) =>
  handMadeZip(
    [...Object.entries(workbookParts()).map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })), { name: 'xl/worksheets/sheet1.xml', data: sheet, declare }],
    level,
  );

/** An .xlsx of the header and `rows` - 1 tiny task rows: 300,000 rows pack to about 1.5 MB, 600,000 to 3 MB at level 9. */
export function manyRowsXlsx(rows: number, level = 1): Buffer {
  const parts: string[] = [SHEET_OPEN, headerRowXml()];
  for (let r = 2; r <= rows; r++) parts.push(`<row r="${r}"><c r="A${r}"><v>1</v></c></row>`);
  parts.push(SHEET_CLOSE);
  return workbookWith(Buffer.from(parts.join(''), 'utf8'), undefined, level);
}

/** A sheet of `mb` MB of blank rows after the header: deflate packs it about 200 times. */
export const bombSheet = (mb: number) => Buffer.concat([Buffer.from(SHEET_OPEN + headerRowXml()), Buffer.alloc(mb * 1024 * 1024, '<row r="2"/>')]);

/**
 * A .csv of the header and then one line of `commas` commas (5,000,000 by default, just under the 5 MB upload
 * limit): one record of five million empty fields, which a parser holds whole unless it counts fields as it reads.
 */
export const commasLineCsv = (commas = 5_000_000) => Buffer.from(`${REGISTER_KEYS}\n${','.repeat(commas)}`, 'utf8');

/** A .csv of the header and `lines` short lines of `fields` empty fields each (5 MB by default): nothing to import, much to parse. */
export const emptyFieldsCsv = (lines = 1_250, fields = 4_000) => Buffer.from(`${REGISTER_KEYS}\n${`${','.repeat(fields - 1)}\n`.repeat(lines)}`, 'utf8');

/** A .csv of the header and then `lines` line breaks (just under 5 MB by default): millions of empty lines. */
export const emptyLinesCsv = (lines = 5_000_000) => Buffer.from(`${REGISTER_KEYS}\n${'\n'.repeat(lines)}`, 'utf8');

/** A .csv of the header and then `lines` lines of one comma each (5 MB by default): millions of blank records of another width than the header's. */
export const commaLinesCsv = (lines = 2_500_000) => Buffer.from(`${REGISTER_KEYS}\n${',\n'.repeat(lines)}`, 'utf8');
