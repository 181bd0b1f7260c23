import type { ParamMap } from '@angular/router';
import { addDays, isLocalDate, LocalDate, toLocalDate } from '@tiendo/domain';
import type { ReportPeriod } from '@tiendo/web-data-access';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function currentMonth(today: LocalDate = toLocalDate(new Date())): string {
  return today.slice(0, 7);
}

/** The month before today's: the one read out at the flag ceremony on the first working day. */
export function previousMonth(today: LocalDate = toLocalDate(new Date())): string {
  return addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period in the URL: a month, or a range of days; a malformed one falls back to the given month. */
export function periodFromParams(params: ParamMap, fallbackMonth: string): ReportPeriod {
  const unit = params.get('unit') || undefined;
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isLocalDate(from) && isLocalDate(to) && from <= to) return { from, to, unit };
  const month = params.get('month');
  return { month: month && MONTH.test(month) ? month : fallbackMonth, unit };
}

/** The task list's filter for exactly the tasks a report of this period counts in one category ('all': the four). */
export function periodListParams(period: ReportPeriod, category: string, unit?: string): Record<string, string> {
  const params: Record<string, string> = category === 'all' ? {} : { category };
  if (period.month) params['period'] = period.month;
  if (period.from && period.to) {
    params['periodFrom'] = period.from;
    params['periodTo'] = period.to;
  }
  const scope = unit ?? period.unit;
  if (scope) params['unit'] = scope;
  return params;
}

/** "06/2020", or "01/06/2020 – 30/06/2020" for a range. */
export function periodLabel(period: ReportPeriod): string {
  if (period.month) return `${period.month.slice(5)}/${period.month.slice(0, 4)}`;
  const day = (d: string) => `${d.slice(8)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return period.from && period.to ? `${day(period.from)} – ${day(period.to)}` : '';
}
