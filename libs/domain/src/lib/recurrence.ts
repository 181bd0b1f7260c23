import { addDays, isLocalDate, LocalDate } from './local-time';
import { monthBounds } from './period';
import { WorkingCalendar } from './working-calendar';
import { take } from './iterables';

/**
 * Recurring tasks: the occurrences of a series, each with its deadline and the day it is created, in order. Pure:
 * dates are Vietnamese calendar days (`LocalDate`), working days come from the `WorkingCalendar` given, and nothing
 * reads the clock. A generator creates every occurrence `occurrencesToCreate` returns, once per `key`.
 */

/** What to do with a deadline that falls on a day off. */
export type DayOffShift = 'keep' | 'next_working_day' | 'previous_working_day';

/**
 * The day of a month an occurrence is due:
 * - `day`: that day of the month, or the month's last day when the month has fewer days (the 31st in February is
 *   28/02 or 29/02, as Civil Code 2015 art. 148(3) ends a term counted in months); on a day off the deadline is kept
 *   (`keep`, the default here, for rules stored without it) or moved to the next or the previous working day
 *   (`onDayOff`); the API stores `next_working_day` when a request gives none (art. 148(4), TaskSeriesService);
 * - `last_working_day`: the month's last working day (holidays and swapped Saturdays included).
 */
export type RecurrenceDay = { kind: 'day'; day: number; onDayOff?: DayOffShift } | { kind: 'last_working_day' };

/**
 * How a task recurs: every month, every quarter (in its first, second or third month), every year (in one month),
 * on a `RecurrenceDay`; or every `interval` working days.
 */
export type RecurrenceRule =
  | { frequency: 'monthly'; on: RecurrenceDay }
  | { frequency: 'quarterly'; monthOfQuarter: 1 | 2 | 3; on: RecurrenceDay }
  | { frequency: 'yearly'; month: number; on: RecurrenceDay }
  | { frequency: 'working_days'; interval: number };

/** One occurrence of a series. */
export interface Occurrence {
  /**
   * Names the occurrence within its series, for exactly-once creation: the period it falls in for calendar rules
   * ('2026-02', '2026-Q1', '2026'), so a change of the day within a period creates nothing twice; its ordinal from
   * the series' start for working-day rules ('#1', '#2', …), so a change of the holidays does not rename it.
   */
  key: string;
  /** 1 for the first occurrence on or after the series' start. */
  index: number;
  deadline: LocalDate;
  /** The day it is created: `aheadWorkingDays` working days before its deadline. */
  createOn: LocalDate;
}

export const RECURRENCE_LIMITS = { day: { min: 1, max: 31 }, month: { min: 1, max: 12 }, interval: { min: 1, max: 260 }, aheadWorkingDays: { min: 0, max: 60 } } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const within = (v: unknown, b: { min: number; max: number }) => typeof v === 'number' && Number.isInteger(v) && v >= b.min && v <= b.max;

/** Field paths of a rule that break its bounds ([] when it is valid). */
export function recurrenceRuleErrors(rule: RecurrenceRule): string[] {
  const errors: string[] = [];
  const checkDay = (on: RecurrenceDay) => {
    if (on.kind === 'day') {
      if (!within(on.day, RECURRENCE_LIMITS.day)) errors.push('on.day');
      if (on.onDayOff !== undefined && !['keep', 'next_working_day', 'previous_working_day'].includes(on.onDayOff)) errors.push('on.onDayOff');
    } else if (on.kind !== 'last_working_day') errors.push('on.kind');
  };
  switch (rule.frequency) {
    case 'monthly':
      checkDay(rule.on);
      break;
    case 'quarterly':
      if (![1, 2, 3].includes(rule.monthOfQuarter)) errors.push('monthOfQuarter');
      checkDay(rule.on);
      break;
    case 'yearly':
      if (!within(rule.month, RECURRENCE_LIMITS.month)) errors.push('month');
      checkDay(rule.on);
      break;
    case 'working_days':
      if (!within(rule.interval, RECURRENCE_LIMITS.interval)) errors.push('interval');
      break;
    default:
      errors.push('frequency');
  }
  return errors;
}

function assertRule(rule: RecurrenceRule, start: LocalDate, aheadWorkingDays: number): void {
  const errors = recurrenceRuleErrors(rule);
  if (!within(aheadWorkingDays, RECURRENCE_LIMITS.aheadWorkingDays)) errors.push('aheadWorkingDays');
  if (!isLocalDate(start)) errors.push('start');
  if (errors.length > 0) throw new RangeError(`Invalid recurrence: ${errors.join(', ')}`);
}

/** The day a `RecurrenceDay` names in one month (`month` may run past 1-12), and the deadline it gives. */
function dayIn(year: number, month: number, on: RecurrenceDay, calendar: WorkingCalendar): { day: LocalDate; deadline: LocalDate } {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const last = monthBounds(`${y}-${pad(m)}`).to;
  if (on.kind === 'last_working_day') {
    const day = calendar.onOrBeforeWorkingDay(last);
    return { day, deadline: day };
  }
  const candidate = `${y}-${pad(m)}-${pad(on.day)}`;
  const day = candidate > last ? last : candidate;
  switch (on.onDayOff ?? 'keep') {
    case 'keep':
      return { day, deadline: day };
    case 'next_working_day':
      return { day, deadline: calendar.onOrAfterWorkingDay(day) };
    case 'previous_working_day':
      return { day, deadline: calendar.onOrBeforeWorkingDay(day) };
  }
}

