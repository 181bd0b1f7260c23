import { addDays, dayOfWeek } from './local-time';
import {
  adHocReportingPeriod,
  nextReportingPeriods,
  ReportingPeriod,
  reportingPeriod,
  reportingPeriodByKey,
  reportingPeriodContaining,
  reportingPeriodsToCreate,
  ReportingSchedule,
  reportingScheduleErrors,
  reportDeadline,
  reportTaskCreationDate,
} from './reporting-periods';
import { WorkingCalendar } from './working-calendar';

// Vietnam's days off as the law places them (Tết: the eve and lunar days 1-4, compensatory days after weekends):
// Tết 2021 Thu 11/02-Wed 17/02, Tết 2024 Fri 09/02-Thu 15/02, Tết 2025 Tue 28/01-Mon 03/02, Tết 2026 Mon 16/02-Fri 20/02.
const calendar = WorkingCalendar.vietnam();

const monthly: ReportingSchedule = { periodicity: 'monthly' };
const quarterly: ReportingSchedule = { periodicity: 'quarterly' };
const halfYearly: ReportingSchedule = { periodicity: 'half_yearly' };
const nineMonths: ReportingSchedule = { periodicity: 'nine_months' };
const yearly: ReportingSchedule = { periodicity: 'yearly' };

/** The dates of a period, as one comparable line. */
const dates = (p: ReportingPeriod | null) => (p ? `${p.key} ${p.start}..${p.end} due ${p.deadline} create ${p.createOn}` : null);

