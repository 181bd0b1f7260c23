import { vietnamPublicHolidays } from './vietnam-holidays';
import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar(vietnamPublicHolidays(2026).map((h) => h.date));

  it('skips weekends and holidays', () => {
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(calendar.addWorkingDays('2026-11-23', -1)).toBe('2026-11-20');
    expect(calendar.onOrBeforeWorkingDay('2026-11-22')).toBe('2026-11-20');
  });

  it('working-day counts skip Tết 2026 (Mon 16/02 to Fri 20/02)', () => {
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('a holiday on a weekend gives a compensatory day on the next working day', () => {
    // 30/04/2022 and 01/05/2022 fell on Saturday and Sunday: 02/05 and 03/05 were days off.
    const dates = vietnamPublicHolidays(2022).map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2022-05-02', '2022-05-03']));
  });

  it('Vietnam\'s calendar knows every year\'s holidays without a table: Tết 2031, 2/9/2099', () => {
    const vietnam = WorkingCalendar.vietnam();
    expect(vietnam.isWorkingDay('2031-01-23')).toBe(false); // Tết Tân Hợi, a Thursday
    expect(vietnam.isWorkingDay('2099-09-02')).toBe(false);
    // Tết 2030: Fri 1/2 (the eve) to Tue 5/2, mùng 1-2 on the weekend compensated Wed 6/2 and Thu 7/2.
    expect(vietnam.addWorkingDays('2030-01-31', 1)).toBe('2030-02-08');
  });

  it('the admin\'s changes apply on top: a bridge day, a law\'s day worked, a Saturday worked', () => {
    const vietnam = WorkingCalendar.vietnam([
      { date: '2025-01-27', name: 'Nghỉ hoán đổi', kind: 'day_off' },
      { date: '2025-02-03', name: 'Nghỉ bù Tết (đã đặt vào 27/01)', kind: 'working_day' },
      { date: '2025-02-08', name: 'Làm bù cho 27/01', kind: 'working_day' },
    ]);
    expect(vietnam.isWorkingDay('2025-01-27')).toBe(false);
    expect(vietnam.isWorkingDay('2025-02-03')).toBe(true);
    expect(vietnam.isWorkingDay('2025-02-08')).toBe(true); // Saturday
    expect(vietnam.workingDaysBetween('2025-01-24', '2025-02-08')).toBe(6); // 3-7/2 and Saturday 8/2
  });
});
