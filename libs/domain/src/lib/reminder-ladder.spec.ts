import { vietnamPublicHolidays } from './vietnam-holidays';
import { DEFAULT_REMINDER_SETTINGS, firstWorkingDayOfMonth, mondayOf, reminderDueOn } from './reminder-ladder';
import { WorkingCalendar } from './working-calendar';
import { addDays } from './local-time';

const calendar = new WorkingCalendar(vietnamPublicHolidays(2026).map((h) => h.date));
/** Every reminder a task with this deadline gets, day by day, from `from` to `to`. */
const ladder = (deadline: string, from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const r = reminderDueOn(d, deadline, calendar, DEFAULT_REMINDER_SETTINGS);
    if (r) out.push(`${d} ${r.kind}${r.escalation === 'none' ? '' : ' +' + r.escalation}`);
  }
  return out;
};

describe('reminderDueOn: the reminder ladder across weekends and holidays', () => {
  it('a deadline on Friday 27/11/2026: 7, 3, 1 working days before, the day, then every working day overdue', () => {
    expect(ladder('2026-11-27', '2026-11-15', '2026-12-15')).toEqual([
      '2026-11-18 before_7',
      '2026-11-24 before_3',
      '2026-11-26 before_1',
      '2026-11-27 due_today',
      '2026-11-30 overdue_1',
      '2026-12-01 overdue_2',
      '2026-12-02 overdue_3 +unit_head',
      '2026-12-03 overdue_4 +unit_head',
      '2026-12-04 overdue_5 +unit_head',
      '2026-12-07 overdue_6 +unit_head',
      '2026-12-08 overdue_7 +unit_head',
      '2026-12-09 overdue_8 +unit_head',
      '2026-12-10 overdue_9 +unit_head',
      '2026-12-11 overdue_10 +monitor',
      '2026-12-14 overdue_11 +monitor',
      '2026-12-15 overdue_12 +monitor',
    ]);
  });

  it('a deadline on a Sunday: the day’s reminder moves to Friday, which wins over "1 working day before"', () => {
    expect(ladder('2026-11-29', '2026-11-25', '2026-12-01')).toEqual(['2026-11-25 before_3', '2026-11-27 due_today', '2026-11-30 overdue_1', '2026-12-01 overdue_2']);
  });

  it('Tết 2026 (16-20/02) and its weekends are skipped: nothing on days off', () => {
    const days = ladder('2026-02-23', '2026-02-01', '2026-02-24');
    expect(days).toEqual(['2026-02-05 before_7', '2026-02-11 before_3', '2026-02-13 before_1', '2026-02-23 due_today', '2026-02-24 overdue_1']);
  });

  it('a deadline on a holiday (30/04/2026): reminded on the working day before; 27/04 (nghỉ bù) and 1/5 are off', () => {
    expect(ladder('2026-04-30', '2026-04-20', '2026-05-05')).toEqual([
      '2026-04-20 before_7',
      '2026-04-24 before_3',
      '2026-04-29 due_today',
      '2026-05-04 overdue_1',
      '2026-05-05 overdue_2',
    ]);
  });

  it('first working day of a month and the Monday of a week', () => {
    expect(firstWorkingDayOfMonth('2026-11-20', calendar)).toBe('2026-11-02');
    expect(firstWorkingDayOfMonth('2026-02-10', calendar)).toBe('2026-02-02');
    expect(firstWorkingDayOfMonth('2026-05-15', calendar)).toBe('2026-05-04');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
  });
});