/**
 * Every occurrence of a series from `start`, in order, without end (take what you need): for calendar rules, those
 * whose day (as the rule names it, before a move off a day off) and deadline are both on or after `start`.
 * Each is created `aheadWorkingDays` working days before its deadline (on the deadline itself for 0).
 * Every `interval` working days: the first on `start`, or the first working day after it, then every `interval`th
 * working day (days off skipped: a series of every 5 working days from Monday 09/02/2026 crosses Tết 2026 and falls
 * on 09/02, 23/02, 02/03).
 */
export function* recurrenceOccurrences(rule: RecurrenceRule, start: LocalDate, calendar: WorkingCalendar, aheadWorkingDays = 0): Generator<Occurrence> {
  assertRule(rule, start, aheadWorkingDays);
  const createOn = (deadline: LocalDate) => (aheadWorkingDays === 0 ? deadline : calendar.addWorkingDays(deadline, -aheadWorkingDays));
  let index = 0;
  if (rule.frequency === 'working_days') {
    let deadline = calendar.onOrAfterWorkingDay(start);
    for (;;) {
      index++;
      yield { key: `#${index}`, index, deadline, createOn: createOn(deadline) };
      deadline = calendar.addWorkingDays(deadline, rule.interval);
    }
  }
  const year = Number(start.slice(0, 4));
  const startMonth = Number(start.slice(5, 7));
  const step = rule.frequency === 'monthly' ? 1 : rule.frequency === 'quarterly' ? 3 : 12;
  // The first month the rule falls in: the start's month, the quarter's month, the year's month (maybe already past).
  const first = rule.frequency === 'monthly' ? startMonth : rule.frequency === 'quarterly' ? Math.floor((startMonth - 1) / 3) * 3 + rule.monthOfQuarter : rule.month;
  for (let month = first; ; month += step) {
    const { day, deadline } = dayIn(year, month, rule.on, calendar);
    if (day < start || deadline < start) continue;
    const y = year + Math.floor((month - 1) / 12);
    const m = ((((month - 1) % 12) + 12) % 12) + 1;
    const key = rule.frequency === 'monthly' ? `${y}-${pad(m)}` : rule.frequency === 'quarterly' ? `${y}-Q${Math.ceil(m / 3)}` : `${y}`;
    index++;
    yield { key, index, deadline, createOn: createOn(deadline) };
  }
}

/**
 * The day a new series starts (task_series.starts_on), the task itself being the first occurrence, so that no
 * occurrence repeats the task's own deadline or one already created:
 * - calendar rules (monthly, quarterly, yearly): the day after the latest of the task's `deadline` and the last
 *   occurrence's deadline already created (`lastDeadline`), or `today` when that is later (a standing task: today);
 * - every `interval` working days: `interval` working days after the latest of `deadline`, `lastDeadline` and
 *   `today` (a standing task, or one whose deadline has passed, counts from today). recurrenceOccurrences puts #1 on
 *   that day (a working day): deadline Thursday 31/12/2026, every 3 working days (01/01/2027 a holiday) gives
 *   06/01/2027, then 11/01/2027.
 * The API (TaskSeriesService.set) stores it and the web form's preview mirrors it; a stored series keeps its start.
 */
export function recurrenceStart(rule: RecurrenceRule, from: { today: LocalDate; deadline?: LocalDate | null; lastDeadline?: LocalDate | null }, calendar: WorkingCalendar): LocalDate {
  let latest = from.today;
  for (const d of [from.deadline, from.lastDeadline]) if (d && d > latest) latest = d;
  if (rule.frequency === 'working_days') return calendar.addWorkingDays(latest, rule.interval);
  let start = from.today;
  for (const d of [from.deadline, from.lastDeadline]) if (d && addDays(d, 1) > start) start = addDays(d, 1);
  return start;
}

/** The first `count` occurrences on or after `start`. */
export function nextOccurrences(rule: RecurrenceRule, start: LocalDate, calendar: WorkingCalendar, count: number, aheadWorkingDays = 0): Occurrence[] {
  return take(recurrenceOccurrences(rule, start, calendar, aheadWorkingDays), count);
}

/**
 * The occurrences that are to exist on `asOf`: those of the series begun on `start` (ended on `until`, if it was:
 * deadlines after it are not made) whose creation day has come, in order. Occurrences due long ago are included:
 * the generator creates each key once and skips the keys it has, so a late or repeated run catches up without
 * doubling anything.
 */
export function occurrencesToCreate(
  rule: RecurrenceRule,
  window: { start: LocalDate; asOf: LocalDate; until?: LocalDate; aheadWorkingDays?: number },
  calendar: WorkingCalendar,
): Occurrence[] {
  if (!isLocalDate(window.asOf) || (window.until !== undefined && !isLocalDate(window.until))) throw new RangeError('Invalid recurrence window');
  const out: Occurrence[] = [];
  for (const o of recurrenceOccurrences(rule, window.start, calendar, window.aheadWorkingDays ?? 0)) {
    if (o.createOn > window.asOf || (window.until !== undefined && o.deadline > window.until)) break;
    out.push(o);
  }
  return out;
}
