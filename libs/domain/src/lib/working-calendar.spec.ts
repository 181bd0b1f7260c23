import { defaultVietnamHolidays } from './vietnam-holidays';
import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar(defaultVietnamHolidays(2026).map((h) => h.date));

  it('skips weekends and holidays', () => {
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-04-30')).toBe(false);
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(calendar.addWorkingDays('2026-11-23', -1)).toBe('2026-11-20');
    expect(calendar.onOrBeforeWorkingDay('2026-11-22')).toBe('2026-11-20');
  });

  it('Tết 2026 is five days from the eve, and working-day counts skip it', () => {
    const tet = defaultVietnamHolidays(2026).filter((h) => h.name.startsWith('Tết Nguyên Đán')).map((h) => h.date);
    expect(tet).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(calendar.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
  });

  it('a holiday on a weekend gives a compensatory day on the next working day', () => {
    // 30/04/2022 and 01/05/2022 fell on Saturday and Sunday: 02/05 and 03/05 were days off.
    const dates = defaultVietnamHolidays(2022).map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2022-05-02', '2022-05-03']));
  });

  it('seeds every year from 2020 to 2030', () => {
    for (let y = 2020; y <= 2030; y++) expect(defaultVietnamHolidays(y).length).toBeGreaterThanOrEqual(11);
  });
});
