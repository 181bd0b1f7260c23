import { figureTexts, missingCount } from './board-rows';

describe('the board rows', () => {
  it('shows the figures in the fields order, numbers the Vietnamese way, a removed field under its key', () => {
    const fields = [
      { key: 'mobile', label: 'Thuê bao di động', type: 'number' as const, required: true },
      { key: 'note', label: 'Ghi chú', type: 'text' as const, required: false },
    ];
    expect(figureTexts(fields, { note: 'Chốt ngày 14', mobile: 1234567.5, old: 3 })).toEqual([
      { label: 'Thuê bao di động', value: '1.234.567,5' },
      { label: 'Ghi chú', value: 'Chốt ngày 14' },
      { label: 'old', value: '3' },
    ]);
    expect(figureTexts(fields, null)).toEqual([]);
    expect(figureTexts(fields, { mobile: null })[0].value).toBe('—');
  });

  it('counts as missing the open reports only, overdue or not yet due, over the whole period (not the page shown)', () => {
    expect(missingCount({ completed_on_time: 6000, completed_late: 2500, in_progress_overdue: 1400, in_progress_on_track: 100, other: 3, total: 10000 })).toBe(1500);
    expect(missingCount(null)).toBe(0);
  });
});