describe('Decree 09/2019/NĐ-CP art. 12 cut-offs and art. 8(5)(b) deadlines, by default', () => {
  it('monthly: the 15th of the previous month to the 14th; due the first working day after (14/06/2020 is a Sunday)', () => {
    const june = reportingPeriod(monthly, 2020, 6, calendar);
    expect(june).toEqual({
      periodicity: 'monthly',
      key: '2020-06',
      label: 'Tháng 6/2020',
      year: 2020,
      start: '2020-05-15',
      end: '2020-06-14',
      deadline: '2020-06-15',
      createOn: '2020-06-08', // 5 working days before Sunday 14/06: Fri 12, 11, 10, 9, Mon 8
    });
  });

  it('monthly across the year end: December 2020 and January 2021 (which starts on 15/12/2020)', () => {
    expect(dates(reportingPeriod(monthly, 2020, 12, calendar))).toBe('2020-12 2020-11-15..2020-12-14 due 2020-12-15 create 2020-12-07');
    expect(dates(reportingPeriod(monthly, 2021, 1, calendar))).toBe('2021-01 2020-12-15..2021-01-14 due 2021-01-15 create 2021-01-07');
    expect(reportingPeriodContaining(monthly, '2020-12-14', calendar)?.key).toBe('2020-12');
    expect(reportingPeriodContaining(monthly, '2020-12-15', calendar)?.key).toBe('2021-01');
    expect(reportingPeriodContaining(monthly, '2020-12-31', calendar)?.key).toBe('2021-01');
    expect(reportingPeriodContaining(monthly, '2021-01-01', calendar)?.label).toBe('Tháng 1/2021');
  });

  it('quarterly: from the 15th of the month before the quarter to the 14th of its last month; Q1 starts in December', () => {
    expect(dates(reportingPeriod(quarterly, 2021, 1, calendar))).toBe('2021-Q1 2020-12-15..2021-03-14 due 2021-03-15 create 2021-03-08');
    const q2 = reportingPeriod(quarterly, 2020, 2, calendar);
    expect([q2.key, q2.label, q2.start, q2.end, q2.deadline]).toEqual(['2020-Q2', 'Quý II/2020', '2020-03-15', '2020-06-14', '2020-06-15']);
    expect(reportingPeriod(quarterly, 2020, 3, calendar).label).toBe('Quý III/2020');
    const q4 = reportingPeriod(quarterly, 2020, 4, calendar);
    expect([q4.label, q4.start, q4.end, q4.deadline]).toEqual(['Quý IV/2020', '2020-09-15', '2020-12-14', '2020-12-15']);
    expect(reportingPeriodContaining(quarterly, '2020-12-20', calendar)?.key).toBe('2021-Q1');
    expect(reportingPeriodContaining(quarterly, '2020-03-14', calendar)?.key).toBe('2020-Q1');
    expect(reportingPeriodContaining(quarterly, '2020-03-15', calendar)?.key).toBe('2020-Q2');
  });

  it('6-monthly: the first half from 15/12 of the year before to 14/06, the last half from 15/06 to 14/12', () => {
    const h1 = reportingPeriod(halfYearly, 2020, 1, calendar);
    const h2 = reportingPeriod(halfYearly, 2020, 2, calendar);
    expect([h1.key, h1.label, h1.start, h1.end, h1.deadline]).toEqual(['2020-H1', '6 tháng đầu năm 2020', '2019-12-15', '2020-06-14', '2020-06-15']);
    expect([h2.key, h2.label, h2.start, h2.end, h2.deadline]).toEqual(['2020-H2', '6 tháng cuối năm 2020', '2020-06-15', '2020-12-14', '2020-12-15']);
    expect(reportingPeriodContaining(halfYearly, '2020-12-15', calendar)?.key).toBe('2021-H1');
  });

  it('9-monthly (derived, the decree names none): from 15/12 of the year before to 14/09; the days after 14/09 are in none', () => {
    const p = reportingPeriod(nineMonths, 2020, 1, calendar);
    expect([p.key, p.label, p.start, p.end, p.deadline]).toEqual(['2020-9M', '9 tháng năm 2020', '2019-12-15', '2020-09-14', '2020-09-15']);
    expect(reportingPeriodContaining(nineMonths, '2020-09-14', calendar)?.key).toBe('2020-9M');
    expect(reportingPeriodContaining(nineMonths, '2020-10-01', calendar)).toBeNull();
    expect(reportingPeriodContaining(nineMonths, '2020-12-14', calendar)).toBeNull();
    expect(reportingPeriodContaining(nineMonths, '2020-12-15', calendar)?.key).toBe('2021-9M');
    expect(nextReportingPeriods(nineMonths, '2020-10-01', calendar, 2).map((x) => `${x.key} ${x.start}..${x.end}`)).toEqual([
      '2021-9M 2020-12-15..2021-09-14',
      '2022-9M 2021-12-15..2022-09-14',
    ]);
  });

  it('yearly: from 15/12 of the year before to 14/12; the days from 15/12 belong to the next year', () => {
    expect(dates(reportingPeriod(yearly, 2020, 1, calendar))).toBe('2020 2019-12-15..2020-12-14 due 2020-12-15 create 2020-12-07');
    expect(reportingPeriod(yearly, 2020, 1, calendar).label).toBe('Năm 2020');
    expect(dates(reportingPeriodContaining(yearly, '2020-12-15', calendar))).toBe('2021 2020-12-15..2021-12-14 due 2021-12-15 create 2021-12-07');
    expect(reportingPeriodContaining(yearly, '2021-01-01', calendar)?.label).toBe('Năm 2021');
  });

  it('periods follow one another without gap or overlap, and the default deadline is exactly one working day after the cut-off', () => {
    for (const schedule of [monthly, quarterly, halfYearly, yearly]) {
      const periods = nextReportingPeriods(schedule, '2019-01-01', calendar, schedule === monthly ? 100 : 30);
      for (let i = 1; i < periods.length; i++) expect(periods[i].start).toBe(addDays(periods[i - 1].end, 1));
      for (const p of periods) {
        expect(calendar.isWorkingDay(p.deadline)).toBe(true);
        expect(calendar.workingDaysBetween(p.end, p.deadline)).toBe(1);
        expect(p.end.slice(8)).toBe('14');
        expect(reportingPeriodContaining(schedule, p.start, calendar)?.key).toBe(p.key);
        expect(reportingPeriodContaining(schedule, p.end, calendar)?.key).toBe(p.key);
      }
      expect(new Set(periods.map((p) => p.key)).size).toBe(periods.length);
    }
  });
});

