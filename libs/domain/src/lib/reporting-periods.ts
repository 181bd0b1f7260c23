import { addDays, formatLocalDate, isLocalDate, LocalDate } from './local-time';
import { monthBounds } from './period';
import { WorkingCalendar } from './working-calendar';
import { take } from './iterables';

/**
 * The periods of a periodic reporting obligation (chế độ báo cáo định kỳ), their data cut-off (thời gian chốt số
 * liệu), the deadline of the report (thời hạn gửi báo cáo) and the day its report task is created. Pure: every date
 * is a Vietnamese calendar day (`LocalDate`), working days come from the `WorkingCalendar` given, and nothing reads
 * the clock.
 *
 * Decree 09/2019/NĐ-CP of 24/01/2019 (quy định về chế độ báo cáo của cơ quan hành chính nhà nước), art. 12 "Thời
 * gian chốt số liệu báo cáo trong chế độ báo cáo định kỳ":
 * - cl. 1, monthly: from the 15th of the previous month to the 14th of the month of the report ("tính từ ngày 15
 *   tháng trước đến ngày 14 của tháng thuộc kỳ báo cáo");
 * - cl. 2, quarterly: from the 15th of the month before the quarter to the 14th of the quarter's last month ("tính
 *   từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý thuộc kỳ báo cáo");
 * - cl. 3, 6-monthly: the first six months from 15 December of the year before to 14 June; the last six months
 *   from 15 June to 14 December;
 * - cl. 4, yearly: from 15 December of the year before to 14 December of the report's year ("tính từ ngày 15 tháng
 *   12 năm trước kỳ báo cáo đến ngày 14 tháng 12 của kỳ báo cáo").
 * The decree fixes no 9-month period. Ours is derived the way its 6-month and yearly periods are (cumulative from
 * 15 December of the year before, ending on the 14th of the last month): 15/12 of the year before to 14/09, as the
 * provinces' own rules that name one write it (e.g. Khánh Hòa, Quyết định 01/2023/QĐ-UBND art. 4).
 *
 * Deadline: art. 8(5)(b) asks that a report's deadline leave "không ít hơn 01 ngày làm việc tính từ thời điểm kết
 * thúc việc lấy số liệu báo cáo đến thời hạn gửi báo cáo" (no less than one working day from the end of the data to
 * the deadline): by default the deadline is the first working day after the cut-off. Art. 8(5)(a) lets the body that
 * issues a reporting regime set its own cut-off, and art. 8(5)(c) leaves ad hoc reports (báo cáo đột xuất) to the
 * request: an obligation may override both (`ReportingSchedule`).
 *
 * Sources read: art. 12 cl. 1 and 4 and the opening of cl. 2 as quoted by thuvienphapluat.vn ("Chế độ báo cáo định kỳ
 * là gì? Thời gian chốt số liệu chế độ báo cáo định kỳ hằng năm được tính từ ngày bao nhiêu?"); cl. 2 and 3 in full
 * as the State Bank's Circular 09/2019/TT-NHNN restates them for its own reports (luatvietnam.vn, "Phải nộp báo cáo
 * định kỳ sau 01 ngày chốt số liệu"); art. 8(5) as quoted by thuvienphapluat.vn (hoi-dap-phap-luat/45351). The
 * decree's full text: thuvienphapluat.vn/van-ban/bo-may-hanh-chinh/Nghi-dinh-09-2019-ND-CP-…-386322.aspx.
 */

export const REPORTING_PERIODICITIES = ['monthly', 'quarterly', 'half_yearly', 'nine_months', 'yearly', 'ad_hoc'] as const;

/** How often an obligation reports: hằng tháng, hằng quý, 6 tháng, 9 tháng, hằng năm, or đột xuất (ad hoc). */
export type ReportingPeriodicity = (typeof REPORTING_PERIODICITIES)[number];

