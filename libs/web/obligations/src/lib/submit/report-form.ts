import type { AttachmentView, FieldError, HistoryEntryView, ObligationField, ReportFigures, TaskDetailView } from '@tiendo/contracts';

/**
 * The API's bounds on a figure (libs/server/report-obligations report-figures.ts FIGURE_NUMBER_MAX, FIGURE_TEXT_MAX):
 * the form refuses what the API would, with the API's own rule names and Vietnamese words, so an error reads the same
 * whether the browser or the server found it.
 */
export const FIGURE_LIMITS = { numberMax: 1e15, textMax: 2000 } as const;

/**
 * A number as a Vietnamese user types it: decimal comma and dots between thousands ("1.234.567,5"), or the plain
 * form ("1234567.5", "-12"); spaces (also the narrow no-break one) between groups are allowed. "12.500" is twelve
 * thousand five hundred (dots before groups of three are thousands); "12.5" is twelve and a half. Null when it is
 * not a number.
 */
export function parseFigureNumber(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return null;
  let plain: string;
  if (s.includes(',')) {
    // Decimal comma: every dot is a thousands separator, and the dots must group by three.
    if (!/^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$/.test(s) && !/^[+-]?\d+(,\d+)?$/.test(s)) return null;
    plain = s.replace(/\./g, '').replace(',', '.');
  } else if (/^[+-]?\d{1,3}(\.\d{3})+$/.test(s)) {
    plain = s.replace(/\./g, '');
  } else if (/^[+-]?\d+(\.\d+)?$/.test(s)) {
    plain = s;
  } else {
    return null;
  }
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}

/**
 * The figures of the form (one text per field, as typed) checked as the API checks them (report-figures.ts
 * checkFigures): a required field left blank `figureRequired`; a number field that is not a number `isNumber`, beyond
 * ±10^15 `max`; a text longer than 2,000 characters `maxLength`. Each error is named `figures.<key>` with the API's
 * Vietnamese message. `figures` is the body's part: numbers as numbers, texts trimmed, blanks left out.
 */
export function checkFigureInputs(fields: readonly ObligationField[], inputs: Readonly<Record<string, string | undefined>>): { figures: ReportFigures; errors: FieldError[] } {
  const figures: ReportFigures = {};
  const errors: FieldError[] = [];
  for (const f of fields) {
    const field = `figures.${f.key}`;
    const text = (inputs[f.key] ?? '').trim();
    if (!text) {
      if (f.required) errors.push({ field, rule: 'figureRequired', message: `Nhập "${f.label}"` });
      continue;
    }
    if (f.type === 'number') {
      const n = parseFigureNumber(text);
      if (n === null) errors.push({ field, rule: 'isNumber', message: `"${f.label}" phải là một số` });
      else if (Math.abs(n) > FIGURE_LIMITS.numberMax) errors.push({ field, rule: 'max', message: `"${f.label}" không vượt quá 10^15 (về giá trị tuyệt đối)` });
      else figures[f.key] = n;
    } else if ([...text].length > FIGURE_LIMITS.textMax) {
      errors.push({ field, rule: 'maxLength', message: `"${f.label}" dài tối đa ${FIGURE_LIMITS.textMax} ký tự` });
    } else {
      figures[f.key] = text;
    }
  }
  return { figures, errors };
}

/** The form's texts from figures submitted before (a report returned for redo starts from what was sent). */
export function figureInputs(fields: readonly ObligationField[], figures: ReportFigures | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = figures?.[f.key];
    out[f.key] = v === null || v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('vi-VN', { maximumFractionDigits: 6 }) : v;
  }
  return out;
}

/** The errors of one figure, out of the form's (or the API's) errors. */
export function figureErrors(errors: readonly FieldError[] | undefined, key: string): FieldError[] {
  return (errors ?? []).filter((e) => e.field === `figures.${key}`);
}

/**
 * Where the report stands for its unit, read from its task: `to_submit` (open, never returned), `returned` (open
 * again after the receiving office returned it: the last of its completions and returns is a return, with the
 * reason, who and when), `submitted` (completed), `cancelled` (the unit was taken off the obligation mid-period).
 */
export type ReportState =
  | { kind: 'to_submit' }
  | { kind: 'returned'; reason: string | null; at: string; by: string | null }
  | { kind: 'submitted' }
  | { kind: 'cancelled' };

export function reportState(task: Pick<TaskDetailView, 'state'>, history: readonly HistoryEntryView[]): ReportState {
  if (task.state === 'completed') return { kind: 'submitted' };
  if (task.state === 'cancelled') return { kind: 'cancelled' };
  const last = [...history].filter((h) => h.action === 'completed' || h.action === 'returned' || h.action === 'reopened').sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).pop();
  if (last && last.action !== 'completed') return { kind: 'returned', reason: last.note, at: last.at, by: last.actor?.fullName ?? null };
  return { kind: 'to_submit' };
}

/**
 * The files sent with the submission in force when the API does not list them: those attached to the task's latest
 * completion (its files are attached to that completion; earlier, returned completions keep theirs).
 */
export function latestCompletionFiles(files: readonly AttachmentView[]): AttachmentView[] {
  const sent = files.filter((f) => f.attachedTo.kind === 'completion' && !f.deletedAt);
  const latest = sent.reduce<AttachmentView | null>((best, f) => (!best || (f.uploadedAt ?? '') > (best.uploadedAt ?? '') ? f : best), null);
  return latest ? sent.filter((f) => f.attachedTo.id === latest.attachedTo.id) : [];
}