describe('deadlines around Tết and weekends', () => {
  it('a cut-off inside Tết: the deadline is the first working day after the holidays', () => {
    // Sunday 14/02/2021, Tết 11-17/02: due Thursday 18/02.
    expect(reportingPeriod(monthly, 2021, 2, calendar).deadline).toBe('2021-02-18');
    // Wednesday 14/02/2024, in Tết 2024 (09-15/02: 14 and 15/02 make up for mùng 1 and 2 on the weekend): due Friday 16/02.
    expect(reportingPeriod(monthly, 2024, 2, calendar).deadline).toBe('2024-02-16');
  });

  it('a cut-off on the Saturday before Tết 2026 (16-20/02): due Monday 23/02, after the weekend, Tết and the next weekend', () => {
    const feb = reportingPeriod(monthly, 2026, 2, calendar);
    expect([feb.end, dayOfWeek(feb.end), feb.deadline, dayOfWeek(feb.deadline)]).toEqual(['2026-02-14', 6, '2026-02-23', 1]);
    expect(feb.createOn).toBe('2026-02-09');
  });

  it('a cut-off on a weekend: due Monday (14/11/2026 and 14/03/2026 are Saturdays)', () => {
    expect(reportingPeriod(monthly, 2026, 11, calendar).deadline).toBe('2026-11-16');
    expect(reportingPeriod(monthly, 2026, 3, calendar).deadline).toBe('2026-03-16');
    expect(reportingPeriod(monthly, 2026, 12, calendar).deadline).toBe('2026-12-15'); // Monday 14/12: Tuesday
  });

  it('the task is created working days before the cut-off, Tết skipped (10 before 14/02/2025 is 24/01)', () => {
    const schedule: ReportingSchedule = { periodicity: 'monthly', createWorkingDaysBefore: 10 };
    // 13, 12, 11, 10, 07, 06, 05, 04 February, then Tết (28/01-03/02), then 27/01 and 24/01.
    expect(reportingPeriod(schedule, 2025, 2, calendar).createOn).toBe('2025-01-24');
    expect(reportTaskCreationDate({ periodicity: 'monthly', createWorkingDaysBefore: 0 }, '2026-02-14', calendar)).toBe('2026-02-14');
  });

  it("the admin's changes to the calendar move deadlines: a day off added on Monday 23/02/2026 makes it Tuesday", () => {
    const changed = WorkingCalendar.vietnam([{ date: '2026-02-23', name: 'Nghỉ thêm', kind: 'day_off' }]);
    expect(reportingPeriod(monthly, 2026, 2, changed).deadline).toBe('2026-02-24');
  });
});

describe("an obligation's own cut-off and deadline", () => {
  it('its own cut-off day: the 20th; the 31st is every month’s last day (29/02/2024), the period starting after the last', () => {
    const q = reportingPeriod({ periodicity: 'quarterly', cutOffDay: 20 }, 2025, 1, calendar);
    expect([q.start, q.end, q.deadline]).toEqual(['2024-12-21', '2025-03-20', '2025-03-21']);
    const endOfMonth: ReportingSchedule = { periodicity: 'monthly', cutOffDay: 31 };
    expect(dates(reportingPeriod(endOfMonth, 2024, 2, calendar))).toBe('2024-02 2024-02-01..2024-02-29 due 2024-03-01 create 2024-02-22');
    expect(dates(reportingPeriod(endOfMonth, 2024, 3, calendar))).toBe('2024-03 2024-03-01..2024-03-31 due 2024-04-01 create 2024-03-25');
    expect(reportingPeriod(endOfMonth, 2023, 2, calendar).end).toBe('2023-02-28');
    // A calendar year: due after New Year's Day (Friday 01/01/2021) and the weekend.
    expect(dates(reportingPeriod({ periodicity: 'yearly', cutOffDay: 31 }, 2020, 1, calendar))).toBe('2020 2020-01-01..2020-12-31 due 2021-01-04 create 2020-12-24');
  });

  it('working days after the cut-off: 3 after Saturday 14/02/2026 is Wednesday 25/02', () => {
    const schedule: ReportingSchedule = { periodicity: 'monthly', due: { kind: 'working_days_after_cutoff', days: 3 } };
    expect(reportingPeriod(schedule, 2026, 2, calendar).deadline).toBe('2026-02-25');
  });

  it('calendar days after the cut-off, moved to the next working day when they end on a day off', () => {
    const schedule: ReportingSchedule = { periodicity: 'monthly', due: { kind: 'days_after_cutoff', days: 3 } };
    expect(reportingPeriod(schedule, 2026, 2, calendar).deadline).toBe('2026-02-23'); // 17/02 is in Tết
    expect(reportingPeriod(schedule, 2026, 4, calendar).deadline).toBe('2026-04-17'); // Tuesday 14/04 + 3: Friday
    expect(reportingPeriod(schedule, 2026, 10, calendar).deadline).toBe('2026-10-19'); // Wed 14/10 + 3: Saturday → Monday
  });

  it('a day of the month: the first such day after the cut-off, moved off days off', () => {
    const on20: ReportingSchedule = { periodicity: 'monthly', due: { kind: 'day_of_month', day: 20 } };
    expect(reportingPeriod(on20, 2020, 6, calendar).deadline).toBe('2020-06-22'); // Saturday 20/06 → Monday
    expect(reportingPeriod(on20, 2020, 7, calendar).deadline).toBe('2020-07-20');
    const on5: ReportingSchedule = { periodicity: 'monthly', due: { kind: 'day_of_month', day: 5 } };
    expect(reportingPeriod(on5, 2020, 6, calendar).deadline).toBe('2020-07-06'); // Sunday 05/07 → Monday
    expect(reportingPeriod(on5, 2020, 12, calendar).deadline).toBe('2021-01-05'); // across the year end
    // The 30th after 14/01/2025 is in Tết 2025 (28/01-03/02): Tuesday 04/02.
    const on30: ReportingSchedule = { periodicity: 'monthly', due: { kind: 'day_of_month', day: 30 } };
    expect(reportingPeriod(on30, 2025, 1, calendar).deadline).toBe('2025-02-04');
    // The 30th after 14/02/2025 is February's last day, 28/02 (a Friday).
    expect(reportingPeriod(on30, 2025, 2, calendar).deadline).toBe('2025-02-28');
    // The Government's own deadline style (art. 13: by the 25th of the period's last month) for a yearly report.
    expect(reportingPeriod({ periodicity: 'yearly', due: { kind: 'day_of_month', day: 25 } }, 2021, 1, calendar).deadline).toBe('2021-12-27');
  });

  it('reportDeadline counts from any cut-off', () => {
    expect(reportDeadline(monthly, '2021-02-14', calendar)).toBe('2021-02-18');
    expect(reportDeadline({ periodicity: 'ad_hoc', due: { kind: 'working_days_after_cutoff', days: 2 } }, '2024-02-08', calendar)).toBe('2024-02-19'); // 16/02, then Monday 19/02
  });
});

