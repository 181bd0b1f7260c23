import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { NOTIFICATION_DELIVERIES, TASK_EVENT_KINDS } from '@tiendo/contracts';
import { Session } from '@tiendo/web-data-access';
import { provideI18n } from '@tiendo/web-i18n';
import { NotificationPreferencesForm } from './notification-preferences';

describe('notification preferences on the account page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });

  it('is a table of every kind × every delivery, shows the saved choice, and saves what the user changed', async () => {
    const fixture = TestBed.createComponent(NotificationPreferencesForm);
    const saved = Object.fromEntries(TASK_EVENT_KINDS.map((k) => [k, 'in_app'])) as Record<string, string>;
    http.expectOne('/api/me/notification-preferences').flush({ preferences: { ...saved, comment_added: 'email' } });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect([...el.querySelectorAll('thead th')].map((th) => th.textContent?.trim())).toEqual(['Sự việc', 'Trong ứng dụng', 'Thư điện tử ngay', 'Thư tổng hợp hằng ngày', 'Không nhận']);
    expect(el.querySelectorAll('tbody tr')).toHaveLength(TASK_EVENT_KINDS.length);
    expect(el.querySelectorAll('input[type=radio]')).toHaveLength(TASK_EVENT_KINDS.length * NOTIFICATION_DELIVERIES.length);
    const radio = (kind: string, delivery: string) => el.querySelector(`input[name=pref-${kind}][value=${delivery}]`) as HTMLInputElement;
    expect(radio('comment_added', 'email').checked).toBe(true);
    expect(radio('comment_added', 'email').getAttribute('aria-label')).toBe('Bình luận, nhắc đến tôi: Thư điện tử ngay');

    radio('assigned', 'digest').click();
    radio('progress_reported', 'off').click();
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const put = http.expectOne({ method: 'PUT', url: '/api/me/notification-preferences' });
    expect(put.request.body.preferences).toEqual({ ...saved, comment_added: 'email', assigned: 'digest', progress_reported: 'off' });
    put.flush(put.request.body);
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[role=status]')?.textContent?.trim()).toBe('Đã lưu cách nhận thông báo.');
  });

  it('says no e-mail can be sent to a user without an address, beside the e-mail and digest choices (kept for when one is added)', async () => {
    TestBed.inject(Session).user.set({ id: 'u1', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', email: null, role: 'staff', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    const fixture = TestBed.createComponent(NotificationPreferencesForm);
    const saved = Object.fromEntries(TASK_EVENT_KINDS.map((k) => [k, 'in_app']));
    http.expectOne('/api/me/notification-preferences').flush({ preferences: saved });
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.no-email')?.textContent).toContain('chưa có địa chỉ thư điện tử');
    const radio = (kind: string, delivery: string) => el.querySelector(`input[name=pref-${kind}][value=${delivery}]`) as HTMLInputElement;
    expect(radio('assigned', 'email').getAttribute('aria-describedby')).toBe('prefs-no-email');
    expect(radio('assigned', 'digest').getAttribute('aria-describedby')).toBe('prefs-no-email');
    expect(radio('assigned', 'off').getAttribute('aria-describedby')).toBeNull();
  });

  it('takes the API’s word when it says whether e-mail can be sent', async () => {
    TestBed.inject(Session).user.set({ id: 'u1', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', email: 'lan@mic.gov.vn', role: 'staff', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    const fixture = TestBed.createComponent(NotificationPreferencesForm);
    http.expectOne('/api/me/notification-preferences').flush({ preferences: Object.fromEntries(TASK_EVENT_KINDS.map((k) => [k, 'in_app'])), emailAvailable: false });
    await fixture.whenStable();
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('.no-email')).not.toBeNull();
  });
});
