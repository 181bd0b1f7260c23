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

  it('repeats a task: the chosen rule’s fields, its next three occurrences on the server’s calendar, and `recurrence` in the body', async () => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/giao-viec', AssignTaskPage);
    http.expectOne('/api/units').flush([{ id: '1', code: 'VBC', name: 'Vụ Bưu chính', kind: 'department', parentCode: null, active: true }]);
    http.expectOne((r) => r.url.startsWith('/api/source-documents')).flush({ items: [], total: 0 });
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush(changes);
    await harness.fixture.whenStable();
    const root = harness.routeNativeElement as HTMLElement;
    const set = async (selector: string, value: string, event = 'change') => {
      const el = root.querySelector(selector) as HTMLInputElement | HTMLSelectElement;
      el.value = value;
      el.dispatchEvent(new Event(event));
      await harness.fixture.whenStable();
      harness.detectChanges();
    };
    const text = (selector: string) => (root.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    // Nothing but the choice while it does not repeat.
    expect(root.querySelector('#a-recur-day')).toBeNull();
    expect((root.querySelector('#a-recur-frequency') as HTMLSelectElement).value).toBe('');

    await set('#a-deadline', '2025-01-31', 'input');
    await set('#a-recur-frequency', 'monthly');
    // A monthly rule needs its day: refused in the form, nothing sent.
    await set('#a-recur-day', '', 'input');
    // The 8th; on a day off, the next working day. From the day after the deadline: Saturday 08/02/2025 is worked
    // (the swap above), so it stays, made 5 working days ahead on Monday 03/02 (worked too); 08/03 is a Saturday,
    // moved to Monday 10/03; 08/04 a Tuesday, made on 31/03 (Monday 07/04/2025 is the Hùng Kings' day off).
    await set('#a-recur-day', '8', 'input');
    await set('#a-recur-day-off', 'next_working_day');
    expect(Array.from(root.querySelectorAll('[data-testid="recurrence-preview"] li')).map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Thứ Bảy, 08/02/2025 · tạo ngày 03/02/2025',
      'Thứ Hai, 10/03/2025 · tạo ngày 03/03/2025',
      'Thứ Ba, 08/04/2025 · tạo ngày 31/03/2025',
    ]);
    // Every N working days shows its own field instead.
    await set('#a-recur-frequency', 'working_days');
    expect(root.querySelector('#a-recur-day')).toBeNull();
    await set('#a-recur-interval', '0', 'input');
    (root.querySelector('#a-recur-interval') as HTMLInputElement).dispatchEvent(new Event('blur'));
    harness.detectChanges();
    expect(text('#a-recur-interval-error')).toBe('Nhập số ngày làm việc từ 1 đến 260.');
    await set('#a-recur-frequency', 'quarterly');
    await set('#a-recur-moq', '2: 3');
    await set('#a-recur-day-kind', 'last_working_day');
    await set('#a-recur-ahead', '3', 'input');

    const page = harness.routeDebugElement?.componentInstance as AssignTaskPage;
    (page as unknown as { form: AssignTaskPage['form'] }).form.patchValue({ title: 'Báo cáo quý về công tác bưu chính', leadUnitCode: 'VBC' });
    (root.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await harness.fixture.whenStable();
    http.match((r) => r.url.startsWith('/api/users')).forEach((r) => r.flush({ items: [], total: 0 }));
    const post = http.expectOne({ method: 'POST', url: '/api/tasks' });
    expect(post.request.body.recurrence).toEqual({ rule: { frequency: 'quarterly', monthOfQuarter: 3, on: { kind: 'last_working_day' } }, aheadWorkingDays: 3 });
    post.flush({ message: 'x', code: 'VALIDATION_FAILED', errors: [{ field: 'recurrence.aheadWorkingDays', rule: 'recurrenceRule', message: 'Số ngày làm việc tạo trước hạn phải từ 0 đến 60' }] }, { status: 400, statusText: 'Bad Request' });
    await harness.fixture.whenStable();
    harness.detectChanges();
    expect(text('#a-recur-ahead-error')).toContain('Số ngày làm việc tạo trước hạn phải từ 0 đến 60');
  });
});
