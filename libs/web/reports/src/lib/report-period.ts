import type { ParamMap } from '@angular/router';
import { REPORT_PRESETS, ReportPreset } from '@tiendo/contracts';
import { addDays, DayRange, isLocalDate, LocalDate, presetBounds, samePeriodLastYear, toLocalDate } from '@tiendo/domain';
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

/**
 * The period in the URL: a month, a preset around a month (`preset=quarter&month=2020-05`), or a range of days; a
 * malformed one falls back to the given month. `scope=oversight` (or, for a leader, no `scope` at all:
 * `oversightByDefault`) limits the figures to the units the leader oversees; `scope=all` is the whole ministry.
 */
export function periodFromParams(params: ParamMap, fallbackMonth: string, oversightByDefault = false): ReportPeriod {
  const unit = params.get('unit') || undefined;
  const scopeParam = params.get('scope');
  const scope: 'oversight' | undefined = scopeParam === 'oversight' || (oversightByDefault && scopeParam !== 'all' && !unit) ? 'oversight' : undefined;
  const extra = scope ? { unit, scope } : { unit };
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isLocalDate(from) && isLocalDate(to) && from <= to) return { from, to, ...extra };
  const month = params.get('month');
  const anchor = month && MONTH.test(month) ? month : fallbackMonth;
  const preset = params.get('preset') as ReportPreset | null;
  if (preset && preset !== 'month' && (REPORT_PRESETS as readonly string[]).includes(preset)) return { month: anchor, preset, ...extra };
  return { month: anchor, ...extra };
}

/** The days a period covers (a month, a preset's months, or the range). */
export function periodBounds(period: ReportPeriod): DayRange {
  if (period.from && period.to) return { from: period.from, to: period.to };
  return presetBounds(period.preset ?? 'month', period.month as string);
}

/** The same period one year earlier, as the comparison beside the figures reads it. */
export function previousYearPeriod(period: ReportPeriod): ReportPeriod {
  const last = samePeriodLastYear(periodBounds(period));
  if (period.month && !period.preset) return { month: last.from.slice(0, 7), unit: period.unit, scope: period.scope };
  return { ...last, unit: period.unit, scope: period.scope };
}

/** The task list's filter for exactly the tasks a report of this period counts in one category ('all': the four). */
export function periodListParams(period: ReportPeriod, category: string, unit?: string): Record<string, string> {
  const params: Record<string, string> = category === 'all' ? {} : { category };
  if (period.month && !period.preset) params['period'] = period.month;
  else {
    const { from, to } = periodBounds(period);
    params['periodFrom'] = from;
    params['periodTo'] = to;
  }
  const scope = unit ?? period.unit;
  if (scope) params['unit'] = scope;
  // The list applies the same scope as the figure (a leader's overseen units), so its total equals the figure clicked.
  if (period.scope) params['scope'] = period.scope;
  return params;
}

/** "06/2020", or "01/06/2020 – 30/06/2020" for a range or a preset (whose name the page shows beside it). */
export function periodLabel(period: ReportPeriod): string {
  if (period.preset) return periodLabel(periodBounds(period));
  if (period.month) return `${period.month.slice(5)}/${period.month.slice(0, 4)}`;
  const day = (d: string) => `${d.slice(8)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  return period.from && period.to ? `${day(period.from)} – ${day(period.to)}` : '';
}

/**
 * A preset's name as the ministry's reports write it ("Quý 2/2020", "6 tháng đầu năm 2020", "9 tháng năm 2020",
 * "Năm 2020"), through `translate` (keys periods.*); null for a month or a range.
 */
export function presetName(period: ReportPeriod, translate: (key: string, params: Record<string, string | number>) => string): string | null {
  if (!period.preset || !period.month) return null;
  const year = period.month.slice(0, 4);
  const month = Number(period.month.slice(5, 7));
  switch (period.preset) {
    case 'quarter':
      return translate('periods.quarterLabel', { q: Math.floor((month - 1) / 3) + 1, year });
    case 'half':
      return translate(month <= 6 ? 'periods.halfFirst' : 'periods.halfSecond', { year });
    case 'nine-months':
      return translate('periods.nineLabel', { year });
    case 'year':
      return translate('periods.yearLabel', { year });
    default:
      return null;
  }
}
