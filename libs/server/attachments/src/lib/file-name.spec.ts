import { asciiFileName, cleanFileName, contentDisposition } from './file-name';

describe('file names', () => {
  it.each([
    ['Báo cáo kết quả.pdf'.normalize('NFD'), 'Báo cáo kết quả.pdf'],
    ['C:\\Users\\Lan\\Tờ trình.docx', 'Tờ trình.docx'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['  Quyết định 15.pdf  ', 'Quyết định 15.pdf'],
  ])('keeps %j as %j (NFC, last path segment, trimmed)', (raw, kept) => {
    expect(cleanFileName(raw)).toBe(kept);
  });

  it.each(['', '   ', '..', 'a/', 'tệp\u0000.pdf', 'tệp\u0007.pdf', 'hoa-don\u202Efdp.exe', 'x\u2066.pdf', '\ud800.pdf'])('refuses %j', (raw) => {
    expect(cleanFileName(raw)).toBeNull();
  });

  it('keeps a long name whole (its length is refused by the service, not cut)', () => {
    expect(cleanFileName('ả'.repeat(300) + '.pdf')).toBe('ả'.repeat(300) + '.pdf');
  });

  it('gives ASCII letters for old clients and the UTF-8 name per RFC 5987', () => {
    expect(asciiFileName('Đề án "Bộ" Đợt 1; 50%.pdf')).toBe('De an _Bo_ Dot 1_ 50_.pdf');
    const header = contentDisposition("Báo cáo (bản 1)'s.pdf");
    expect(header).toBe(`attachment; filename="Bao cao (ban 1)'s.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%28b%E1%BA%A3n%201%29%27s.pdf`);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});
