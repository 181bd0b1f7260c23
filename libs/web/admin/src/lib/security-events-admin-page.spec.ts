import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SecurityEventView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { SecurityEventsAdminPage } from './security-events-admin-page';

const URL = '/quan-tri/nhat-ky-bao-mat';
const hidden: SecurityEventView = {
  id: '42',
  at: '2026-11-20T17:30:00.000Z',
  kind: 'object_hidden',
  actor: { id: 'u-staff', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan' },
  ip: '10.0.0.7',
  detail: { kind: 'task', id: 't-other', route: 'GET /api/tasks/:id', code: 'NOT_FOUND' },
};

describe('security events log', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: SecurityEventsAdminPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const query = (url: string) => new URLSearchParams(url.split('?')[1] ?? '').toString();

  it('asks the API for exactly the filters in the URL and lists the events in Vietnam’s time and words', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`${URL}?user=chuyenvien.vbc&kind=object_hidden&from=2026-11-20&to=2026-11-21&page=2`, SecurityEventsAdminPage);
    const req = http.expectOne((r) => r.url.startsWith('/api/admin/security-events'));
    expect(query(req.request.url)).toBe('user=chuyenvien.vbc&kind=object_hidden&from=2026-11-20&to=2026-11-21&page=2&pageSize=50');
    req.flush({ items: [hidden, { ...hidden, id: '41', kind: 'session_renamed', actor: null, ip: null, detail: {} }], total: 52 });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const text = (n: Element) => (n.textContent ?? '').replace(/\s+/g, ' ').trim();
    const cell = (c: Element) => (c.querySelector('li') ? [...c.querySelectorAll('li')].map(text).join(' | ') : text(c));
    const rows = [...el.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map(cell));
    expect(rows[0]).toEqual(['21/11/2026 00:30', 'Truy cập ngoài phạm vi', 'Phạm Thị Lan (chuyenvien.vbc)', '10.0.0.7', 'Nhiệm vụ: t-other | Yêu cầu: GET /api/tasks/:id']);
    // A kind this screen does not know yet is shown by its name.
    expect(rows[1]).toEqual(['21/11/2026 00:30', 'session_renamed', '—', '—', '']);
    expect(el.textContent).toContain('52 sự kiện');
    expect(el.querySelector('td-pager')?.textContent).toContain('Trang 2/2');
    expect((el.querySelector('#se-kind') as HTMLSelectElement).value).toBe('object_hidden');
    // The one date field shows the URL's ISO day the way it is typed: dd/MM/yyyy.
    expect((el.querySelector('#se-from') as HTMLInputElement).value).toBe('20/11/2026');
  });

  it('drops what a hand-edited link gets wrong instead of sending it', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`${URL}?kind=DROP%20TABLE&from=2026-02-30&to=21/11/2026&page=-1&user=%20%20`, SecurityEventsAdminPage);
    const req = http.expectOne((r) => r.url.startsWith('/api/admin/security-events'));
    expect(query(req.request.url)).toBe('pageSize=50');
    req.flush({ items: [], total: 0 });
    await harness.fixture.whenStable();
    harness.detectChanges();
    expect((harness.routeNativeElement as HTMLElement).textContent).toContain('Không có sự kiện nào khớp bộ lọc.');
  });

  it('filtering puts the filters in the URL, which loads them from the first page', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`${URL}?page=3`, SecurityEventsAdminPage);
    http.expectOne((r) => r.url.startsWith('/api/admin/security-events')).flush({ items: [], total: 0 });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const user = el.querySelector('#se-user') as HTMLInputElement;
    user.value = ' vutruong.vbc ';
    user.dispatchEvent(new Event('input'));
    const kind = el.querySelector('#se-kind') as HTMLSelectElement;
    kind.value = 'email_changed';
    kind.dispatchEvent(new Event('change'));
    (el.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe(`${URL}?user=vutruong.vbc&kind=email_changed`);
    const req = http.expectOne((r) => r.url.startsWith('/api/admin/security-events'));
    expect(query(req.request.url)).toBe('user=vutruong.vbc&kind=email_changed&pageSize=50');
    req.flush({ items: [], total: 0 });
  });
  it('a reversed day range: the rule beside "Đến ngày", from the API for a shared link and before asking for a typed one', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`${URL}?from=2026-11-30&to=2026-11-29`, SecurityEventsAdminPage);
    http
      .expectOne((r) => r.url.startsWith('/api/admin/security-events'))
      .flush(
        { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', errors: [{ field: 'to', rule: 'DAY_RANGE_REVERSED', message: 'x' }], correlationId: 'c' },
        { status: 400, statusText: 'Bad Request' },
      );
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    expect(el.querySelector('#se-to-error')?.textContent).toContain('Ngày kết thúc không được trước ngày bắt đầu.');

    const to = el.querySelector('#se-to') as HTMLInputElement;
    to.value = '2026-11-01';
    to.dispatchEvent(new Event('input'));
    (el.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    harness.detectChanges();
    expect(el.querySelector('#se-to-error')?.textContent).toContain('Ngày kết thúc không được trước ngày bắt đầu.');
    http.expectNone((r) => r.url.startsWith('/api/admin/security-events'));
  });
  it('an invalid typed day blocks the filter: the URL keeps the last valid one, the error stays, focus goes to the field', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`${URL}?from=2026-11-20`, SecurityEventsAdminPage);
    http.expectOne((r) => r.url.startsWith('/api/admin/security-events')).flush({ items: [], total: 0 });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const from = el.querySelector('#se-from') as HTMLInputElement;
    from.value = '32/13/2020';
    from.dispatchEvent(new Event('input'));
    harness.detectChanges();
    (el.querySelector('form button[type=submit]') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    harness.detectChanges();
    await new Promise((resolve) => setTimeout(resolve, 0));
    harness.detectChanges();
    expect(TestBed.inject(Router).url).toBe(`${URL}?from=2026-11-20`);
    http.expectNone((r) => r.url.startsWith('/api/admin/security-events'));
    expect(el.querySelector('#se-from-text-error')?.textContent).toContain('Nhập ngày theo dạng dd/MM/yyyy');
    expect(document.activeElement).toBe(from);
  });
});