/** The periodicities whose periods follow the calendar (all but ad hoc). */
export type CalendarReportingPeriodicity = Exclude<ReportingPeriodicity, 'ad_hoc'>;

/**
 * When a period's report is due, counted from its cut-off:
 * - `working_days_after_cutoff`: the `days`-th working day after the cut-off (the default: 1, art. 8(5)(b));
 * - `days_after_cutoff`: `days` calendar days after the cut-off;
 * - `day_of_month`: the first day numbered `day` after the cut-off (the 20th: 20/06 for a cut-off on 14/06; the
 *   5th: 05/07), or the month's last day when it has no such day (Civil Code 2015 art. 148(3)).
 * A deadline that falls on a day off moves to the next working day (Civil Code 2015 art. 148(5): "Khi ngày cuối cùng
 * của thời hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết thúc ngày làm việc
 * tiếp theo ngày nghỉ đó"). Every rule ends strictly after the cut-off on a working day, so art. 8(5)(b)'s one
 * working day always holds.
 */
export type ReportDueRule =
  | { kind: 'working_days_after_cutoff'; days: number }
  | { kind: 'days_after_cutoff'; days: number }
  | { kind: 'day_of_month'; day: number };

/** What an obligation says about its periods; every field but the periodicity defaults to the decree. */
export interface ReportingSchedule {
  periodicity: ReportingPeriodicity;
  /**
   * The day of the period's last month on which its data is cut off (14 by default, art. 12); a day the month lacks
   * is its last day, so 31 cuts off at every month's end. A period starts the day after the previous one's cut-off.
   */
  cutOffDay?: number;
  /** The report's deadline (first working day after the cut-off by default). */
  due?: ReportDueRule;
  /** How many working days before the cut-off each unit's report task is created (0: on the cut-off day). */
  createWorkingDaysBefore?: number;
}

/** Art. 12: every periodic report's data ends on the 14th of its last month. */
export const DECREE_09_CUT_OFF_DAY = 14;
/** Art. 8(5)(b): at least one working day between the cut-off and the deadline. */
export const DEFAULT_REPORT_DUE: ReportDueRule = { kind: 'working_days_after_cutoff', days: 1 };
/** The report task appears a working week before its data is cut off unless the obligation says otherwise. */
export const DEFAULT_CREATE_WORKING_DAYS_BEFORE = 5;

/** Bounds of a schedule's numbers (the API's validation and the form use the same). */
export const REPORTING_SCHEDULE_LIMITS = {
  cutOffDay: { min: 1, max: 31 },
  dueDays: { min: 1, max: 90 },
  dueDayOfMonth: { min: 1, max: 31 },
  createWorkingDaysBefore: { min: 0, max: 60 },
} as const;

/** One period of an obligation: the report every unit sends for it. */
export interface ReportingPeriod {
  periodicity: ReportingPeriodicity;
  /** Stable name of the period within its obligation: '2020-06', '2020-Q2', '2020-H1', '2020-H2', '2020-9M', '2020'. */
  key: string;
  /** Vietnamese name: 'Tháng 6/2020', 'Quý II/2020', '6 tháng đầu năm 2020', '9 tháng năm 2020', 'Năm 2020'. */
  label: string;
  /** The year the period reports on (the year of its cut-off). */
  year: number;
  /** First day of its data. */
  start: LocalDate;
  /** Its cut-off: the last day of its data. */
  end: LocalDate;
  /** The day the report is due (the report task's deadline). */
  deadline: LocalDate;
  /** The day its report task is created (`createWorkingDaysBefore` working days before the cut-off). */
  createOn: LocalDate;
}

interface Shape {
  /** The last month of each period of a year, in order. */
  endMonths: readonly number[];
  /** How many months a period spans back from its last month. */
  span: number;
}

const SHAPES: Record<CalendarReportingPeriodicity, Shape> = {
  monthly: { endMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], span: 1 },
  quarterly: { endMonths: [3, 6, 9, 12], span: 3 },
  half_yearly: { endMonths: [6, 12], span: 6 },
  nine_months: { endMonths: [9], span: 9 },
  yearly: { endMonths: [12], span: 12 },
};

