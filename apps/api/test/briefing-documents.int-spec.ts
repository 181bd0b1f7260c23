import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { bearer, startDemoApi, TestApi } from './harness';

/**
 * The briefing's files as a secretary files them: the .docx in the administrative format of Decree 30/2020/NĐ-CP
 * (Phụ lục I), read from its XML; the .xlsx with date cells; both naming months by number ("tháng 07/2020"); the
 * organisation's name from settings (start-up default, then an admin's change). Runs under TZ=UTC and
 * TZ=Asia/Ho_Chi_Minh alike: every day here is Vietnam's.
 */

interface Run {
  text: string;
  font?: string;
  size?: number;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}

const attr = (xml: string, tag: string, name: string) => xml.match(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`))?.[1];
const has = (rPr: string, tag: string) => new RegExp(`<${tag}(\\s[^>]*)?/>`).test(rPr) && !new RegExp(`<${tag}\\s[^>]*w:val="(false|0|none)"`).test(rPr);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The paragraphs of a WordprocessingML part, each as its runs with their properties. */
function paragraphs(xml: string): Run[][] {
  return xml.split('</w:p>').map((p) =>
    [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>|<w:r [^>]*>([\s\S]*?)<\/w:r>/g)].map((m) => {
      const inner = m[1] ?? m[2];
      const rPr = inner.match(/<w:rPr>([\s\S]*?)<\/w:rPr>/)?.[1] ?? '';
      const size = attr(rPr, 'w:sz', 'w:val');
      return {
        text: [...inner.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescape(t[1])).join(''),
        font: attr(rPr, 'w:rFonts', 'w:ascii'),
        size: size === undefined ? undefined : Number(size),
        bold: has(rPr, 'w:b'),
        italic: has(rPr, 'w:i'),
        underline: /<w:u\s[^>]*w:val="single"/.test(rPr),
      };
    }),
  );
}

const textOf = (p: Run[]) => p.map((r) => r.text).join('');

describe('the briefing in the official format (Decree 30/2020/NĐ-CP) with the organisation from settings', () => {
  let api: TestApi;
  let token: string;
  let admin: string;

  beforeAll(async () => {
    // The start-up default is the merged ministry's name: the product's own default must not leak into the file.
    // On a copy of the run's demo, loaded under the default settings: nothing the demo stored may carry them.
    api = await startDemoApi({ ORG_NAME: 'Bộ Khoa học và Công nghệ', ORG_SHORT_NAME: 'BKHCN', ORG_PLACE: 'Hà Nội' });
    // The demo has no admin account: the office's monitor is made one for this file's database.
    await api.db.query(`UPDATE users SET role = 'admin' WHERE username = 'vanphong'`);
    admin = await api.login('vanphong', 'Pho-co-mua-thu-2026');
    token = await freshToken();
  }, 300_000);

  /** The clock moves to the day a document is dated: sessions end after hours, so the reader signs in again there. */
  const freshToken = async () =>
    (await api.http.post('/api/auth/login').send({ username: 'chuyenvien.vbc', password: 'Buu-kien-toi-som-2026' })).body.accessToken as string;
  async function at(instant: string): Promise<void> {
    api.clock.set(instant);
    token = await freshToken();
    admin = (await api.http.post('/api/auth/login').send({ username: 'vanphong', password: 'Pho-co-mua-thu-2026' })).body.accessToken;
  }
  afterAll(() => api.close());

  /** The file's bytes, typed as exceljs reads them (JSZip reads the same). */
  type FileBody = Parameters<ExcelJS.Xlsx['load']>[0];
  async function download(query: string): Promise<{ status: number; body: FileBody }> {
    const res = await api.http
      .get(`/api/reports/briefing/export?${query}`)
      .set(bearer(token))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return { status: res.status, body: res.body as FileBody };
  }

  async function docxParts(query: string): Promise<{ document: string; styles: string; zip: JSZip }> {
    const res = await download(`${query}&format=docx`);
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(res.body);
    const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
    return { document: await read('word/document.xml'), styles: await read('word/styles.xml'), zip };
  }

  it('the .docx: A4, the decree’s margins, Times New Roman 13-14 pt, page numbers from page 2', async () => {
    // 4 February 2027 at 18:00 UTC is already 5 February in Vietnam: the date line says so.
    await at('2027-02-04T18:00:00Z');
    const { document, styles, zip } = await docxParts('month=2020-07');

    // Phụ lục I, Phần II: A4 (210 × 297 mm = 11906 × 16838 twips); top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
    expect(Number(attr(document, 'w:pgSz', 'w:w'))).toBe(11906);
    expect(Number(attr(document, 'w:pgSz', 'w:h'))).toBe(16838);
    const margin = (side: string) => Number(attr(document, 'w:pgMar', `w:${side}`));
    for (const side of ['top', 'bottom']) {
      expect(margin(side)).toBeGreaterThanOrEqual(1134);
      expect(margin(side)).toBeLessThanOrEqual(1417);
    }
    expect(margin('left')).toBeGreaterThanOrEqual(1701);
    expect(margin('left')).toBeLessThanOrEqual(1984);
    expect(margin('right')).toBeGreaterThanOrEqual(850);
    expect(margin('right')).toBeLessThanOrEqual(1134);

    // Times New Roman everywhere, the default run 14 pt; the body's sizes are 13-14 pt, Nơi nhận 11-12 pt.
    const defaults = styles.match(/<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/)?.[1] ?? '';
    expect(attr(defaults, 'w:rFonts', 'w:ascii')).toBe('Times New Roman');
    expect(attr(defaults, 'w:sz', 'w:val')).toBe('28');
    const runs = paragraphs(document).flat().filter((r) => r.text.trim() !== '');
    expect(runs.length).toBeGreaterThan(20);
    for (const r of runs) {
      expect([r.text, r.font]).toEqual([r.text, 'Times New Roman']);
      expect([r.text, [22, 24, 26, 28].includes(r.size ?? 0)]).toEqual([r.text, true]);
    }
    const bodyRuns = runs.filter((r) => r.text.startsWith('Tổng số nhiệm vụ đã thực hiện'));
    expect(bodyRuns).toHaveLength(1);
    expect([26, 28]).toContain(bodyRuns[0].size);

    // Page numbers: centred in the header, none on the first page (a different first-page header).
    expect(document).toMatch(/<w:titlePg\s*\/>/);
    const headerIds = [...document.matchAll(/<w:headerReference w:type="(default|first)" r:id="([^"]+)"\/>/g)].map((m) => [m[1], m[2]]);
    expect(headerIds.map(([type]) => type).sort()).toEqual(['default', 'first']);
    const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    const headerXml = async (type: string) => {
      const id = headerIds.find(([t]) => t === type)?.[1] ?? '';
      const target = rels.match(new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`));
      return (await zip.file(`word/${target?.[1] ?? target?.[2]}`)?.async('string')) ?? '';
    };
    const numbered = await headerXml('default');
    expect(numbered).toMatch(/PAGE/);
    expect(numbered).toMatch(/<w:jc w:val="center"\/>/);
    expect(await headerXml('first')).not.toMatch(/PAGE/);
  });

  it('the .docx: national heading and motto, the organisation from settings, number, place and date, months by number', async () => {
    await at('2027-02-04T18:00:00Z');
    const { document } = await docxParts('month=2020-07');
    const ps = paragraphs(document);
    const find = (text: string) => {
      const p = ps.find((x) => textOf(x) === text);
      if (!p) throw new Error(`no paragraph "${text}" in ${ps.map(textOf).filter(Boolean).join(' | ')}`);
      return p;
    };

    // Quốc hiệu: capitals, 12-13 pt, bold. Tiêu ngữ: 13-14 pt, bold, a line beneath (underlined).
    const [nation] = find('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(nation).toMatchObject({ bold: true });
    expect([24, 26]).toContain(nation.size);
    const [motto] = find('Độc lập - Tự do - Hạnh phúc');
    expect(motto).toMatchObject({ bold: true, underline: true });
    expect([26, 28]).toContain(motto.size);

    // The issuing body is the organisation of the settings, in capitals and bold; its abbreviation in the symbol.
    const [issuer] = find('BỘ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(issuer).toMatchObject({ bold: true });
    expect(document).not.toContain('THÔNG TIN VÀ TRUYỀN THÔNG');
    expect(ps.map(textOf).find((t) => t.startsWith('Số:'))).toMatch(/^Số:\s+\/BC-BKHCN$/);

    // Place and date, italic, Vietnam's day; the months 1 and 2 take a leading zero (Phụ lục I, Phần III).
    const [date] = find('Hà Nội, ngày 05 tháng 02 năm 2027');
    expect(date).toMatchObject({ italic: true });

    // Type and summary bold and centred; the months named by number, never "tháng tiếp theo".
    expect(find('BÁO CÁO')[0]).toMatchObject({ bold: true });
    expect(find('Kết quả thực hiện nhiệm vụ tháng 07/2020 và nhiệm vụ trọng tâm tháng 08/2020')[0]).toMatchObject({ bold: true });
    expect(document).toContain('I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 07/2020');
    expect(document).toContain('II. NHIỆM VỤ TRỌNG TÂM THÁNG 08/2020');
    expect(document).toContain('Tổng số nhiệm vụ đã thực hiện tháng 07/2020:');
    expect(document).not.toMatch(/tháng (tiếp theo|sau)/i);

    // Nơi nhận (12 pt, bold italic) and the signature block close the document.
    const [recipients] = find('Nơi nhận:');
    expect(recipients).toMatchObject({ bold: true, italic: true, size: 24 });
    expect(ps.map(textOf)).toContain('- Lưu: VT, VP.');
  });

  it('a date in July is written without a leading zero for the month (only January and February take one)', async () => {
    await at('2020-07-01T08:00:00+07:00');
    const { document } = await docxParts('month=2020-06');
    expect(document).toContain('Hà Nội, ngày 01 tháng 7 năm 2020');
    expect(document).toContain('Kết quả thực hiện nhiệm vụ tháng 06/2020 và nhiệm vụ trọng tâm tháng 07/2020');
    expect(document).toContain('hoàn thành đúng hạn: 59/96 (chiếm 61,46%)');
  });

  it('a range that is not one month is named by its days', async () => {
    const { document } = await docxParts('from=2020-06-01&to=2020-06-15');
    expect(document).toContain('Tổng số nhiệm vụ đã thực hiện từ ngày 01/06/2020 đến ngày 15/06/2020:');
  });

  it('the .xlsx: the period and the deadlines as date cells, the months by number, the organisation from settings', async () => {
    const res = await download('month=2020-06&format=xlsx');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const [sheet, next] = wb.worksheets;
    expect(sheet.getCell('A1').value).toBe('BỘ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(sheet.getCell('A2').value).toBe('Kết quả thực hiện nhiệm vụ tháng 06/2020');
    // Date cells: the value is a date (Excel's serial number), shown dd/mm/yyyy; the day is the same in every zone.
    const from = sheet.getCell('B3');
    const to = sheet.getCell('D3');
    expect(from.type).toBe(ExcelJS.ValueType.Date);
    expect(to.type).toBe(ExcelJS.ValueType.Date);
    expect((from.value as Date).toISOString().slice(0, 10)).toBe('2020-06-01');
    expect((to.value as Date).toISOString().slice(0, 10)).toBe('2020-06-30');
    expect(from.numFmt).toBe('dd/mm/yyyy');

    expect(next.name).toBe('Trọng tâm tháng 07-2020');
    expect(next.getCell('A1').value).toBe('Nhiệm vụ trọng tâm tháng 07/2020');
    const deadlines: Date[] = [];
    next.eachRow((row, n) => {
      if (n <= 2) return;
      const cell = row.getCell(4);
      expect(cell.type).toBe(ExcelJS.ValueType.Date);
      expect(cell.numFmt).toBe('dd/mm/yyyy');
      deadlines.push(cell.value as Date);
    });
    expect(deadlines.length).toBeGreaterThan(0);
    for (const d of deadlines) expect(d.toISOString().slice(0, 7)).toBe('2020-07');
    const texts: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => texts.push(String(c.value))));
    expect(texts.join('\n')).not.toMatch(/tháng (tiếp theo|sau)/i);
  });

  it('an admin renames the organisation: the next files carry the new name; others may read it but not change it', async () => {
    await at('2027-03-09T09:00:00+07:00');
    const before = await api.http.get('/api/settings/organisation');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ name: 'Bộ Khoa học và Công nghệ', shortName: 'BKHCN', parent: '', place: 'Hà Nội' });

    const renamed = { name: 'Sở Khoa học và Công nghệ Đà Nẵng', shortName: 'SKHCN', parent: 'Ủy ban nhân dân thành phố Đà Nẵng', place: 'Đà Nẵng' };
    expect((await api.http.put('/api/settings/organisation').set(bearer(token)).send(renamed)).status).toBe(403);
    expect((await api.http.put('/api/settings/organisation').send(renamed)).status).toBe(401);
    const bad = await api.http.put('/api/settings/organisation').set(bearer(admin)).send({ ...renamed, shortName: 'bc tt', name: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('Tên viết tắt');
    expect(JSON.stringify(bad.body)).toContain('documentAbbreviation');
    expect((await api.http.get('/api/settings/organisation')).body.shortName).toBe('BKHCN');

    const saved = await api.http.put('/api/settings/organisation').set(bearer(admin)).send({ ...renamed, name: `  ${renamed.name} ` });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(renamed);
    expect((await api.http.get('/api/settings/organisation')).body).toEqual(renamed);

    await at('2027-03-09T10:00:00+07:00');
    const { document } = await docxParts('month=2020-07');
    const texts = paragraphs(document).map(textOf);
    // The governing body above (upright, not bold), the issuing body below it in bold.
    const parent = paragraphs(document).find((p) => textOf(p) === 'ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG');
    expect(parent?.[0]).toMatchObject({ bold: false });
    expect(texts).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ ĐÀ NẴNG');
    expect(texts.find((t) => t.startsWith('Số:'))).toMatch(/\/BC-SKHCN$/);
    expect(texts).toContain('Đà Nẵng, ngày 09 tháng 3 năm 2027');
    expect(document).not.toContain('BỘ KHOA HỌC VÀ CÔNG NGHỆ');

    const xlsx = await download('month=2020-07&format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].getCell('A1').value).toBe('SỞ KHOA HỌC VÀ CÔNG NGHỆ ĐÀ NẴNG');
  });

  it('the ranking’s formula writes its numbers the Vietnamese way (0,3, not 0.3)', async () => {
    await at('2027-03-09T11:00:00+07:00');
    const res = await api.http.get('/api/reports/ranking?month=2020-06').set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.formula).toContain('0,3 ×');
    expect(res.body.formula).not.toMatch(/\d\.\d/);
  });
});
