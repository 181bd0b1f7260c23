import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { RecurrenceRequest } from '@tiendo/contracts';
import { DayOffShift, isLocalDate, LocalDate, nextOccurrences, Occurrence, RECURRENCE_LIMITS, RecurrenceDay, recurrenceStart, RecurrenceRule, WorkingCalendar } from '@tiendo/domain';

/** The choices of the form's "repeats" select: none, or one of libs/domain's RecurrenceRule frequencies. */
export const RECURRENCE_FREQUENCIES = ['', 'monthly', 'quarterly', 'yearly', 'working_days'] as const;
export type RecurrenceFrequencyChoice = (typeof RECURRENCE_FREQUENCIES)[number];
export const DAY_OFF_SHIFTS: readonly DayOffShift[] = ['keep', 'next_working_day', 'previous_working_day'];

/** The default of the API (TaskSeriesService.DEFAULT_AHEAD_WORKING_DAYS): each occurrence made 5 working days ahead. */
export const DEFAULT_AHEAD = 5;

/**
 * The default of the API (TaskSeriesService.DEFAULT_ON_DAY_OFF): a deadline on a day off moves to the next working day
 * (Civil Code 2015 art. 148(4)).
 */
export const DEFAULT_ON_DAY_OFF: DayOffShift = 'next_working_day';

const within = (b: { min: number; max: number }) => [Validators.required, Validators.min(b.min), Validators.max(b.max), Validators.pattern(/^\d+$/)];

/**
 * The controls of a task's recurrence in a form. Only the controls the chosen frequency uses are checked: the others
 * are disabled (syncRecurrenceControls), so an empty "every N working days" does not block a monthly series.
 */
export function recurrenceGroup() {
  return new FormGroup({
    frequency: new FormControl<RecurrenceFrequencyChoice>('', { nonNullable: true }),
    dayKind: new FormControl<RecurrenceDay['kind']>('day', { nonNullable: true }),
    day: new FormControl<number | null>(null, within(RECURRENCE_LIMITS.day)),
    onDayOff: new FormControl<DayOffShift>(DEFAULT_ON_DAY_OFF, { nonNullable: true }),
    monthOfQuarter: new FormControl<1 | 2 | 3>(3, { nonNullable: true }),
    month: new FormControl<number>(12, { nonNullable: true }),
    interval: new FormControl<number | null>(null, within(RECURRENCE_LIMITS.interval)),
    aheadWorkingDays: new FormControl<number | null>(DEFAULT_AHEAD, within(RECURRENCE_LIMITS.aheadWorkingDays)),
    endsOn: new FormControl<string>('', { nonNullable: true }),
  });
}
export type RecurrenceGroup = ReturnType<typeof recurrenceGroup>;
export type RecurrenceFormValue = ReturnType<RecurrenceGroup['getRawValue']>;

/** Enables the controls the frequency and day kind use and disables the others (their values are kept for a switch back). */
export function syncRecurrenceControls(group: RecurrenceGroup): void {
  const v = group.getRawValue();
  const calendarRule = v.frequency === 'monthly' || v.frequency === 'quarterly' || v.frequency === 'yearly';
  const set = (name: keyof RecurrenceGroup['controls'], on: boolean) => {
    const c = group.controls[name];
    if (on && c.disabled) c.enable({ emitEvent: false });
    if (!on && c.enabled) c.disable({ emitEvent: false });
  };
  set('dayKind', calendarRule);
  set('day', calendarRule && v.dayKind === 'day');
  set('onDayOff', calendarRule && v.dayKind === 'day');
  set('monthOfQuarter', v.frequency === 'quarterly');
  set('month', v.frequency === 'yearly');
  set('interval', v.frequency === 'working_days');
  set('aheadWorkingDays', v.frequency !== '');
  set('endsOn', v.frequency !== '');
}

