import { startOfLocalDay, toLocalDate, VN_TIME_ZONE } from '@tiendo/domain';

/**
 * Records are kept by calendar month in Asia/Ho_Chi_Minh: keeping `months` months means the current Vietnamese
 * month and the `months` whole months before it. A record goes on the first day of the month after those, so it is
 * always kept at least `months` months (between `months` and `months` + 1).
 *
 * Returns the first instant (00:00 Asia/Ho_Chi_Minh) of the month `months` months before the month `now` falls in,
 * in Vietnam: rows whose moment is strictly before it may go. E.g. 30/11/2026 15:00 +07:00 with 12 months gives
 * 01/11/2025 00:00 +07:00 (31/10/2025 17:00 UTC): October 2025 and older go, November 2025 stays.
 *
 * `months` must be a whole number ≥ 0 (0: everything before the current month goes); anything else is a RangeError.
 */
export function retentionCutoff(now: Date, months: number): Date {
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`retention months must be a whole number ≥ 0, not ${months}`);
  // The Vietnamese day of `now` (VN_TIME_ZONE), never the process's own time zone.
  const [year, month] = toLocalDate(now).split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const first = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return startOfLocalDay(first);
}

/** The month (`YYYY-MM`, Asia/Ho_Chi_Minh) of the oldest records kept: the month of `retentionCutoff`. */
export function oldestKeptMonth(now: Date, months: number): string {
  return toLocalDate(retentionCutoff(now, months)).slice(0, 7);
}

/** The time zone the months are counted in (named for the README and the logs). */
export const RETENTION_TIME_ZONE = VN_TIME_ZONE;
