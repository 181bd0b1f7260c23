import { TZDate } from '@date-fns/tz';

/** Vietnam's time zone: every deadline and every "day" in the product is a day here (UTC+7, no DST). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar day as `YYYY-MM-DD`. Deadlines are calendar days, never instants. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const localDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Vietnamese day last computed, as the half-open window of instants [from, until) it covers (its first instant
 * and the next day's, from the zone's rules, so historical offsets hold). A request asks for the day of its `now` once
 * per task it shows (the status rule), and Intl's formatter was the costliest step of a list's answer after the
 * database (BENCHMARKS.md): any instant inside the window is answered without it.
 */
let dayFrom = Number.NaN;
let dayUntil = Number.NaN;
let cachedDay: LocalDate = '';

/** The calendar day, in Vietnam, on which an instant falls. */
export function toLocalDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (ms >= dayFrom && ms < dayUntil) return cachedDay;
  const day = localDateFormat.format(instant);
  if (DATE_RE.test(day)) {
    const from = startOfLocalDay(day).getTime();
    const until = startOfLocalDay(addDays(day, 1)).getTime();
    if (ms >= from && ms < until) [dayFrom, dayUntil, cachedDay] = [from, until, day];
  }
  return day;
}

/**
 * The years a day or a month entered anywhere may fall in (query, body, imported cell): the product's arithmetic
 * (a month's end, the same period a year earlier, PostgreSQL's dates with a time zone) holds well inside it, and
 * nothing the ministry tracks lies outside it. Year 0000 or 9999 is a typing mistake, refused with this range named.
 */
export const SUPPORTED_YEARS = { first: 1900, last: 2999 } as const;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a month written `YYYY-MM` within SUPPORTED_YEARS (2026-13 and 9999-12 are refused). */
export function isYearMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = MONTH_RE.exec(value);
  return m !== null && Number(m[1]) >= SUPPORTED_YEARS.first && Number(m[1]) <= SUPPORTED_YEARS.last;
}

/** True for a real calendar day written `YYYY-MM-DD` within SUPPORTED_YEARS (rejects 2026-02-30 and 0001-01-01). */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < SUPPORTED_YEARS.first || y > SUPPORTED_YEARS.last) return false;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function parts(date: LocalDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The first instant of a Vietnamese calendar day. */
export function startOfLocalDay(date: LocalDate): Date {
  const [y, m, d] = parts(date);
  return new Date(new TZDate(y, m - 1, d, VN_TIME_ZONE).getTime());
}

/** The last millisecond of a Vietnamese calendar day (23:59:59.999 local). */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfLocalDay(addDays(date, 1)).getTime() - 1);
}

/** Calendar arithmetic on day strings; independent of any time zone. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a calendar day. */
export function dayOfWeek(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** dd/MM/yyyy, the Vietnamese way of writing a day. */
export function formatLocalDate(date: LocalDate): string {
  const [y, m, d] = parts(date);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** Accepts `YYYY-MM-DD` or `DD/MM/YYYY`; null when it is not a real day. */
export function parseLocalDate(text: string): LocalDate | null {
  const trimmed = text.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  const iso = vn ? `${vn[3]}-${vn[2].padStart(2, '0')}-${vn[1].padStart(2, '0')}` : trimmed;
  return isLocalDate(iso) ? iso : null;
}
