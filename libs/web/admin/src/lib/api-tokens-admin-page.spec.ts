import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ApiTokenView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ApiTokensAdminPage } from './api-tokens-admin-page';

const UNITS = [
  { id: '1', code: 'BO', name: 'Bộ Thông tin và Truyền thông', kind: 'ministry', parentCode: null, active: true },
  { id: '2', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: 'BO', active: true },
  { id: '3', code: 'KHCN', name: 'Vụ Khoa học và Công nghệ', kind: 'department', parentCode: 'BO', active: true },
  { id: '4', code: 'CBC', name: 'Cục Bưu chính cũ', kind: 'department', parentCode: 'BO', active: false },
];
/** Only the clock's date is fixed (the earliest expiry is tomorrow in Vietnam); timers stay real. */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

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
    // Friday 20/11/2026, 09:00 in Hanoi: the first expiry day offered is 21/11/2026.
    jest.useFakeTimers({ now: new Date('2026-11-20T02:00:00Z'), doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const text = (n: Element | null) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();

  async function open() {
    const fixture = TestBed.createComponent(ApiTokensAdminPage);
    http.expectOne('/api/admin/api-tokens').flush([eoffice]);
    http.expectOne('/api/units').flush(UNITS);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    /** Lets the page's promise chain (an answer, then what it does with it) run, then draws the page. */
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const set = (sel: string, value: string) => {
      const input = el.querySelector(sel) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      fixture.detectChanges();
    };
    const box = () => el.querySelector('#tk-units') as HTMLInputElement;
    const options = () => [...(box().closest('td-unit-picker') as HTMLElement).querySelectorAll('[role=option]')].map(text);
    /** Chooses a unit the way a user does: types part of its name in the picker, then clicks the option. */
    const pick = (query: string, name: string) => {
      box().dispatchEvent(new MouseEvent('click'));
      set('#tk-units', query);
      const option = [...(box().closest('td-unit-picker') as HTMLElement).querySelectorAll<HTMLElement>('[role=option]')].find((o) => text(o).startsWith(name));
      if (!option) throw new Error(`no option ${name} for "${query}"`);
      option.click();
      fixture.detectChanges();
    };
    const chips = () => [...el.querySelectorAll('td-unit-picker li.chip')].map((c) => text(c).replace(/ ×$/, ''));
    const submit = async () => {
      (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
      await settle();
    };
    return { fixture, el, settle, set, box, options, pick, chips, submit };
  }

  it('lists the tokens in Vietnam’s time, creates one showing its secret once, and shows the API’s field errors', async () => {
    const { el, settle, set, pick, chips, submit, box } = await open();
    const row = [...el.querySelectorAll('tbody tr td')].map(text);
    expect(row.slice(0, 6)).toEqual(['Văn phòng điện tử tdk_AbCdEf…', 'documents:create, tasks:read', 'VBC', '30/06/2027', '20/11/2026 10:15', 'Đang dùng']);

    set('#tk-name', 'Cổng tỉnh');
    (el.querySelectorAll('fieldset input[type=checkbox]')[0] as HTMLInputElement).click();
    // Units are chosen in the searchable picker (by name, tone marks optional) and sent as their codes.
    pick('buu chinh', 'Vụ Bưu chính');
    pick('khoa hoc', 'Vụ Khoa học và Công nghệ');
    expect(chips()).toEqual(['Vụ Bưu chính', 'Vụ Khoa học và Công nghệ']);
    // The expiry is typed dd/MM/yyyy and sent as yyyy-MM-dd.
    const expires = el.querySelector('#tk-expires') as HTMLInputElement;
    expect(expires.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    set('#tk-expires', '31/01/2027');
    await submit();
    const refused = http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/api-tokens');
    expect(refused.request.body).toEqual({ name: 'Cổng tỉnh', scopes: ['tasks:read'], unitCodes: ['VBC', 'KHCN'], expiresOn: '2027-01-31' });
    refused.flush(
      { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Dữ liệu chưa hợp lệ', correlationId: 'c', errors: [{ field: 'unitCodes.1', rule: 'UNKNOWN_UNIT', message: 'Không có đơn vị mã KHCN' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    // The API's error stands under the units, which the picker's box names (aria-describedby) and marks invalid.
    expect(text(el.querySelector('.field-error'))).toBe('Không có đơn vị mã KHCN');
    expect(text(el.querySelector('#tk-units-error'))).toBe('Không có đơn vị mã KHCN');
    expect(box().getAttribute('aria-describedby')).toBe('tk-units-hint tk-units-error');
    expect(box().getAttribute('aria-invalid')).toBe('true');

    (el.querySelector('button[aria-label="Bỏ Vụ Khoa học và Công nghệ"]') as HTMLButtonElement).click();
    await settle();
    expect(chips()).toEqual(['Vụ Bưu chính']);
    await submit();
    const created = http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/api-tokens');
    expect(created.request.body).toEqual({ name: 'Cổng tỉnh', scopes: ['tasks:read'], unitCodes: ['VBC'], expiresOn: '2027-01-31' });
    created.flush({ ...eoffice, id: 'k2', name: 'Cổng tỉnh', token: 'tdk_secret' });
    await settle();
    http.expectOne('/api/admin/api-tokens').flush([{ ...eoffice, id: 'k2', name: 'Cổng tỉnh' }, eoffice]);
    await settle();
    expect(text(el.querySelector('#api-token-secret'))).toContain('tdk_secret');
    expect(el.querySelectorAll('.field-error')).toHaveLength(0);
    // The form is empty again, ready for another token.
    expect(chips()).toEqual([]);
    expect(expires.value).toBe('');
  });

  it('lays the form out as the app does: labelled fields marked required, errors under them, active units only, an expiry after today', async () => {
    const { el, set, box, options, submit } = await open();
    expect([...el.querySelectorAll('form .field > label')].map(text)).toEqual(['Tên hệ thống *', 'Đơn vị *', 'Hết hạn sau ngày *']);
    expect(text(el.querySelector('form legend'))).toBe('Quyền *');
    expect([...el.querySelectorAll('fieldset label')].map(text)).toEqual(['Xem nhiệm vụ (tasks:read)', 'Gửi văn bản giao việc (documents:create)', 'Xem báo cáo (reports:read)']);

    // Sent empty: nothing goes to the API; each field says what is missing under it.
    await submit();
    http.expectNone((r) => r.method === 'POST');
    for (const id of ['tk-name-error', 'tk-scopes-error', 'tk-units-error', 'tk-expires-error']) expect(text(el.querySelector(`#${id}`))).toBe('Không được để trống.');
    expect(el.querySelector('#tk-name')?.getAttribute('aria-describedby')).toBe('tk-name-error');
    expect(el.querySelector('#tk-name')?.getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('#tk-expires')?.getAttribute('aria-describedby')).toBe('tk-expires-error');

    // The picker offers the active units only.
    box().dispatchEvent(new MouseEvent('click'));
    set('#tk-units', '');
    expect(options()).toEqual(['Bộ Thông tin và Truyền thông BO', 'Vụ Bưu chính VBC', 'Vụ Khoa học và Công nghệ KHCN']);

    // Today is too early an expiry: said under the field, and nothing is sent.
    set('#tk-name', 'Cổng tỉnh');
    (el.querySelectorAll('fieldset input[type=checkbox]')[1] as HTMLInputElement).click();
    set('#tk-expires', '20/11/2026');
    expect(text(el.querySelector('#tk-expires-range-error'))).toBe('Chọn ngày từ 21/11/2026 trở đi.');
    await submit();
    http.expectNone((r) => r.method === 'POST');
  });
});
