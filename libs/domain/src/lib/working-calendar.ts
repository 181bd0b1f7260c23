import { addDays, dayOfWeek, LocalDate } from './local-time';
import { applyHolidayChanges, HolidayChange } from './vietnam-holidays';

/**
 * Working days in a ministry: Monday to Friday, less the public holidays (ngày nghỉ lễ), plus the weekend days
 * made working days by a swap (ngày làm bù).
 *
 * `new WorkingCalendar(dates)` takes an explicit list of days off (the web app builds one from `GET /api/holidays`);
 * `WorkingCalendar.vietnam(changes)` computes Vietnam's holidays by law for any year (`vietnamPublicHolidays`)
 * with the admin's yearly changes on top (`applyHolidayChanges`), a year at a time as dates are asked.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<LocalDate>();
  private readonly workingWeekendDays: ReadonlySet<LocalDate>;
  private readonly yearsLoaded = new Set<number>();
  private readonly holidaysOfYear?: (year: number) => Iterable<LocalDate>;

  constructor(
    holidays: Iterable<LocalDate> = [],
    options: { workingWeekendDays?: Iterable<LocalDate>; holidaysOfYear?: (year: number) => Iterable<LocalDate> } = {},
  ) {
    for (const d of holidays) this.holidays.add(d);
    this.workingWeekendDays = new Set(options.workingWeekendDays ?? []);
    this.holidaysOfYear = options.holidaysOfYear;
  }

  /**
   * Vietnam's working calendar: the law's holidays of every year (Labour Code 2019 art. 111-112, computed) with
   * the admin's changes on top; a `working_day` change on a Saturday or Sunday makes that day a working day.
   */
  static vietnam(changes: readonly HolidayChange[] = []): WorkingCalendar {
    const byYear = new Map<number, HolidayChange[]>();
    for (const c of changes) {
      const y = Number(c.date.slice(0, 4));
      byYear.set(y, [...(byYear.get(y) ?? []), c]);
    }
    return new WorkingCalendar([], {
      workingWeekendDays: changes.filter((c) => c.kind === 'working_day' && isWeekend(c.date)).map((c) => c.date),
      holidaysOfYear: (year) => applyHolidayChanges(year, byYear.get(year) ?? []).map((h) => h.date),
    });
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workingWeekendDays.has(date)) return true;
    if (isWeekend(date)) return false;
    if (this.holidaysOfYear) {
      const year = Number(date.slice(0, 4));
      if (!this.yearsLoaded.has(year)) {
        this.yearsLoaded.add(year);
        for (const d of this.holidaysOfYear(year)) this.holidays.add(d);
      }
    }
    return !this.holidays.has(date);
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }

  /** The day `n` working days after `from` (n > 0) or before it (n < 0). */
  addWorkingDays(from: LocalDate, n: number): LocalDate {
    const step = n >= 0 ? 1 : -1;
    let left = Math.abs(n);
    let d = from;
    while (left > 0) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** `date` itself when it is a working day, else the working day before it. */
  onOrBeforeWorkingDay(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  }

  /** `date` itself when it is a working day, else the next working day. */
  onOrAfterWorkingDay(date: LocalDate): LocalDate {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
}

function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}
