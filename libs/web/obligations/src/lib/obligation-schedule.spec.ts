import { WorkingCalendar } from '@tiendo/domain';
import { dueRule, fieldKey, lastPeriod, previewPeriods } from './obligation-schedule';

const calendar = WorkingCalendar.vietnam([]);

describe('previewPeriods (Decree 09/2019/NĐ-CP art. 12 defaults, on the working calendar)', () => {
  it('monthly by default: the 15th to the 14th, due the next working day, with its weekday', () => {
    const rows = previewPeriods({ periodicity: 'monthly', cutOffDay: null, due: null, startsOn: '2027-01-01' }, '2027-03-20', calendar);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ key: '2027-04', start: '2027-03-15', end: '2027-04-14', deadline: '2027-04-15', weekday: 4 });
    const later = previewPeriods({ periodicity: 'monthly', cutOffDay: null, due: null, startsOn: '2027-01-01' }, '2027-10-20', calendar);
    // 14/11/2027 is a Sunday: the cut-off stays, the due day is the next working day after it (Monday 15th).
    expect(later.find((r) => r.key === '2027-11')).toMatchObject({ end: '2027-11-14', deadline: '2027-11-15', weekday: 1 });
  });

  it('starts from the start day when it is later than today, and stops at the end', () => {
    const rows = previewPeriods({ periodicity: 'quarterly', cutOffDay: null, due: null, startsOn: '2027-05-01', endsOn: '2027-12-31' }, '2027-01-02', calendar);
    expect(rows.map((r) => r.key)).toEqual(['2027-Q2', '2027-Q3', '2027-Q4']);
  });

  it('follows an overridden cut-off and due rule; a due day falling in Tết moves past it', () => {
    const rows = previewPeriods({ periodicity: 'monthly', cutOffDay: 31, due: { kind: 'days_after_cutoff', days: 5 }, startsOn: '2027-01-01' }, '2027-01-01', calendar, 2);
    expect(rows[0]).toMatchObject({ key: '2027-01', end: '2027-01-31' });
    // 31/01 + 5 days = 05/02/2027, inside the Tết days off (Labour Code art. 112): the next working day, 12/02.
    expect(rows[0].deadline).toBe('2027-02-12');
    expect(calendar.isWorkingDay(rows[0].deadline)).toBe(true);
    expect(calendar.isWorkingDay(rows[1].deadline)).toBe(true);
  });

  it('has no periods for an ad hoc obligation', () => {
    expect(previewPeriods({ periodicity: 'ad_hoc', cutOffDay: null, due: null, startsOn: null }, '2027-01-01', calendar)).toEqual([]);
  });
});

describe('lastPeriod (the obligations list, for one that has ended)', () => {
  it('the period with the latest cut-off on or before the end, never before the start; none when not ended or ad hoc', () => {
    const monthly2020 = { periodicity: 'monthly' as const, cutOffDay: null, due: null, startsOn: '2020-01-01', endsOn: '2020-12-31' };
    // 14/12/2020 is the last cut-off; 15/12/2020 a Tuesday.
    expect(lastPeriod(monthly2020, calendar)).toMatchObject({ key: '2020-12', end: '2020-12-14', deadline: '2020-12-15', weekday: 2 });
    expect(lastPeriod({ ...monthly2020, endsOn: '2020-12-13' }, calendar)?.key).toBe('2020-11');
    expect(lastPeriod({ ...monthly2020, periodicity: 'yearly', startsOn: '2018-01-01' }, calendar)?.key).toBe('2020');
    expect(lastPeriod({ ...monthly2020, startsOn: '2020-12-20' }, calendar)).toBeNull();
    expect(lastPeriod({ ...monthly2020, endsOn: null }, calendar)).toBeNull();
    expect(lastPeriod({ ...monthly2020, periodicity: 'ad_hoc' }, calendar)).toBeNull();
  });
});

describe('dueRule and fieldKey', () => {
  it('reads the form: no kind is the decree default', () => {
    expect(dueRule('', 3)).toBeNull();
    expect(dueRule('working_days_after_cutoff', 2)).toEqual({ kind: 'working_days_after_cutoff', days: 2 });
    expect(dueRule('day_of_month', 20)).toEqual({ kind: 'day_of_month', day: 20 });
  });
  it('makes a key the API accepts from a Vietnamese label', () => {
    expect(fieldKey('Số thuê bao di động')).toBe('so_thue_bao_di_dong');
    expect(fieldKey('2G trạm')).toBe('f_2g_tram');
    expect(fieldKey('Đường truyền')).toBe('duong_truyen');
  });
});
