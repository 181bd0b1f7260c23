import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Session } from '@tiendo/web-data-access';
import { provideI18n } from '@tiendo/web-i18n';
import { NotificationsPage } from './notifications-page';

describe('the notifications page and e-mail', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  const open = async (email: string | null) => {
    TestBed.inject(Session).user.set({ id: 'u1', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', email, role: 'staff', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    const fixture = TestBed.createComponent(NotificationsPage);
    fixture.detectChanges();
    http.expectOne('/api/notifications/preferences').flush({ emailNotifications: true });
    http.match((r) => r.url.startsWith('/api/notifications?')).forEach((r) => r.flush({ items: [], total: 0, unread: 0 }));
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };

  it('tells a user without an e-mail address, beside the e-mail box, that reminders cannot be e-mailed', async () => {
    const el = await open(null);
    expect(el.querySelector('.no-email')?.textContent).toContain('chưa có địa chỉ thư điện tử');
    expect((el.querySelector('.check input') as HTMLInputElement).getAttribute('aria-describedby')).toBe('no-email');
  });

  it('says nothing of the kind to a user with an address', async () => {
    const el = await open('lan@mic.gov.vn');
    expect(el.querySelector('.no-email')).toBeNull();
    expect((el.querySelector('.check input') as HTMLInputElement).getAttribute('aria-describedby')).toBeNull();
  });
});
