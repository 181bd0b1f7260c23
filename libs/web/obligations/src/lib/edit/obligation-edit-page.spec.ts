import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormGroup } from '@angular/forms';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideI18n } from '@tiendo/web-i18n';
import { ObligationEditPage } from './obligation-edit-page';

// Only the clock's date is fixed (the preview counts from today in Vietnam); timers stay real.
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

@Component({ template: '' })
class Saved {}

describe('the obligation form: the live preview of an unsaved draft and what is sent', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    // 19/01/2027 at 17:30 UTC is Wednesday 20/01/2027 00:30 in Vietnam: "today" under any TZ.
    jest.useFakeTimers({ now: new Date('2027-01-19T17:30:00Z'), doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideI18n(),
        provideRouter([
          { path: 'che-do-bao-cao/moi', component: ObligationEditPage },
          { path: 'che-do-bao-cao/:id', component: Saved },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const rows = () => Array.from(harness.routeNativeElement?.querySelectorAll('[data-testid="periods-preview"] tbody tr') ?? []).map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim());
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };

  it('previews six periods on the decree’s defaults, follows a cut-off typed, and sends the schedule as set', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/che-do-bao-cao/moi', ObligationEditPage);
    http.expectOne('/api/units').flush([
      { id: '1', code: 'VP', name: 'Văn phòng Bộ', kind: 'department', parentCode: null, active: true },
      { id: '2', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: null, active: true },
    ]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    await settle();

    // Monthly, the 14th (art. 12), due the first working day after (art. 8(5)(b)): January's data was cut off on
    // 14/01, so the next is February's; 14/02/2027 is a Sunday in no holiday, due Monday 15/02.
    expect(rows()).toHaveLength(6);
    expect(rows()[0]).toContain('Tháng 2/2027');
    expect(rows()[0]).toContain('Thứ Hai, 15/02/2027');

    const cutOff = harness.routeNativeElement?.querySelector('#ob-cutoff') as HTMLInputElement;
    cutOff.value = '20';
    cutOff.dispatchEvent(new Event('input'));
    await settle();
    // Cut off on the 20th: January's period (21/12/2026 – 20/01/2027) is still open today, due Thursday 21/01.
    expect(rows()[0]).toContain('Tháng 1/2027');
    expect(rows()[0]).toContain('Thứ Năm, 21/01/2027');

    const page = harness.routeDebugElement?.componentInstance as unknown as { form: FormGroup };
    page.form.patchValue({ code: 'BC-THANG', name: 'Báo cáo tháng', receivingUnitCode: 'VP', reportingUnitCodes: ['VBC'] });
    (harness.routeNativeElement?.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    const req = http.expectOne({ method: 'POST', url: '/api/report-obligations' });
    expect(req.request.body).toEqual({
      code: 'BC-THANG',
      name: 'Báo cáo tháng',
      sourceDocumentId: null,
      legalBasis: null,
      periodicity: 'monthly',
      cutOffDay: 20,
      due: null,
      receivingUnitCode: 'VP',
      reportingUnits: [{ unitCode: 'VBC' }],
      reportingUnitKind: null,
      fields: [],
      startsOn: '2027-01-20',
    });
    req.flush({ id: 'b3c1f2e4-0000-4000-8000-000000000001' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/che-do-bao-cao/b3c1f2e4-0000-4000-8000-000000000001');
  });
});
