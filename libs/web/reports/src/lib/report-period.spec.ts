import { convertToParamMap } from '@angular/router';
import { addMonths, periodFromParams, periodLabel, periodListParams, previousMonth } from './report-period';

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
});
