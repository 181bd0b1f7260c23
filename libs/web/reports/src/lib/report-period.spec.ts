import { convertToParamMap } from '@angular/router';
import { addMonths, periodFromParams, periodLabel, periodListParams, previousMonth, previousYearPeriod } from './report-period';

describe('report periods in the URL', () => {
  it('reads a month, a range, and falls back on a malformed one', () => {
    expect(periodFromParams(convertToParamMap({ month: '2020-06', unit: 'VBC' }), '2026-11')).toEqual({ month: '2020-06', unit: 'VBC' });
    expect(periodFromParams(convertToParamMap({ from: '2020-06-01', to: '2020-06-15' }), '2026-11')).toEqual({ from: '2020-06-01', to: '2020-06-15', unit: undefined });
    expect(periodFromParams(convertToParamMap({ from: '2020-06-15', to: '2020-06-01' }), '2026-11')).toEqual({ month: '2026-11', unit: undefined });
    expect(periodFromParams(convertToParamMap({ month: '2020-13' }), '2026-11')).toEqual({ month: '2026-11', unit: undefined });
  });

  it('links a count to exactly its tasks: same period, category and unit', () => {
    expect(periodListParams({ month: '2020-06' }, 'completedOnTime', 'VBC')).toEqual({ period: '2020-06', category: 'completedOnTime', unit: 'VBC' });
    expect(periodListParams({ month: '2020-06' }, 'all')).toEqual({ period: '2020-06' });
    // A leader's scoped figure opens the list with the same scope, so the list's total equals the figure.
    expect(periodListParams({ month: '2020-06', scope: 'oversight' }, 'completedOnTime')).toEqual({ period: '2020-06', category: 'completedOnTime', scope: 'oversight' });
    expect(periodListParams({ month: '2020-06', scope: 'oversight' }, 'all', 'VBC')).toEqual({ period: '2020-06', unit: 'VBC', scope: 'oversight' });
    expect(periodListParams({ from: '2020-06-01', to: '2020-06-15', unit: 'BO' }, 'inProgressOverdue')).toEqual({ periodFrom: '2020-06-01', periodTo: '2020-06-15', category: 'inProgressOverdue', unit: 'BO' });
  });

  it('counts months across years and names the briefing month', () => {
    expect(addMonths('2020-01', -1)).toBe('2019-12');
    expect(addMonths('2020-06', 11)).toBe('2021-05');
    expect(previousMonth('2020-07-01')).toBe('2020-06');
    expect(previousMonth('2021-01-15')).toBe('2020-12');
    expect(periodLabel({ month: '2020-06' })).toBe('06/2020');
    expect(periodLabel({ from: '2020-06-01', to: '2020-06-15' })).toBe('01/06/2020 – 15/06/2020');
  });

  it('reads a preset around a month and the leader’s scope (oversight by default, the whole ministry on request)', () => {
    expect(periodFromParams(convertToParamMap({ preset: 'quarter', month: '2020-05' }), '2026-11')).toEqual({ month: '2020-05', preset: 'quarter', unit: undefined });
    expect(periodFromParams(convertToParamMap({ preset: 'week', month: '2020-05' }), '2026-11')).toEqual({ month: '2020-05', unit: undefined });
    expect(periodFromParams(convertToParamMap({ month: '2020-05' }), '2026-11', true)).toEqual({ month: '2020-05', unit: undefined, scope: 'oversight' });
    expect(periodFromParams(convertToParamMap({ month: '2020-05', scope: 'all' }), '2026-11', true)).toEqual({ month: '2020-05', unit: undefined });
    expect(periodFromParams(convertToParamMap({ month: '2020-05', unit: 'VBC' }), '2026-11', true)).toEqual({ month: '2020-05', unit: 'VBC' });
  });

  it('a preset lists its tasks by its days, is labelled by them, and compares with last year’s same days', () => {
    expect(periodListParams({ month: '2020-05', preset: 'quarter' }, 'completedLate')).toEqual({ periodFrom: '2020-04-01', periodTo: '2020-06-30', category: 'completedLate' });
    expect(periodLabel({ month: '2020-05', preset: 'half' })).toBe('01/01/2020 – 30/06/2020');
    expect(previousYearPeriod({ month: '2020-05', preset: 'quarter', unit: 'VBC' })).toEqual({ from: '2019-04-01', to: '2019-06-30', unit: 'VBC', scope: undefined });
    expect(previousYearPeriod({ month: '2020-06' })).toEqual({ month: '2019-06', unit: undefined, scope: undefined });
  });
});
