import type { ObligationField, PeriodBoardView, ReportFigures } from '@tiendo/contracts';

/** One figure as the board shows it: the field's label and the value ('—' when not given). */
export interface FigureText {
  label: string;
  value: string;
}

/**
 * The figures of a submission in the obligation's field order, numbers in the Vietnamese way (1.234.567,5), a figure
 * the obligation no longer defines kept under its key. [] when nothing was submitted or no field is defined.
 */
export function figureTexts(fields: readonly ObligationField[], figures: ReportFigures | null | undefined): FigureText[] {
  if (!figures) return [];
  const shown = fields.map((f) => ({ label: f.label, value: formatFigure(figures[f.key]) }));
  const known = new Set(fields.map((f) => f.key));
  const extra = Object.keys(figures)
    .filter((k) => !known.has(k))
    .map((k) => ({ label: k, value: formatFigure(figures[k]) }));
  return [...shown, ...extra];
}

function formatFigure(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'number' ? value.toLocaleString('vi-VN', { maximumFractionDigits: 6 }) : value;
}

/**
 * How many units are still to be reminded: not submitted (open), whatever their deadline; the cancelled are not
 * counted. From the whole period's counts, since the board shows a page of the lines.
 */
export function missingCount(counts: PeriodBoardView['counts'] | null | undefined): number {
  return counts ? counts.in_progress_overdue + counts.in_progress_on_track : 0;
}
