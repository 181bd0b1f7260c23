import type { FieldError, ObligationField, ReportFigures } from '@tiendo/contracts';

/** The figures a report carries, as stored in report_tasks.figures (libs/contracts): field key → a number, a text, or null. */
export type { ReportFigures } from '@tiendo/contracts';

/** Largest magnitude of a number figure: counts, money in đồng and percentages all fit, and every value is exact in a double. */
export const FIGURE_NUMBER_MAX = 1e15;
/** Longest text figure, in characters. */
export const FIGURE_TEXT_MAX = 2000;

/**
 * Checks the figures a unit submits against its obligation's `fields` (the figures the obligation asks for: numbers
 * and texts, some required) and returns them as stored, or every problem as field errors named `figures.<key>`,
 * each with its rule and a Vietnamese message naming the field by its label:
 * - a key the obligation does not define: `figureUnknown`;
 * - a required field absent, null, or (text) blank: `figureRequired`;
 * - a number field that is not a JSON number (a string "12" is refused: the web sends numbers): `isNumber`;
 *   beyond ±FIGURE_NUMBER_MAX: `max`;
 * - a text field that is not a string: `isString`; longer than FIGURE_TEXT_MAX characters: `maxLength`.
 * Texts are stored trimmed; a field left out is stored as null, so every row of the export has every column.
 */
export function checkFigures(fields: ObligationField[], figures: Record<string, unknown> | undefined): { figures: ReportFigures; errors: FieldError[] } {
  const given = figures ?? {};
  const errors: FieldError[] = [];
  const out: ReportFigures = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) errors.push({ field: `figures.${key}`, rule: 'figureUnknown', message: `Chế độ báo cáo này không có chỉ tiêu "${key.slice(0, 40)}"` });
  }
  for (const f of fields) {
    const field = `figures.${f.key}`;
    const raw = Object.prototype.hasOwnProperty.call(given, f.key) ? given[f.key] : undefined;
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === undefined || value === null || value === '') {
      if (f.required) errors.push({ field, rule: 'figureRequired', message: `Nhập "${f.label}"` });
      out[f.key] = null;
      continue;
    }
    if (f.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) errors.push({ field, rule: 'isNumber', message: `"${f.label}" phải là một số` });
      else if (Math.abs(value) > FIGURE_NUMBER_MAX) errors.push({ field, rule: 'max', message: `"${f.label}" không vượt quá 10^15 (về giá trị tuyệt đối)` });
      else out[f.key] = value;
    } else if (typeof value !== 'string') {
      errors.push({ field, rule: 'isString', message: `"${f.label}" phải là văn bản` });
    } else if ([...value].length > FIGURE_TEXT_MAX) {
      errors.push({ field, rule: 'maxLength', message: `"${f.label}" dài tối đa ${FIGURE_TEXT_MAX} ký tự` });
    } else {
      out[f.key] = value;
    }
  }
  return { figures: out, errors };
}
