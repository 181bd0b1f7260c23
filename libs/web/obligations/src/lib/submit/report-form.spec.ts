import type { AttachmentView, HistoryEntryView, ObligationField } from '@tiendo/contracts';
import { checkFigureInputs, figureInputs, latestCompletionFiles, parseFigureNumber, reportState } from './report-form';

const fields: ObligationField[] = [
  { key: 'mobile', label: 'Số thuê bao di động', type: 'number', required: true },
  { key: 'dvc', label: 'Dịch vụ công mức độ 4', type: 'number', required: false },
  { key: 'note', label: 'Ghi chú', type: 'text', required: false },
];

describe('a figure typed the Vietnamese way', () => {
  it.each([
    ['1.234.567', 1234567],
    ['1.234.567,5', 1234567.5],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['12.500', 12500],
    ['-3', -3],
    ['1 234 567', 1234567],
    ['0', 0],
  ])('reads %s as %s', (text, value) => expect(parseFigureNumber(text)).toBe(value));

  it.each(['', 'abc', '12,5,6', '1.23,4', '1e5', '12..5', '--1'])('refuses %j', (text) => expect(parseFigureNumber(text)).toBeNull());
});

describe('the figures checked as the API checks them', () => {
  it('sends numbers as numbers and texts trimmed, blanks left out', () => {
    expect(checkFigureInputs(fields, { mobile: '1.234.567', dvc: '', note: '  tăng 5%  ' })).toEqual({ figures: { mobile: 1234567, note: 'tăng 5%' }, errors: [] });
  });

  it('names each bad figure with the API’s rule and Vietnamese words', () => {
    const { errors } = checkFigureInputs(fields, { mobile: '  ', dvc: 'mười', note: 'x'.repeat(2001) });
    expect(errors).toEqual([
      { field: 'figures.mobile', rule: 'figureRequired', message: 'Nhập "Số thuê bao di động"' },
      { field: 'figures.dvc', rule: 'isNumber', message: '"Dịch vụ công mức độ 4" phải là một số' },
      { field: 'figures.note', rule: 'maxLength', message: '"Ghi chú" dài tối đa 2000 ký tự' },
    ]);
  });

  it('refuses a number beyond ±10^15 and accepts 10^15 itself', () => {
    expect(checkFigureInputs(fields, { mobile: '1000000000000001' }).errors).toEqual([{ field: 'figures.mobile', rule: 'max', message: '"Số thuê bao di động" không vượt quá 10^15 (về giá trị tuyệt đối)' }]);
    expect(checkFigureInputs(fields, { mobile: '1000000000000000' }).errors).toEqual([]);
  });

  it('counts a text’s length in characters, not UTF-16 units', () => {
    expect(checkFigureInputs(fields, { mobile: '1', note: '😀'.repeat(2000) }).errors).toEqual([]);
  });

  it('starts a returned report’s form from the figures sent, and reads them back the same', () => {
    const inputs = figureInputs(fields, { mobile: 1234567.5, dvc: null, note: 'ổn định' });
    expect(inputs).toEqual({ mobile: '1.234.567,5', dvc: '', note: 'ổn định' });
    expect(checkFigureInputs(fields, inputs).figures).toEqual({ mobile: 1234567.5, note: 'ổn định' });
  });
});

describe('where a report stands', () => {
  const entry = (action: string, at: string, note: string | null = null): HistoryEntryView => ({ id: at, at, action, actor: { id: 'u', username: 'vanphong', fullName: 'Trần Thị Bình' }, changes: [], note });

  it('is to submit while open and never returned', () => {
    expect(reportState({ state: 'open' }, [entry('created', '2026-11-01T00:00:00Z')])).toEqual({ kind: 'to_submit' });
  });

  it('is returned with the reason when its last completion was returned, whatever order the history comes in', () => {
    const history = [entry('returned', '2026-11-20T02:00:00Z', 'Thiếu số liệu quận Hoàn Kiếm'), entry('completed', '2026-11-18T02:00:00Z'), entry('created', '2026-11-01T00:00:00Z')];
    expect(reportState({ state: 'open' }, history)).toEqual({ kind: 'returned', reason: 'Thiếu số liệu quận Hoàn Kiếm', at: '2026-11-20T02:00:00Z', by: 'Trần Thị Bình' });
  });

  it('is submitted once completed (again after a return), cancelled when its task is', () => {
    expect(reportState({ state: 'completed' }, [entry('completed', '2026-11-18T02:00:00Z'), entry('returned', '2026-11-19T02:00:00Z'), entry('completed', '2026-11-21T02:00:00Z')])).toEqual({ kind: 'submitted' });
    expect(reportState({ state: 'cancelled' }, [])).toEqual({ kind: 'cancelled' });
  });

  it('shows the files of the latest completion as what was sent, not a returned one’s nor the task’s own', () => {
    const file = (id: string, kind: AttachmentView['attachedTo']['kind'], of: string | null, at: string): AttachmentView => ({ id, name: `${id}.pdf`, size: 1, contentType: 'application/pdf', sha256: id, attachedTo: { kind, id: of }, uploadedAt: at });
    const files = [file('first', 'completion', 'c1', '2026-11-18T01:00:00Z'), file('draft', 'task', null, '2026-11-22T01:00:00Z'), file('second-a', 'completion', 'c2', '2026-11-21T01:00:00Z'), file('second-b', 'completion', 'c2', '2026-11-21T01:01:00Z')];
    expect(latestCompletionFiles(files).map((f) => f.id)).toEqual(['second-a', 'second-b']);
    expect(latestCompletionFiles([])).toEqual([]);
  });
});
