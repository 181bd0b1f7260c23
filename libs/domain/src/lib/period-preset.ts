import { monthBounds } from './period';
import type { LocalDate } from './local-time';

/**
 * The periods a ministry's reports are read for: a month, a quarter (quý), the first 6 or 9 months of the year
 * (6 tháng đầu năm, 9 tháng), the whole year, each named by a month it contains (the anchor). "6 months" is the
 * half-year the anchor falls in (first or last six months), as the ministry's mid-year and year-end reviews are.
 */
export const PERIOD_PRESETS = ['month', 'quarter', 'half', 'nine-months', 'year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** A period of days, both ends included, as YYYY-MM-DD in Vietnam's calendar. */
export interface DayRange {
  from: LocalDate;
  to: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The days of `preset` around the anchor month (YYYY-MM):
 * - month: that month; quarter: the quarter holding it (Q2 of 2020-05 is 2020-04-01 … 2020-06-30);
 * - half: January-June or July-December; nine-months: January-September (whatever the anchor);
 * - year: January-December.
 */
export function presetBounds(preset: PeriodPreset, anchorMonth: string): DayRange {
  const year = Number(anchorMonth.slice(0, 4));
  const month = Number(anchorMonth.slice(5, 7));
  const span = (first: number, last: number): DayRange => ({ from: monthBounds(`${year}-${pad(first)}`).from, to: monthBounds(`${year}-${pad(last)}`).to });
  switch (preset) {
    case 'month':
      return monthBounds(anchorMonth);
    case 'quarter': {
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return span(first, first + 2);
    }
    case 'half':
      return month <= 6 ? span(1, 6) : span(7, 12);
    case 'nine-months':
      return span(1, 9);
    case 'year':
      return span(1, 12);
  }
}

/**
 * The same period one year earlier, for "70% of the plan, against 15% in the same period last year". A month's
 * last day stays the month's last day (29/02/2024 → 28/02/2023), so a whole month compares with a whole month.
 */
export function samePeriodLastYear(range: DayRange): DayRange {
  return { from: yearEarlier(range.from, false), to: yearEarlier(range.to, true) };
}

function yearEarlier(day: LocalDate, endOfRange: boolean): LocalDate {
  const y = Number(day.slice(0, 4)) - 1;
  const month = `${y}-${day.slice(5, 7)}`;
  const last = monthBounds(month).to;
  const wasLast = day === monthBounds(day.slice(0, 7)).to;
  if (endOfRange && wasLast) return last;
  const candidate = `${month}-${day.slice(8, 10)}`;
  return candidate > last ? last : candidate;
}
