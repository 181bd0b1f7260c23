import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Session, UnreadCount } from '@tiendo/web-data-access';
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

  it("takes the bell's count from the server after a read, never subtracting again what the live push already took off", async () => {
    TestBed.inject(Session).user.set({ id: 'u1', username: 'chuyenvien.vbc', fullName: 'Phạm Thị Lan', email: null, role: 'staff', unitCode: 'VBC', unitName: 'Vụ Bưu chính', active: true });
    const unread = TestBed.inject(UnreadCount);
    unread.value.set(8);
    const fixture = TestBed.createComponent(NotificationsPage);
    fixture.detectChanges();
    http.expectOne('/api/notifications/preferences').flush({ emailNotifications: true });
    const item = { id: 'n1', title: 'Nhiệm vụ mới', body: '', link: null, taskId: null, readAt: null, createdAt: '2027-01-04T02:00:00Z', kind: 'assigned' };
    http.match((r) => r.url.startsWith('/api/notifications?')).forEach((r) => r.flush({ items: [item], total: 1, unread: 8 }));
    await fixture.whenStable();
    fixture.detectChanges();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('.item .btn.small')?.click();
    // The server's push lowers the bell to 7 while the read request is on its way.
    unread.value.set(7);
    http.expectOne('/api/notifications/n1/read').flush({ ...item, readAt: '2027-01-04T03:00:00Z' });
    await Promise.resolve();
    for (const r of http.match((r) => r.url.startsWith('/api/notifications?'))) r.flush({ items: [{ ...item, readAt: '2027-01-04T03:00:00Z' }], total: 1, unread: 7 });
    await fixture.whenStable();
    expect(unread.value()).toBe(7);
  });
});
