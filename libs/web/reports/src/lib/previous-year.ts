import type { BriefingLine } from '@tiendo/contracts';
import { DisplayLanguage, formatDecimal, formatPercent } from '@tiendo/domain';

/** A translation function as the template's `t` (Transloco): a key of the catalogue and its values. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

type Figures = Pick<BriefingLine, 'total' | 'completedOnTime' | 'inProgressOverdue'>;

/**
 * The one sentence comparing a period with the same period of the previous year, as the ministry's reports write it
 * ("61,46% hoàn thành đúng hạn, so với 50,00% cùng kỳ năm trước (06/2019)"), for the briefing (screen and print) and
 * the dashboard. `detail` adds last year's counts ("…, khi có 12 nhiệm vụ: hoàn thành đúng hạn 6/12, quá hạn 1/12").
 * When last year's period had no task nothing was measured: the sentence says so
 * ("…; cùng kỳ năm trước (06/2019) không có nhiệm vụ"), never "0,00%". `period` is last year's period as shown
 * (periodLabel). The period is named once (the phrase "cùng kỳ năm trước" is never doubled).
 */
export function previousYearSentence(t: Translate, current: Figures, previous: Figures, period: string, language: DisplayLanguage, detail: boolean): string {
  const now = current.total > 0 ? formatPercent(current.completedOnTime.percent, language) : '—';
  if (previous.total === 0) return t('periods.compareNone', { current: now, period });
  const lead = t('periods.compareSentence', { current: now, previous: formatPercent(previous.completedOnTime.percent, language), period });
  if (!detail) return `${lead}.`;
  return `${lead}, ${t('periods.compareDetail', { total: previous.total, onTime: previous.completedOnTime.count, overdue: previous.inProgressOverdue.count })}.`;
}

/**
 * The change of a share against the same period last year, in percentage points, signed ("+4,17", "−2,00", "±0,00"),
 * or null when either period had no task (a share of nothing is not 0%: no change is computed against an empty year).
 */
export function percentPointChange(current: { total: number; percent: number }, previous: { total: number; percent: number }, language: DisplayLanguage): string | null {
  if (current.total === 0 || previous.total === 0) return null;
  const d = current.percent - previous.percent;
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${formatDecimal(Math.abs(d), language, 2)}`;
}
