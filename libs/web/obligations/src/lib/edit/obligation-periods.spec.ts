import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ObligationPeriodView, ReportObligationView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ObligationEditPage } from './obligation-edit-page';

const ID = 'b3c1f2e4-0000-4000-8000-000000000002';
const obligation = (over: Partial<ReportObligationView>): ReportObligationView =>
  ({
    id: ID,
    code: 'BC-STTTT-THANG-2020',
    name: 'Báo cáo tháng của Sở TT&TT',
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
    startsOn: '2020-01-01',
    endsOn: null,
    canManage: false,
    createdBy: { id: 'm', fullName: 'Trần Thị Bình' },
    createdAt: '2019-12-20T00:00:00Z',
    updatedAt: '2019-12-20T00:00:00Z',
    version: 2,
    ...over,
  }) as ReportObligationView;
const period = (m: number): ObligationPeriodView => {
  const mm = String(m).padStart(2, '0');
  return { key: `2020-${mm}`, label: `Tháng ${m}/2020`, start: `2020-${String(m - 1).padStart(2, '0')}-15`, end: `2020-${mm}-14`, deadline: `2020-${mm}-15`, deadlineWeekday: 1, deadlineWeekdayName: 'Thứ Hai', createOn: `2020-${mm}-07` };
};

describe('the periods on an obligation’s page', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao/:id', component: ObligationEditPage }], withComponentInputBinding())],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.match((r) => r.url.endsWith('/history')).forEach((r) => r.flush([]));
    http.verify();
  });

  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0));
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
  };

  async function open(o: ReportObligationView, items: ObligationPeriodView[]): Promise<HTMLElement> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/che-do-bao-cao/${ID}`, ObligationEditPage);
    http.expectOne('/api/units').flush([]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    await settle();
    http.expectOne(`/api/report-obligations/${ID}`).flush(o);
    await settle();
    // Without `from`: the API gives an ended obligation's last periods (report-obligations.service.ts periods).
    http.expectOne(`/api/report-obligations/${ID}/periods`).flush({ from: '2020-01-01', periodicity: 'monthly', items });
    await settle();
    return harness.routeNativeElement?.querySelector('section[aria-labelledby="ob-preview-h"]') as HTMLElement;
  }
  const links = (section: HTMLElement) => Array.from(section.querySelectorAll('[data-testid="periods-preview"] a')).map((a) => `${a.textContent?.trim()} ${a.getAttribute('href')}`);

  it('an obligation ended in 2020 lists its last periods as "Các kỳ báo cáo", each linking to its board', async () => {
    const section = await open(obligation({ endsOn: '2020-12-31' }), [7, 8, 9, 10, 11, 12].map(period));
    expect(section.querySelector('h2')?.textContent?.trim()).toBe('Các kỳ báo cáo');
    expect(links(section)).toEqual([7, 8, 9, 10, 11, 12].map((m) => `Tháng ${m}/2020 /che-do-bao-cao/${ID}/ky/2020-${String(m).padStart(2, '0')}`));
  });

  it('an obligation not ended keeps "Sáu kỳ tới"', async () => {
    const section = await open(obligation({ endsOn: null }), [period(1)]);
    expect(section.querySelector('h2')?.textContent?.trim()).toBe('Sáu kỳ tới');
  });
});
