import { addDays, dayOfWeek, LocalDate } from './local-time';

/**
 * Working days in a ministry: Monday to Friday, less the public holidays (ngày nghỉ lễ) the calendar is given.
 * Holidays come from the holiday table that admins keep; see `defaultVietnamHolidays` for the seed.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<LocalDate>;

  constructor(holidays: Iterable<LocalDate> = []) {
    this.holidays = new Set(holidays);
  }

  isWorkingDay(date: LocalDate): boolean {
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6 && !this.holidays.has(date);
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
