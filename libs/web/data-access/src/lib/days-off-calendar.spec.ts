import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { HolidayChange } from '@tiendo/domain';
import { DaysOffCalendar } from './days-off-calendar';

describe('DaysOffCalendar: the days off the date fields mark and name', () => {
  let calendar: DaysOffCalendar;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    calendar = TestBed.inject(DaysOffCalendar);
    http = TestBed.inject(HttpTestingController);
  });

  it('names the law’s holidays of any year and the admin’s changes, after one request', async () => {
    const loaded = calendar.ready();
    const changes: HolidayChange[] = [
      { date: '2026-12-21', name: 'Nghỉ thử', kind: 'day_off' },
      { date: '2026-09-01', name: 'Làm việc', kind: 'working_day' },
      { date: '2026-12-26', name: 'Làm bù cho 21/12', kind: 'working_day' },
    ];
    http.expectOne('/api/holidays/changes').flush(changes);
    await loaded;
    void calendar.ready();
    http.verify(); // no second request

    expect(calendar.nameOf('2026-09-02')).toBe('Quốc khánh');
    expect(calendar.nameOf('2026-09-01')).toBeNull(); // the law's adjacent day, cancelled by the admin
    expect(calendar.nameOf('2026-12-21')).toBe('Nghỉ thử');
    expect(calendar.nameOf('2026-12-26')).toBeNull(); // a Saturday worked
    expect(calendar.nameOf('2026-12-27')).toBe('Chủ nhật');
    expect(calendar.nameOf('2027-02-08')).toBe('Tết Nguyên Đán (mùng 3)');
    expect(calendar.nameOf('2027-02-10')).toMatch(/^Nghỉ bù Tết Nguyên Đán/);
    expect(calendar.nameOf('2027-02-04')).toBeNull();
  });

  it('before the answer, and if the request fails, weekends and the law’s days only', async () => {
    expect(calendar.nameOf('2027-09-02')).toBe('Quốc khánh');
    http.expectOne('/api/holidays/changes').flush('no', { status: 500, statusText: 'Server Error' });
    await calendar.ready();
    expect(calendar.nameOf('2027-09-04')).toBe('Thứ Bảy');
    expect(calendar.nameOf('2027-09-06')).toBeNull();
  });
});
