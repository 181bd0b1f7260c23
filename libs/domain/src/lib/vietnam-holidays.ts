import { addDays, dayOfWeek, LocalDate } from './local-time';

export interface PublicHoliday {
  date: LocalDate;
  name: string;
}

/**
 * Lunar new year's day (mùng 1 Tết) and Hùng Kings' day (10/3 âm lịch) by solar year. The lunar calendar is not
 * computable by a simple rule, so these are looked up; admins extend the holiday table past 2030.
 */
const LUNAR: Record<number, { tet: LocalDate; hungKings: LocalDate }> = {
  2020: { tet: '2020-01-25', hungKings: '2020-04-02' },
  2021: { tet: '2021-02-12', hungKings: '2021-04-21' },
  2022: { tet: '2022-02-01', hungKings: '2022-04-10' },
  2023: { tet: '2023-01-22', hungKings: '2023-04-29' },
  2024: { tet: '2024-02-10', hungKings: '2024-04-18' },
  2025: { tet: '2025-01-29', hungKings: '2025-04-07' },
  2026: { tet: '2026-02-17', hungKings: '2026-04-26' },
  2027: { tet: '2027-02-06', hungKings: '2027-04-16' },
  2028: { tet: '2028-01-26', hungKings: '2028-04-04' },
  2029: { tet: '2029-02-13', hungKings: '2029-04-23' },
  2030: { tet: '2030-02-03', hungKings: '2030-04-12' },
};

export const DEFAULT_HOLIDAY_YEARS = Object.keys(LUNAR).map(Number);

/**
 * The public holidays of the Labour Code 2019 (art. 112) for one year, as a seed for the holiday table:
 * 1/1, five days of Tết (the eve and days 1-4), Hùng Kings' day, 30/4, 1/5, 2/9 and the day next to it, plus a
 * compensatory day (nghỉ bù) on the next working day for each holiday that falls on a weekend. Each year the
 * Government publishes the exact schedule; admins adjust the table to it.
 */
export function defaultVietnamHolidays(year: number): PublicHoliday[] {
  const lunar = LUNAR[year];
  if (!lunar) return [];
  const days: PublicHoliday[] = [{ date: `${year}-01-01`, name: 'Tết Dương lịch' }];
  for (let i = -1; i <= 3; i++) {
    days.push({ date: addDays(lunar.tet, i), name: i === -1 ? 'Tết Nguyên Đán (giao thừa)' : `Tết Nguyên Đán (mùng ${i + 1})` });
  }
  days.push({ date: lunar.hungKings, name: 'Giỗ Tổ Hùng Vương' });
  days.push({ date: `${year}-04-30`, name: 'Ngày Giải phóng miền Nam' });
  days.push({ date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động' });
  days.push({ date: `${year}-09-02`, name: 'Quốc khánh' });
  // The extra National Day off joins 2/9 to the nearer weekend: 3/9 when 2/9 is Mon or Thu, else 1/9.
  const natDow = dayOfWeek(`${year}-09-02`);
  days.push({ date: natDow === 1 || natDow === 4 ? `${year}-09-03` : `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)' });

  const taken = new Set(days.map((d) => d.date));
  const compensatory: PublicHoliday[] = [];
  for (const h of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const dow = dayOfWeek(h.date);
    if (dow !== 0 && dow !== 6) continue;
    let d = addDays(h.date, 1);
    while (dayOfWeek(d) === 0 || dayOfWeek(d) === 6 || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensatory.push({ date: d, name: `Nghỉ bù ${h.name}` });
  }
  return [...days, ...compensatory].sort((a, b) => a.date.localeCompare(b.date));
}