/** The rule the form says, or null when it says "does not repeat" or a number it needs is missing or out of bounds. */
export function recurrenceRule(v: RecurrenceFormValue): RecurrenceRule | null {
  const on: RecurrenceDay | null = v.dayKind === 'last_working_day' ? { kind: 'last_working_day' } : whole(v.day, RECURRENCE_LIMITS.day) ? { kind: 'day', day: Number(v.day), onDayOff: v.onDayOff } : null;
  switch (v.frequency) {
    case 'monthly':
      return on && { frequency: 'monthly', on };
    case 'quarterly':
      return on && { frequency: 'quarterly', monthOfQuarter: Number(v.monthOfQuarter) as 1 | 2 | 3, on };
    case 'yearly':
      return on && { frequency: 'yearly', month: Number(v.month), on };
    case 'working_days':
      return whole(v.interval, RECURRENCE_LIMITS.interval) ? { frequency: 'working_days', interval: Number(v.interval) } : null;
    default:
      return null;
  }
}

/** The body's `recurrence` for POST /api/tasks (undefined: none), or null when the form's recurrence is incomplete. */
export function recurrenceRequest(v: RecurrenceFormValue): RecurrenceRequest | undefined | null {
  if (v.frequency === '') return undefined;
  const rule = recurrenceRule(v);
  if (!rule || !whole(v.aheadWorkingDays, RECURRENCE_LIMITS.aheadWorkingDays)) return null;
  return { rule, aheadWorkingDays: Number(v.aheadWorkingDays), ...(v.endsOn ? { endsOn: v.endsOn as LocalDate } : {}) };
}

/**
 * The next three occurrences of the series a new task with this deadline would start, as the API will make them: the
 * series begins where TaskSeriesService.set begins it (libs/domain recurrenceStart: the day after the deadline, today
 * for a task without one; every N working days, N working days after the deadline, or after today for a task without
 * one) and stops at `endsOn`.
 */
export function recurrencePreview(v: RecurrenceFormValue, deadline: string, today: LocalDate, calendar: WorkingCalendar | null): Occurrence[] {
  const rule = recurrenceRule(v);
  if (!rule || !calendar || !whole(v.aheadWorkingDays, RECURRENCE_LIMITS.aheadWorkingDays)) return [];
  const start = recurrenceStart(rule, { today, deadline: isLocalDate(deadline) ? deadline : null }, calendar);
  const end = isLocalDate(v.endsOn) ? v.endsOn : null;
  return nextOccurrences(rule, start, calendar, 3, Number(v.aheadWorkingDays)).filter((o) => end === null || o.deadline <= end);
}

/**
 * A rule in words, through the catalogue's `recurrence.*` keys (`t` is Transloco's translate): "Hằng tháng, ngày 20
 * (trùng ngày nghỉ thì lùi sang ngày làm việc kế tiếp)", "Hằng quý, ngày làm việc cuối cùng của tháng thứ 3",
 * "Sau mỗi 10 ngày làm việc".
 */
export function recurrenceText(rule: RecurrenceRule, t: (key: string, params?: Record<string, unknown>) => string): string {
  const day = (on: RecurrenceDay) =>
    on.kind === 'last_working_day' ? t('recurrence.text.lastWorkingDay') : t('recurrence.text.day', { day: on.day }) + (on.onDayOff && on.onDayOff !== 'keep' ? ` (${t('recurrence.onDayOff.' + on.onDayOff)})` : '');
  switch (rule.frequency) {
    case 'monthly':
      return t('recurrence.text.monthly', { day: day(rule.on) });
    case 'quarterly':
      return t('recurrence.text.quarterly', { day: day(rule.on), month: rule.monthOfQuarter });
    case 'yearly':
      return t('recurrence.text.yearly', { day: day(rule.on), month: rule.month });
    case 'working_days':
      return t('recurrence.text.workingDays', { count: rule.interval });
  }
}

function whole(v: unknown, b: { min: number; max: number }): boolean {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= b.min && n <= b.max;
}
