import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { WebhookDeliveryView, WebhookSubscriptionView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { WebhooksAdminPage } from './webhooks-admin-page';

const portal: WebhookSubscriptionView = {
  id: 's1',
  name: 'Cổng tỉnh Lào Cai',
  url: 'https://congtinh.example.vn/hook',
  eventTypes: ['assigned', 'completion_reported'],
  units: [{ code: 'VBC', name: 'Vụ Bưu chính' }],
  active: true,
  createdAt: '2026-11-20T02:00:00.000Z',
  createdBy: { id: 'u1', username: 'quantri', fullName: 'Quản trị' },
};
const UNITS = [
  { id: '1', code: 'BO', name: 'Bộ Thông tin và Truyền thông', kind: 'ministry', parentCode: null, active: true },
  { id: '2', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: 'BO', active: true },
  { id: '3', code: 'KHCN', name: 'Vụ Khoa học và Công nghệ', kind: 'department', parentCode: 'BO', active: true },
  { id: '4', code: 'CBC', name: 'Cục Bưu chính cũ', kind: 'department', parentCode: 'BO', active: false },
];
const flaky: WebhookDeliveryView = {
  id: '7',
  eventId: '42',
  eventType: 'assigned',
  taskId: 't1',
  state: 'delivered',
  createdAt: '2026-11-20T02:00:00.000Z',
  deliveredAt: '2026-11-20T02:00:03.000Z',
  attempts: [
    { at: '2026-11-20T02:00:00.000Z', statusCode: 500, error: 'HTTP 500', durationMs: 12 },
    { at: '2026-11-20T02:00:03.000Z', statusCode: 200, error: null, durationMs: 9 },
  ],
};

describe('webhooks admin page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  const text = (n: Element | null) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** Lets the page's promise chain (an answer, then its next request) run to its next request. */
  const drain = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  it('lists subscriptions, shows a subscription’s deliveries with every attempt, and sends one again', async () => {
    const fixture = TestBed.createComponent(WebhooksAdminPage);
    http.expectOne('/api/admin/webhooks').flush([portal]);
    http.expectOne('/api/units').flush(UNITS);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const row = [...el.querySelectorAll('tbody tr td')].map(text);
    expect(row.slice(0, 5)).toEqual(['Cổng tỉnh Lào Cai', 'https://congtinh.example.vn/hook', 'assigned, completion_reported', 'VBC', 'Đang hoạt động']);
    (el.querySelector('tbody tr button') as HTMLButtonElement).click();
    http.expectOne('/api/admin/webhooks/s1/deliveries').flush({ total: 1, items: [flaky] });
    await fixture.whenStable();
    fixture.detectChanges();
    const deliveries = el.querySelector('#webhook-deliveries') as HTMLElement;
    expect([...deliveries.querySelectorAll('li')].map(text)).toEqual(['20/11/2026 09:00: 500 (HTTP 500), 12 ms', '20/11/2026 09:00: 200, 9 ms']);
    expect(text(deliveries)).toContain('Đã nhận');
    (deliveries.querySelector('button') as HTMLButtonElement).click();
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/webhooks/deliveries/7/resend').flush({ queued: true }, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    http.expectOne('/api/admin/webhooks').flush([portal]);
    await drain();
    http.expectOne('/api/admin/webhooks/s1/deliveries').flush({ total: 1, items: [flaky] });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el.querySelector('.notice') as Element)).toBe('Đã xếp lịch gửi lại.');
  });

  it('subscribes, showing the API’s field error beside the URL, then the secret once', async () => {
    const fixture = TestBed.createComponent(WebhooksAdminPage);
    http.expectOne('/api/admin/webhooks').flush([]);
    http.expectOne('/api/units').flush(UNITS);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const settle = async () => {
      await drain();
      await fixture.whenStable();
      fixture.detectChanges();
    };
    const set = (sel: string, value: string) => {
      const input = el.querySelector(sel) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      fixture.detectChanges();
    };
    const picker = () => (el.querySelector('#wh-units') as HTMLInputElement).closest('td-unit-picker') as HTMLElement;
    const chips = () => [...picker().querySelectorAll('li.chip')].map((c) => text(c).replace(/ ×$/, ''));
    const submit = async () => {
      (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
      await settle();
    };

    // The form: labelled fields marked required; the events in words, their codes beside them.
    expect([...el.querySelectorAll('form .field > label')].map(text)).toEqual(['Tên hệ thống nhận *', 'Địa chỉ nhận (URL) *', 'Đơn vị *']);
    expect(text(el.querySelector('form legend'))).toBe('Sự kiện *');
    const events = [...el.querySelectorAll('fieldset label')].map(text);
    expect(events).toHaveLength(12);
    expect(events.slice(0, 3)).toEqual(['Giao nhiệm vụ (assigned)', 'Giao lại nhiệm vụ (reassigned)', 'Đổi hạn xử lý (deadline_changed)']);
    expect(events).toContain('Báo cáo hoàn thành (completion_reported)');
    expect(events).toContain('Bình luận mới (comment_added)');

    // Sent empty: nothing goes to the API; each field says what is missing under it.
    await submit();
    http.expectNone((r) => r.method === 'POST');
    for (const id of ['wh-name-error', 'wh-url-error', 'wh-events-error', 'wh-units-error']) expect(text(el.querySelector(`#${id}`))).toBe('Không được để trống.');

    set('#wh-name', 'Cổng tỉnh');
    set('#wh-url', 'ftp://congtinh.example.vn/hook');
    (el.querySelectorAll('fieldset input[type=checkbox]')[0] as HTMLInputElement).click();
    // The unit is chosen in the picker, which offers the active units only, and sent as its code.
    const box = el.querySelector('#wh-units') as HTMLInputElement;
    box.dispatchEvent(new MouseEvent('click'));
    set('#wh-units', 'buu');
    expect([...picker().querySelectorAll('[role=option]')].map(text)).toEqual(['Vụ Bưu chính VBC']);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    fixture.detectChanges();
    expect(chips()).toEqual(['Vụ Bưu chính']);
    await submit();
    const refused = http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/webhooks');
    expect(refused.request.body).toEqual({ name: 'Cổng tỉnh', url: 'ftp://congtinh.example.vn/hook', eventTypes: ['assigned'], unitCodes: ['VBC'] });
    const message = 'Địa chỉ nhận phải là http(s), có tên máy chủ và không chứa tên đăng nhập, mật khẩu';
    refused.flush({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', correlationId: 'c', errors: [{ field: 'url', rule: 'WEBHOOK_URL_INVALID', message }] }, { status: 400, statusText: 'Bad Request' });
    await settle();
    expect(text(el.querySelector('.field-error'))).toBe(message);
    expect(text(el.querySelector('#wh-url-error'))).toBe(message);
    expect(el.querySelector('#wh-url')?.getAttribute('aria-describedby')).toBe('wh-url-error');
    expect(el.querySelector('#wh-url')?.getAttribute('aria-invalid')).toBe('true');
    set('#wh-url', 'https://congtinh.example.vn/hook');
    await submit();
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/webhooks').flush({ ...portal, secret: 'whsec_abc' });
    await settle();
    http.expectOne('/api/admin/webhooks').flush([portal]);
    await settle();
    expect(text(el.querySelector('#webhook-secret'))).toContain('whsec_abc');
    expect(el.querySelectorAll('.field-error')).toHaveLength(0);
    expect(chips()).toEqual([]);
  });
});
