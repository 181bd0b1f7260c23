import { InjectionToken } from '@angular/core';
import { addDays, type LocalDate } from '@tiendo/domain';
import { weekendName } from './date-text';

/**
 * Which days are days off, and their names, for the date fields: the calendar marks them and a deadline chosen
 * on one is named ("Tết Nguyên Đán (mùng 1)", "Quốc khánh", "Chủ nhật") with the working day before offered.
 * The app binds this to the server's calendar (the law's holidays plus the admin's changes, web data-access
 * `DaysOffCalendar`); without a binding only Saturdays and Sundays are days off.
 */
export interface DaysOff {
  /** The name of the day off, or null when `date` (yyyy-MM-dd) is a working day. */
  nameOf(date: LocalDate): string | null;
  /** Resolves once the calendar is loaded (the names before it are the weekends' only). */
  ready(): Promise<void>;
}

/** Weekends only: the fallback when the app provides no calendar (tests, screens before sign-in). */
export const WEEKENDS_ONLY: DaysOff = { nameOf: weekendName, ready: () => Promise.resolve() };

export const DAYS_OFF = new InjectionToken<DaysOff>('DAYS_OFF', { providedIn: 'root', factory: () => WEEKENDS_ONLY });

/** The last working day before `date` (a deadline on a day off is moved back to it: the work is due before the break). */
export function workingDayBefore(daysOff: DaysOff, date: LocalDate): LocalDate {
  let d = addDays(date, -1);
  for (let i = 0; i < 60 && daysOff.nameOf(d) !== null; i++) d = addDays(d, -1);
  return d;
}

/** The first working day after `date` (offered when the day before is outside the field's limits). */
export function workingDayAfter(daysOff: DaysOff, date: LocalDate): LocalDate {
  let d = addDays(date, 1);
  for (let i = 0; i < 60 && daysOff.nameOf(d) !== null; i++) d = addDays(d, 1);
  return d;
}

/**
 * The working day to offer instead of the day off `date`, within the field's limits (ISO, either may be null): the
 * working day before (the work is due before the break) when allowed, else the working day after, else none.
 */
export function workingDayOffer(daysOff: DaysOff, date: LocalDate, min: LocalDate | null, max: LocalDate | null): { day: LocalDate; after: boolean } | null {
  const allowed = (d: LocalDate) => (!min || d >= min) && (!max || d <= max);
  const before = workingDayBefore(daysOff, date);
  if (allowed(before)) return { day: before, after: false };
  const after = workingDayAfter(daysOff, date);
  return allowed(after) ? { day: after, after: true } : null;
}