describe('the preview, the generator and keys', () => {
  it("the preview of the next six periods: keys, labels, deadlines and their weekdays", () => {
    const rows = nextReportingPeriods(monthly, '2026-01-10', calendar).map((p) => [p.label, p.end, p.deadline, dayOfWeek(p.deadline)]);
    expect(rows).toEqual([
      ['Tháng 1/2026', '2026-01-14', '2026-01-15', 4],
      ['Tháng 2/2026', '2026-02-14', '2026-02-23', 1],
      ['Tháng 3/2026', '2026-03-14', '2026-03-16', 1],
      ['Tháng 4/2026', '2026-04-14', '2026-04-15', 3],
      ['Tháng 5/2026', '2026-05-14', '2026-05-15', 5],
      ['Tháng 6/2026', '2026-06-14', '2026-06-15', 1],
    ]);
    // A period whose cut-off is the day itself is still to come; the next day it is not.
    expect(nextReportingPeriods(monthly, '2026-01-14', calendar, 1)[0].key).toBe('2026-01');
    expect(nextReportingPeriods(monthly, '2026-01-15', calendar, 1)[0].key).toBe('2026-02');
    expect(nextReportingPeriods(quarterly, '2026-11-30', calendar).map((p) => `${p.label} ${p.deadline}`)).toEqual([
      'Quý IV/2026 2026-12-15',
      'Quý I/2027 2027-03-15',
      'Quý II/2027 2027-06-15',
      'Quý III/2027 2027-09-15',
      'Quý IV/2027 2027-12-15',
      'Quý I/2028 2028-03-15',
    ]);
    expect(nextReportingPeriods(halfYearly, '2020-06-15', calendar, 3).map((p) => p.key)).toEqual(['2020-H2', '2021-H1', '2021-H2']);
    expect(nextReportingPeriods(yearly, '2020-12-15', calendar, 2).map((p) => p.key)).toEqual(['2021', '2022']);
  });

  it('the periods to create: from the day a unit joins, those whose creation day has come, the same on every run', () => {
    const keys = (asOf: string, until?: string) => reportingPeriodsToCreate(monthly, { from: '2020-06-20', asOf, until }, calendar).map((p) => p.key);
    // June's data was cut off before the unit joined; July's task exists from 07/07, August's from 07/08, September's from 07/09.
    expect(keys('2020-07-06')).toEqual([]);
    expect(keys('2020-07-07')).toEqual(['2020-07']);
    expect(keys('2020-08-06')).toEqual(['2020-07']);
    expect(keys('2020-08-07')).toEqual(['2020-07', '2020-08']);
    expect(keys('2020-08-10')).toEqual(keys('2020-08-10'));
    expect(keys('2020-12-31')).toEqual(['2020-07', '2020-08', '2020-09', '2020-10', '2020-11', '2020-12']); // January 2021's from 07/01
    // An obligation ended on 31/07/2020: nothing after July.
    expect(keys('2020-12-31', '2020-07-31')).toEqual(['2020-07']);
  });

  it('a key names its period again; a key of another periodicity names none', () => {
    expect(reportingPeriodByKey(quarterly, '2020-Q2', calendar)).toEqual(reportingPeriod(quarterly, 2020, 2, calendar));
    expect(reportingPeriodByKey(monthly, '2021-01', calendar)?.start).toBe('2020-12-15');
    expect(reportingPeriodByKey(halfYearly, '2020-H2', calendar)?.label).toBe('6 tháng cuối năm 2020');
    expect(reportingPeriodByKey(nineMonths, '2020-9M', calendar)?.end).toBe('2020-09-14');
    expect(reportingPeriodByKey(yearly, '2020', calendar)?.start).toBe('2019-12-15');
    expect(reportingPeriodByKey(quarterly, '2020-06', calendar)).toBeNull();
    expect(reportingPeriodByKey(monthly, '2020-13', calendar)).toBeNull();
    expect(reportingPeriodByKey(monthly, '2020-00', calendar)).toBeNull();
    expect(reportingPeriodByKey(yearly, '2020-Q1', calendar)).toBeNull();
  });
});

