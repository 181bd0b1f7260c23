import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { Organisation } from '@tiendo/web-data-access';
import { provideI18n } from '@tiendo/web-i18n';
import { OrganisationAdminPage } from './organisation-admin-page';

const URL = '/quan-tri/co-quan';
const current = { name: 'Bộ Thông tin và Truyền thông', shortName: 'BTTTT', parent: '', place: 'Hà Nội' };

describe('the organisation page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: OrganisationAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function open() {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL, OrganisationAdminPage);
    http.expectOne('/api/settings/organisation').flush(current);
    await harness.fixture.whenStable();
    harness.detectChanges();
    const el = harness.routeNativeElement as HTMLElement;
    const input = (id: string) => el.querySelector<HTMLInputElement>(`#o-${id}`) as HTMLInputElement;
    const type = (id: string, value: string) => {
      input(id).value = value;
      input(id).dispatchEvent(new Event('input'));
    };
    // The form's submit handler, awaited: the page shows the outcome once the save has settled.
    const submit = () => (harness.routeDebugElement?.componentInstance as { save(): Promise<void> }).save();
    return { harness, el, input, type, submit };
  }

  it('shows the settings with each field’s limit and counter, saves them, and the app’s name follows at once', async () => {
    const { harness, el, input, type, submit } = await open();
    expect(input('name').value).toBe('Bộ Thông tin và Truyền thông');
    expect(input('shortName').getAttribute('maxlength')).toBe('20');
    expect(el.querySelector('#o-name-hint')?.textContent).toContain('(28/200)');
    type('name', 'Bộ Khoa học và Công nghệ');
    type('shortName', 'BKHCN');
    const saving = submit();
    const put = http.expectOne((r) => r.method === 'PUT' && r.url === '/api/settings/organisation');
    expect(put.request.body).toEqual({ ...current, name: 'Bộ Khoa học và Công nghệ', shortName: 'BKHCN' });
    put.flush(put.request.body);
    await saving;
    harness.detectChanges();
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Đã lưu');
    expect(TestBed.inject(Organisation).name()).toBe('Bộ Khoa học và Công nghệ');
  });

  it('puts the API’s reason beside the field it concerns, and the form’s failure above the button', async () => {
    const { harness, el, type, submit } = await open();
    type('shortName', 'bk hcn');
    const saving = submit();
    http
      .expectOne((r) => r.method === 'PUT')
      .flush(
        { code: 'VALIDATION_FAILED', message: 'Dữ liệu không hợp lệ', errors: [{ field: 'shortName', rule: 'documentAbbreviation', message: 'Tên viết tắt là …' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await saving;
    harness.detectChanges();
    expect(el.querySelector('#o-shortName-error')?.textContent).toContain('Tên viết tắt là 1–20 chữ in hoa, chữ số, &, dấu chấm hoặc gạch nối');
    expect(el.querySelector('#o-name-error')?.textContent?.trim()).toBe('');
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Chưa lưu được thông tin cơ quan');
  });
});
