import { percentPointChange, previousYearSentence } from './previous-year';

const t = (key: string, p: Record<string, unknown> = {}) => `${key}${JSON.stringify(p)}`;
const line = (total: number, onTime: number, percent: number) => ({ total, completedOnTime: { count: onTime, percent }, inProgressOverdue: { count: 0, percent: 0 } });

describe('the comparison with the same period last year', () => {
  it('computes no change against an empty period (the dashboard’s ± row)', () => {
    expect(percentPointChange({ total: 16, percent: 62.5 }, { total: 0, percent: 0 }, 'vi')).toBeNull();
    expect(percentPointChange({ total: 0, percent: 0 }, { total: 4, percent: 25 }, 'vi')).toBeNull();
    expect(percentPointChange({ total: 16, percent: 62.5 }, { total: 4, percent: 25 }, 'vi')).toBe('+37,50');
    expect(percentPointChange({ total: 4, percent: 25 }, { total: 4, percent: 25 }, 'vi')).toBe('±0,00');
  });

  it('says an empty year had no task instead of a share of it', () => {
    expect(previousYearSentence(t, line(16, 10, 62.5), line(0, 0, 0), '06/2019', 'vi', false)).toBe('periods.compareNone{"current":"62,50%","period":"06/2019"}');
    expect(previousYearSentence(t, line(16, 10, 62.5), line(4, 1, 25), '06/2019', 'vi', false)).toBe('periods.compareSentence{"current":"62,50%","previous":"25,00%","period":"06/2019"}.');
  });
});