describe('ad hoc reports and bad schedules', () => {
  const adHoc: ReportingSchedule = { periodicity: 'ad_hoc' };

  it('an ad hoc obligation has no calendar periods; each request gives its own', () => {
    expect(reportingPeriodContaining(adHoc, '2026-02-01', calendar)).toBeNull();
    expect(nextReportingPeriods(adHoc, '2026-02-01', calendar)).toEqual([]);
    expect(reportingPeriodsToCreate(adHoc, { from: '2026-01-01', asOf: '2026-12-31' }, calendar)).toEqual([]);
    expect(reportingPeriodByKey(adHoc, '2026-02', calendar)).toBeNull();
    expect(() => reportingPeriod(adHoc, 2026, 1, calendar)).toThrow(RangeError);
    expect(adHocReportingPeriod(adHoc, '2026-02-01', '2026-02-14', calendar)).toEqual({
      periodicity: 'ad_hoc',
      key: '2026-02-01..2026-02-14',
      label: 'Đột xuất 01/02/2026 – 14/02/2026',
      year: 2026,
      start: '2026-02-01',
      end: '2026-02-14',
      deadline: '2026-02-23',
      createOn: '2026-02-09',
    });
    expect(() => adHocReportingPeriod(adHoc, '2026-02-15', '2026-02-14', calendar)).toThrow(RangeError);
  });

  it('numbers out of bounds are named by field, and refused by every function', () => {
    expect(reportingScheduleErrors(monthly)).toEqual([]);
    expect(reportingScheduleErrors({ periodicity: 'monthly', cutOffDay: 31, due: { kind: 'day_of_month', day: 31 }, createWorkingDaysBefore: 60 })).toEqual([]);
    expect(
      reportingScheduleErrors({ periodicity: 'monthly', cutOffDay: 0, due: { kind: 'working_days_after_cutoff', days: 0 }, createWorkingDaysBefore: -1 }),
    ).toEqual(['cutOffDay', 'due.days', 'createWorkingDaysBefore']);
    expect(reportingScheduleErrors({ periodicity: 'weekly' as never, cutOffDay: 14.5, due: { kind: 'day_of_month', day: 32 } })).toEqual([
      'periodicity',
      'cutOffDay',
      'due.day',
    ]);
    expect(reportingScheduleErrors({ periodicity: 'monthly', due: { kind: 'days_after_cutoff', days: 91 } })).toEqual(['due.days']);
    expect(() => reportingPeriod({ periodicity: 'monthly', cutOffDay: 32 }, 2026, 1, calendar)).toThrow(RangeError);
    expect(() => nextReportingPeriods({ periodicity: 'monthly', cutOffDay: 0 }, '2026-01-01', calendar)).toThrow(RangeError);
    expect(() => reportingPeriod(monthly, 2026, 13, calendar)).toThrow(RangeError);
    expect(() => reportingPeriod(quarterly, 2026, 5, calendar)).toThrow(RangeError);
    expect(() => reportingPeriodContaining(monthly, '2026-02-30', calendar)).toThrow(RangeError);
  });
});