const ROMAN = ['I', 'II', 'III', 'IV'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Field paths of a schedule that break its rules ([] when it is valid). */
export function reportingScheduleErrors(schedule: ReportingSchedule): string[] {
  const errors: string[] = [];
  const within = (v: unknown, b: { min: number; max: number }) => typeof v === 'number' && Number.isInteger(v) && v >= b.min && v <= b.max;
  const L = REPORTING_SCHEDULE_LIMITS;
  if (!REPORTING_PERIODICITIES.includes(schedule.periodicity)) errors.push('periodicity');
  if (schedule.cutOffDay !== undefined && !within(schedule.cutOffDay, L.cutOffDay)) errors.push('cutOffDay');
  const due = schedule.due;
  if (due !== undefined) {
    if (due.kind === 'working_days_after_cutoff' || due.kind === 'days_after_cutoff') {
      if (!within(due.days, L.dueDays)) errors.push('due.days');
    } else if (due.kind === 'day_of_month') {
      if (!within(due.day, L.dueDayOfMonth)) errors.push('due.day');
    } else errors.push('due.kind');
  }
  if (schedule.createWorkingDaysBefore !== undefined && !within(schedule.createWorkingDaysBefore, L.createWorkingDaysBefore)) errors.push('createWorkingDaysBefore');
  return errors;
}

function assertSchedule(schedule: ReportingSchedule): void {
  const errors = reportingScheduleErrors(schedule);
  if (errors.length > 0) throw new RangeError(`Invalid reporting schedule: ${errors.join(', ')}`);
}

function assertDate(date: LocalDate): void {
  if (!isLocalDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
}

/** Day `day` of a month, or the month's last day when it has fewer days; `month` may run past 1-12 either way. */
function dayOfMonth(year: number, month: number, day: number): LocalDate {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const last = monthBounds(`${y}-${pad(m)}`).to;
  const candidate = `${y}-${pad(m)}-${pad(day)}`;
  return candidate > last ? last : candidate;
}

const cutOffDayOf = (schedule: ReportingSchedule) => schedule.cutOffDay ?? DECREE_09_CUT_OFF_DAY;

/**
 * The deadline of a report whose data is cut off on `cutOff`, by the schedule's rule (`ReportDueRule`; by default the
 * first working day after the cut-off, art. 8(5)(b) of Decree 09/2019/NĐ-CP).
 */
export function reportDeadline(schedule: ReportingSchedule, cutOff: LocalDate, calendar: WorkingCalendar): LocalDate {
  assertSchedule(schedule);
  assertDate(cutOff);
  const rule = schedule.due ?? DEFAULT_REPORT_DUE;
  switch (rule.kind) {
    case 'working_days_after_cutoff':
      return calendar.addWorkingDays(cutOff, rule.days);
    case 'days_after_cutoff':
      return calendar.onOrAfterWorkingDay(addDays(cutOff, rule.days));
    case 'day_of_month': {
      const y = Number(cutOff.slice(0, 4));
      const m = Number(cutOff.slice(5, 7));
      const inMonth = dayOfMonth(y, m, rule.day);
      return calendar.onOrAfterWorkingDay(inMonth > cutOff ? inMonth : dayOfMonth(y, m + 1, rule.day));
    }
  }
}

/** The day a period's report task is created: `createWorkingDaysBefore` working days before its cut-off. */
export function reportTaskCreationDate(schedule: ReportingSchedule, cutOff: LocalDate, calendar: WorkingCalendar): LocalDate {
  assertSchedule(schedule);
  assertDate(cutOff);
  const n = schedule.createWorkingDaysBefore ?? DEFAULT_CREATE_WORKING_DAYS_BEFORE;
  return n === 0 ? cutOff : calendar.addWorkingDays(cutOff, -n);
}

function calendarShape(schedule: ReportingSchedule): Shape | null {
  assertSchedule(schedule);
  return schedule.periodicity === 'ad_hoc' ? null : SHAPES[schedule.periodicity];
}

function keyAndLabel(periodicity: CalendarReportingPeriodicity, year: number, ordinal: number): { key: string; label: string } {
  switch (periodicity) {
    case 'monthly':
      return { key: `${year}-${pad(ordinal)}`, label: `Tháng ${ordinal}/${year}` };
    case 'quarterly':
      return { key: `${year}-Q${ordinal}`, label: `Quý ${ROMAN[ordinal - 1]}/${year}` };
    case 'half_yearly':
      return { key: `${year}-H${ordinal}`, label: `6 tháng ${ordinal === 1 ? 'đầu' : 'cuối'} năm ${year}` };
    case 'nine_months':
      return { key: `${year}-9M`, label: `9 tháng năm ${year}` };
    case 'yearly':
      return { key: `${year}`, label: `Năm ${year}` };
  }
}

/** Period `index` (0-based among the year's periods) of `year`. */
function build(schedule: ReportingSchedule, shape: Shape, year: number, index: number, calendar: WorkingCalendar): ReportingPeriod {
  const periodicity = schedule.periodicity as CalendarReportingPeriodicity;
  const endMonth = shape.endMonths[index];
  const cutOffDay = cutOffDayOf(schedule);
  const end = dayOfMonth(year, endMonth, cutOffDay);
  const start = addDays(dayOfMonth(year, endMonth - shape.span, cutOffDay), 1);
  return {
    periodicity,
    ...keyAndLabel(periodicity, year, index + 1),
    year,
    start,
    end,
    deadline: reportDeadline(schedule, end, calendar),
    createOn: reportTaskCreationDate(schedule, end, calendar),
  };
}

/**
 * One period by its place in the year: month 1-12, quarter 1-4, half 1-2, and 1 for the 9-month and yearly periods.
 * @throws RangeError for an ad hoc schedule or an ordinal the periodicity does not have.
 */
export function reportingPeriod(schedule: ReportingSchedule, year: number, ordinal: number, calendar: WorkingCalendar): ReportingPeriod {
  const shape = calendarShape(schedule);
  if (!shape) throw new RangeError('An ad hoc obligation has no calendar periods');
  if (!Number.isInteger(year) || year < 1900 || year > 2999 || !Number.isInteger(ordinal) || ordinal < 1 || ordinal > shape.endMonths.length) {
    throw new RangeError(`No ${schedule.periodicity} period ${ordinal} in ${year}`);
  }
  return build(schedule, shape, year, ordinal - 1, calendar);
}

/** Year and index of the first period whose cut-off is on or after `date`. */
function firstEndingOnOrAfter(schedule: ReportingSchedule, shape: Shape, date: LocalDate): { year: number; index: number } {
  assertDate(date);
  const year = Number(date.slice(0, 4));
  const cutOffDay = cutOffDayOf(schedule);
  const index = shape.endMonths.findIndex((m) => dayOfMonth(year, m, cutOffDay) >= date);
  return index >= 0 ? { year, index } : { year: year + 1, index: 0 };
}

/**
 * The period whose data includes `date` (15/06/2020 is in July 2020's monthly period, 15/12/2020 in the year 2021).
 * Null for an ad hoc obligation, and for a day between two 9-month periods (15/09 to 14/12), which no 9-month
 * report covers.
 */
export function reportingPeriodContaining(schedule: ReportingSchedule, date: LocalDate, calendar: WorkingCalendar): ReportingPeriod | null {
  const shape = calendarShape(schedule);
  if (!shape) return null;
  const { year, index } = firstEndingOnOrAfter(schedule, shape, date);
  const period = build(schedule, shape, year, index, calendar);
  return period.start <= date ? period : null;
}

/** Periods in order, from the first whose cut-off is on or after `from`. */
function* periodsFrom(schedule: ReportingSchedule, shape: Shape, from: LocalDate, calendar: WorkingCalendar): Generator<ReportingPeriod> {
  let { year, index } = firstEndingOnOrAfter(schedule, shape, from);
  for (;;) {
    yield build(schedule, shape, year, index, calendar);
    index++;
    if (index === shape.endMonths.length) {
      index = 0;
      year++;
    }
  }
}

/**
 * The next `count` periods whose data is not yet cut off on `from` (cut-off on or after it), in order: the preview
 * of an obligation's next six periods with their deadlines. [] for an ad hoc obligation.
 */
export function nextReportingPeriods(schedule: ReportingSchedule, from: LocalDate, calendar: WorkingCalendar, count = 6): ReportingPeriod[] {
  const shape = calendarShape(schedule);
  return shape ? take(periodsFrom(schedule, shape, from, calendar), count) : [];
}

/**
 * The periods whose report tasks are to exist on `asOf`: every period whose cut-off is on or after `from` (when the
 * obligation, or a unit's membership of it, began) and on or before `until` (when it ended, if it did), and whose
 * creation day has come (`createOn` ≤ `asOf`). In order; a generator creates each once by its `key`, so running it
 * again, late or twice, adds nothing and misses nothing. [] for an ad hoc obligation.
 */
export function reportingPeriodsToCreate(
  schedule: ReportingSchedule,
  window: { from: LocalDate; asOf: LocalDate; until?: LocalDate },
  calendar: WorkingCalendar,
): ReportingPeriod[] {
  const shape = calendarShape(schedule);
  if (!shape) return [];
  assertDate(window.asOf);
  if (window.until !== undefined) assertDate(window.until);
  const out: ReportingPeriod[] = [];
  for (const p of periodsFrom(schedule, shape, window.from, calendar)) {
    if (p.createOn > window.asOf || (window.until !== undefined && p.end > window.until)) break;
    out.push(p);
  }
  return out;
}

const KEY_RE: Record<CalendarReportingPeriodicity, RegExp> = {
  monthly: /^(\d{4})-(\d{2})$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  half_yearly: /^(\d{4})-H([12])$/,
  nine_months: /^(\d{4})-9M()$/,
  yearly: /^(\d{4})()$/,
};

/** The period a key names ('2020-06', '2020-Q2', …), or null when it is not a key of this schedule's periodicity. */
export function reportingPeriodByKey(schedule: ReportingSchedule, key: string, calendar: WorkingCalendar): ReportingPeriod | null {
  const shape = calendarShape(schedule);
  if (!shape) return null;
  const m = KEY_RE[schedule.periodicity as CalendarReportingPeriodicity].exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const ordinal = m[2] === '' ? 1 : Number(m[2]);
  if (year < 1900 || year > 2999 || ordinal < 1 || ordinal > shape.endMonths.length) return null;
  return build(schedule, shape, year, ordinal - 1, calendar);
}

/**
 * An ad hoc report (báo cáo đột xuất, art. 8(5)(c)): its data from `start` to `end` as the request says, the deadline
 * and creation day by the schedule's rules counted from `end`. Its key is '<start>..<end>'.
 */
export function adHocReportingPeriod(schedule: ReportingSchedule, start: LocalDate, end: LocalDate, calendar: WorkingCalendar): ReportingPeriod {
  assertSchedule(schedule);
  assertDate(start);
  assertDate(end);
  if (start > end) throw new RangeError(`An ad hoc period cannot start (${start}) after its cut-off (${end})`);
  return {
    periodicity: 'ad_hoc',
    key: `${start}..${end}`,
    label: `Đột xuất ${formatLocalDate(start)} – ${formatLocalDate(end)}`,
    year: Number(end.slice(0, 4)),
    start,
    end,
    deadline: reportDeadline(schedule, end, calendar),
    createOn: reportTaskCreationDate(schedule, end, calendar),
  };
}
