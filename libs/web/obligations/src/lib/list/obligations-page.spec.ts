import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { ReportObligationListItem } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { ObligationsPage } from './obligations-page';

const item = (over: Partial<ReportObligationListItem>): ReportObligationListItem =>
  ({
    id: 'o1',
    code: 'BC-STTTT-THANG-2020',
    name: 'Báo cáo tháng của Sở TT&TT',
    sourceDocument: null,
    legalBasis: null,
    periodicity: 'monthly',
    cutOffDay: null,
    due: null,
    createWorkingDaysBefore: 5,
    templateFileId: null,
    template: null,
    receivingUnit: { id: 'vp', code: 'VP', name: 'Văn phòng Bộ' },
    reportingUnitKind: 'provincial_department',
    reportingUnitCount: 0,
    startsOn: '2020-01-01',
    endsOn: '2020-12-31',
    canManage: false,
    createdBy: { id: 'm', fullName: 'Trần Thị Bình' },
    createdAt: '2019-12-20T00:00:00Z',
    updatedAt: '2019-12-20T00:00:00Z',
    version: 2,
    ...over,
  }) as ReportObligationListItem;

describe('the obligations list', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'che-do-bao-cao', component: ObligationsPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('an obligation ended in 2020 shows its last period, linked to its board, instead of "—"; an ad hoc one a dash', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/che-do-bao-cao', ObligationsPage);
    http.expectOne((r) => r.url.startsWith('/api/report-obligations')).flush({
      items: [item({}), item({ id: 'o2', code: 'BC-DOT-XUAT', periodicity: 'ad_hoc', endsOn: null })],
      total: 2,
      page: 1,
      pageSize: 200,
    });
    http.expectOne('/api/units').flush([]);
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    for (let i = 0; i < 3; i++) {
      await harness.fixture.whenStable();
      harness.detectChanges();
    }
    const root = harness.routeNativeElement as HTMLElement;
    const cells = Array.from(root.querySelectorAll('td[data-label="Kỳ tới (hạn gửi)"]')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim());
    // 14/12/2020 was the last cut-off; the report was due Tuesday 15/12/2020.
    expect(cells).toEqual(['Tháng 12/2020: 15/12/2020 (Thứ Ba) · kỳ cuối', '—']);
    expect(root.querySelector('[data-testid="last-period"] a')?.getAttribute('href')).toBe('/che-do-bao-cao/o1/ky/2020-12');
  });
});
