import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectAllowedType, HEAD_BYTES } from './file-content';

const ALL = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'png', 'jpg', 'jpeg', 'zip'] as const;

/** A stored ZIP with the given entries (enough of the format for the checks: local headers and the central directory). */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name);
    const data = Buffer.from(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('detectAllowedType: by content, the extension agreeing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-types-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const detect = (bytes: Buffer, name: string, allowed: readonly (typeof ALL)[number][] = ALL) => {
    const path = join(dir, String(n++));
    writeFileSync(path, bytes);
    return detectAllowedType(path, bytes.length, bytes.subarray(0, HEAD_BYTES), name, allowed);
  };
  const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
  const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
  const odt = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<x/>']]);
  const docx = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w/>']]);

  it('accepts each allowed type under its own extension', async () => {
    expect(await detect(pdf, 'a.PDF')).toBe('application/pdf');
    expect(await detect(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'ảnh.jpg')).toBe('image/jpeg');
    expect(await detect(cfb, 'cũ.doc')).toBe('application/msword');
    expect(await detect(cfb, 'cũ.xls')).toBe('application/vnd.ms-excel');
    expect(await detect(odt, 'văn bản.odt')).toBe('application/vnd.oasis.opendocument.text');
    expect(await detect(docx, 'dự thảo.docx')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a');
    expect(await detect(Buffer.from(await wb.xlsx.writeBuffer()), 'sổ.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(await detect(docx, 'gói.zip')).toBe('application/zip');
  });

  it('refuses a disagreeing extension, an unknown content, a type left out of the list', async () => {
    expect(await detect(pdf, 'a.exe')).toBeNull();
    expect(await detect(pdf, 'a.docx')).toBeNull();
    expect(await detect(pdf, 'không đuôi')).toBeNull();
    expect(await detect(Buffer.from('<html><script>1</script></html>'), 'a.pdf')).toBeNull();
    expect(await detect(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.png')).toBeNull();
    expect(await detect(odt, 'a.docx')).toBeNull();
    expect(await detect(odt, 'a.ods')).toBeNull();
    expect(await detect(docx, 'a.xlsx')).toBeNull();
    expect(await detect(zip([['word/document.xml', '<w/>']]), 'a.docx')).toBeNull();
    expect(await detect(pdf, 'a.pdf', ['png'])).toBeNull();
  });
});
