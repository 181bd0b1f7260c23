import type { BoardLine } from '@tiendo/contracts';
import { figureTexts, missingUnits } from './board-rows';

const line = (code: string, status: BoardLine['status']): BoardLine => ({
  unit: { id: code, code, name: code },
  taskId: code,
  taskCode: code,
  taskVersion: 1,
  deadline: '2027-02-15',
  status,
  assignee: null,
  submission: null,
});

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

  it('counts as missing the open reports only, overdue or not yet due', () => {
    const lines = [line('A', 'completed_on_time'), line('B', 'completed_late'), line('C', 'in_progress_overdue'), line('D', 'in_progress_on_track'), line('E', 'cancelled')];
    expect(missingUnits(lines).map((l) => l.unit.code)).toEqual(['C', 'D']);
  });
});
