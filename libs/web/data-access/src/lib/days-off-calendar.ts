import { inject, Injectable } from '@angular/core';
import { applyHolidayChanges, dayOfWeek, type HolidayChange, type LocalDate, WorkingCalendar } from '@tiendo/domain';
import { DirectoryApi } from './directory.api';

/**
 * The days off the date fields mark and name (the app binds web-ui's `DAYS_OFF` token to this class in
 * app.config.ts): the server's calendar, i.e. Vietnam's holidays by law for any year (libs/domain, Labour Code 2019
 * art. 111-112) with the admin's changes of `GET /api/holidays/changes` on top, worked weekend days included.
 * One request on first use; until it answers, and if it fails, the law's days and the weekends only. `refresh()`
 * after the admin changes a day.
 *
 * Shape: `nameOf('2026-09-02')` → 'Quốc khánh'; `nameOf('2027-02-07')` → 'Chủ nhật'; a working day → null.
 */
@Injectable({ providedIn: 'root' })
export class DaysOffCalendar {
  private readonly directory = inject(DirectoryApi);
  private changes: readonly HolidayChange[] = [];
  private calendar = WorkingCalendar.vietnam([]);
  private loaded = false;
  private loading: Promise<void> | null = null;
  private readonly namesByYear = new Map<number, Map<LocalDate, string>>();

  /** Loads the admin's changes once (the law's days are computed here, for any year). */
  ready(): Promise<void> {
    this.loading ??= this.directory
      .holidayChanges()
      .then((changes) => {
        this.changes = changes;
        this.calendar = WorkingCalendar.vietnam(changes);
        this.namesByYear.clear();
        this.loaded = true;
      })
      .catch(() => undefined);
    return this.loading;
  }

  /** Reads the admin's changes again (after the holidays page changed one). */
  refresh(): Promise<void> {
    this.loading = null;
    return this.ready();
  }

  /** The name of the day off (the holiday's, else "Thứ Bảy"/"Chủ nhật"), or null for a working day. */
  nameOf(date: LocalDate): string | null {
    if (!this.loaded) void this.ready();
    if (this.calendar.isWorkingDay(date)) return null;
    const year = Number(date.slice(0, 4));
    let names = this.namesByYear.get(year);
    if (!names) {
      names = new Map(applyHolidayChanges(year, this.changes).map((h) => [h.date, h.name]));
      this.namesByYear.set(year, names);
    }
    return names.get(date) ?? (dayOfWeek(date) === 6 ? 'Thứ Bảy' : 'Chủ nhật');
  }
}
