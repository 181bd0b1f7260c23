import { dispositionName } from './download';

describe('the name of a downloaded file', () => {
  it('is the UTF-8 name (RFC 5987) before the ASCII fallback, so Vietnamese names arrive intact', () => {
    expect(dispositionName(`attachment; filename="Bao cao.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o.pdf`)).toBe('Báo cáo.pdf');
    expect(dispositionName('attachment; filename="giao-ban-2020-06.xlsx"')).toBe('giao-ban-2020-06.xlsx');
    expect(dispositionName('attachment')).toBeNull();
  });
});
