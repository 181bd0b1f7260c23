import { applyHolidayChanges, dayOfWeek, HOLIDAY_YEARS, HolidayChange, LocalDate, vietnamPublicHolidays } from '@tiendo/domain';

/** One day off of the year, as the server counts it (`applyHolidayChanges`, the same function). */
export interface DayOffRow {
  date: LocalDate;
  name: string;
  /** A day the law gives (Labour Code 2019 art. 111-112, computed); else a day off the admin added. */
  byLaw: boolean;
  /** Falls on a Saturday or Sunday (a law's day there gives a compensatory day, listed on its own). */
  weekend: boolean;
}

/**
 * One day made a working day by a `working_day` change:
 * - `weekend`: a Saturday or Sunday worked (ngày làm bù); undone by `DELETE /api/holidays/working-days/:date`;
 * - `lawDay`: a law's weekday holiday the admin made a working day (the Prime Minister placed it elsewhere); undone
 *   by making it a day off again (`POST /api/holidays`, with the law's name);
 * - `noEffect`: a weekday the law does not give (a change left from an older placement); it changes nothing.
 */
export interface WorkedDayRow {
  date: LocalDate;
  name: string;
  kind: 'weekend' | 'lawDay' | 'noEffect';
  /** The law's name of the day, for `lawDay` (what a restore sends). */
  lawName?: string;
}

/** The holidays page's view of one year: its days off and its days made working days, each by date. */
export interface HolidayYear {
  year: number;
  daysOff: DayOffRow[];
  workedDays: WorkedDayRow[];
  /** The dates the admin changed this year (a second change of one date is refused by the server). */
  changed: ReadonlySet<LocalDate>;
}

const isWeekend = (date: LocalDate): boolean => [0, 6].includes(dayOfWeek(date));

/**
 * A year's days off and worked days from the admin's changes (`GET /api/holidays/changes?year=`) and the law's
 * days computed in libs/domain (`vietnamPublicHolidays`, years 2000-2199; other years have only the changes).
 */
export function holidayYear(year: number, changes: readonly HolidayChange[]): HolidayYear {
  const ofYear = changes.filter((c) => c.date.startsWith(`${year}-`));
  const law = new Map<LocalDate, string>(
    year >= HOLIDAY_YEARS.first && year <= HOLIDAY_YEARS.last ? vietnamPublicHolidays(year).map((h) => [h.date, h.name]) : [],
  );
  const daysOff = applyHolidayChanges(year, ofYear).map((h) => ({ ...h, byLaw: law.has(h.date), weekend: isWeekend(h.date) }));
  const workedDays = ofYear
    .filter((c) => c.kind === 'working_day')
    .map((c): WorkedDayRow => {
      if (isWeekend(c.date)) return { date: c.date, name: c.name, kind: 'weekend' };
      const lawName = law.get(c.date);
      return lawName ? { date: c.date, name: c.name, kind: 'lawDay', lawName } : { date: c.date, name: c.name, kind: 'noEffect' };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  return { year, daysOff, workedDays, changed: new Set(ofYear.map((c) => c.date)) };
}
