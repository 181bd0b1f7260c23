import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { HolidayChange } from '@tiendo/domain';
import { provideI18n } from '@tiendo/web-i18n';
import { AssignTaskPage } from './assign-task-page';

// Only the clock's date is fixed (the page counts from today in Vietnam); timers stay real.
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

/** 2025 as the Government placed it: Tết's compensatory Monday 03/02 moved to Monday 27/01, worked back on Saturday 08/02. */
const changes: HolidayChange[] = [
  { date: '2025-01-27', name: 'Nghỉ Tết (hoán đổi)', kind: 'day_off' },
  { date: '2025-02-03', name: 'Nghỉ bù Tết Nguyên Đán (mùng 4)', kind: 'working_day' },
  { date: '2025-02-08', name: 'Làm bù cho thứ Hai 27/01/2025', kind: 'working_day' },
];

describe('assigning a task: the deadline’s working days', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(() => {
    sessionStorage.clear();
    // 19/01/2025 at 17:30 UTC is Monday 20/01/2025 00:30 in Vietnam: "today" under any TZ.
    jest.useFakeTimers({ now: new Date('2025-01-19T17:30:00Z'), doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: 'giao-viec', component: AssignTaskPage }])],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const facts = async (deadline: string) => {
    const input = harness.routeNativeElement?.querySelector('#a-deadline') as HTMLInputElement;
    input.value = deadline;
    input.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
    harness.detectChanges();
    return (harness.routeNativeElement?.querySelector('#a-deadline-facts')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  };

  it('counts with the server’s calendar: the law’s days of any year, the admin’s days off and worked Saturdays', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-viec', AssignTaskPage);
    http.expectOne('/api/units').flush([{ id: '1', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: null, active: true }]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    // Every change of every year, in one request: the calendar is WorkingCalendar.vietnam(changes), as on the server.
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush(changes);
    await harness.fixture.whenStable();

    // 21-24/01, then Tết (27/01 by the swap, 28/01-01/02 by law), 03-07/02 (03/02 worked), Saturday 08/02 worked, 10/02.
    expect(await facts('2025-02-10')).toBe('Thứ Hai · còn 11 ngày làm việc');
    // The worked Saturday is a working day: no day-off warning.
    expect(await facts('2025-02-08')).toBe('Thứ Bảy · còn 10 ngày làm việc');
    expect(await facts('2025-02-09')).toBe('Chủ nhật · còn 10 ngày làm việc · ngày nghỉ');
    // The admin's added day off and the law's compensatory day the admin made a working day.
    expect(await facts('2025-01-27')).toBe('Thứ Hai · còn 4 ngày làm việc · ngày nghỉ');
    expect(await facts('2025-02-03')).toBe('Thứ Hai · còn 5 ngày làm việc');
    // Law's days of later years, which no list of this year's and next year's dates held: Tết 2027's compensatory
    // Thursday 11/02/2027 (for mùng 2 on a Sunday), then Friday 12/02/2027 a working day.
    expect(await facts('2027-02-11')).toMatch(/^Thứ Năm · còn \d+ ngày làm việc · ngày nghỉ$/);
    expect(await facts('2027-02-12')).toMatch(/^Thứ Sáu · còn \d+ ngày làm việc$/);
  });

  it('says "no deadline" only when the field is really empty, not while a text that is not a day shows its error', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-viec', AssignTaskPage);
    http.expectOne('/api/units').flush([{ id: '1', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: null, active: true }]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush([]);
    await harness.fixture.whenStable();
    expect(await facts('')).toBe('Không có hạn: nhiệm vụ thường xuyên.');
    expect(await facts('31/02/2027')).toBe('');
    expect(harness.routeNativeElement?.querySelector('#a-deadline-text-error')?.textContent).toContain('31/02/2027 không phải là một ngày có thật');
  });
});
