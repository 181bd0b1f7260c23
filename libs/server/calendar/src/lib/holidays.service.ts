import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { applyHolidayChanges, dayOfWeek, HolidayChange, HOLIDAY_YEARS, LocalDate, PublicHoliday, vietnamPublicHolidays, WorkingCalendar } from '@tiendo/domain';
import { Clock, duplicate, notFound, refuse } from '@tiendo/server-core';
import { DataSource } from 'typeorm';

/**
 * Vietnam's working calendar: the holidays the law gives, computed for every year (libs/domain
 * `vietnamPublicHolidays`: Labour Code 2019 art. 111-112, the lunar calendar at UTC+7), with the admin's yearly
 * changes on top, kept in the `holidays` table (the Government's decisions each year: bridge days, swaps, a Tết
 * placed otherwise). Nothing is seeded: a year nobody changed is the law's.
 */
@Injectable()
export class HolidaysService {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  /** Other processes may edit the table: re-read it at least this often. */
  private static readonly CACHE_MS = 60_000;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The working calendar of every year (law + changes), cached for a minute; edits here drop the cache. */
  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < HolidaysService.CACHE_MS) return this.cached.calendar;
    const calendar = WorkingCalendar.vietnam(await this.changes());
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  /**
   * The admin's changes (of one year, or all), by date.
   * @returns `{ date: 'YYYY-MM-DD', name, kind: 'day_off' | 'working_day' }[]`
   */
  async changes(year?: number): Promise<HolidayChange[]> {
    return this.db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name, kind FROM holidays
        WHERE $1::int IS NULL OR date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year ?? null],
    );
  }

  /**
   * The days off of one year (the current year in Asia/Ho_Chi_Minh when omitted): the law's holidays and
   * compensatory days with the admin's changes applied, by date. Weekends are not listed unless a change names one.
   */
  async list(year?: number): Promise<PublicHoliday[]> {
    const y = year ?? Number(this.clock.today().slice(0, 4));
    return applyHolidayChanges(y, await this.changes(y));
  }

  /**
   * Makes `date` a day off (a `day_off` change): a bridge day, the weekday of a swap, a law's day the admin had
   * made a working day. 409 HOLIDAY_TAKEN when the day is already off.
   */
  async add(holiday: PublicHoliday): Promise<PublicHoliday> {
    if (await this.isDayOff(holiday.date)) throw refuse('HOLIDAY_TAKEN', { field: 'date', params: { date: holiday.date } });
    // A working_day change of the same date gives way; a day_off inserted meanwhile by someone else does not.
    const rows: unknown[] = await this.db.query(
      `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, 'day_off')
       ON CONFLICT (date) DO UPDATE SET name = EXCLUDED.name, kind = 'day_off' WHERE holidays.kind = 'working_day'
       RETURNING date`,
      [holiday.date, holiday.name],
    );
    if (rows.length === 0) throw refuse('HOLIDAY_TAKEN', { field: 'date', params: { date: holiday.date } });
    this.cached = null;
    return holiday;
  }

  /**
   * `date` stops being a day off: an admin's `day_off` change is deleted; a day the law gives is recorded as a
   * `working_day` change (the Prime Minister placed it elsewhere). 404 when the day is not a day off.
   */
  async remove(date: LocalDate): Promise<void> {
    const year = Number(date.slice(0, 4));
    const off = (await this.list(year)).find((h) => h.date === date);
    if (!off) throw notFound('Holiday');
    const byLaw = year >= HOLIDAY_YEARS.first && year <= HOLIDAY_YEARS.last ? vietnamPublicHolidays(year).find((h) => h.date === date) : undefined;
    if (byLaw) {
      await this.db.query(
        `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, 'working_day')
         ON CONFLICT (date) DO UPDATE SET name = EXCLUDED.name, kind = 'working_day'`,
        [date, byLaw.name],
      );
    } else {
      const [, affected] = await this.db.query(`DELETE FROM holidays WHERE date = $1 AND kind = 'day_off'`, [date]);
      if (!affected) throw notFound('Holiday');
    }
    this.cached = null;
  }

  /**
   * Makes a Saturday or Sunday a working day (ngày làm bù, the other half of a swap). The DTO refuses other days
   * (400); 409 DUPLICATE when the admin already changed that date.
   */
  async addWorkingDay(day: PublicHoliday): Promise<PublicHoliday> {
    const dow = dayOfWeek(day.date);
    if (dow !== 0 && dow !== 6) throw refuse('VALIDATION_FAILED', { field: 'date' });
    const rows: unknown[] = await this.db.query(
      `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, 'working_day') ON CONFLICT (date) DO NOTHING RETURNING date`,
      [day.date, day.name],
    );
    if (rows.length === 0) throw duplicate('date', `Ngày ${day.date} đã có điều chỉnh; hãy xoá điều chỉnh đó trước`);
    this.cached = null;
    return day;
  }

  /** Undoes `addWorkingDay`: the weekend day is a day off again. 404 when that date is not a working weekend day. */
  async removeWorkingDay(date: LocalDate): Promise<void> {
    const dow = dayOfWeek(date);
    const [, affected] = await this.db.query(`DELETE FROM holidays WHERE date = $1 AND kind = 'working_day' AND $2`, [date, dow === 0 || dow === 6]);
    if (!affected) throw notFound('Holiday');
    this.cached = null;
  }

  private async isDayOff(date: LocalDate): Promise<boolean> {
    return (await this.list(Number(date.slice(0, 4)))).some((h) => h.date === date);
  }
}
