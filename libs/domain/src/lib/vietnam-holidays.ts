import { addDays, dayOfWeek, LocalDate } from './local-time';
import { lunarNewYear, lunarToSolar } from './lunar-calendar';

export interface PublicHoliday {
  date: LocalDate;
  name: string;
}

/**
 * One of the admin's yearly changes to the days the law gives (the holiday table): `day_off` adds a day off (a
 * bridge day the Government grants, the weekday of a swap, a day the Prime Minister places differently),
 * `working_day` cancels a day the law's default would give (the compensatory day the Prime Minister moved
 * elsewhere, a Tết day placed differently).
 */
export interface HolidayChange {
  date: LocalDate;
  name: string;
  kind: 'day_off' | 'working_day';
}

/**
 * The years whose holidays are computed: the Labour Code regimes are modelled from 2000 (the 1994 code as amended),
 * and the lunar calendar (`lunar-calendar.ts`) reaches 2199. Other years have only the admin's changes.
 */
export const HOLIDAY_YEARS = { first: 2000, last: 2199 } as const;

const isWeekend = (date: LocalDate): boolean => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;

/**
 * Vietnam's public holidays (ngày nghỉ lễ, tết) for one solar year as the law's default places them, with the
 * compensatory days; before the admin's yearly changes (see `applyHolidayChanges`).
 *
 * - Labour Code 45/2019/QH14 (from 2021), art. 112(1): Tết Dương lịch 1/1; Tết Âm lịch 5 days; Victory Day 30/4;
 *   International Labour Day 1/5; National Day 2/9 "and one adjacent day before or after"; Hùng Kings' day 10/3 of
 *   the lunar calendar. Art. 112(3): each year the Prime Minister decides the exact days of Tết and of the day next
 *   to 2/9. The default computed here: Tết is the last day of the lunar year and lunar days 1-4 (the placement of
 *   most years' decisions); the day next to 2/9 joins it to the nearer weekend (3/9 when 2/9 is a Monday or a
 *   Thursday, else 1/9).
 * - Labour Code 10/2012/QH13 (2013-2020), art. 115(1): the same days, but National Day is 2/9 alone.
 * - Labour Code 1994 as amended in 2007 (2000-2012), art. 73: Tết Âm lịch 4 days (the eve and days 1-3), Hùng
 *   Kings' day from 2007, National Day 2/9 alone.
 * - Compensatory days (nghỉ bù): Labour Code 2019 art. 111(3) (2012: art. 115(3)): a holiday that falls on the
 *   weekly rest day gives a day off on the next working day. In ministries the weekly rest is Saturday and Sunday
 *   (Decision 188/1999/QĐ-TTg), so each holiday on a Saturday or a Sunday gives the next working day not already off.
 *
 * Lunar dates come from `lunar-calendar.ts` (UTC+7). Sorted by date.
 * @throws RangeError for a year outside HOLIDAY_YEARS (2000-2199).
 */
export function vietnamPublicHolidays(year: number): PublicHoliday[] {
  if (!Number.isInteger(year) || year < HOLIDAY_YEARS.first || year > HOLIDAY_YEARS.last) {
    throw new RangeError(`Holidays are computed for ${HOLIDAY_YEARS.first}-${HOLIDAY_YEARS.last}, not ${year}`);
  }
  const tet = lunarNewYear(year);
  const tetDays = year >= 2013 ? 4 : 3; // lunar days 1..n after the eve
  const days: PublicHoliday[] = [{ date: `${year}-01-01`, name: 'Tết Dương lịch' }];
  days.push({ date: addDays(tet, -1), name: 'Tết Nguyên Đán (ngày cuối năm âm lịch)' });
  for (let i = 0; i < tetDays; i++) days.push({ date: addDays(tet, i), name: `Tết Nguyên Đán (mùng ${i + 1})` });
  if (year >= 2007) days.push({ date: lunarToSolar({ year, month: 3, day: 10, leap: false }), name: 'Giỗ Tổ Hùng Vương' });
  days.push({ date: `${year}-04-30`, name: 'Ngày Giải phóng miền Nam' });
  days.push({ date: `${year}-05-01`, name: 'Ngày Quốc tế Lao động' });
  days.push({ date: `${year}-09-02`, name: 'Quốc khánh' });
  if (year >= 2021) {
    const natDow = dayOfWeek(`${year}-09-02`);
    days.push({ date: natDow === 1 || natDow === 4 ? `${year}-09-03` : `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)' });
  }

  const taken = new Set(days.map((d) => d.date));
  const compensatory: PublicHoliday[] = [];
  for (const h of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!isWeekend(h.date)) continue;
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    compensatory.push({ date: d, name: `Nghỉ bù ${h.name}` });
  }
  return [...days, ...compensatory].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The days off of one year: the law's days (`vietnamPublicHolidays`) with the admin's changes of that year on top.
 * A `day_off` change adds its day (its name replaces the law's); a `working_day` change removes its day. Changes
 * of other years are ignored. Out of HOLIDAY_YEARS, only the `day_off` changes. Sorted by date.
 */
export function applyHolidayChanges(year: number, changes: readonly HolidayChange[]): PublicHoliday[] {
  const prefix = `${year}-`;
  const ofYear = changes.filter((c) => c.date.startsWith(prefix));
  const byDate = new Map<LocalDate, string>();
  if (year >= HOLIDAY_YEARS.first && year <= HOLIDAY_YEARS.last) {
    for (const h of vietnamPublicHolidays(year)) byDate.set(h.date, h.name);
  }
  for (const c of ofYear) {
    if (c.kind === 'day_off') byDate.set(c.date, c.name);
    else byDate.delete(c.date);
  }
  return [...byDate].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
}
