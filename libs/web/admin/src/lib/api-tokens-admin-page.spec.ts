import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ApiTokenView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ApiTokensAdminPage } from './api-tokens-admin-page';

const eoffice: ApiTokenView = {
  id: 'k1',
  name: 'Văn phòng điện tử',
  prefix: 'tdk_AbCdEf',
  scopes: ['documents:create', 'tasks:read'],
  units: [{ code: 'VBC', name: 'Vụ Bưu chính' }],
  expiresOn: '2027-06-30',
  createdAt: '2026-11-20T02:00:00.000Z',
  createdBy: { id: 'u1', username: 'quantri', fullName: 'Quản trị' },
  lastUsedAt: '2026-11-20T03:15:00.000Z',
  revokedAt: null,
  state: 'active',
};

describe('API tokens admin page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const text = (n: Element) => (n.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('lists the tokens in Vietnam’s time, creates one showing its secret once, and shows the API’s field errors', async () => {
    const fixture = TestBed.createComponent(ApiTokensAdminPage);
    http.expectOne('/api/admin/api-tokens').flush([eoffice]);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const row = [...el.querySelectorAll('tbody tr td')].map(text);
    expect(row.slice(0, 6)).toEqual(['Văn phòng điện tử tdk_AbCdEf…', 'documents:create, tasks:read', 'VBC', '30/06/2027', '20/11/2026 10:15', 'Đang dùng']);

    const set = (sel: string, value: string) => {
      const input = el.querySelector(sel) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    set('#tk-name', 'Cổng tỉnh');
    (el.querySelectorAll('fieldset input[type=checkbox]')[0] as HTMLInputElement).click();
    set('#tk-units', 'VBC, KHONG_CO');
    set('#tk-expires', '2027-01-31');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const refused = http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/api-tokens');
    expect(refused.request.body).toEqual({ name: 'Cổng tỉnh', scopes: ['tasks:read'], unitCodes: ['VBC', 'KHONG_CO'], expiresOn: '2027-01-31' });
    refused.flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Dữ liệu chưa hợp lệ', correlationId: 'c', errors: [{ field: 'unitCodes.1', rule: 'UNKNOWN_UNIT', message: 'Không có đơn vị mã KHONG_CO' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el.querySelector('.field-error') as Element)).toBe('Không có đơn vị mã KHONG_CO');

    set('#tk-units', 'VBC');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/api-tokens').flush({ ...eoffice, id: 'k2', name: 'Cổng tỉnh', token: 'tdk_secret' });
    await fixture.whenStable();
    http.expectOne('/api/admin/api-tokens').flush([{ ...eoffice, id: 'k2', name: 'Cổng tỉnh' }, eoffice]);
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el.querySelector('#api-token-secret') as Element)).toContain('tdk_secret');
    expect(el.querySelectorAll('.field-error')).toHaveLength(0);
  });
});
