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

  const text = (n: Element) => (n.textContent ?? '').replace(/\s+/g, ' ').trim();
  /** Lets the page's promise chain (an answer, then its next request) run to its next request. */
  const drain = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  it('lists subscriptions, shows a subscription’s deliveries with every attempt, and sends one again', async () => {
    const fixture = TestBed.createComponent(WebhooksAdminPage);
    http.expectOne('/api/admin/webhooks').flush([portal]);
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
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const set = (sel: string, value: string) => {
      const input = el.querySelector(sel) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    set('#wh-name', 'Cổng tỉnh');
    set('#wh-url', 'ftp://congtinh.example.vn/hook');
    (el.querySelectorAll('fieldset input[type=checkbox]')[0] as HTMLInputElement).click();
    set('#wh-units', 'VBC');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const refused = http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/webhooks');
    expect(refused.request.body).toEqual({ name: 'Cổng tỉnh', url: 'ftp://congtinh.example.vn/hook', eventTypes: ['assigned'], unitCodes: ['VBC'] });
    const message = 'Địa chỉ nhận phải là http(s), có tên máy chủ và không chứa tên đăng nhập, mật khẩu';
    refused.flush({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', correlationId: 'c', errors: [{ field: 'url', rule: 'WEBHOOK_URL_INVALID', message }] }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el.querySelector('.field-error') as Element)).toBe(message);
    set('#wh-url', 'https://congtinh.example.vn/hook');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/admin/webhooks').flush({ ...portal, secret: 'whsec_abc' });
    await fixture.whenStable();
    http.expectOne('/api/admin/webhooks').flush([portal]);
    await fixture.whenStable();
    fixture.detectChanges();
    expect(text(el.querySelector('#webhook-secret') as Element)).toContain('whsec_abc');
  });
});
