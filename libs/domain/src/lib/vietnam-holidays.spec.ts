import { dayOfWeek } from './local-time';
import { applyHolidayChanges, HolidayChange, vietnamPublicHolidays } from './vietnam-holidays';
import { WorkingCalendar } from './working-calendar';

const off = (date: string, name = 'Quyết định của Thủ tướng'): HolidayChange => ({ date, name, kind: 'day_off' });
const worked = (date: string, name = 'Đi làm theo quyết định của Thủ tướng'): HolidayChange => ({ date, name, kind: 'working_day' });

/**
 * The civil service's days off of 2020-2026 as the yearly notices of the Ministry of Labour, Invalids and Social
 * Affairs (from 2025 the Ministry of Home Affairs) announced them, after the Prime Minister's decisions: `weekdays`
 * are the working days lost (weekends are off anyway), `saturdaysWorked` the make-up days of a swap. `changes` is
 * what the admin enters that year on top of the law's computed days; everything else must come from the law.
 */
const OFFICIAL: Array<{ year: number; weekdays: string[]; saturdaysWorked: string[]; changes: HolidayChange[] }> = [
  {
    // Labour Code 2012: National Day is 2/9 alone. Tết: Thu 23/01 (29 Chạp) to Wed 29/01.
    year: 2020,
    weekdays: ['01-01', '01-23', '01-24', '01-27', '01-28', '01-29', '04-02', '04-30', '05-01', '09-02'],
    saturdaysWorked: [],
    changes: [off('2020-01-23'), worked('2020-01-30')],
  },
  {
    // Tết: Wed 10/02 (29 Chạp) to Tue 16/02; 1/5 on a Saturday, compensated Mon 3/5; National Day Thu 2/9 and Fri 3/9.
    year: 2021,
    weekdays: ['01-01', '02-10', '02-11', '02-12', '02-15', '02-16', '04-21', '04-30', '05-03', '09-02', '09-03'],
    saturdaysWorked: [],
    changes: [off('2021-02-10'), worked('2021-02-17')],
  },
  {
    // 1/1 Saturday → Mon 3/1; Tết Sat 29/01 to Sun 06/02; Hùng Kings Sunday → Mon 11/4; 30/4-1/5 weekend → 2/5, 3/5;
    // National Day Thu 1/9 and Fri 2/9. Exactly the law's default: nothing to change.
    year: 2022,
    weekdays: ['01-03', '01-31', '02-01', '02-02', '02-03', '02-04', '04-11', '05-02', '05-03', '09-01', '09-02'],
    saturdaysWorked: [],
    changes: [],
  },
  {
    // 1/1 Sunday → Mon 2/1; Tết Fri 20/01 to Thu 26/01; Hùng Kings Sat 29/4 to Wed 3/5; National Day Fri 1/9 to Mon 4/9.
    year: 2023,
    weekdays: ['01-02', '01-20', '01-23', '01-24', '01-25', '01-26', '05-01', '05-02', '05-03', '09-01', '09-04'],
    saturdaysWorked: [],
    changes: [off('2023-01-20'), worked('2023-01-27')],
  },
  {
    // Tết Thu 08/02 to Wed 14/02; 30/4-1/5: Mon 29/4 swapped with Sat 4/5; National Day Sat 31/8 to Tue 3/9.
    year: 2024,
    weekdays: ['01-01', '02-08', '02-09', '02-12', '02-13', '02-14', '04-18', '04-29', '04-30', '05-01', '09-02', '09-03'],
    saturdaysWorked: ['05-04'],
    changes: [off('2024-02-08'), worked('2024-02-15'), off('2024-04-29'), worked('2024-05-04')],
  },
  {
    // Tết Sat 25/01 to Sun 02/02, Mon 27/01 swapped with Sat 08/02; Hùng Kings Mon 7/4; 30/4-4/5, Fri 2/5 swapped
    // with Sat 26/4; National Day Sat 30/8 to Tue 2/9.
    year: 2025,
    weekdays: ['01-01', '01-27', '01-28', '01-29', '01-30', '01-31', '04-07', '04-30', '05-01', '05-02', '09-01', '09-02'],
    saturdaysWorked: ['02-08', '04-26'],
    changes: [off('2025-01-27'), worked('2025-02-08'), worked('2025-02-03'), off('2025-05-02'), worked('2025-04-26')],
  },
  {
    // Tết Mon 16/02 (29 Chạp) to Fri 20/02 (9 days with the weekends); Hùng Kings Sunday 26/4 → Mon 27/4;
    // 30/4 Thu, 1/5 Fri; National Day Tue 1/9 and Wed 2/9.
    year: 2026,
    weekdays: ['01-01', '02-16', '02-17', '02-18', '02-19', '02-20', '04-27', '04-30', '05-01', '09-01', '09-02'],
    saturdaysWorked: [],
    changes: [],
  },
];

