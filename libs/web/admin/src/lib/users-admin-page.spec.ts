import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideI18n } from '@tiendo/web-i18n';
import { UsersAdminPage } from './users-admin-page';

const URL = '/quan-tri/nguoi-dung';
const UNITS = [{ id: 'u2', code: 'VP', name: 'Văn phòng Bộ', kind: 'department', parentCode: null, active: true }];
const USER = { id: 'a1', username: 'an', fullName: 'Nguyễn Văn An', email: null, role: 'staff', unitCode: 'VP', unitName: 'Văn phòng Bộ', active: true, signInMethod: 'directory' };

describe('the users page: how each user signs in', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: UsersAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function open() {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL, UsersAdminPage);
    http.expectOne('/api/units').flush(UNITS);
    http.expectOne((r) => r.url.startsWith('/api/users')).flush({ items: [USER], total: 1 });
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const set = (id: string, value: string, event = 'input') => {
      const input = el.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event(event));
    };
    const page = harness.routeDebugElement?.componentInstance as { save(): Promise<void> };
    return { harness, el, set, page };
  }

  it('shows each user’s sign-in method', async () => {
    const { el } = await open();
    expect(el.querySelector('tbody tr')?.textContent).toContain('Tài khoản thư mục (LDAP / AD)');
  });

  it('creates a directory user without a password', async () => {
    const { set, page } = await open();
    set('n-username', 'binh');
    set('n-fullname', 'Trần Thị Bình');
    set('n-method', 'directory', 'change');
    const form = (page as unknown as { form: { controls: { unitCode: { setValue(v: string): void } } } }).form;
    form.controls.unitCode.setValue('VP');
    const saving = page.save();
    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(post.request.body).toEqual({ username: 'binh', fullName: 'Trần Thị Bình', role: 'staff', unitCode: 'VP', signInMethod: 'directory' });
    post.flush({ ...USER, id: 'b1', username: 'binh' });
    // The page reloads the list once the user is saved: let the save's continuation run, then answer it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne((r) => r.method === 'GET' && r.url.startsWith('/api/users')).flush({ items: [USER], total: 1 });
    await saving;
  });
});
