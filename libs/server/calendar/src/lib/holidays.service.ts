import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_HOLIDAY_YEARS, defaultVietnamHolidays, PublicHoliday, WorkingCalendar } from '@tiendo/domain';
import { notFound, refuse } from '@tiendo/server-core';
import { DataSource } from 'typeorm';
import { Holiday } from './holiday.entity';

/** The holiday table and the working calendar built from it. */
@Injectable()
export class HolidaysService {
  private readonly logger = new Logger(HolidaysService.name);
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  /** Other processes may edit the table: re-read it at least this often. */
  private static readonly CACHE_MS = 60_000;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < HolidaysService.CACHE_MS) return this.cached.calendar;
    const rows: Array<{ date: string }> = await this.db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays`);
    const calendar = new WorkingCalendar(rows.map((r) => r.date));
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  async list(year?: number): Promise<PublicHoliday[]> {
    const rows: PublicHoliday[] = await this.db.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name FROM holidays
        WHERE $1::int IS NULL OR extract(year FROM date) = $1 ORDER BY date`,
      [year ?? null],
    );
    return rows;
  }

  async add(holiday: PublicHoliday): Promise<PublicHoliday> {
    const exists = await this.db.manager.findOneBy(Holiday, { date: holiday.date });
    if (exists) throw refuse('HOLIDAY_TAKEN', { field: 'date', params: { date: holiday.date } });
    await this.db.manager.insert(Holiday, holiday);
    this.cached = null;
    return holiday;
  }

  async remove(date: string): Promise<void> {
    const result = await this.db.manager.delete(Holiday, { date });
    if (!result.affected) throw notFound('Holiday');
    this.cached = null;
  }

  /**
   * Seeds Vietnam's holidays for 2020-2030, a year at a time and only for a year with no holiday yet, so that
   * an admin's edits are never overwritten.
   */
  async seedDefaults(): Promise<void> {
    const rows: Array<{ year: number }> = await this.db.query(`SELECT DISTINCT extract(year FROM date)::int AS year FROM holidays`);
    const present = new Set(rows.map((r) => r.year));
    const missing = DEFAULT_HOLIDAY_YEARS.filter((y) => !present.has(y));
    if (missing.length === 0) return;
    const days = missing.flatMap((y) => defaultVietnamHolidays(y));
    await this.db.createQueryBuilder().insert().into(Holiday).values(days).orIgnore().execute();
    this.cached = null;
    this.logger.log(`Seeded public holidays for ${missing.join(', ')}`);
  }
}