describe('Vietnam\'s public holidays', () => {
  it.each(OFFICIAL)('$year: the law\'s days with that year\'s changes are the official days off', ({ year, weekdays, saturdaysWorked, changes }) => {
    const days = applyHolidayChanges(year, changes).map((h) => h.date);
    expect(days.filter((d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6)).toEqual(weekdays.map((d) => `${year}-${d}`));

    const calendar = WorkingCalendar.vietnam(changes);
    const lost: string[] = [];
    const saturdays: string[] = [];
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const weekend = dayOfWeek(date) === 0 || dayOfWeek(date) === 6;
      if (!weekend && !calendar.isWorkingDay(date)) lost.push(date.slice(5));
      if (weekend && calendar.isWorkingDay(date)) saturdays.push(date.slice(5));
    }
    expect(lost).toEqual(weekdays);
    expect(saturdays).toEqual(saturdaysWorked);
  });

  it('Tết is the last day of the lunar year and mùng 1-4; weekend holidays give the next working days', () => {
    const tet2026 = vietnamPublicHolidays(2026).filter((h) => h.name.startsWith('Tết Nguyên Đán')).map((h) => h.date);
    expect(tet2026).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    // 2023: the eve (30 Chạp) on Saturday and mùng 1 on Sunday → Thursday 26/01 and Friday 27/01 by law.
    expect(vietnamPublicHolidays(2023).filter((h) => h.name.startsWith('Nghỉ bù Tết Nguyên Đán')).map((h) => h.date)).toEqual(['2023-01-26', '2023-01-27']);
    // 2/9/2023 on a Saturday, its adjacent day Friday 1/9: compensated on Monday 4/9 (3/9 is a Sunday).
    expect(vietnamPublicHolidays(2023).filter((h) => h.date.startsWith('2023-09')).map((h) => h.date)).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']);
  });

  it('Tết 2030 is Vietnam\'s 02/02 (the old hand-written table had China\'s 03/02), with the eve on 01/02', () => {
    const tet = vietnamPublicHolidays(2030).filter((h) => h.name.startsWith('Tết Nguyên Đán')).map((h) => h.date);
    expect(tet).toEqual(['2030-02-01', '2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05']);
  });

  it('computes any year 2000-2199 (the table used to end in 2030) and each regime of the Labour Code', () => {
    for (let year = 2000; year <= 2199; year++) {
      const days = vietnamPublicHolidays(year);
      const tet = days.filter((h) => h.name.startsWith('Tết Nguyên Đán')).length;
      expect(tet).toBe(year >= 2013 ? 5 : 4);
      expect(days.some((h) => h.name === 'Giỗ Tổ Hùng Vương')).toBe(year >= 2007);
      expect(days.some((h) => h.name === 'Quốc khánh (ngày liền kề)')).toBe(year >= 2021);
      expect(new Set(days.map((h) => h.date)).size).toBe(days.length);
    }
    expect(vietnamPublicHolidays(2100).map((h) => h.date)).toContain('2100-09-02');
    expect(() => vietnamPublicHolidays(1999)).toThrow(RangeError);
    expect(() => vietnamPublicHolidays(2200)).toThrow(RangeError);
  });

  it('a change of another year does nothing; a day_off change names the day; out of range only changes count', () => {
    expect(applyHolidayChanges(2026, [off('2025-12-31')])).toEqual(vietnamPublicHolidays(2026));
    expect(applyHolidayChanges(2026, [off('2026-01-01', 'Tết Dương lịch (đổi tên)')])[0]).toEqual({ date: '2026-01-01', name: 'Tết Dương lịch (đổi tên)' });
    const weekday = ['2300-05-05', '2300-05-06', '2300-05-07'].find((d) => dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6) as string;
    expect(applyHolidayChanges(2300, [off(weekday)])).toEqual([{ date: weekday, name: 'Quyết định của Thủ tướng' }]);
    expect(WorkingCalendar.vietnam([]).isWorkingDay(weekday)).toBe(true);
    expect(WorkingCalendar.vietnam([off(weekday)]).isWorkingDay(weekday)).toBe(false);
  });
});
