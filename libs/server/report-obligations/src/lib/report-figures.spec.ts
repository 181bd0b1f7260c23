import { checkFigures, FIGURE_TEXT_MAX } from './report-figures';
import type { ObligationField } from './report-obligation.view';

const fields: ObligationField[] = [
  { key: 'subscribers', label: 'Số thuê bao', type: 'number', required: true },
  { key: 'revenue', label: 'Doanh thu (triệu đồng)', type: 'number', required: false },
  { key: 'notes', label: 'Ghi chú', type: 'text', required: false },
];
const rules = (figures: Record<string, unknown> | undefined) => checkFigures(fields, figures).errors.map((e) => `${e.field} ${e.rule}`);

describe('checkFigures (the figures of a periodic report against its obligation’s fields)', () => {
  it('stores every field, texts trimmed, an empty optional one as null', () => {
    expect(checkFigures(fields, { subscribers: 0, notes: '  Ghi chú  ' })).toEqual({ figures: { subscribers: 0, revenue: null, notes: 'Ghi chú' }, errors: [] });
    expect(checkFigures(fields, { subscribers: -12.5, revenue: 1e15, notes: '' }).figures).toEqual({ subscribers: -12.5, revenue: 1e15, notes: null });
  });

  it('names each bad field with its rule and a Vietnamese message naming its label', () => {
    expect(rules(undefined)).toEqual(['figures.subscribers figureRequired']);
    expect(rules({ subscribers: null })).toEqual(['figures.subscribers figureRequired']);
    expect(rules({ subscribers: '12' })).toEqual(['figures.subscribers isNumber']);
    expect(rules({ subscribers: Number.NaN })).toEqual(['figures.subscribers isNumber']);
    expect(rules({ subscribers: 1, revenue: -1e15 - 1 })).toEqual(['figures.revenue max']);
    expect(rules({ subscribers: 1, notes: ['a'] })).toEqual(['figures.notes isString']);
    expect(rules({ subscribers: 1, notes: 'ạ'.repeat(FIGURE_TEXT_MAX + 1) })).toEqual(['figures.notes maxLength']);
    expect(rules({ subscribers: 1, other: 2, __proto__x: 3 })).toEqual(['figures.other figureUnknown', 'figures.__proto__x figureUnknown']);
    expect(checkFigures(fields, { subscribers: 'x' }).errors[0].message).toBe('"Số thuê bao" phải là một số');
  });

  it('an obligation without fields takes no figures', () => {
    expect(checkFigures([], {})).toEqual({ figures: {}, errors: [] });
    expect(checkFigures([], { a: 1 }).errors.map((e) => e.rule)).toEqual(['figureUnknown']);
  });
});
