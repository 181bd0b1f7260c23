import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ReportObligationView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { ObligationEditPage } from './obligation-edit-page';

const ID = 'b3c1f2e4-0000-4000-8000-000000000001';
const template = { id: 'tpl-1', name: 'Mẫu số 01 - báo cáo tháng.xlsx', size: 20480, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', uploadedAt: '2027-01-02T03:00:00Z' };
const obligation = (over: Partial<ReportObligationView> = {}): ReportObligationView =>
  ({
    id: ID,
    code: 'BC-THANG',
    name: 'Báo cáo tháng',
    sourceDocument: null,
    legalBasis: null,
    periodicity: 'monthly',
    cutOffDay: null,
    due: null,
    effective: { cutOffDay: 14, due: { kind: 'working_days_after_cutoff', days: 1 }, createWorkingDaysBefore: 5 },
    createWorkingDaysBefore: 5,
    templateFileId: null,
    template: null,
    receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' },
    reportingUnits: [],
    endedReportingUnits: [],
    reportingUnitKind: 'provincial_department',
    fields: [],
    startsOn: '2027-01-01',
    endsOn: null,
    canManage: true,
    createdBy: { id: 'm', fullName: 'Trần Thị Bình' },
    createdAt: '2027-01-01T00:00:00Z',
    updatedAt: '2027-01-01T00:00:00Z',
    version: 3,
    ...over,
  }) as ReportObligationView;

describe('the report template of a saved obligation', () => {
  let http: HttpTestingController;
  let asked: jest.SpyInstance;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    asked = jest.spyOn(ConfirmDialog.prototype, 'ask').mockResolvedValue(true);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao/:id', component: ObligationEditPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    // The page's history section reads the obligation's history each time the obligation is read (obligation-history.spec.ts).
    http.match((r) => r.url.endsWith('/history')).forEach((r) => r.flush([]));
    http.verify();
    asked.mockRestore();
  });

  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
  };
  const section = () => harness.routeNativeElement?.querySelector('[data-testid="obligation-template"]') as HTMLElement;
  const text = () => (section()?.textContent ?? '').replace(/\s+/g, ' ').trim();

  async function open(o: ReportObligationView) {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}`, ObligationEditPage);
    http.expectOne('/api/units').flush([]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    await settle();
    http.expectOne(`/api/report-obligations/${ID}`).flush(o);
    await settle();
    http.expectOne((r) => r.url.startsWith(`/api/report-obligations/${ID}/periods`)).flush({ from: '2027-01-20', periodicity: 'monthly', items: [] });
    await settle();
  }

  it('uploads a template as the multipart field "file" and shows its name, without touching the form', async () => {
    await open(obligation());
    expect(text()).toContain('Chưa có tệp mẫu.');
    const name = harness.routeNativeElement?.querySelector('#ob-name') as HTMLInputElement;
    name.value = 'Báo cáo tháng (sửa chưa lưu)';
    name.dispatchEvent(new Event('input'));

    const input = section().querySelector('#ob-template-file') as HTMLInputElement;
    const file = new File(['PK'], template.name, { type: template.contentType });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    await settle();
    const put = http.expectOne({ method: 'PUT', url: `/api/report-obligations/${ID}/template` });
    expect((put.request.body as FormData).get('file')).toBeInstanceOf(File);
    put.flush(obligation({ templateFileId: template.id, template }));
    await settle();

    expect(text()).toContain(template.name);
    expect(text()).toContain('Đã lưu tệp mẫu.');
    // The unsaved change of the name is still there to be saved.
    expect(name.value).toBe('Báo cáo tháng (sửa chưa lưu)');
  });

  it('takes the template off after asking, and says the API’s refusal of a file', async () => {
    await open(obligation({ templateFileId: template.id, template }));
    const remove = Array.from(section().querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Bỏ tệp mẫu') as HTMLButtonElement;
    remove.click();
    await settle();
    expect(asked).toHaveBeenCalledWith(expect.objectContaining({ title: `Bỏ tệp mẫu ${template.name}?` }));
    http.expectOne({ method: 'DELETE', url: `/api/report-obligations/${ID}/template` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text()).toContain('Chưa có tệp mẫu.');

    const input = section().querySelector('#ob-template-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['MZ'], 'virus.exe')] });
    input.dispatchEvent(new Event('change'));
    await settle();
    http
      .expectOne({ method: 'PUT', url: `/api/report-obligations/${ID}/template` })
      .flush({ statusCode: 422, code: 'ATTACHMENT_TYPE_NOT_ALLOWED', message: 'Loại tệp không được phép', correlationId: 'c' }, { status: 422, statusText: 'Unprocessable Entity' });
    await settle();
    expect(text()).toContain('Chưa lưu được mẫu báo cáo:');
  });

  it('is read only for whoever does not manage the obligation', async () => {
    await open(obligation({ canManage: false, templateFileId: template.id, template }));
    expect(text()).toContain(template.name);
    expect(section().querySelector('#ob-template-file')).toBeNull();
    expect(Array.from(section().querySelectorAll('button')).map((b) => b.textContent?.trim())).toEqual([template.name]);
  });
});
