import { dayOfWeek, formatLocalDate, isLocalDate, type LocalDate } from '@tiendo/domain';

/**
 * The text of the app's date and month fields: always dd/MM/yyyy (a day) and MM/yyyy (a month), whatever the
 * browser's language, so 08/02/2027 is 8 February for every reader. Values kept in forms and sent to the API are
 * ISO (`yyyy-MM-dd`, `yyyy-MM`): the contracts do not change.
 */
export type ParsedText<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

const DAY_TEXT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const MONTH_TEXT = /^(\d{1,2})\/(\d{4})$/;
const ISO_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The message shown under a date field whose text is not a day (Vietnamese; the format is named). */
export const DAY_FORMAT_MESSAGE = 'Nhập ngày theo dạng dd/MM/yyyy, ví dụ 08/02/2027';
/** The message shown under a month field whose text is not a month. */
export const MONTH_FORMAT_MESSAGE = 'Nhập tháng theo dạng MM/yyyy, ví dụ 06/2020';

/**
 * A typed day: `08/02/2027` and `8/2/2027` → `2027-02-08`; an ISO `2027-02-08` is taken as is (pasted values).
 * Empty text → `{ value: null }` (no date). A day that does not exist (31/02/2027) or another shape (02-08-2027,
 * 8/2/27) → `{ error }` with a Vietnamese message naming the format.
 */
export function parseDayText(text: string): ParsedText<LocalDate | null> {
  const t = text.trim();
  if (!t) return { value: null };
  const vn = DAY_TEXT.exec(t);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : t;
  if (isLocalDate(iso)) return { value: iso };
  if (vn) return { error: `${t} không phải là một ngày có thật. ${DAY_FORMAT_MESSAGE}` };
  return { error: DAY_FORMAT_MESSAGE };
}

/** A typed month: `06/2020` and `6/2020` → `2020-06`; `2020-06` as is; empty → null; else `{ error }` (Vietnamese). */
export function parseMonthText(text: string): ParsedText<string | null> {
  const t = text.trim();
  if (!t) return { value: null };
  const vn = MONTH_TEXT.exec(t);
  const iso = vn ? `${vn[2]}-${vn[1].padStart(2, '0')}` : t;
  if (ISO_MONTH.test(iso)) return { value: iso };
  if (vn) return { error: `${t} không phải là một tháng có thật. ${MONTH_FORMAT_MESSAGE}` };
  return { error: MONTH_FORMAT_MESSAGE };
}

/** `2027-02-08` → `08/02/2027`; anything that is not an ISO day → ''. */
export function formatDayText(value: string | null | undefined): string {
  return value && isLocalDate(value) ? formatLocalDate(value) : '';
}

/** `2020-06` → `06/2020`; anything that is not an ISO month → ''. */
export function formatMonthText(value: string | null | undefined): string {
  return value && ISO_MONTH.test(value) ? `${value.slice(5, 7)}/${value.slice(0, 4)}` : '';
}

/** Whether a string is an ISO month `yyyy-MM` (01-12). */
export function isIsoMonth(value: unknown): value is string {
  return typeof value === 'string' && ISO_MONTH.test(value);
}

/** Vietnamese names of the weekend days off: "Thứ Bảy", "Chủ nhật"; null on a weekday. */
export function weekendName(date: LocalDate): string | null {
  const dow = dayOfWeek(date);
  return dow === 6 ? 'Thứ Bảy' : dow === 0 ? 'Chủ nhật' : null;
}
