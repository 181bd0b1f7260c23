import {
  addDays,
  dayOfWeek,
  DECREE_09_CUT_OFF_DAY,
  DEFAULT_REPORT_DUE,
  type LocalDate,
  nextReportingPeriods,
  type ReportDueRule,
  type ReportingPeriodicity,
  type ReportingSchedule,
  WorkingCalendar,
} from '@tiendo/domain';

/** One row of the preview: a period with its cut-off, due date and the due date's weekday (0 Sunday … 6 Saturday). */
export interface PreviewPeriod {
  key: string;
  label: string;
  start: LocalDate;
  end: LocalDate;
  deadline: LocalDate;
  weekday: number;
}

/** What the form says of the schedule; null/undefined: the decree's default (14th; first working day after). */
export interface ScheduleInput {
  periodicity: ReportingPeriodicity;
  cutOffDay: number | null;
  due: ReportDueRule | null;
  startsOn: LocalDate | null;
  endsOn?: LocalDate | null;
}

/**
 * The next `count` periods of a schedule not yet cut off on `today` (nor before the start; none past the end), with
 * their due days, computed on the app's working calendar by libs/domain reporting-periods.ts (Decree 09/2019/NĐ-CP
 * art. 12 for the 14th, art. 8(5)(b) for the one working day): the same function the API's `/periods` uses, so an
 * unsaved draft previews what saving it would give. [] for an ad hoc obligation.
 *
 * Shape: previewPeriods({ periodicity: 'monthly', cutOffDay: null, due: null, startsOn: '2027-01-01' }, '2027-01-20', cal)
 * → [{ key: '2027-02', label: 'Tháng 2/2027', start: '2027-01-15', end: '2027-02-14', deadline: '2027-02-15', weekday: 1 }, …]
 */
export function previewPeriods(input: ScheduleInput, today: LocalDate, calendar: WorkingCalendar, count = 6): PreviewPeriod[] {
  const schedule: ReportingSchedule = { periodicity: input.periodicity };
  if (input.cutOffDay !== null) schedule.cutOffDay = input.cutOffDay;
  if (input.due) schedule.due = input.due;
  const from = input.startsOn && input.startsOn > today ? input.startsOn : today;
  return nextReportingPeriods(schedule, from, calendar, count)
    .filter((p) => !input.endsOn || p.end <= input.endsOn)
    .map((p) => ({ key: p.key, label: p.label, start: p.start, end: p.end, deadline: p.deadline, weekday: dayOfWeek(p.deadline) }));
}

/**
 * The last period of an obligation that has ended (`endsOn`): the one whose cut-off is the latest on or before its end
 * (never before its start), as the API's `/periods` gives an ended obligation's; null when none (or not ended, or ad
 * hoc). A period is at most a year long, so it is searched in the year before the end.
 */
export function lastPeriod(input: ScheduleInput, calendar: WorkingCalendar): PreviewPeriod | null {
  if (!input.endsOn) return null;
  const yearBefore = addDays(input.endsOn, -366);
  const rows = previewPeriods({ ...input, startsOn: input.startsOn && input.startsOn > yearBefore ? input.startsOn : yearBefore }, yearBefore, calendar, 14);
  return rows.length ? rows[rows.length - 1] : null;
}

/** The schedule's defaults as the decree sets them, shown beside the fields left empty. */
export const DECREE_DEFAULTS = { cutOffDay: DECREE_09_CUT_OFF_DAY, due: DEFAULT_REPORT_DUE } as const;

/**
 * A due rule from the form's two fields: kind '' means the decree's default (null); a number out of range is kept as
 * typed (the API answers with the field's message).
 */
export function dueRule(kind: ReportDueRule['kind'] | '', value: number | null): ReportDueRule | null {
  if (!kind) return null;
  const n = value ?? 1;
  return kind === 'day_of_month' ? { kind, day: n } : { kind, days: n };
}

/** The number of a due rule, whichever kind. */
export function dueValue(rule: ReportDueRule | null): number | null {
  if (!rule) return null;
  return rule.kind === 'day_of_month' ? rule.day : rule.days;
}

/**
 * A field key from its label, as the API accepts keys (a letter, then lower-case letters, digits and `_`, at most 40):
 * 'Số thuê bao di động' → 'so_thue_bao_di_dong'; '2G' → 'f_2g'.
 */
export function fieldKey(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(key) ? key : `f_${key}`).slice(0, 40).replace(/_+$/, '');
}
