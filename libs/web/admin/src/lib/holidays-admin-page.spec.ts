import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { HolidayChange } from '@tiendo/domain';
import { provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { ConfirmDialog } from '@tiendo/web-ui';
import { firstValueFrom } from 'rxjs';
import { HolidaysAdminPage } from './holidays-admin-page';

const URL = '/quan-tri/ngay-nghi';
const EMPTY = 'Không có dữ liệu.';
/** 2025 as the Government placed it: Tết's compensatory Monday 03/02 moved to Monday 27/01, worked back on Saturday 08/02. */
const changes2025: HolidayChange[] = [
  { date: '2025-01-27', name: 'Nghỉ Tết (hoán đổi)', kind: 'day_off' },
  { date: '2025-02-03', name: 'Nghỉ bù Tết Nguyên Đán (mùng 4)', kind: 'working_day' },
  { date: '2025-02-08', name: 'Làm bù cho thứ Hai 27/01/2025', kind: 'working_day' },
];
// Only the clock's date is fixed (the page opens on the current year in Vietnam); timers stay real.
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

describe('holidays administration', () => {
  let http: HttpTestingController;
  let harness: RouterTestingHarness;
  let confirmed: jest.SpyInstance;

  beforeEach(() => {
    // 31/12/2024 at 18:00 UTC is already 01/01/2025 in Vietnam: the page opens on 2025 under any TZ.
    jest.useFakeTimers({ now: new Date('2024-12-31T18:00:00Z'), doNotFake: [...REAL_TIMERS] });
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([{ path: URL.slice(1), component: HolidaysAdminPage }])],
    });
    http = TestBed.inject(HttpTestingController);
    // The app's own confirmation dialog (its behaviour is tested in web-ui); here, what it is asked and the answer.
    confirmed = jest.spyOn(ConfirmDialog.prototype, 'ask').mockResolvedValue(true);
  });
  afterEach(() => {
    http.verify();
    confirmed.mockRestore();
    jest.useRealTimers();
  });

  const el = () => harness.routeNativeElement as HTMLElement;
  const text = (n: Element | null | undefined) => (n?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const rows = (table: string) => [...el().querySelectorAll(`#${table} tbody tr`)].map((r) => [...r.querySelectorAll('td')].map(text));
  const row = (table: string, date: string) => [...el().querySelectorAll(`#${table} tbody tr`)].find((r) => text(r.querySelector('td')) === date) as HTMLElement;
  const settle = async () => {
    await harness.fixture.whenStable();
    harness.detectChanges();
  };
  /** Answers the page's request for one year's changes. */
  const changesOf = async (year: number, list: HolidayChange[]) => {
    http.expectOne({ method: 'GET', url: `/api/holidays/changes?year=${year}` }).flush(list);
    await settle();
  };
  /** After a change, the date fields' calendar of days off (web data-access DaysOffCalendar) is read again, once. */
  const calendarReread = async (list: HolidayChange[]) => {
    http.expectOne({ method: 'GET', url: '/api/holidays/changes' }).flush(list);
    await settle();
  };
  const open = async (list = changes2025) => {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(URL, HolidaysAdminPage);
    await changesOf(2025, list);
  };
  const fill = (id: string, value: string) => {
    const input = el().querySelector(`#${id}`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async (form: string) => {
    (el().querySelector(`#${form} button[type=submit]`) as HTMLButtonElement).click();
    await settle();
  };
  const fieldErrors = (id: string) => [...el().querySelectorAll(`#${id} .field-error`)].map(text);

  it('lists the year’s days off, the law’s marked as such, and the days the admin made working days', async () => {
    await open();
    expect(rows('days-off')).toEqual([
      ['01/01/2025', 'Thứ Tư', 'Tết Dương lịch', 'Theo luật', 'Chuyển thành ngày làm việc: Tết Dương lịch'],
      ['27/01/2025', 'Thứ Hai', 'Nghỉ Tết (hoán đổi)', 'Quản trị thêm', 'Xoá: Nghỉ Tết (hoán đổi)'],
      ['28/01/2025', 'Thứ Ba', 'Tết Nguyên Đán (ngày cuối năm âm lịch)', 'Theo luật', 'Chuyển thành ngày làm việc: Tết Nguyên Đán (ngày cuối năm âm lịch)'],
      ['29/01/2025', 'Thứ Tư', 'Tết Nguyên Đán (mùng 1)', 'Theo luật', 'Chuyển thành ngày làm việc: Tết Nguyên Đán (mùng 1)'],
      ['30/01/2025', 'Thứ Năm', 'Tết Nguyên Đán (mùng 2)', 'Theo luật', 'Chuyển thành ngày làm việc: Tết Nguyên Đán (mùng 2)'],
      ['31/01/2025', 'Thứ Sáu', 'Tết Nguyên Đán (mùng 3)', 'Theo luật', 'Chuyển thành ngày làm việc: Tết Nguyên Đán (mùng 3)'],
      // Mùng 4 on a Saturday: its compensatory Monday 03/02 was made a working day (below).
      ['01/02/2025', 'Thứ Bảy', 'Tết Nguyên Đán (mùng 4)', 'Theo luật', 'Cuối tuần, được nghỉ bù'],
      ['07/04/2025', 'Thứ Hai', 'Giỗ Tổ Hùng Vương', 'Theo luật', 'Chuyển thành ngày làm việc: Giỗ Tổ Hùng Vương'],
      ['30/04/2025', 'Thứ Tư', 'Ngày Giải phóng miền Nam', 'Theo luật', 'Chuyển thành ngày làm việc: Ngày Giải phóng miền Nam'],
      ['01/05/2025', 'Thứ Năm', 'Ngày Quốc tế Lao động', 'Theo luật', 'Chuyển thành ngày làm việc: Ngày Quốc tế Lao động'],
      ['01/09/2025', 'Thứ Hai', 'Quốc khánh (ngày liền kề)', 'Theo luật', 'Chuyển thành ngày làm việc: Quốc khánh (ngày liền kề)'],
      ['02/09/2025', 'Thứ Ba', 'Quốc khánh', 'Theo luật', 'Chuyển thành ngày làm việc: Quốc khánh'],
    ]);
    expect(rows('worked-days')).toEqual([
      ['03/02/2025', 'Thứ Hai', 'Nghỉ bù Tết Nguyên Đán (mùng 4)', 'Ngày nghỉ theo luật, chuyển thành ngày làm việc', 'Khôi phục ngày nghỉ: Nghỉ bù Tết Nguyên Đán (mùng 4)'],
      ['08/02/2025', 'Thứ Bảy', 'Làm bù cho thứ Hai 27/01/2025', 'Làm bù (thứ Bảy, Chủ nhật)', 'Bỏ làm bù: 08/02/2025'],
    ]);
  });

  it('moves between years, each asked of the API; an answer for a year left meanwhile is dropped', async () => {
    await open();
    const [prev, , next] = [...el().querySelectorAll('.actions button, .actions strong')];
    (next as HTMLButtonElement).click();
    (next as HTMLButtonElement).click();
    const late = http.expectOne('/api/holidays/changes?year=2026');
    await changesOf(2027, []);
    late.flush([{ date: '2026-05-02', name: 'late', kind: 'day_off' }]);
    await settle();
    expect(text(el().querySelector('#h-days-off'))).toBe('Ngày nghỉ năm 2027');
    // 2027: Tết on Saturday 06/02, its eve Friday 05/02; mùng 1 and 2 on the weekend give Wednesday 10/02 and Thursday 11/02.
    expect(rows('days-off').map((r) => r[0])).toEqual(expect.arrayContaining(['05/02/2027', '10/02/2027', '11/02/2027']));
    expect(rows('days-off').map((r) => r[0])).not.toContain('02/05/2026');
    expect(text(prev)).toBe('← 2026');
  });

  it('turns a law’s day into a working day, removes an added day, restores a law’s day and undoes a worked Saturday', async () => {
    await open();
    (row('days-off', '30/04/2025').querySelector('button') as HTMLButtonElement).click();
    expect(confirmed).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Chuyển Ngày Giải phóng miền Nam (30/04/2025) thành ngày làm việc?', danger: true }));
    await settle();
    http.expectOne({ method: 'DELETE', url: '/api/holidays/2025-04-30' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await changesOf(2025, [...changes2025, { date: '2025-04-30', name: 'Ngày Giải phóng miền Nam', kind: 'working_day' }]);
    await calendarReread([...changes2025, { date: '2025-04-30', name: 'Ngày Giải phóng miền Nam', kind: 'working_day' }]);
    expect(text(el().querySelector('p.notice'))).toBe('Đã chuyển thành ngày làm việc.');
    expect(rows('days-off').map((r) => r[0])).not.toContain('30/04/2025');
    expect(rows('worked-days').map((r) => r[0])).toEqual(['03/02/2025', '08/02/2025', '30/04/2025']);

    (row('days-off', '27/01/2025').querySelector('button') as HTMLButtonElement).click();
    await settle();
    http.expectOne({ method: 'DELETE', url: '/api/holidays/2025-01-27' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await changesOf(2025, changes2025.slice(1));
    await calendarReread(changes2025.slice(1));

    // The law's compensatory Monday comes back under the law's name (a POST of a day off replaces the working-day change).
    (row('worked-days', '03/02/2025').querySelector('button') as HTMLButtonElement).click();
    await settle();
    const restore = http.expectOne({ method: 'POST', url: '/api/holidays' });
    expect(restore.request.body).toEqual({ date: '2025-02-03', name: 'Nghỉ bù Tết Nguyên Đán (mùng 4)' });
    restore.flush({ date: '2025-02-03', name: 'Nghỉ bù Tết Nguyên Đán (mùng 4)' }, { status: 201, statusText: 'Created' });
    await settle();
    await changesOf(2025, [changes2025[2], { ...changes2025[1], kind: 'day_off' }]);
    await calendarReread([changes2025[2], { ...changes2025[1], kind: 'day_off' }]);
    expect(rows('days-off').find((r) => r[0] === '03/02/2025')?.[3]).toBe('Theo luật');

    (row('worked-days', '08/02/2025').querySelector('button') as HTMLButtonElement).click();
    await settle();
    http.expectOne({ method: 'DELETE', url: '/api/holidays/working-days/2025-02-08' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await changesOf(2025, []);
    await calendarReread([]);
    expect(text(el().querySelector('p.notice'))).toBe('Đã bỏ điều chỉnh.');
    expect(rows('worked-days')).toEqual([[EMPTY]]);
  });

  it('asks nothing when the admin cancels the confirmation', async () => {
    await open();
    confirmed.mockResolvedValue(false);
    (row('days-off', '02/09/2025').querySelector('button') as HTMLButtonElement).click();
    await settle();
    http.expectNone(() => true);
  });

  it('adds a day off and a worked Saturday, then shows the year of the new day', async () => {
    await open();
    fill('h-date', '02/01/2026');
    fill('h-name', '  Nghỉ cầu nối Tết Dương lịch ');
    await submit('day-off-form');
    const add = http.expectOne({ method: 'POST', url: '/api/holidays' });
    expect(add.request.body).toEqual({ date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch' });
    add.flush({ date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch' }, { status: 201, statusText: 'Created' });
    await settle();
    await changesOf(2026, [{ date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch', kind: 'day_off' }]);
    await calendarReread([{ date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch', kind: 'day_off' }]);
    expect(rows('days-off')[1].slice(0, 4)).toEqual(['02/01/2026', 'Thứ Sáu', 'Nghỉ cầu nối Tết Dương lịch', 'Quản trị thêm']);
    expect(text(el().querySelector('#day-off-form p.notice'))).toBe('Đã thêm.');

    fill('w-date', '10/01/2026');
    fill('w-name', 'Làm bù cho thứ Sáu 02/01/2026');
    await submit('working-day-form');
    const worked = http.expectOne({ method: 'POST', url: '/api/holidays/working-days' });
    expect(worked.request.body).toEqual({ date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026' });
    worked.flush({ date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026' }, { status: 201, statusText: 'Created' });
    await settle();
    await changesOf(2026, [
      { date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch', kind: 'day_off' },
      { date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026', kind: 'working_day' },
    ]);
    await calendarReread([
      { date: '2026-01-02', name: 'Nghỉ cầu nối Tết Dương lịch', kind: 'day_off' },
      { date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026', kind: 'working_day' },
    ]);
    expect(rows('worked-days')[0].slice(0, 4)).toEqual(['10/01/2026', 'Thứ Bảy', 'Làm bù cho thứ Sáu 02/01/2026', 'Làm bù (thứ Bảy, Chủ nhật)']);
  });

  it('says beside the fields what is wrong before asking: empty fields, a weekday to make up, a date already changed', async () => {
    await open();
    await submit('day-off-form');
    expect(fieldErrors('h-date-error')).toEqual(['Không được để trống.']);
    expect(fieldErrors('h-name-error')).toEqual(['Không được để trống.']);
    fill('w-date', '10/02/2025');
    fill('w-name', '   ');
    await submit('working-day-form');
    expect(fieldErrors('w-date-error')).toEqual(['Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.']);
    expect(fieldErrors('w-name-error')).toEqual(['Không được để trống.']);
    expect(el().querySelector('#w-date')?.getAttribute('aria-invalid')).toBe('true');
    fill('w-date', '08/02/2025');
    fill('w-name', 'Làm bù lần hai');
    await submit('working-day-form');
    expect(fieldErrors('w-date-error')).toEqual(['Ngày này đã có điều chỉnh; hãy bỏ điều chỉnh đó trước.']);
    http.expectNone(() => true);
  });

  it('shows the names’ limit and count from the start, and a name too long says so with the numbers', async () => {
    await open();
    expect(text(el().querySelector('#h-name-count'))).toBe('0/255 ký tự');
    expect(text(el().querySelector('#w-name-count'))).toBe('0/255 ký tự');
    expect(el().querySelector('#h-name')?.getAttribute('aria-describedby')).toContain('h-name-count');
    fill('h-date', '02/01/2026');
    fill('h-name', 'x'.repeat(300));
    await submit('day-off-form');
    expect(text(el().querySelector('#h-name-count'))).toBe('300/255 ký tự');
    expect(fieldErrors('h-name-error')).toEqual(['Tối đa 255 ký tự (đang có 300).']);
    http.expectNone(() => true);
  });

  const refuse = (url: string, field: string, rule: string | undefined, message: string) =>
    http.expectOne({ method: 'POST', url }).flush(
      { statusCode: 409, code: 'DUPLICATE', message, errors: [{ field, message, ...(rule ? { rule } : {}) }], correlationId: 'c1' },
      { status: 409, statusText: 'Conflict' },
    );

  it('shows the API’s refusal beside its field and in the banner, in Vietnamese', async () => {
    await open();
    fill('h-date', '28/01/2025');
    fill('h-name', 'Nghỉ Tết');
    await submit('day-off-form');
    refuse('/api/holidays', 'date', 'HOLIDAY_TAKEN', 'Ngày 2025-01-28 đã là ngày nghỉ');
    await settle();
    expect(fieldErrors('h-date-error')).toEqual(['Ngày này đã là ngày nghỉ.']);
    expect(text(el().querySelector('#day-off-form td-form-error'))).toBe('Chưa lưu được ngày nghỉ: Dữ liệu đã tồn tại.');
    // A make-up day of another year the admin changed already: the server's 409 reaches the field too.
    fill('w-date', '10/01/2026');
    fill('w-name', 'Làm bù');
    await submit('working-day-form');
    refuse('/api/holidays/working-days', 'date', undefined, 'Ngày 2026-01-10 đã có điều chỉnh; hãy xoá điều chỉnh đó trước');
    await settle();
    expect(fieldErrors('w-date-error')).toEqual(['Ngày 2026-01-10 đã có điều chỉnh; hãy xoá điều chỉnh đó trước']);
    expect(text(el().querySelector('#working-day-form td-form-error'))).toBe('Chưa lưu được ngày làm bù: Dữ liệu đã tồn tại.');
  });

  it('speaks English when the user chose it: the tables, the client’s checks and the API’s refusals', async () => {
    const transloco = TestBed.inject(TranslocoService);
    transloco.setActiveLang('en');
    await firstValueFrom(transloco.load('en'));
    try {
      await open();
      expect(text(el().querySelector('#h-days-off'))).toBe('Days off in 2025');
      expect(rows('worked-days')[1].slice(1, 4)).toEqual(['Saturday', 'Làm bù cho thứ Hai 27/01/2025', 'Make-up day (Saturday or Sunday)']);
      fill('w-date', '10/02/2025');
      fill('w-name', 'Make-up');
      await submit('working-day-form');
      expect(fieldErrors('w-date-error')).toEqual(['A make-up working day must be a Saturday or a Sunday.']);
      fill('h-date', '28/01/2025');
      fill('h-name', 'Tết');
      await submit('day-off-form');
      refuse('/api/holidays', 'date', 'HOLIDAY_TAKEN', 'Ngày 2025-01-28 đã là ngày nghỉ');
      await settle();
      expect(fieldErrors('h-date-error')).toEqual(['This day is already a day off.']);
      expect(text(el().querySelector('#day-off-form td-form-error'))).toBe('The day off was not saved: This already exists.');
    } finally {
      transloco.setActiveLang('vi');
    }
  });

  it('says why a row’s change failed and shows the year again', async () => {
    await open();
    (row('worked-days', '08/02/2025').querySelector('button') as HTMLButtonElement).click();
    await settle();
    http.expectOne({ method: 'DELETE', url: '/api/holidays/working-days/2025-02-08' }).flush(
      { statusCode: 404, code: 'NOT_FOUND', message: 'Không tìm thấy ngày nghỉ', correlationId: 'c2' },
      { status: 404, statusText: 'Not Found' },
    );
    await settle();
    await changesOf(2025, changes2025.slice(0, 2));
    await calendarReread(changes2025.slice(0, 2));
    expect(text(el().querySelector('td-form-error'))).toBe('Chưa bỏ được ngày làm bù: Không tìm thấy, hoặc bạn không có quyền xem.');
    expect(rows('worked-days').map((r) => r[0])).toEqual(['03/02/2025']);
  });
});
